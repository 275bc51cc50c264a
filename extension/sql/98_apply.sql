-- 98_apply.sql — apply §7 to every table of the schema (this file loads last).
-- Reference data: readable by every group role, writable by admins (within their scope
-- where the row names a division). Data tables: secure_table(tbl, division column or a
-- subquery reaching the parent row) and, for tables with personal columns, masked_view().
SELECT @extschema@.share_table('@extschema@.division', 'code', ARRAY['code']);
SELECT @extschema@.share_table('@extschema@.calendar_exception', NULL, ARRAY['day']);
SELECT @extschema@.share_table('@extschema@.campaign', 'division_code');
SELECT @extschema@.share_table('@extschema@.campaign_stage',
  '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');
SELECT @extschema@.share_table('@extschema@.reporting_window',
  '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');
CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON @extschema@.user_scope
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row('role_name', 'division_code');
-- Data tables (after the merge), e.g.:
-- SELECT @extschema@.secure_table('@extschema@.site', 'township_code');
-- SELECT @extschema@.masked_view('@extschema@.site', '{"name": "name", "address": "address", "phone": "phone"}');
-- SELECT @extschema@.secure_table('@extschema@.practitioner',
--   '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)');
-- SELECT @extschema@.masked_view('@extschema@.practitioner', '{"name": "name", "resident_id": "resident_id"}');
