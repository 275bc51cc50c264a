-- The access model read back from the catalogue, so that a new object is covered without anyone
-- remembering to add it: every SECURITY DEFINER function, every policy that lets a role through
-- with USING (true) / WITH CHECK (true), and every function a user role (admin, clerk, analyst,
-- reader) can execute must appear in the reviewed lists below. Each query prints what is in the
-- catalogue but not in its list (a new object: review it, then add it here) and what is in the
-- list but no longer in the catalogue; both must be empty.
CALL regress.fresh();
SET search_path = pg_catalog;
CREATE TEMP VIEW ext_proc AS
  SELECT p.* FROM pg_proc p WHERE p.oid IN (
    SELECT d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
     WHERE e.extname = 'illegal_practice' AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e');

-- == SECURITY DEFINER functions and their owners (reviewed: each scopes by caller() itself or through
-- the definer's policies; the tally upkeep counts every case by design; job_history_rows returns
-- pg_cron job metadata only) — expect no rows
CREATE TEMP TABLE reviewed_secdef (entry text);
INSERT INTO reviewed_secdef VALUES
  ('illegal_practice.assessment(text,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_derived(text,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_detail(text,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_summary(text,bigint) illegal_practice_definer'),
  ('illegal_practice.caller_scope() illegal_practice_definer'),
  -- the charts (71_charts.sql) read only scoped, masked paths: form_patrol_register, report_cases_monthly,
  -- deadlines(), assessment_summary(), plus reference rows (division, campaign, stages, windows)
  ('illegal_practice.chart_assessment_ranking(text,bigint) illegal_practice_definer'),
  ('illegal_practice.chart_cases_monthly(text,daterange) illegal_practice_definer'),
  ('illegal_practice.chart_deadlines_overdue(text,date) illegal_practice_definer'),
  ('illegal_practice.chart_page_html(text,daterange,bigint,date) illegal_practice_definer'),
  ('illegal_practice.chart_patrol_stages(text,bigint) illegal_practice_definer'),
  ('illegal_practice.deadlines(date) illegal_practice_definer'),
  ('illegal_practice.fine_alerts(text) illegal_practice_definer'),
  ('illegal_practice.form_beauty_lookback(text,daterange,daterange) illegal_practice_definer'),
  ('illegal_practice.form_beauty_lookback_csv(text,daterange,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_beauty_lookback_html(text,daterange,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.form_patrol_register(text,daterange) illegal_practice_definer'),
  ('illegal_practice.form_patrol_register_csv(text,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_patrol_register_html(text,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.form_practice_points(text,daterange,text) illegal_practice_definer'),
  ('illegal_practice.form_practice_points_csv(text,daterange,text,boolean) illegal_practice_definer'),
  ('illegal_practice.form_repeat_offenders(text,daterange,daterange) illegal_practice_definer'),
  ('illegal_practice.form_repeat_offenders_csv(text,daterange,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_repeat_offenders_html(text,daterange,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.form_two_illegal_summary(text,daterange) illegal_practice_definer'),
  ('illegal_practice.form_two_illegal_summary_csv(text,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_two_illegal_summary_html(text,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.form_unlicensed_summary(text,daterange) illegal_practice_definer'),
  ('illegal_practice.form_unlicensed_summary_csv(text,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_unlicensed_summary_html(text,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.job_history_rows() postgres'),
  ('illegal_practice.joint_application_counts(bigint) illegal_practice_definer'),
  ('illegal_practice.joint_application_letter(bigint) illegal_practice_definer'),
  ('illegal_practice.monthly_patrol_obligations(text,date) illegal_practice_definer'),
  ('illegal_practice.open_referrals(text,date) illegal_practice_definer'),
  ('illegal_practice.patrol_obligations(text,daterange) illegal_practice_definer'),
  ('illegal_practice.practice_points(text,daterange,text) illegal_practice_definer'),
  ('illegal_practice.practice_points(text,text) illegal_practice_definer'),
  ('illegal_practice.preaggregate(boolean) illegal_practice_tally'),
  ('illegal_practice.referral_deadlines(date) illegal_practice_definer'),
  ('illegal_practice.resolve_subject(text,text,text,text,illegal_practice.uscc,illegal_practice.resident_id) illegal_practice_definer'),
  ('illegal_practice.subject_is_person(bigint) illegal_practice_definer'),
  ('illegal_practice.tally_cells_rebuild() illegal_practice_tally'),
  ('illegal_practice.tick(date) illegal_practice_definer'),
  ('illegal_practice.transfer_alerts(text) illegal_practice_definer'),
  ('illegal_practice_internal.bi_assessment_ranking() illegal_practice_definer'),   -- issue 17: BI ranking, rows inside the caller's scope only, no personal data
  ('illegal_practice_internal.bi_deadlines() illegal_practice_definer'),            -- issue 17: BI deadlines, caller's scope, names masked by pii_name()
  ('illegal_practice_internal.audit_row() illegal_practice_definer'),
  ('illegal_practice_internal.audit_staging() illegal_practice_definer'),
  ('illegal_practice_internal.enforcement_case_resolve() illegal_practice_definer'),
  ('illegal_practice_internal.inspection_resolve() illegal_practice_definer'),
  ('illegal_practice_internal.tally_action_changed() illegal_practice_tally'),
  ('illegal_practice_internal.tally_case_changed() illegal_practice_tally'),
  ('illegal_practice_internal.tally_cells_commit() illegal_practice_tally'),
  ('illegal_practice_internal.tally_cells_flush_pending() illegal_practice_tally'),
  -- issue 21, reviewed: the assessment's internal computation reads every township as tally (rank among all, spec §4); the public wrappers scope by in_caller_scope(); the new forms, CSV/HTML twins and the worklist read with the caller's scope
  ('illegal_practice.assessment_result_csv(text,bigint,bigint,boolean) illegal_practice_definer'),
  ('illegal_practice.assessment_result_html(text,bigint,bigint,text,date) illegal_practice_definer'),
  ('illegal_practice.assessment_result_rows(text,bigint,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_summary_csv(text,bigint,boolean) illegal_practice_definer'),
  ('illegal_practice.assessment_summary_html(text,bigint,text,date) illegal_practice_definer'),
  ('illegal_practice.assessment_total(text,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_total_csv(text,bigint,boolean) illegal_practice_definer'),
  ('illegal_practice.assessment_total_detail(text,bigint) illegal_practice_definer'),
  ('illegal_practice.assessment_total_html(text,bigint,text,date) illegal_practice_definer'),
  ('illegal_practice.form_patrol_summary(text,daterange) illegal_practice_definer'),
  ('illegal_practice.form_patrol_summary_csv(text,daterange,boolean) illegal_practice_definer'),
  ('illegal_practice.form_patrol_summary_html(text,daterange,text,date,text,text,text) illegal_practice_definer'),
  ('illegal_practice.worklist(text,date) illegal_practice_definer'),
  ('illegal_practice_internal.assessment_derived_all(text,bigint) illegal_practice_tally'),
  ('illegal_practice_internal.assessment_detail_all(text,bigint) illegal_practice_tally'),
  ('illegal_practice_internal.assessment_total_all(text,bigint) illegal_practice_definer'),
  -- issue 20, reviewed: the assessment's derived facts kept per (window, township) — upkeep as tally, like the
  -- tally cells (every township by design, ranking among all); the rows are read only by assessment_derived_all;
  -- the rebuild is admin-only and returns a row count
  ('illegal_practice.assessment_cache_rebuild() illegal_practice_tally'),
  ('illegal_practice_internal.assessment_cache_changed() illegal_practice_tally'),
  ('illegal_practice_internal.assessment_cache_commit() illegal_practice_tally'),
  ('illegal_practice_internal.assessment_cache_recompute(boolean) illegal_practice_tally'),
  ('illegal_practice_internal.assessment_cache_window_changed() illegal_practice_tally'),
  -- issue 20, reviewed: the ranking's lean read (non-zero occurrences of every township, as tally like assessment_detail_all; callers scope)
  ('illegal_practice_internal.assessment_occurrences_all(text,bigint) illegal_practice_tally');
(SELECT 'new: ' || p.oid::regprocedure::text || ' ' || p.proowner::regrole::text FROM ext_proc p WHERE p.prosecdef
 EXCEPT SELECT 'new: ' || entry FROM reviewed_secdef)
UNION ALL
(SELECT 'gone: ' || entry FROM reviewed_secdef
 EXCEPT SELECT 'gone: ' || p.oid::regprocedure::text || ' ' || p.proowner::regrole::text FROM ext_proc p WHERE p.prosecdef)
ORDER BY 1;

-- == policies with USING (true) or WITH CHECK (true), with their roles (reviewed: reference data read
-- by everyone; the definer's own bookkeeping; the tally role's upkeep; admins on subject and audit
-- reads (audit_log: now by scope); user_scope read by caller_scope(); national reference data is written only
-- by a national scope, in_caller_scope('000000'), so it is no longer listed) — expect no rows
CREATE TEMP TABLE reviewed_true_policy (entry text);
INSERT INTO reviewed_true_policy VALUES
  ('illegal_practice.assessment_rule ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.assessment_rule_set ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.audit_log audit_log_trigger_write illegal_practice_definer'),
  ('illegal_practice.calendar_exception ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.campaign ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.campaign_stage ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.case_action ip_tally illegal_practice_tally'),
  ('illegal_practice.division ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.enforcement_case ip_tally illegal_practice_tally'),
  ('illegal_practice.practice_point_band ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.practice_point_rule ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.report_form ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.reporting_window ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.subject ip_definer illegal_practice_definer'),
  ('illegal_practice.tally_cell ip_tally illegal_practice_tally'),
  ('illegal_practice.tally_cell_dirty ip_definer illegal_practice_definer'),
  ('illegal_practice.tally_cell_dirty ip_tally illegal_practice_tally'),
  ('illegal_practice.tally_cell_status ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.tally_cell_status ip_tally illegal_practice_tally'),
  ('illegal_practice.tally_cell_txn ip_tally illegal_practice_tally'),
  ('illegal_practice.tally_rollup ip_tally illegal_practice_tally'),
  ('illegal_practice.user_scope user_scope_definer illegal_practice_definer'),
  -- issue 21, reviewed: calendar_year is reference data; ip_tally lets the internal assessment read every township (its callers return the caller's townships only)
  ('illegal_practice.assessment_fact ip_tally illegal_practice_tally'),
  ('illegal_practice.assessment_rule ip_tally illegal_practice_tally'),
  ('illegal_practice.calendar_year ip_read illegal_practice_admin,illegal_practice_analyst,illegal_practice_clerk,illegal_practice_definer,illegal_practice_reader'),
  ('illegal_practice.campaign ip_tally illegal_practice_tally'),
  ('illegal_practice.division ip_tally illegal_practice_tally'),
  ('illegal_practice.incident ip_tally illegal_practice_tally'),
  ('illegal_practice.joint_action ip_tally illegal_practice_tally'),
  ('illegal_practice.joint_application ip_tally illegal_practice_tally'),
  ('illegal_practice.patrol ip_tally illegal_practice_tally'),
  ('illegal_practice.register_submission ip_tally illegal_practice_tally'),
  ('illegal_practice.reporting_window ip_tally illegal_practice_tally'),
  ('illegal_practice.site ip_tally illegal_practice_tally'),
  ('illegal_practice.site_status_history ip_tally illegal_practice_tally'),
  -- issue 20, reviewed: the assessment cache's upkeep tables, tally only (no user role has any privilege)
  ('illegal_practice_internal.assessment_cache_dirty ip_tally illegal_practice_tally'),
  ('illegal_practice_internal.assessment_cache_txn ip_tally illegal_practice_tally'),
  ('illegal_practice_internal.assessment_derived_cache ip_tally illegal_practice_tally');
CREATE TEMP VIEW true_policy AS
  SELECT n.nspname || '.' || c.relname || ' ' || p.polname || ' ' ||
         coalesce((SELECT string_agg(r::regrole::text, ',' ORDER BY r::regrole::text) FROM unnest(p.polroles) r), '') AS entry
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN ('illegal_practice', 'illegal_practice_internal')
     AND (pg_get_expr(p.polqual, p.polrelid) = 'true' OR pg_get_expr(p.polwithcheck, p.polrelid) = 'true');
(SELECT 'new: ' || entry FROM true_policy EXCEPT SELECT 'new: ' || entry FROM reviewed_true_policy)
UNION ALL
(SELECT 'gone: ' || entry FROM reviewed_true_policy EXCEPT SELECT 'gone: ' || entry FROM true_policy)
ORDER BY 1;

-- == functions the user roles can execute (EXECUTE and USAGE on the schema), with which roles
-- (reviewed: the API — types, forms, assessment, deadlines, masks, scope predicates; nothing of
-- illegal_practice_internal) — expect no rows
CREATE TEMP TABLE reviewed_exec (entry text);
INSERT INTO reviewed_exec VALUES
  ('illegal_practice.action_bit(illegal_practice.action_kind) admin,analyst,clerk,reader'),
  ('illegal_practice.action_mask(illegal_practice.action_kind[]) admin,analyst,clerk,reader'),
  ('illegal_practice.add_workdays(date,integer) admin,analyst,clerk,reader'),
  ('illegal_practice.assessment(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_derived(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_detail(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_summary(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.authority_code(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.birth_date(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.caller() admin,analyst,clerk,reader'),
  ('illegal_practice.caller_scope() admin,analyst,clerk,reader'),
  -- charts: the roles of what they read (deadlines and assessment are not for the reader role)
  ('illegal_practice.chart_assessment_ranking(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.chart_cases_monthly(text,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.chart_deadlines_overdue(text,date) admin,analyst,clerk'),
  ('illegal_practice.chart_page_html(text,daterange,bigint,date) admin,analyst,clerk'),
  ('illegal_practice.chart_patrol_stages(text,bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.covers(text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.covers_any(text[],text) admin,analyst,clerk,reader'),
  ('illegal_practice.cron_ready() admin,analyst,clerk,reader'),
  ('illegal_practice.cron_require() admin,analyst,clerk,reader'),
  ('illegal_practice.deadline_date_arg(date) admin,analyst,clerk,reader'),
  ('illegal_practice.csv_bom(boolean) admin,analyst,clerk,reader'),   -- issue 17: the BOM that opens every _csv
  ('illegal_practice.deadline_status(date,date,date) admin,analyst,clerk,reader'),
  ('illegal_practice.deadlines(date) admin,analyst,clerk'),
  ('illegal_practice.division_ancestors(text) admin,analyst,clerk,reader'),
  ('illegal_practice.division_level_of(text) admin,analyst,clerk,reader'),
  ('illegal_practice.division_prefix(text) admin,analyst,clerk,reader'),
  ('illegal_practice.fine_alerts(text) admin,analyst,clerk'),
  ('illegal_practice.fine_range(illegal_practice.case_category,date,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.form_args(text,daterange[]) admin,analyst,clerk,reader'),
  ('illegal_practice.form_beauty_lookback(text,daterange,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_beauty_lookback_csv(text,daterange,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_beauty_lookback_html(text,daterange,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.form_patrol_register(text,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_patrol_register_csv(text,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_patrol_register_html(text,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.form_practice_points(text,daterange,text) admin,analyst,clerk,reader'),
  ('illegal_practice.form_practice_points_csv(text,daterange,text,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_repeat_offenders(text,daterange,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_repeat_offenders_csv(text,daterange,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_repeat_offenders_html(text,daterange,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.form_two_illegal_summary(text,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_two_illegal_summary_csv(text,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_two_illegal_summary_html(text,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.form_unlicensed_summary(text,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_unlicensed_summary_csv(text,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_unlicensed_summary_html(text,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.import_patrol_register(text) admin,analyst,clerk,reader'),
  ('illegal_practice.in_caller_scope(text) admin,analyst,clerk,reader'),
  ('illegal_practice.incident_township(text,bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.invalidate_cache() admin,analyst,clerk,reader'),
  ('illegal_practice.is_agency(text) admin,analyst,clerk,reader'),
  ('illegal_practice.is_closed_status(illegal_practice.site_status) admin,analyst,clerk,reader'),
  ('illegal_practice.is_criminal_transfer(text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.is_penalty(illegal_practice.action_kind) admin,analyst,clerk,reader'),
  ('illegal_practice.is_workday(date) admin,analyst,clerk,reader'),
  ('illegal_practice.job_history_rows() admin,analyst'),
  ('illegal_practice.joint_application_counts(bigint) admin,analyst,clerk'),
  ('illegal_practice.joint_application_letter(bigint) admin,analyst,clerk'),
  ('illegal_practice.joint_application_sites(bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.known_forms() admin,analyst,clerk,reader'),
  ('illegal_practice.load_patrol_register(bytea,text,text) admin,clerk'),   -- clerk import (issue 17): runs as the caller, staging's policies apply
  ('illegal_practice.mask(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.mask_address(text) admin,analyst,clerk,reader'),
  ('illegal_practice.mask_name(text) admin,analyst,clerk,reader'),
  ('illegal_practice.mask_payload(text,jsonb) admin,analyst,clerk,reader'),
  ('illegal_practice.mask_value(text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.mask_phone(text) admin,analyst,clerk,reader'),
  ('illegal_practice.monthly_patrol_obligations(text,date) admin,analyst,clerk'),
  ('illegal_practice.normalize_agency(text) admin,analyst,clerk,reader'),
  ('illegal_practice.open_referrals(text,date) admin,analyst,clerk'),
  ('illegal_practice.organization_code(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.organization_code_valid(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.organization_type(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.parse_register_date(text) admin,analyst,clerk,reader'),
  ('illegal_practice.patrol_obligations(text,daterange) admin,analyst,clerk'),
  ('illegal_practice.penalty_mask() admin,analyst,clerk,reader'),
  ('illegal_practice.pii_address(text) admin,analyst,clerk,reader'),
  ('illegal_practice.pii_name(text) admin,analyst,clerk,reader'),
  ('illegal_practice.pii_phone(text) admin,analyst,clerk,reader'),
  ('illegal_practice.practice_band(text,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.practice_points(text,daterange,text) admin,analyst,clerk'),
  ('illegal_practice.practice_points(text,text) admin,analyst,clerk'),
  ('illegal_practice.practice_scoring_period(date) admin,analyst,clerk,reader'),
  ('illegal_practice.preaggregate(boolean) admin'),
  ('illegal_practice.referral_deadlines(date) admin,analyst,clerk'),
  ('illegal_practice.referral_to_case(bigint,illegal_practice.case_category,date,text) admin,analyst,clerk,reader'),
  ('illegal_practice.region_code(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.region_code(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_cmp(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_eq(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_ge(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_gt(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_hash(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_hash_extended(illegal_practice.resident_id,bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_in(cstring) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_le(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_lt(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_ne(illegal_practice.resident_id,illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_out(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_recv(internal) admin,analyst,clerk,reader'),
  ('illegal_practice.resident_id_send(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.rule_deduction(numeric,boolean,integer,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.schedule_jobs(text) admin,analyst,clerk,reader'),
  ('illegal_practice.scope_within(text) admin,analyst,clerk,reader'),
  ('illegal_practice.score_after(numeric,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.sees_personal() admin,analyst,clerk,reader'),
  ('illegal_practice.setting(text) admin,analyst,clerk,reader'),
  ('illegal_practice.sex(illegal_practice.resident_id) admin,analyst,clerk,reader'),
  ('illegal_practice.site_status_on(bigint,date) admin,analyst,clerk,reader'),
  ('illegal_practice.stage_report_due(bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.subject_key(text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.tally(bigint,integer,numeric,numeric,integer,boolean,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_bit(text) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_cases(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_cases(illegal_practice.tally_state,integer) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_cells_rebuild() admin'),
  ('illegal_practice.tally_cells_usable() admin,analyst,clerk,reader'),
  ('illegal_practice.tally_confiscation_yuan(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_final(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_fine_yuan(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_merge(illegal_practice.tally_state,illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_persons(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_state_in(cstring) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_state_out(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_state_recv(internal) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_state_send(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_subject_ids(illegal_practice.tally_state,integer) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_subjects(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_subjects(illegal_practice.tally_state,integer) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_subjects_union(illegal_practice.tally_state[],integer) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_trans(illegal_practice.tally_state,bigint,integer,numeric,numeric,integer,boolean,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_union(illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tally_union_trans(illegal_practice.tally_state,illegal_practice.tally_state) admin,analyst,clerk,reader'),
  ('illegal_practice.tick(date) admin'),
  ('illegal_practice.tip_feedback_workdays() admin,analyst,clerk,reader'),
  ('illegal_practice.tip_investigation_workdays() admin,analyst,clerk,reader'),
  ('illegal_practice.today() admin,analyst,clerk,reader'),
  ('illegal_practice.total_deduction(numeric,boolean,integer,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.total_deduction_sfunc(numeric,numeric,boolean,integer,numeric) admin,analyst,clerk,reader'),
  ('illegal_practice.transfer_alerts(text) admin,analyst,clerk'),
  ('illegal_practice.unschedule_jobs() admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_cmp(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_eq(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_ge(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_gt(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_hash(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_hash_extended(illegal_practice.uscc,bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_in(cstring) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_le(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_lt(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_ne(illegal_practice.uscc,illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_out(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_recv(internal) admin,analyst,clerk,reader'),
  ('illegal_practice.uscc_send(illegal_practice.uscc) admin,analyst,clerk,reader'),
  ('illegal_practice.window_arg(bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.window_rule_set(bigint) admin,analyst,clerk,reader'),
  ('illegal_practice.yuan_to_wan(numeric) admin,analyst,clerk,reader'),
  -- issue 21, reviewed: new read API (scoped), output helpers (pure), closed_site_months (invoker rights)
  ('illegal_practice.assessment_result_csv(text,bigint,bigint,boolean) admin,analyst,clerk'),
  ('illegal_practice.assessment_result_html(text,bigint,bigint,text,date) admin,analyst,clerk'),
  ('illegal_practice.assessment_result_rows(text,bigint,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_summary_csv(text,bigint,boolean) admin,analyst,clerk'),
  ('illegal_practice.assessment_summary_html(text,bigint,text,date) admin,analyst,clerk'),
  ('illegal_practice.assessment_total(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_total_csv(text,bigint,boolean) admin,analyst,clerk'),
  ('illegal_practice.assessment_total_detail(text,bigint) admin,analyst,clerk'),
  ('illegal_practice.assessment_total_html(text,bigint,text,date) admin,analyst,clerk'),
  ('illegal_practice.closed_site_months(text[],daterange,date) admin,clerk'),
  ('illegal_practice.form_patrol_summary(text,daterange) admin,analyst,clerk,reader'),
  ('illegal_practice.form_patrol_summary_csv(text,daterange,boolean) admin,analyst,clerk,reader'),
  ('illegal_practice.form_patrol_summary_html(text,daterange,text,date,text,text,text) admin,analyst,clerk,reader'),
  ('illegal_practice.worklist(text,date) admin,analyst,clerk,reader'),
  -- issue 20, reviewed: rebuild of the assessment cache (admin only, like tally_cells_rebuild)
  ('illegal_practice.assessment_cache_rebuild() admin');
CREATE TEMP VIEW user_exec AS
  SELECT p.oid::regprocedure::text || ' ' || string_agg(replace(r, 'illegal_practice_', ''), ',' ORDER BY r) AS entry
    FROM ext_proc p, unnest(ARRAY['illegal_practice_admin', 'illegal_practice_clerk', 'illegal_practice_analyst', 'illegal_practice_reader']) r
   WHERE has_function_privilege(r, p.oid, 'EXECUTE') AND has_schema_privilege(r, p.pronamespace, 'USAGE')
   GROUP BY p.oid;
(SELECT 'new: ' || entry FROM user_exec EXCEPT SELECT 'new: ' || entry FROM reviewed_exec)
UNION ALL
(SELECT 'gone: ' || entry FROM reviewed_exec EXCEPT SELECT 'gone: ' || entry FROM user_exec)
ORDER BY 1;
-- nothing of the internal schema is reachable by a user role
SELECT count(*) AS internal_reachable FROM ext_proc p, unnest(ARRAY['illegal_practice_admin', 'illegal_practice_clerk',
         'illegal_practice_analyst', 'illegal_practice_reader']) r
 WHERE p.pronamespace = 'illegal_practice_internal'::regnamespace AND has_schema_privilege(r, p.pronamespace, 'USAGE');  -- 0
