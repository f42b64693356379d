-- Organisations (0011): isolated per tenant like every other table. The application adds organisations and
-- updates their names; it never deletes one (entries link to it) nor changes its id or 法人番号.
GRANT SELECT, INSERT ON organizations TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (name, name_kana, sort_key, search_text, updated_at) ON organizations TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON organizations TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
CREATE INDEX organizations_search_text_trgm ON organizations USING gin (search_text gin_trgm_ops);
