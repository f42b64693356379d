CREATE TABLE "import_jobs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"files" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"status" text NOT NULL,
	"progress" jsonb,
	"summary" jsonb,
	"result" jsonb,
	"error" jsonb,
	"plan" jsonb,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"heartbeat_at" timestamp(3) with time zone NOT NULL,
	"applied_at" timestamp(3) with time zone,
	"applied_by" jsonb,
	"version" integer NOT NULL,
	CONSTRAINT "import_jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_recent" ON "import_jobs" USING btree ("tenant_id","created_at","id");