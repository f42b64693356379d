CREATE TABLE "activity_records" (
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"subkind" text,
	"status" text,
	"area" text,
	"record_date" date,
	"resolved_on" date,
	"scenes" text[] NOT NULL,
	"topics" text[] NOT NULL,
	"requester_category" text,
	"links" uuid[] NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "activity_records_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "event_feedback" (
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"submitted_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "event_feedback_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"applicant_key" text NOT NULL,
	"status" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "event_registrations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "event_registrations_sequence" UNIQUE("tenant_id","event_id","sequence")
);
--> statement-breakpoint
ALTER TABLE "activity_records" ADD CONSTRAINT "activity_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_feedback" ADD CONSTRAINT "event_feedback_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_feedback" ADD CONSTRAINT "event_feedback_event_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."activity_records"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."activity_records"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_records_recent" ON "activity_records" USING btree ("tenant_id","kind","created_at","id");--> statement-breakpoint
CREATE INDEX "activity_records_date" ON "activity_records" USING btree ("tenant_id","kind","record_date");--> statement-breakpoint
CREATE INDEX "activity_records_links" ON "activity_records" USING gin ("links");--> statement-breakpoint
CREATE INDEX "event_feedback_event" ON "event_feedback" USING btree ("tenant_id","event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_live_applicant" ON "event_registrations" USING btree ("tenant_id","event_id","applicant_key") WHERE "event_registrations"."status" <> 'cancelled';