CREATE TABLE "article_organizations" (
	"article_id" integer,
	"organization_id" integer,
	"mention_count" integer NOT NULL,
	"mentions" jsonb NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" text NOT NULL,
	"country_code" varchar(2),
	CONSTRAINT "article_organizations_pkey" PRIMARY KEY("article_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"acronym" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"kind" text NOT NULL,
	"country_code" varchar(2),
	"article_count" integer DEFAULT 0 NOT NULL,
	"mention_count" integer DEFAULT 0 NOT NULL,
	"quote_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_persons" ADD COLUMN "organization_id" integer;--> statement-breakpoint
ALTER TABLE "article_persons" ADD COLUMN "organization_role" text;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "speaker_organization_id" integer;--> statement-breakpoint
CREATE INDEX "article_organizations_organization_idx" ON "article_organizations" ("organization_id");--> statement-breakpoint
CREATE INDEX "article_persons_organization_idx" ON "article_persons" ("organization_id","person_id") WHERE "organization_id" is not null;--> statement-breakpoint
CREATE INDEX "organizations_mention_count_idx" ON "organizations" ("mention_count" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "organizations_kind_idx" ON "organizations" ("kind");--> statement-breakpoint
CREATE INDEX "organizations_country_code_idx" ON "organizations" ("country_code");--> statement-breakpoint
CREATE INDEX "organizations_name_trgm_idx" ON "organizations" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organizations_acronym_idx" ON "organizations" (lower("acronym"));--> statement-breakpoint
CREATE INDEX "quotes_speaker_organization_idx" ON "quotes" ("speaker_organization_id","published_at" DESC,"article_id" DESC,"start_offset") WHERE "speaker_organization_id" is not null;--> statement-breakpoint
ALTER TABLE "article_organizations" ADD CONSTRAINT "article_organizations_article_id_articles_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "article_organizations" ADD CONSTRAINT "article_organizations_organization_id_organizations_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "article_persons" ADD CONSTRAINT "article_persons_organization_id_organizations_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_speaker_organization_id_organizations_id_fkey" FOREIGN KEY ("speaker_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL;