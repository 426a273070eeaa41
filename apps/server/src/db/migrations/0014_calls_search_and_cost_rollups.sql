CREATE TABLE "call_cost_rollups" (
	"org_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"phone_number_id" text NOT NULL,
	"calls" integer NOT NULL,
	"cost" numeric NOT NULL,
	CONSTRAINT "call_cost_rollups_org_id_day_phone_number_id_pk" PRIMARY KEY("org_id","day","phone_number_id")
);
--> statement-breakpoint
ALTER TABLE "call_cost_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "calls_caller_number_trgm_idx" ON "calls" USING gin ("caller_number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "calls_caller_name_trgm_idx" ON "calls" USING gin ("caller_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "calls_summary_trgm_idx" ON "calls" USING gin ("summary" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "calls_transcript_trgm_idx" ON "calls" USING gin ("transcript" gin_trgm_ops);--> statement-breakpoint
CREATE POLICY "call_cost_rollups_tenant_isolation" ON "call_cost_rollups" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));