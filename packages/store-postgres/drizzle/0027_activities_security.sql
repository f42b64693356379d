-- Activities (0026): isolated per tenant like every other table. Consultations can name a person (a pseudonym) and
-- registrations hold applicants' contacts; the application changes and removes records, but a registration is
-- never deleted (it is cancelled, and its history kept), nor is a feedback answer changed.
ALTER TABLE activity_records ADD CONSTRAINT activity_records_kind
  CHECK (kind IN ('consultation', 'event', 'meeting', 'issue', 'countermeasure'));
--> statement-breakpoint
ALTER TABLE activity_records ADD CONSTRAINT activity_records_version CHECK (version >= 1);
--> statement-breakpoint
ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_status
  CHECK (status IN ('received', 'confirmed', 'wait_listed', 'cancelled'));
--> statement-breakpoint
ALTER TABLE event_registrations ADD CONSTRAINT event_registrations_sequence_positive CHECK (sequence >= 1);
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON activity_records TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (version, subkind, status, area, record_date, resolved_on, scenes, topics, requester_category, links,
  data, updated_at) ON activity_records TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON event_registrations TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (status, data, updated_at) ON event_registrations TO zaitaku_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON event_feedback TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE activity_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE activity_records FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON activity_records TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
ALTER TABLE event_registrations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_registrations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON event_registrations TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
ALTER TABLE event_feedback ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE event_feedback FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON event_feedback TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON activity_records TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
  EXECUTE format(
    'CREATE POLICY maintenance ON event_registrations TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
  EXECUTE format(
    'CREATE POLICY maintenance ON event_feedback TO %I USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
