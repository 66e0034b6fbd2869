DROP INDEX "articles_published_at_idx";--> statement-breakpoint
CREATE INDEX "articles_published_at_idx" ON "articles" ("published_at" DESC,"id" DESC);--> statement-breakpoint
DROP INDEX "persons_mention_count_idx";--> statement-breakpoint
CREATE INDEX "persons_mention_count_idx" ON "persons" ("mention_count" DESC,"id" DESC);--> statement-breakpoint
DROP INDEX "persons_quote_count_idx";--> statement-breakpoint
CREATE INDEX "persons_quote_count_idx" ON "persons" ("quote_count" DESC,"id" DESC);--> statement-breakpoint
DROP INDEX "places_mention_count_idx";--> statement-breakpoint
CREATE INDEX "places_mention_count_idx" ON "places" ("mention_count" DESC,"id" DESC);--> statement-breakpoint
DROP INDEX "quotes_speaker_idx";--> statement-breakpoint
CREATE INDEX "quotes_speaker_idx" ON "quotes" ("speaker_id","published_at" DESC,"article_id" DESC,"start_offset");--> statement-breakpoint
DROP INDEX "quotes_published_at_idx";--> statement-breakpoint
CREATE INDEX "quotes_published_at_idx" ON "quotes" ("published_at" DESC,"id" DESC);