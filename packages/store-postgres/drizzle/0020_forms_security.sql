-- Forms (0019): isolated per tenant like every other table. What the application may change is held to the rules
-- of the domain in the database too:
-- * a tenant's form definition changes only while it is a draft; once in use only its status changes, it never
--   becomes a draft again, and only drafts are deleted;
-- * a response's versions and its sendings are written once (what was sent never changes); the current state of a
--   response moves one version at a time, and an entered-in-error response is final;
-- * each recipient's receipt, acknowledgement or return, and reply is recorded once.
-- Which organisation's staff may read a response is decided by the store, inside the tenant these policies enforce.
ALTER TABLE form_definitions ADD CONSTRAINT form_definitions_status CHECK (status IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE form_definitions ADD CONSTRAINT form_definitions_kind CHECK (kind IN ('definition', 'variant'));
--> statement-breakpoint
ALTER TABLE form_responses ADD CONSTRAINT form_responses_status
  CHECK (status IN ('in-progress', 'completed', 'amended', 'entered-in-error'));
--> statement-breakpoint
ALTER TABLE form_response_versions ADD CONSTRAINT form_response_versions_status
  CHECK (status IN ('in-progress', 'completed', 'amended', 'entered-in-error'));
--> statement-breakpoint
ALTER TABLE form_sending_recipients ADD CONSTRAINT form_sending_recipients_state
  CHECK (state IN ('sent', 'received', 'acknowledged', 'returned'));
--> statement-breakpoint
ALTER TABLE form_sending_recipients ADD CONSTRAINT form_sending_recipients_steps
  CHECK ((state = 'sent') = (received_at IS NULL)
    AND (state = 'acknowledged') = (acknowledged_at IS NOT NULL)
    AND (state = 'returned') = (returned_at IS NOT NULL)
    AND (returned_at IS NULL) = (comment IS NULL)
    AND (reply IS NULL) = (replied_at IS NULL));
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON form_definitions TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (kind, status, base_id, base_version, source, definition, updated_at, updated_by, revision)
  ON form_definitions TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON form_responses TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (case_id, status, answers, version, updated_at, updated_by, completed_at, reason)
  ON form_responses TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON form_response_versions TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON form_sendings TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON form_sending_recipients TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (state, received_at, received_by, acknowledged_at, acknowledged_by, returned_at, returned_by, comment,
  reply, replied_at, replied_by) ON form_sending_recipients TO zaitaku_app;
--> statement-breakpoint
CREATE FUNCTION zaitaku_form_definition_frozen() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, public
  AS $$
  BEGIN
    IF OLD.status = 'draft' THEN
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'form definition %@% is % and cannot be deleted', OLD.id, OLD.version, OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'draft' OR NEW.kind IS DISTINCT FROM OLD.kind
      OR (NEW.definition - 'status') IS DISTINCT FROM (OLD.definition - 'status')
      OR (NEW.source #- ARRAY[NEW.kind, 'status']) IS DISTINCT FROM (OLD.source #- ARRAY[OLD.kind, 'status']) THEN
      RAISE EXCEPTION 'form definition %@% is % and only its status may change', OLD.id, OLD.version, OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER form_definitions_frozen BEFORE UPDATE OR DELETE ON form_definitions
  FOR EACH ROW EXECUTE FUNCTION zaitaku_form_definition_frozen();
--> statement-breakpoint
CREATE FUNCTION zaitaku_form_response_step() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, public
  AS $$
  BEGIN
    IF OLD.status = 'entered-in-error' THEN
      RAISE EXCEPTION 'form response % was entered in error and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.version <> OLD.version + 1 THEN
      RAISE EXCEPTION 'form response % must move one version at a time (% to %)', OLD.id, OLD.version, NEW.version
        USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status <> 'in-progress' AND NEW.status = 'in-progress' THEN
      RAISE EXCEPTION 'form response % is % and cannot become a draft again', OLD.id, OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER form_responses_step BEFORE UPDATE ON form_responses
  FOR EACH ROW EXECUTE FUNCTION zaitaku_form_response_step();
--> statement-breakpoint
CREATE FUNCTION zaitaku_form_recipient_once() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, public
  AS $$
  BEGIN
    IF (OLD.received_at IS NOT NULL AND (NEW.received_at, NEW.received_by) IS DISTINCT FROM (OLD.received_at, OLD.received_by))
      OR (OLD.acknowledged_at IS NOT NULL
        AND (NEW.acknowledged_at, NEW.acknowledged_by) IS DISTINCT FROM (OLD.acknowledged_at, OLD.acknowledged_by))
      OR (OLD.returned_at IS NOT NULL
        AND (NEW.returned_at, NEW.returned_by, NEW.comment) IS DISTINCT FROM (OLD.returned_at, OLD.returned_by, OLD.comment))
      OR (OLD.replied_at IS NOT NULL
        AND (NEW.reply, NEW.replied_at, NEW.replied_by) IS DISTINCT FROM (OLD.reply, OLD.replied_at, OLD.replied_by))
      OR (OLD.state IN ('acknowledged', 'returned') AND NEW.state <> OLD.state) THEN
      RAISE EXCEPTION 'recipient % of sending % already recorded this step', OLD.organization_id, OLD.sending_id
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER form_sending_recipients_once BEFORE UPDATE ON form_sending_recipients
  FOR EACH ROW EXECUTE FUNCTION zaitaku_form_recipient_once();
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['form_definitions', 'form_responses', 'form_response_versions', 'form_sendings',
    'form_sending_recipients'] LOOP
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
