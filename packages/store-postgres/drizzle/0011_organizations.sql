CREATE TABLE "organizations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"corporate_number" text,
	"name" text NOT NULL,
	"name_kana" text,
	"sort_key" text NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "organizations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_corporate_number" ON "organizations" USING btree ("tenant_id","corporate_number");--> statement-breakpoint
CREATE INDEX "organizations_listing" ON "organizations" USING btree ("tenant_id","sort_key" collate "C","id");