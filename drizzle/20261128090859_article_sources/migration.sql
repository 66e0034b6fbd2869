CREATE TABLE "article_sources" (
	"source_key" text PRIMARY KEY,
	"article_id" integer NOT NULL,
	"source_file" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Edited after generation, before it was ever applied: the file names stored so far move to the
-- new table before their column goes, and surnames are filled in for the people stored so far.
INSERT INTO "article_sources" ("source_key", "article_id", "source_file")
  SELECT "source_key", "id", "source_file" FROM "articles";--> statement-breakpoint
ALTER TABLE "articles" DROP CONSTRAINT "articles_source_key_key";--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "surname" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "persons" SET "surname" = coalesce(substring("key" from '([^ ]+)$'), '');--> statement-breakpoint
ALTER TABLE "articles" DROP COLUMN "source_key";--> statement-breakpoint
CREATE INDEX "article_sources_article_idx" ON "article_sources" ("article_id");--> statement-breakpoint
CREATE INDEX "persons_surname_idx" ON "persons" ("surname");--> statement-breakpoint
ALTER TABLE "article_sources" ADD CONSTRAINT "article_sources_article_id_articles_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE;