ALTER TABLE "places" ALTER COLUMN "latitude" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "places" ALTER COLUMN "longitude" DROP NOT NULL;