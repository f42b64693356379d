-- PDCA (0024): plans, the tenant's data elements and indicators, and data values, isolated per tenant like every
-- other table. The application replaces a plan as a whole (its key and creation never change), replaces a data value
-- under its key, and deletes plans, tenant indicators and the computed values a recomputation replaces.
ALTER TABLE pdca_plans ADD CONSTRAINT pdca_plans_status CHECK (status IN ('draft', 'active', 'closed'));
--> statement-breakpoint
ALTER TABLE pdca_data_values ADD CONSTRAINT pdca_data_values_source CHECK (source IN ('entered', 'imported', 'computed'));
--> statement-breakpoint
ALTER TABLE pdca_data_values ADD CONSTRAINT pdca_data_values_computed
  CHECK ((source = 'computed') = (computed_from IS NOT NULL));
--> statement-breakpoint
ALTER TABLE pdca_data_values ADD CONSTRAINT pdca_data_values_period_kind
  CHECK (period_kind IN ('year', 'half', 'quarter', 'month'));
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON pdca_plans TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (version, status, data, updated_at) ON pdca_plans TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE pdca_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pdca_plans FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pdca_plans TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON pdca_plans TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
GRANT SELECT, INSERT ON pdca_data_elements TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (data, updated_at) ON pdca_data_elements TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE pdca_data_elements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pdca_data_elements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pdca_data_elements TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON pdca_data_elements TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON pdca_indicators TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (data, updated_at) ON pdca_indicators TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE pdca_indicators ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pdca_indicators FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pdca_indicators TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON pdca_indicators TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON pdca_data_values TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (value, source, computed_from, provenance) ON pdca_data_values TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE pdca_data_values ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pdca_data_values FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON pdca_data_values TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON pdca_data_values TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
