ALTER TABLE "places" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Places loaded before this migration get the forms their articles wrote them in, as the loader now keeps them.
UPDATE "places" p SET "aliases" = array(
  SELECT DISTINCT m->>'text' COLLATE "C" FROM "article_places" ap, jsonb_array_elements(ap."mentions") m
  WHERE ap."place_id" = p."id" AND m->>'text' <> p."name" ORDER BY 1);
