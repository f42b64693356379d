-- Rule sets (0022): isolated per tenant like every other table. A version is written once and never changed (a
-- correction is a new version); the effective periods of the versions of one id never overlap, checked here under
-- a lock on the (tenant, id) so that two versions written at once cannot both pass.
GRANT SELECT, INSERT ON rule_sets TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON rule_set_resolutions TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (resolution, updated_at, updated_by) ON rule_set_resolutions TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE rule_sets ADD CONSTRAINT rule_sets_period CHECK (effective_to IS NULL OR effective_from IS NULL
  OR effective_from <= effective_to);
--> statement-breakpoint
CREATE FUNCTION zaitaku_rule_set_versions() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, public
  AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      RAISE EXCEPTION 'rule set %@% is never changed; a correction is a new version', OLD.id, OLD.version
        USING ERRCODE = 'check_violation';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.tenant_id::text || '/' || NEW.id, 0));
    IF EXISTS (
      SELECT 1 FROM rule_sets r
      WHERE r.tenant_id = NEW.tenant_id AND r.id = NEW.id AND r.version <> NEW.version
        AND (NEW.effective_from IS NULL OR r.effective_to IS NULL OR NEW.effective_from <= r.effective_to)
        AND (r.effective_from IS NULL OR NEW.effective_to IS NULL OR r.effective_from <= NEW.effective_to)
    ) THEN
      RAISE EXCEPTION 'the effective period of rule set %@% overlaps another version', NEW.id, NEW.version
        USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER rule_sets_versions BEFORE INSERT OR UPDATE ON rule_sets
  FOR EACH ROW EXECUTE FUNCTION zaitaku_rule_set_versions();
--> statement-breakpoint
ALTER TABLE rule_sets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rule_sets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON rule_sets TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
ALTER TABLE rule_set_resolutions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rule_set_resolutions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON rule_set_resolutions TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON rule_sets TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
  EXECUTE format(
    'CREATE POLICY maintenance ON rule_set_resolutions TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
