-- Import jobs (0009): isolated per tenant like every other table. The application records jobs and moves them
-- through their steps; what was uploaded (kind, files, options) and by whom is never rewritten, and jobs are not
-- deleted by the application.
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status
  CHECK (status IN ('reading', 'planned', 'applying', 'applied', 'failed'));
--> statement-breakpoint
GRANT SELECT, INSERT ON import_jobs TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (status, progress, summary, result, error, plan, updated_at, heartbeat_at, applied_at, applied_by, version)
  ON import_jobs TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON import_jobs TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON import_jobs TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
