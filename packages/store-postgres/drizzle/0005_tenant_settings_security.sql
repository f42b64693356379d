-- Tenant directory settings (0004): a tenant administrator changes them through the app role, so the app role
-- may now UPDATE tenants — but only these two columns (column-level privilege), and only its own row (the policy
-- checks the new row too). Code, kind, name and municipalities stay writable only in maintenance transactions.
ALTER TABLE tenants ADD CONSTRAINT tenants_assurance_period_months_range
  CHECK (assurance_period_months BETWEEN 1 AND 120);
--> statement-breakpoint
GRANT UPDATE (public_directory, assurance_period_months) ON tenants TO zaitaku_app;
--> statement-breakpoint
-- 0001 created this policy with USING only (the row must be the current tenant's to be seen or changed); WITH CHECK
-- makes explicit that an updated row must still be the current tenant's.
ALTER POLICY tenant_isolation ON tenants
  USING (id = zaitaku_current_tenant())
  WITH CHECK (id = zaitaku_current_tenant());
