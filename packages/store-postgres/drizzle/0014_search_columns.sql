ALTER TABLE "resources" ADD COLUMN "opening_hours" "int4multirange" GENERATED ALWAYS AS (zaitaku_opening_hours(data -> 'hours')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "has_vacancy" boolean GENERATED ALWAYS AS (coalesce(((data -> 'availability') ->> 'vacancy')::numeric >= 1, false)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "resources_kind" ON "resources" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "resources_service_area" ON "resources" USING gin ("service_area");--> statement-breakpoint
CREATE INDEX "resources_location" ON "resources" USING btree ("tenant_id","latitude","longitude");