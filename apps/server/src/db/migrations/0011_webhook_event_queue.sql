DROP INDEX "webhook_events_unprocessed_idx";--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "available_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("available_at") WHERE processed_at IS NULL;