CREATE TABLE "cases" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"hospital_id" uuid NOT NULL,
	"care_manager_id" uuid,
	"party_ids" uuid[] NOT NULL,
	"start_date" date,
	"end_date" date,
	"data" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "cases_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_recent" ON "cases" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "cases_span" ON "cases" USING btree ("tenant_id","start_date","end_date");--> statement-breakpoint
CREATE INDEX "cases_parties" ON "cases" USING gin ("party_ids");