-- Notification log (0017): isolated per tenant like every other table. The application claims a transition by
-- inserting its row and records the outcome by updating the delivery columns; which case, obligation and
-- transition a row is about, and its delivery id, are never rewritten, and rows are never deleted, so a transition
-- once sent is never sent again.
ALTER TABLE obligation_notifications ADD CONSTRAINT obligation_notifications_transition
  CHECK (transition IN ('due_soon', 'overdue'));
--> statement-breakpoint
ALTER TABLE obligation_notifications ADD CONSTRAINT obligation_notifications_status
  CHECK (status IN ('sending', 'sent', 'failed'));
--> statement-breakpoint
ALTER TABLE obligation_notifications ADD CONSTRAINT obligation_notifications_sent_at
  CHECK ((status = 'sent') = (sent_at IS NOT NULL));
--> statement-breakpoint
GRANT SELECT, INSERT ON obligation_notifications TO zaitaku_app;
--> statement-breakpoint
GRANT UPDATE (status, attempts, claimed_at, sent_at, last_error) ON obligation_notifications TO zaitaku_app;
--> statement-breakpoint
ALTER TABLE obligation_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE obligation_notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON obligation_notifications TO zaitaku_app
  USING (tenant_id = zaitaku_current_tenant()) WITH CHECK (tenant_id = zaitaku_current_tenant());
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format(
    'CREATE POLICY maintenance ON obligation_notifications TO %I '
    'USING (zaitaku_maintenance()) WITH CHECK (zaitaku_maintenance())',
    current_user);
END
$$;
