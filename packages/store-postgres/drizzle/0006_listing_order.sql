DROP INDEX "resources_listing";--> statement-breakpoint
CREATE INDEX "resources_listing" ON "resources" USING btree ("tenant_id","sort_key" collate "C","id");