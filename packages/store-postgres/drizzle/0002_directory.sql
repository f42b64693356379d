CREATE TABLE "idempotency_keys" (
	"tenant_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" uuid NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_operation_key_pk" PRIMARY KEY("tenant_id","operation","key")
);
--> statement-breakpoint
CREATE TABLE "resource_changes" (
	"tenant_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"field" text NOT NULL,
	"from_value" jsonb,
	"to_value" jsonb,
	"at" timestamp(3) with time zone NOT NULL,
	"by" jsonb NOT NULL,
	"reason" text,
	CONSTRAINT "resource_changes_tenant_id_resource_id_version_field_pk" PRIMARY KEY("tenant_id","resource_id","version","field")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"sort_key" text NOT NULL,
	"search_text" text NOT NULL,
	"municipality_code" text NOT NULL,
	"service_area" text[] NOT NULL,
	"capabilities" text[] NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"source" text NOT NULL,
	"source_record_id" text,
	"assured_at" timestamp(3) with time zone,
	"data" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "resources_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_changes" ADD CONSTRAINT "resource_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resources_source_record" ON "resources" USING btree ("tenant_id","source","source_record_id");--> statement-breakpoint
CREATE INDEX "resources_municipality" ON "resources" USING btree ("tenant_id","municipality_code");--> statement-breakpoint
CREATE INDEX "resources_listing" ON "resources" USING btree ("tenant_id","sort_key","id");--> statement-breakpoint
CREATE INDEX "resources_updated" ON "resources" USING btree ("tenant_id","updated_at");