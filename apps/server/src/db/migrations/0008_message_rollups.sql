CREATE TABLE "message_quarter_rollups" (
	"org_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"sent" integer NOT NULL,
	"received" integer NOT NULL,
	CONSTRAINT "message_quarter_rollups_org_id_at_pk" PRIMARY KEY("org_id","at")
);
--> statement-breakpoint
ALTER TABLE "message_quarter_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "message_rollups" (
	"org_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"phone_number_id" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"country" text NOT NULL,
	"messages" integer NOT NULL,
	"segments" integer NOT NULL,
	"price" numeric(16, 5) NOT NULL,
	"unpriced_segments" integer NOT NULL,
	"ai_messages" integer NOT NULL,
	CONSTRAINT "message_rollups_org_id_day_phone_number_id_direction_status_country_pk" PRIMARY KEY("org_id","day","phone_number_id","direction","status","country")
);
--> statement-breakpoint
ALTER TABLE "message_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "message_wait_rollups" (
	"org_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"answered_day" timestamp with time zone NOT NULL,
	"bucket" smallint NOT NULL,
	"waits" integer NOT NULL,
	"micros" bigint NOT NULL,
	CONSTRAINT "message_wait_rollups_org_id_day_answered_day_bucket_pk" PRIMARY KEY("org_id","day","answered_day","bucket")
);
--> statement-breakpoint
ALTER TABLE "message_wait_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "message_waits" (
	"message_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"seconds" double precision,
	"bucket" smallint
);
--> statement-breakpoint
ALTER TABLE "message_waits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "message_waits_contact_idx" ON "message_waits" USING btree ("org_id","contact_id","started_at");--> statement-breakpoint
CREATE INDEX "message_waits_started_idx" ON "message_waits" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "message_waits_answered_idx" ON "message_waits" USING btree ("org_id","answered_at");--> statement-breakpoint
CREATE INDEX "message_waits_bucket_idx" ON "message_waits" USING btree ("org_id","bucket","started_at","answered_at","seconds");--> statement-breakpoint
CREATE POLICY "message_quarter_rollups_tenant_isolation" ON "message_quarter_rollups" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "message_rollups_tenant_isolation" ON "message_rollups" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "message_wait_rollups_tenant_isolation" ON "message_wait_rollups" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "message_waits_tenant_isolation" ON "message_waits" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));