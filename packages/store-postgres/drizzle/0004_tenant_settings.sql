ALTER TABLE "tenants" ADD COLUMN "public_directory" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "assurance_period_months" integer DEFAULT 12 NOT NULL;