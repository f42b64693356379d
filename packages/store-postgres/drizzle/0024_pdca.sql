CREATE TABLE "pdca_data_elements" (
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "pdca_data_elements_tenant_id_code_pk" PRIMARY KEY("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "pdca_data_values" (
	"tenant_id" uuid NOT NULL,
	"data_element" text NOT NULL,
	"option" text DEFAULT '' NOT NULL,
	"area_kind" text NOT NULL,
	"area_code" text NOT NULL,
	"period_kind" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"period_index" integer NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"computed_from" text,
	"provenance" jsonb NOT NULL,
	CONSTRAINT "pdca_data_values_pk" PRIMARY KEY("tenant_id","data_element","option","area_kind","area_code","period_kind","fiscal_year","period_index")
);
--> statement-breakpoint
CREATE TABLE "pdca_indicators" (
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "pdca_indicators_tenant_id_code_pk" PRIMARY KEY("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "pdca_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "pdca_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "pdca_data_elements" ADD CONSTRAINT "pdca_data_elements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdca_data_values" ADD CONSTRAINT "pdca_data_values_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdca_indicators" ADD CONSTRAINT "pdca_indicators_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdca_plans" ADD CONSTRAINT "pdca_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pdca_data_values_year" ON "pdca_data_values" USING btree ("tenant_id","fiscal_year");--> statement-breakpoint
CREATE INDEX "pdca_data_values_computed" ON "pdca_data_values" USING btree ("tenant_id","computed_from","fiscal_year");--> statement-breakpoint
CREATE INDEX "pdca_plans_created" ON "pdca_plans" USING btree ("tenant_id","created_at");