CREATE TABLE "call_rollups" (
	"org_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"calls" integer NOT NULL,
	"answered" integer NOT NULL,
	"evaluated" integer NOT NULL,
	"successful" integer NOT NULL,
	CONSTRAINT "call_rollups_org_id_at_pk" PRIMARY KEY("org_id","at")
);
--> statement-breakpoint
ALTER TABLE "call_rollups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "call_rollups_tenant_isolation" ON "call_rollups" AS PERMISSIVE FOR ALL TO "ava_app" USING (org_id = current_setting('app.org_id', true)) WITH CHECK (org_id = current_setting('app.org_id', true));