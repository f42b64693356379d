CREATE TABLE "resource_change_requests" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"base_version" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"attest" boolean NOT NULL,
	"reason" text,
	"proposed_at" timestamp(3) with time zone NOT NULL,
	"proposed_by" jsonb NOT NULL,
	"status" text NOT NULL,
	"decided_at" timestamp(3) with time zone,
	"decided_by" jsonb,
	"comment" text,
	"applied_version" integer,
	CONSTRAINT "resource_change_requests_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "resource_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "resource_changes" ADD COLUMN "change_request_id" uuid;--> statement-breakpoint
ALTER TABLE "resource_changes" ADD COLUMN "reviewed_by" jsonb;--> statement-breakpoint
ALTER TABLE "resource_change_requests" ADD CONSTRAINT "resource_change_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_change_requests" ADD CONSTRAINT "resource_change_requests_resource" FOREIGN KEY ("tenant_id","resource_id") REFERENCES "public"."resources"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_change_requests_queue" ON "resource_change_requests" USING btree ("tenant_id","status","proposed_at","id");--> statement-breakpoint
CREATE INDEX "resource_change_requests_resource" ON "resource_change_requests" USING btree ("tenant_id","resource_id");