CREATE TABLE "bulk_sends" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"body" text NOT NULL,
	"template_id" text,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"shifted_by_quiet_hours" boolean DEFAULT false NOT NULL,
	"phone_number_id" text,
	"total" integer DEFAULT 0 NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulk_sends" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"phone_number_id" text,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_preview" text DEFAULT '' NOT NULL,
	"last_direction" text,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "messaging_settings" (
	"org_id" text PRIMARY KEY NOT NULL,
	"quiet_hours_enabled" boolean DEFAULT true NOT NULL,
	"quiet_start" text DEFAULT '21:00' NOT NULL,
	"quiet_end" text DEFAULT '08:00' NOT NULL,
	"help_text" text,
	"ai_tone" text DEFAULT 'friendly' NOT NULL,
	"ai_context" text,
	"ai_hours" jsonb,
	"ai_max_per_hour" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messaging_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sender_pacing" (
	"org_id" text NOT NULL,
	"phone_number_id" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sender_pacing_org_id_phone_number_id_pk" PRIMARY KEY("org_id","phone_number_id")
);
--> statement-breakpoint
ALTER TABLE "sender_pacing" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"cursor" text,
	"pages" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sync_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "templates" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"body" text NOT NULL,
	"category" text,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "twilio_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"twilio_sid" text NOT NULL,
	"contact_id" text,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"duration_seconds" integer,
	"price" numeric(12, 5),
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "twilio_calls" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "price" SET DATA TYPE numeric(12, 5) USING abs(nullif("price", '')::numeric);--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "sms_rate" numeric(6, 2);--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "conversation_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "media_urls" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "encoding" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "source" text DEFAULT 'inbox' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "bulk_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulk_sends" ADD CONSTRAINT "bulk_sends_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD CONSTRAINT "messaging_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_pacing" ADD CONSTRAINT "sender_pacing_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_calls" ADD CONSTRAINT "twilio_calls_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_sends_org_idx" ON "bulk_sends" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_org_contact_uq" ON "conversations" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "conversations_org_last_idx" ON "conversations" USING btree ("org_id","last_message_at");--> statement-breakpoint
CREATE INDEX "sync_runs_org_idx" ON "sync_runs" USING btree ("org_id","kind","started_at");--> statement-breakpoint
CREATE INDEX "templates_org_idx" ON "templates" USING btree ("org_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "twilio_calls_org_sid_uq" ON "twilio_calls" USING btree ("org_id","twilio_sid");--> statement-breakpoint
CREATE INDEX "twilio_calls_org_started_idx" ON "twilio_calls" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_org_idempotency_uq" ON "messages" USING btree ("org_id","idempotency_key") WHERE idempotency_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_org_created_idx" ON "messages" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("send_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "messages_bulk_idx" ON "messages" USING btree ("bulk_id") WHERE bulk_id IS NOT NULL;--> statement-breakpoint
CREATE POLICY "bulk_sends_tenant_isolation" ON "bulk_sends" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "conversations_tenant_isolation" ON "conversations" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "messaging_settings_tenant_isolation" ON "messaging_settings" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "sender_pacing_tenant_isolation" ON "sender_pacing" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "sync_runs_tenant_isolation" ON "sync_runs" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "templates_tenant_isolation" ON "templates" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));--> statement-breakpoint
CREATE POLICY "twilio_calls_tenant_isolation" ON "twilio_calls" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));