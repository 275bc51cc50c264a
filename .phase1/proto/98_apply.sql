-- 98_apply.sql — apply §7 to every table of the schema (this file loads last).
-- Reference data: readable by every group role, writable by admins (within their scope
-- where the row names a division). Data tables: secure_table(tbl, division column or a
-- subquery reaching the parent row) and, for tables with personal columns, masked_view().
-- Then the read API (forms, assessment, deadlines, alerts, report views) runs as the
-- NOLOGIN definer role, whose policies scope every row by caller(): a SECURITY DEFINER form
-- still returns only the caller's divisions, and masks personal data for analyst/reader.

-- ===== reference data =====
SELECT @extschema@.share_table('@extschema@.division', 'code', ARRAY['code']);
SELECT @extschema@.share_table('@extschema@.calendar_exception', NULL, ARRAY['day']);
SELECT @extschema@.share_table('@extschema@.calendar_year', NULL, ARRAY['year']);
SELECT @extschema@.share_table('@extschema@.campaign', 'division_code');
SELECT @extschema@.share_table('@extschema@.campaign_stage',
  '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');
SELECT @extschema@.share_table('@extschema@.reporting_window',
  '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');
SELECT @extschema@.share_table('@extschema@.assessment_rule_set', NULL, ARRAY['rule_set']);
SELECT @extschema@.share_table('@extschema@.assessment_rule', NULL, ARRAY['rule_set', 'code']);
CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON @extschema@.user_scope
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row('role_name', 'division_code');

-- ===== township patrol work (附件1/2) =====
SELECT @extschema@.secure_table('@extschema@.site', 'township_code');
SELECT @extschema@.secure_table('@extschema@.site_status_mark',
  '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)');
SELECT @extschema@.secure_table('@extschema@.site_status_history',
  '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)', true, ARRAY['site_id', 'valid']);
SELECT @extschema@.secure_table('@extschema@.practitioner',
  '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)');
SELECT @extschema@.secure_table('@extschema@.patrol', 'township_code');
SELECT @extschema@.secure_table('@extschema@.register_submission', 'township_code');
SELECT @extschema@.secure_table('@extschema@.joint_application', 'township_code');
SELECT @extschema@.secure_table('@extschema@.joint_action',
  '(SELECT a.township_code FROM @extschema@.joint_application a WHERE a.id = application_id)');
SELECT @extschema@.secure_table('@extschema@.joint_action_site',
  '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)', true, ARRAY['joint_action_id', 'site_id']);
-- staging: a clerk sees the rows they staged and rows naming a township in their scope
SELECT @extschema@.secure_table('@extschema@.patrol_register_staging',
  '(SELECT d.code FROM @extschema@.division d WHERE d.code = pg_catalog.btrim(township) OR d.name = pg_catalog.btrim(township) ORDER BY d.code LIMIT 1)');
ALTER POLICY ip_clerk ON @extschema@.patrol_register_staging
  USING (staged_by = @extschema@.caller() OR @extschema@.in_caller_scope(
         (SELECT d.code FROM @extschema@.division d WHERE d.code = pg_catalog.btrim(township) OR d.name = pg_catalog.btrim(township) ORDER BY d.code LIMIT 1)))
  WITH CHECK (staged_by = @extschema@.caller());

-- ===== assessment (附件3) =====
SELECT @extschema@.secure_table('@extschema@.assessment_fact', 'township_code', false);

-- ===== cases (附表1–4) =====
SELECT @extschema@.secure_table('@extschema@.enforcement_case', 'division_code');
-- case_action carries its case's division_code (kept by trigger): the policy reads a column, not a
-- subquery per row (the forms and the pre-aggregation read every action of a province)
SELECT @extschema@.secure_table('@extschema@.case_action', 'division_code');
SELECT @extschema@.secure_table('@extschema@.inspection', 'division_code');
-- subject: shared across divisions, resolved by the SECURITY DEFINER resolver; admins only
ALTER TABLE @extschema@.subject ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.subject FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_definer ON @extschema@.subject FOR ALL TO illegal_practice_definer USING (true) WITH CHECK (true);
CREATE POLICY ip_admin ON @extschema@.subject FOR ALL TO illegal_practice_admin USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.subject FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON @extschema@.subject TO illegal_practice_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.subject TO illegal_practice_admin;
CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON @extschema@.subject
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row('id');

-- ===== pre-aggregation: only the definer (triggers, forms) touches the cells =====
DO $$
DECLARE
  t regclass;
  f regprocedure;
BEGIN
  FOREACH t IN ARRAY ARRAY['@extschema@.tally_cell'::regclass, '@extschema@.tally_rollup'::regclass,
                           '@extschema@.tally_cell_dirty'::regclass, '@extschema@.tally_cell_txn'::regclass,
                           '@extschema@.tally_cell_status'::regclass] LOOP
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE pg_catalog.format('CREATE POLICY ip_definer ON %s FOR ALL TO illegal_practice_definer USING (true) WITH CHECK (true)', t);
    EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM PUBLIC', t);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO illegal_practice_definer', t);
  END LOOP;
  FOREACH f IN ARRAY ARRAY['@extschema@.tally_cells_flush_pending()'::regprocedure,
                           '@extschema@.tally_cells_commit()'::regprocedure,
                           '@extschema@.tally_case_changed()'::regprocedure,
                           '@extschema@.tally_action_changed()'::regprocedure,
                           '@extschema@.tally_note_txn()'::regprocedure,
                           '@extschema@.tally_cells_rebuild()'::regprocedure,
                           '@extschema@.preaggregate(boolean)'::regprocedure] LOOP
    EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO illegal_practice_definer', f);
    EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
  -- the triggers run as the definer whoever writes; only admins switch or rebuild
  GRANT EXECUTE ON FUNCTION @extschema@.tally_cells_rebuild() TO illegal_practice_admin;
  GRANT EXECUTE ON FUNCTION @extschema@.preaggregate(boolean) TO illegal_practice_admin;
END $$;
CREATE POLICY ip_read ON @extschema@.tally_cell_status FOR SELECT
  TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader USING (true);
CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON @extschema@.tally_cell_status
  FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row('singleton');
GRANT SELECT ON @extschema@.tally_cell_status TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader;

-- ===== stages, tips =====
SELECT @extschema@.secure_table('@extschema@.stage_submission', 'division_code', false);
SELECT @extschema@.secure_table('@extschema@.tip', 'division_code');
SELECT @extschema@.secure_table('@extschema@.stage_report', 'division_code');

-- ===== supervision of licensed institutions (§8) =====
SELECT @extschema@.share_table('@extschema@.practice_point_rule', NULL, ARRAY['rule_set', 'violation_kind']);
SELECT @extschema@.share_table('@extschema@.practice_point_band', NULL, ARRAY['rule_set', 'min_points']);
SELECT @extschema@.secure_table('@extschema@.institution', 'division_code', false);
SELECT @extschema@.secure_table('@extschema@.institution_inspection',
  '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
SELECT @extschema@.secure_table('@extschema@.violation',
  '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
-- a referral with no division (no institution, case or explicit division) is visible to national scope only
SELECT @extschema@.secure_table('@extschema@.referral', 'coalesce(division_code, ''000000'')');
SELECT @extschema@.secure_table('@extschema@.incident', 'division_code');

-- ===== masked views for the analyst role (§7) =====
SELECT @extschema@.masked_view('@extschema@.site', '{"address": "address", "phone": "phone"}');
SELECT @extschema@.masked_view('@extschema@.practitioner', '{"name": "name", "resident_id": "resident_id"}');
SELECT @extschema@.masked_view('@extschema@.patrol', '{"inspector": "name"}');
SELECT @extschema@.masked_view('@extschema@.register_submission',
  '{"filled_by": "name", "reviewed_by": "name", "phone": "phone"}');
SELECT @extschema@.masked_view('@extschema@.joint_application', '{"contact": "name", "phone": "phone"}');
SELECT @extschema@.masked_view('@extschema@.enforcement_case',
  '{"subject_name": "name", "subject_address": "address", "legal_representative": "name", "subject_resident_id": "resident_id"}');
SELECT @extschema@.masked_view('@extschema@.inspection',
  '{"subject_name": "name", "subject_address": "address", "subject_resident_id": "resident_id"}');
SELECT @extschema@.masked_view('@extschema@.tip',
  '{"reporter_name": "name", "reporter_phone": "phone", "subject_name": "name", "subject_address": "address", "content": "hide"}');
SELECT @extschema@.masked_view('@extschema@.patrol_register_staging',
  '{"people": "name", "address": "address", "phone": "phone"}');
-- child tables: the policy reaches the parent row, which analysts cannot read directly, so
-- they read children through definer-owned views (nothing to mask)
SELECT @extschema@.masked_view('@extschema@.site_status_history', '{}');
SELECT @extschema@.masked_view('@extschema@.joint_action', '{}');
SELECT @extschema@.masked_view('@extschema@.joint_action_site', '{}');
SELECT @extschema@.masked_view('@extschema@.case_action', '{}');
SELECT @extschema@.masked_view('@extschema@.institution_inspection', '{"inspector": "name"}');
SELECT @extschema@.masked_view('@extschema@.violation', '{}');
SELECT @extschema@.masked_view('@extschema@.referral', '{"subject_name": "name"}');
SELECT @extschema@.masked_view('@extschema@.incident', '{"description": "hide"}');
-- job history: pg_cron shows a run only to the role that ran it (the superuser who scheduled
-- the job), so job_history_rows() stays owned by the installing superuser — the one SECURITY
-- DEFINER function not owned by illegal_practice_definer; it returns job metadata only.
REVOKE ALL ON FUNCTION @extschema@.job_history_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.job_history_rows() TO illegal_practice_admin, illegal_practice_analyst;
REVOKE ALL ON @extschema@.job_history FROM PUBLIC;
GRANT SELECT ON @extschema@.job_history TO illegal_practice_admin, illegal_practice_analyst;
-- snapshots: the personal columns inside the payload are masked too
CREATE FUNCTION @extschema@.mask_payload(form text, payload jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN form = 'patrol_register' THEN
      (SELECT coalesce(pg_catalog.jsonb_agg(e || pg_catalog.jsonb_build_object(
                'people', (SELECT pg_catalog.string_agg(@extschema@.mask_name(x), '、' ORDER BY o)
                             FROM pg_catalog.unnest(pg_catalog.string_to_array(e ->> 'people', '、')) WITH ORDINALITY u(x, o)),
                'address', @extschema@.mask_address(e ->> 'address'),
                'phone', @extschema@.mask_phone(e ->> 'phone')) ORDER BY i), '[]'::jsonb)
         FROM pg_catalog.jsonb_array_elements(payload) WITH ORDINALITY a(e, i))
    WHEN form = 'repeat_offenders' THEN
      (SELECT coalesce(pg_catalog.jsonb_agg(e || pg_catalog.jsonb_build_object(
                'subject_name', @extschema@.mask_name(e ->> 'subject_name'),
                'address', @extschema@.mask_address(e ->> 'address'),
                'legal_representative', @extschema@.mask_name(e ->> 'legal_representative')) ORDER BY i), '[]'::jsonb)
         FROM pg_catalog.jsonb_array_elements(payload) WITH ORDINALITY a(e, i))
    ELSE payload END;
COMMENT ON FUNCTION @extschema@.mask_payload(text, jsonb) IS
  '阶段快照脱敏：附件1 的姓名、地址、电话，附表3 的被处罚对象、地址、负责人；其他表原样';
CREATE VIEW @extschema@.stage_report_masked WITH (security_barrier) AS
  SELECT r.id, r.stage_id, r.form, r.division_code, r.as_of,
         @extschema@.mask_payload(r.form, r.payload) AS payload, r.generated_at
    FROM @extschema@.stage_report r;
COMMENT ON VIEW @extschema@.stage_report_masked IS '阶段快照（脱敏视图）';
COMMENT ON COLUMN @extschema@.stage_report_masked.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_report_masked.stage_id IS '阶段';
COMMENT ON COLUMN @extschema@.stage_report_masked.form IS '表名';
COMMENT ON COLUMN @extschema@.stage_report_masked.division_code IS '区划代码';
COMMENT ON COLUMN @extschema@.stage_report_masked.as_of IS '快照日期';
COMMENT ON COLUMN @extschema@.stage_report_masked.payload IS '表的各行（JSON 数组，个人信息已脱敏）';
COMMENT ON COLUMN @extschema@.stage_report_masked.generated_at IS '生成时间';
ALTER VIEW @extschema@.stage_report_masked OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.stage_report_masked FROM PUBLIC;
GRANT SELECT ON @extschema@.stage_report_masked TO illegal_practice_admin, illegal_practice_analyst, illegal_practice_reader;

-- ===== the read API runs as the definer role =====
-- Report views: owned by the definer, read with the caller's scope; BI reads them.
DO $$
DECLARE
  v text;
BEGIN
  FOREACH v IN ARRAY ARRAY['case_facts', 'report_cases_monthly', 'report_inspections_monthly', 'transfer_alerts', 'fine_alerts', 'worklist_today'] LOOP
    IF pg_catalog.to_regclass('@extschema@.' || v) IS NOT NULL THEN
      EXECUTE pg_catalog.format('ALTER VIEW @extschema@.%I SET (security_invoker = false)', v);
      EXECUTE pg_catalog.format('ALTER VIEW @extschema@.%I OWNER TO illegal_practice_definer', v);
      EXECUTE pg_catalog.format('REVOKE ALL ON @extschema@.%I FROM PUBLIC', v);
      EXECUTE pg_catalog.format('GRANT SELECT ON @extschema@.%I TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst%s',
                                v, CASE WHEN v LIKE 'report_%' OR v = 'worklist_today' THEN ', illegal_practice_reader' ELSE '' END);
    END IF;
  END LOOP;
END $$;

-- Functions: forms (reader too), then the analyst's read functions.
DO $$
DECLARE
  f record;
  reader boolean;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure AS sig, p.proname
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = '@extschema@'::regnamespace
       AND (p.proname LIKE 'form\_%'
            OR p.proname IN ('joint_application_letter', 'joint_application_counts',
                             'assessment', 'assessment_summary', 'assessment_detail', 'assessment_derived',
                             'deadlines', 'transfer_alerts', 'fine_alerts',
                             'patrol_obligations', 'monthly_patrol_obligations', 'closed_site_months',
                             'assessment_total', 'assessment_total_detail', 'assessment_result_rows',
                             'assessment_summary_csv', 'assessment_summary_html', 'assessment_total_csv',
                             'assessment_total_html', 'assessment_result_csv', 'assessment_result_html', 'worklist',
                             'practice_points', 'referral_deadlines', 'open_referrals'))
       AND p.proname <> 'form_payload'
  LOOP
    reader := f.proname LIKE 'form\_%';
    EXECUTE pg_catalog.format('ALTER FUNCTION %s SECURITY DEFINER', f.sig);
    EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp', f.sig);
    EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO illegal_practice_definer', f.sig);
    EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst%s',
                              f.sig, CASE WHEN reader THEN ', illegal_practice_reader' ELSE '' END);
  END LOOP;
END $$;

-- The subject resolver and the yes/no person check write/read subject as the definer.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
            WHERE p.pronamespace = '@extschema@'::regnamespace AND p.proname IN ('resolve_subject', 'subject_is_person')
  LOOP
    EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO illegal_practice_definer', f);
    EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst', f);
  END LOOP;
END $$;
GRANT SELECT ON @extschema@.enforcement_case, @extschema@.case_action, @extschema@.inspection TO illegal_practice_definer;

-- ===== pg_dump keeps user rows (pg_extension_config_dump) =====
DO $$
DECLARE
  t regclass;
  s regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
            WHERE c.relnamespace = '@extschema@'::regnamespace AND c.relkind = 'r'
              AND c.relname NOT IN ('calendar_exception', 'calendar_year', 'assessment_rule', 'assessment_rule_set',
                                    'tally_cell_status', 'tally_cell_dirty', 'tally_cell_txn')
              AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                             AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'illegal_practice'))
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(t, '');
    FOR s IN SELECT d.objid::regclass FROM pg_catalog.pg_depend d
              WHERE d.refobjid = t AND d.classid = 'pg_catalog.pg_class'::regclass
                AND d.deptype IN ('a', 'i')
                AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = d.objid) = 'S'
    LOOP
      PERFORM pg_catalog.pg_extension_config_dump(s, '');
    END LOOP;
  END LOOP;
END $$;
