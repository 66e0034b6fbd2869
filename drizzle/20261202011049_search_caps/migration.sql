ALTER TABLE "articles" DROP COLUMN "search_vector";--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(left("articles"."headline", 2000), '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(left("articles"."body", 300000), '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "quotes" DROP COLUMN "search_vector";--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(left("quotes"."text", 300000), '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(left("quotes"."speaker_label", 2000), '')), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "articles_search_idx" ON "articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "quotes_search_idx" ON "quotes" USING gin ("search_vector");