CREATE TABLE "phone_numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"e164" text NOT NULL,
	"source" text NOT NULL,
	"twilio_sid" text,
	"vapi_phone_number_id" text,
	"label" text,
	"country" text,
	"locality" text,
	"region" text,
	"capabilities" jsonb NOT NULL,
	"monthly_price" text,
	"sms_url" text,
	"voice_url" text,
	"status_callback" text,
	"rotation" boolean DEFAULT false NOT NULL,
	"ai_replies" boolean DEFAULT false NOT NULL,
	"business_hours" jsonb,
	"fallback_number" text,
	"voicemail" boolean DEFAULT true NOT NULL,
	"assistant_id" text,
	"import_status" text DEFAULT 'none' NOT NULL,
	"import_issue" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phone_numbers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "provider_credentials" ADD COLUMN "last_sync_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_credentials" ADD COLUMN "last_sync_result" jsonb;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_e164_uq" ON "phone_numbers" USING btree ("e164");--> statement-breakpoint
CREATE INDEX "phone_numbers_org_idx" ON "phone_numbers" USING btree ("org_id");--> statement-breakpoint
CREATE POLICY "phone_numbers_tenant_isolation" ON "phone_numbers" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));