CREATE TABLE "form_definitions" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"version" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"base_id" text,
	"base_version" text,
	"source" jsonb NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"updated_by" jsonb NOT NULL,
	"revision" integer NOT NULL,
	CONSTRAINT "form_definitions_tenant_id_id_version_pk" PRIMARY KEY("tenant_id","id","version")
);
--> statement-breakpoint
CREATE TABLE "form_response_versions" (
	"tenant_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"answers" jsonb NOT NULL,
	"case_id" text,
	"at" timestamp(3) with time zone NOT NULL,
	"by" jsonb NOT NULL,
	"reason" text,
	CONSTRAINT "form_response_versions_tenant_id_response_id_version_pk" PRIMARY KEY("tenant_id","response_id","version")
);
--> statement-breakpoint
CREATE TABLE "form_responses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"template_id" text NOT NULL,
	"template_version" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"case_id" text,
	"status" text NOT NULL,
	"answers" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"updated_by" jsonb NOT NULL,
	"completed_at" timestamp(3) with time zone,
	"reason" text,
	CONSTRAINT "form_responses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "form_sending_recipients" (
	"tenant_id" uuid NOT NULL,
	"sending_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"state" text NOT NULL,
	"received_at" timestamp(3) with time zone,
	"received_by" jsonb,
	"acknowledged_at" timestamp(3) with time zone,
	"acknowledged_by" jsonb,
	"returned_at" timestamp(3) with time zone,
	"returned_by" jsonb,
	"comment" text,
	"reply" jsonb,
	"replied_at" timestamp(3) with time zone,
	"replied_by" jsonb,
	CONSTRAINT "form_sending_recipients_tenant_id_sending_id_organization_id_pk" PRIMARY KEY("tenant_id","sending_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "form_sendings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"response_version" integer NOT NULL,
	"template_id" text NOT NULL,
	"template_version" text NOT NULL,
	"from_organization_id" uuid NOT NULL,
	"case_id" text,
	"note" text,
	"attachments" jsonb NOT NULL,
	"sent_at" timestamp(3) with time zone NOT NULL,
	"sent_by" jsonb NOT NULL,
	CONSTRAINT "form_sendings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "form_definitions" ADD CONSTRAINT "form_definitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_response_versions" ADD CONSTRAINT "form_response_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_response_versions" ADD CONSTRAINT "form_response_versions_response" FOREIGN KEY ("tenant_id","response_id") REFERENCES "public"."form_responses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_responses" ADD CONSTRAINT "form_responses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_responses" ADD CONSTRAINT "form_responses_organization" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."resources"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sending_recipients" ADD CONSTRAINT "form_sending_recipients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sending_recipients" ADD CONSTRAINT "form_sending_recipients_sending" FOREIGN KEY ("tenant_id","sending_id") REFERENCES "public"."form_sendings"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sending_recipients" ADD CONSTRAINT "form_sending_recipients_organization" FOREIGN KEY ("tenant_id","organization_id") REFERENCES "public"."resources"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sendings" ADD CONSTRAINT "form_sendings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sendings" ADD CONSTRAINT "form_sendings_version" FOREIGN KEY ("tenant_id","response_id","response_version") REFERENCES "public"."form_response_versions"("tenant_id","response_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "form_sendings" ADD CONSTRAINT "form_sendings_organization" FOREIGN KEY ("tenant_id","from_organization_id") REFERENCES "public"."resources"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_definitions_base" ON "form_definitions" USING btree ("tenant_id","base_id","base_version");--> statement-breakpoint
CREATE INDEX "form_responses_organization" ON "form_responses" USING btree ("tenant_id","organization_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "form_responses_case" ON "form_responses" USING btree ("tenant_id","case_id");--> statement-breakpoint
CREATE INDEX "form_sending_recipients_inbox" ON "form_sending_recipients" USING btree ("tenant_id","organization_id","sending_id");--> statement-breakpoint
CREATE INDEX "form_sendings_outbox" ON "form_sendings" USING btree ("tenant_id","from_organization_id","sent_at","id");--> statement-breakpoint
CREATE INDEX "form_sendings_response" ON "form_sendings" USING btree ("tenant_id","response_id");