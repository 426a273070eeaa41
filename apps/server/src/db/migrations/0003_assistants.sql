CREATE TABLE "assistants" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"first_message" text NOT NULL,
	"system_prompt" text NOT NULL,
	"voice" jsonb NOT NULL,
	"language" text NOT NULL,
	"tone" text NOT NULL,
	"industry" text NOT NULL,
	"vapi_assistant_id" text,
	"sync_issue" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistants_org_idx" ON "assistants" USING btree ("org_id");--> statement-breakpoint
CREATE POLICY "assistants_tenant_isolation" ON "assistants" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));