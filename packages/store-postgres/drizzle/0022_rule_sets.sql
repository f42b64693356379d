CREATE TABLE "rule_set_resolutions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"resolution" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"updated_by" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"version" text NOT NULL,
	"record_id" uuid NOT NULL,
	"effective_from" date,
	"effective_to" date,
	"definition" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	CONSTRAINT "rule_sets_tenant_id_id_version_pk" PRIMARY KEY("tenant_id","id","version"),
	CONSTRAINT "rule_sets_record" UNIQUE("tenant_id","record_id")
);
--> statement-breakpoint
ALTER TABLE "rule_set_resolutions" ADD CONSTRAINT "rule_set_resolutions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_sets" ADD CONSTRAINT "rule_sets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;