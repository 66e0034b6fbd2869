ALTER TABLE "article_organizations" ADD COLUMN "name_key" text;--> statement-breakpoint
ALTER TABLE "article_organizations" ADD COLUMN "abbreviates" text;--> statement-breakpoint
ALTER TABLE "article_organizations" ADD COLUMN "expands" text;--> statement-breakpoint
-- Links stored before this migration are each on the row of their own key; their acronym forms are
-- worked out as src/ingest/write/organizations.ts acronymForms does (acronymKey: ASCII letters and
-- digits, lower case).
UPDATE "article_organizations" ao SET "name_key" = o."key",
  "abbreviates" = CASE WHEN strpos(o."key", ' ') = 0 AND ao."name" ~ '^[A-Z][A-Z0-9.&]+$'
      AND length(lower(regexp_replace(o."key", '[^A-Za-z0-9]', '', 'g'))) >= 2
      AND lower(regexp_replace(ao."name", '[^A-Za-z0-9]', '', 'g')) = lower(regexp_replace(o."key", '[^A-Za-z0-9]', '', 'g'))
    THEN lower(regexp_replace(o."key", '[^A-Za-z0-9]', '', 'g')) END
  FROM "organizations" o WHERE o."id" = ao."organization_id";--> statement-breakpoint
UPDATE "article_organizations" SET "expands" = lower(regexp_replace("acronym", '[^A-Za-z0-9]', '', 'g'))
  WHERE "abbreviates" IS NULL AND "acronym" IS NOT NULL
    AND length(lower(regexp_replace("acronym", '[^A-Za-z0-9]', '', 'g'))) >= 2
    AND lower(regexp_replace("acronym", '[^A-Za-z0-9]', '', 'g')) <> lower(regexp_replace("name_key", '[^A-Za-z0-9]', '', 'g'));--> statement-breakpoint
ALTER TABLE "article_organizations" ALTER COLUMN "name_key" SET NOT NULL;--> statement-breakpoint
-- An article that names an organisation by an acronym alone was linked to the acronym's own row;
-- the loader now links it to the acronym's full name where one is stored. Such articles count as
-- read by an earlier extractor, so that loading them again (the same files) links them anew.
UPDATE "articles" SET "extractor_version" = 0
  WHERE "id" IN (SELECT "article_id" FROM "article_organizations" WHERE "abbreviates" IS NOT NULL);--> statement-breakpoint
CREATE INDEX "article_organizations_expands_idx" ON "article_organizations" ("expands","name_key") WHERE "expands" is not null;--> statement-breakpoint
CREATE INDEX "article_organizations_abbreviates_idx" ON "article_organizations" ("abbreviates") WHERE "abbreviates" is not null;
