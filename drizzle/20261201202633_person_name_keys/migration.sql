ALTER TABLE "article_persons" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "article_persons" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "article_persons" ADD COLUMN "affiliation_country_code" varchar(2);--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "affiliation_at" timestamp with time zone;--> statement-breakpoint
-- Links stored before this migration knew only their person: they take its key, name and country,
-- and every article is marked as read by an older extractor, so that the next load of its file
-- reads it again and writes exactly what this version writes.
UPDATE "article_persons" SET "name_key" = p."key", "name" = p."name", "affiliation_country_code" = p."affiliation_country_code"
  FROM "persons" p WHERE p."id" = "article_persons"."person_id";--> statement-breakpoint
UPDATE "persons" SET "affiliation_at" = "title_at" WHERE "affiliation_country_code" IS NOT NULL;--> statement-breakpoint
UPDATE "articles" SET "extractor_version" = 0;--> statement-breakpoint
ALTER TABLE "article_persons" ALTER COLUMN "name_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "article_persons" ALTER COLUMN "name" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "article_persons_lone_name_idx" ON "article_persons" ("name_key","person_id") WHERE strpos("name_key", ' ') = 0;
