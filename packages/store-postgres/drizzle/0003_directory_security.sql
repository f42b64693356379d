-- Directory tables: tenant isolation as in 0001, the change log append-only for the application, and trigram
-- indexes for substring search over the normalised search keys.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX resources_search_text_trgm ON resources USING gin (search_text gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX resources_capabilities ON resources USING gin (capabilities);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON resources TO zaitaku_app;
--> statement-breakpoint
-- Field-level history, like the audit log, is only ever added to.
GRANT SELECT, INSERT ON resource_changes TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO zaitaku_app;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['resources', 'resource_changes', 'idempotency_keys'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO zaitaku_app '
      'USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant())', t);
    EXECUTE format(
      'CREATE POLICY maintenance ON %I TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
      t, current_user);
  END LOOP;
END
$$;
