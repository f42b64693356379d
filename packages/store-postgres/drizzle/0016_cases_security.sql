-- Coordination cases (0015): isolated per tenant like every other table. A case concerns a patient: the application
-- records and changes cases but never deletes one, and never rewrites who created it or when (erasure of personal
-- data, when the law asks for it, is a maintenance operation of the owner).
ALTER TABLE cases ADD CONSTRAINT cases_status CHECK (status IN ('open', 'closed'));
--> statement-breakpoint
GRANT SELECT, INSERT ON cases TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (version, status, hospital_id, care_manager_id, party_ids, start_date, end_date, data, updated_at)
  ON cases TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON cases TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON cases TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
