ALTER TABLE "articles" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("articles"."headline", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("articles"."body", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "article_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "mention_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "quote_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "places" ADD COLUMN "article_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "places" ADD COLUMN "mention_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Edited after generation, before it was ever applied: a database loaded under the first
-- migration has quotes, so the column is filled from their articles before it becomes NOT NULL.
ALTER TABLE "quotes" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
UPDATE "quotes" SET "published_at" = "articles"."published_at" FROM "articles" WHERE "articles"."id" = "quotes"."article_id";--> statement-breakpoint
ALTER TABLE "quotes" ALTER COLUMN "published_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("quotes"."text", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("quotes"."speaker_label", '')), 'B')) STORED;--> statement-breakpoint
DROP INDEX "quotes_speaker_idx";--> statement-breakpoint
CREATE INDEX "quotes_speaker_idx" ON "quotes" ("speaker_id","published_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "articles_source_idx" ON "articles" ("source");--> statement-breakpoint
CREATE INDEX "articles_search_idx" ON "articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "persons_mention_count_idx" ON "persons" ("mention_count" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "persons_quote_count_idx" ON "persons" ("quote_count" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "persons_affiliation_idx" ON "persons" ("affiliation_country_code");--> statement-breakpoint
CREATE INDEX "persons_name_trgm_idx" ON "persons" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "places_country_code_idx" ON "places" ("country_code");--> statement-breakpoint
CREATE INDEX "places_mention_count_idx" ON "places" ("mention_count" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quotes_published_at_idx" ON "quotes" ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quotes_search_idx" ON "quotes" USING gin ("search_vector");--> statement-breakpoint
-- The counters start from what earlier loads stored; the loader keeps them from here on.
UPDATE "persons" SET
  "article_count" = (SELECT count(*) FROM "article_persons" ap WHERE ap."person_id" = "persons"."id"),
  "mention_count" = (SELECT coalesce(sum(ap."mention_count"), 0) FROM "article_persons" ap WHERE ap."person_id" = "persons"."id"),
  "quote_count" = (SELECT count(*) FROM "quotes" q WHERE q."speaker_id" = "persons"."id");--> statement-breakpoint
UPDATE "places" SET
  "article_count" = (SELECT count(*) FROM "article_places" ap WHERE ap."place_id" = "places"."id"),
  "mention_count" = (SELECT coalesce(sum(ap."mention_count"), 0) FROM "article_places" ap WHERE ap."place_id" = "places"."id");
