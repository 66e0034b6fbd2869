CREATE TABLE "article_persons" (
	"article_id" integer,
	"person_id" integer,
	"mention_count" integer NOT NULL,
	"mentions" jsonb NOT NULL,
	"title" text,
	CONSTRAINT "article_persons_pkey" PRIMARY KEY("article_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "article_places" (
	"article_id" integer,
	"place_id" integer,
	"mention_count" integer NOT NULL,
	"mentions" jsonb NOT NULL,
	CONSTRAINT "article_places_pkey" PRIMARY KEY("article_id","place_id")
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source_key" text NOT NULL UNIQUE,
	"content_hash" text NOT NULL UNIQUE,
	"source_file" text NOT NULL,
	"source" text,
	"distributor" text,
	"headline" text NOT NULL,
	"date_line" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"language" varchar(8) NOT NULL,
	"body" text NOT NULL,
	"paragraphs" text[] NOT NULL,
	"word_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "persons_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"title" text,
	"affiliation_country_code" varchar(2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "places_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"gazetteer_id" text NOT NULL UNIQUE,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"country_code" varchar(2) NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quotes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"paragraph_index" integer NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"text" text NOT NULL,
	"speaker_id" integer,
	"speaker_label" text,
	"verb" text,
	CONSTRAINT "quotes_article_start_unique" UNIQUE("article_id","start_offset")
);
--> statement-breakpoint
CREATE INDEX "article_persons_person_idx" ON "article_persons" ("person_id");--> statement-breakpoint
CREATE INDEX "article_places_place_idx" ON "article_places" ("place_id");--> statement-breakpoint
CREATE INDEX "articles_published_at_idx" ON "articles" ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "quotes_speaker_idx" ON "quotes" ("speaker_id");--> statement-breakpoint
ALTER TABLE "article_persons" ADD CONSTRAINT "article_persons_article_id_articles_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "article_persons" ADD CONSTRAINT "article_persons_person_id_persons_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "article_places" ADD CONSTRAINT "article_places_article_id_articles_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "article_places" ADD CONSTRAINT "article_places_place_id_places_id_fkey" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_article_id_articles_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_speaker_id_persons_id_fkey" FOREIGN KEY ("speaker_id") REFERENCES "persons"("id") ON DELETE SET NULL;