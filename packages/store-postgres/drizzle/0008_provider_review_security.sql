-- Provider review (0007): change requests are isolated per tenant like every other table. The application may add
-- requests and record a decision on them, and nothing else: the request itself (what the office proposed, when,
-- against which version) is never rewritten, and a decided request is never decided again.
ALTER TABLE resource_change_requests ADD CONSTRAINT resource_change_requests_status
  CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE resource_change_requests ADD CONSTRAINT resource_change_requests_decision
  CHECK ((status = 'pending') = (decided_at IS NULL) AND (status = 'pending') = (decided_by IS NULL));
--> statement-breakpoint
GRANT SELECT, INSERT ON resource_change_requests TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (status, decided_at, decided_by, comment, applied_version) ON resource_change_requests TO zaitaku_app;
--> statement-breakpoint
CREATE FUNCTION zaitaku_decide_once() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, public
  AS $$
  BEGIN
    IF OLD.status <> 'pending' THEN
      RAISE EXCEPTION 'change request % is already %', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER resource_change_requests_decide_once BEFORE UPDATE ON resource_change_requests
  FOR EACH ROW EXECUTE FUNCTION zaitaku_decide_once();
--> statement-breakpoint
ALTER TABLE resource_change_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE resource_change_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON resource_change_requests TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON resource_change_requests TO %I '
    'USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
--> statement-breakpoint
-- Keys now carry the entries a provider speaks for and an expiry. Authentication returns both, and refuses an
-- expired key at the instant the caller gives (the application's clock), not only at the database's.
DROP FUNCTION zaitaku_authenticate(text);
--> statement-breakpoint
CREATE FUNCTION zaitaku_authenticate(p_secret_hash text, p_at timestamptz)
  RETURNS TABLE (
    tenant_id uuid, id uuid, role text, label text, prefix text, resource_ids uuid[], created_at timestamptz,
    expires_at timestamptz
  )
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public
  SET zaitaku.system = 'on'
  AS $$
    SELECT k.tenant_id, k.id, k.role, k.label, k.prefix, k.resource_ids, k.created_at, k.expires_at
    FROM public.api_keys k
    WHERE k.secret_hash = p_secret_hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > p_at)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION zaitaku_authenticate(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zaitaku_authenticate(text, timestamptz) TO zaitaku_app;
