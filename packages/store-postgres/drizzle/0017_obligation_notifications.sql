CREATE TABLE "obligation_notifications" (
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"obligation_key" text NOT NULL,
	"transition" text NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"claimed_at" timestamp(3) with time zone NOT NULL,
	"sent_at" timestamp(3) with time zone,
	"last_error" text,
	CONSTRAINT "obligation_notifications_pk" PRIMARY KEY("tenant_id","case_id","obligation_key","transition")
);
--> statement-breakpoint
ALTER TABLE "obligation_notifications" ADD CONSTRAINT "obligation_notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_notifications" ADD CONSTRAINT "obligation_notifications_case" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE no action ON UPDATE no action;