ALTER TABLE "persons" ADD COLUMN "title_at" timestamp with time zone;--> statement-breakpoint
-- Edited after generation, before it was ever applied: the date of each stored title.
UPDATE "persons" SET "title_at" = (
  SELECT a."published_at" FROM "article_persons" ap JOIN "articles" a ON a."id" = ap."article_id"
  WHERE ap."person_id" = "persons"."id" AND ap."title" IS NOT NULL ORDER BY a."published_at" DESC, a."id" DESC LIMIT 1);
