-- Tenant isolation in the database (see docs/decisions/0002-tenant-isolation-row-level-security.md).
--
-- * zaitaku_app is the role every tenant-scoped transaction runs as (SET LOCAL ROLE). It owns nothing, so
--   the policies below always apply to it.
-- * Each transaction names its tenant with set_config('zaitaku.tenant_id', <uuid>, true). Without it
--   zaitaku_current_tenant() is NULL and no row is visible or writable.
-- * RLS is FORCEd, so the table owner is held to policies too: it sees rows only inside an explicit
--   maintenance transaction (zaitaku.system = 'on'), used for creating tenants and by the CLI.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zaitaku_app') THEN
    CREATE ROLE zaitaku_app NOLOGIN;
  END IF;
  BEGIN
    EXECUTE format('GRANT zaitaku_app TO %I', current_user);
  EXCEPTION WHEN OTHERS THEN
    -- already a member, or a superuser: SET ROLE works either way
    NULL;
  END;
END
$$;
--> statement-breakpoint
CREATE FUNCTION zaitaku_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('zaitaku.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION zaitaku_maintenance() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('zaitaku.system', true), '') = 'on' $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO zaitaku_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zaitaku_current_tenant() TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT ON tenants TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON areas TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON api_keys TO zaitaku_app;
--> statement-breakpoint
-- The audit log is append-only for the application: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON audit_log TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON audit_heads TO zaitaku_app;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['areas', 'api_keys', 'audit_log', 'audit_heads'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO zaitaku_app '
      'USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant())', t);
    EXECUTE format(
      'CREATE POLICY maintenance ON %I TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
      t, current_user);
  END LOOP;
  ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
  ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON tenants TO zaitaku_app USING (id = zaitaku_current_tenant());
  EXECUTE format(
    'CREATE POLICY maintenance ON tenants TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
-- Authentication happens before the tenant is known: the app role may look up one active key by the hash of
-- its secret, and nothing else, through this function (it runs as the owner, in maintenance mode).
CREATE FUNCTION zaitaku_authenticate(p_secret_hash text)
  RETURNS TABLE (tenant_id uuid, id uuid, role text, label text, prefix text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  SET zaitaku.system = 'on'
  AS $$
    SELECT k.tenant_id, k.id, k.role, k.label, k.prefix, k.created_at
    FROM public.api_keys k
    WHERE k.secret_hash = p_secret_hash AND k.revoked_at IS NULL
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION zaitaku_authenticate(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zaitaku_authenticate(text) TO zaitaku_app;
