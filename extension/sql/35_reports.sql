-- 35_reports.sql — report views for BI tools: the forms' counters by division × month × category ×
-- institution type. Columns use only text, date, bigint and numeric. Distinct-subject columns are
-- exact within a row but NOT additive across rows (a subject in two months counts in both).

CREATE VIEW @extschema@.report_cases_monthly WITH (security_invoker = true) AS
SELECT t.division_code, d.name AS division_name, t.month, t.category::text AS category,
       t.institution_type::text AS institution_type,
       @extschema@.tally_cases(t.s) AS cases,
       @extschema@.tally_subjects(t.s) AS subjects,
       @extschema@.tally_subjects(t.s, @extschema@.penalty_mask()) AS penalized_subjects,
       @extschema@.tally_cases(t.s, @extschema@.penalty_mask()) AS penalty_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('责令改正')) AS order_correct_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('警告')) AS warning_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')) AS fine_cases,
       @extschema@.tally_fine_yuan(t.s) AS fine_yuan,
       @extschema@.yuan_to_wan(@extschema@.tally_fine_yuan(t.s)) AS fine_wan,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('没收违法所得')) AS confiscation_cases,
       @extschema@.tally_confiscation_yuan(t.s) AS confiscation_yuan,
       @extschema@.yuan_to_wan(@extschema@.tally_confiscation_yuan(t.s)) AS confiscation_wan,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('没收药品器械')) AS goods_confiscated_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('责令停业整顿')) AS suspension_cases,
       @extschema@.tally_subjects(t.s, @extschema@.action_bit('责令停业整顿')) AS suspended_subjects,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业许可')) AS license_revoked_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业证书')) AS certificate_revoked_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('取缔')) AS ban_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')) AS transferred_to_judiciary,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('移送相关部门')) AS referred_to_departments,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('法院判决')) AS court_judgments,
       @extschema@.tally_persons(t.s) AS persons_held_accountable,
       @extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')) AS cases_entered
  FROM (SELECT f.division_code, pg_catalog.date_trunc('month', f.case_date)::date AS month, f.category, f.institution_type,
               @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                 f.entered_in_system, f.rectified) AS s
          FROM @extschema@.case_facts f
         GROUP BY 1, 2, 3, 4) t
  LEFT JOIN @extschema@.division d ON d.code = t.division_code;
COMMENT ON VIEW @extschema@.report_cases_monthly IS
  '案件月报（BI）：区划 × 月份 × 案件类别 × 机构类型；计数口径同附表（户次=案件数，单位数=去重当事人，去重数不可跨行相加）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.division_code IS '办案区划代码';
COMMENT ON COLUMN @extschema@.report_cases_monthly.division_name IS '办案区划名称';
COMMENT ON COLUMN @extschema@.report_cases_monthly.month IS '月份（当月第一天，按案件日期）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.category IS '案件类别';
COMMENT ON COLUMN @extschema@.report_cases_monthly.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.report_cases_monthly.cases IS '案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.subjects IS '当事人数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.penalized_subjects IS '行政处罚单位数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.penalty_cases IS '行政处罚案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.order_correct_cases IS '责令改正案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.warning_cases IS '警告案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_cases IS '罚款户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_wan IS '罚款金额（万元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_cases IS '没收违法所得户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_yuan IS '没收违法所得金额（元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_wan IS '没收违法所得金额（万元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.goods_confiscated_cases IS '没收药品器械案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.suspension_cases IS '责令停业整顿案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.suspended_subjects IS '责令停业整顿户数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.license_revoked_cases IS '吊销执业许可案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.certificate_revoked_cases IS '吊销执业证书案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.ban_cases IS '取缔户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.transferred_to_judiciary IS '移送司法机关案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.referred_to_departments IS '移送相关部门案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.court_judgments IS '法院判决案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.persons_held_accountable IS '追责人数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.cases_entered IS '信息系统录入案件数';
ALTER VIEW @extschema@.report_cases_monthly SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.report_cases_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.report_cases_monthly FROM PUBLIC;
GRANT SELECT ON @extschema@.report_cases_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW @extschema@.report_inspections_monthly WITH (security_invoker = true) AS
SELECT i.division_code, d.name AS division_name, pg_catalog.date_trunc('month', i.inspected_on)::date AS month,
       i.category::text AS category, pg_catalog.count(*) AS inspections,
       pg_catalog.count(DISTINCT i.subject_id) AS inspected_subjects
  FROM @extschema@.inspection i LEFT JOIN @extschema@.division d ON d.code = i.division_code
 GROUP BY i.division_code, d.name, 3, i.category;
COMMENT ON VIEW @extschema@.report_inspections_monthly IS '检查月报（BI）：区划 × 月份 × 类别的检查次数与检查对象数（去重）';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.division_code IS '检查区划代码';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.division_name IS '检查区划名称';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.month IS '月份（当月第一天）';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.category IS '检查类别';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.inspections IS '检查次数';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.inspected_subjects IS '检查对象数（去重）';
ALTER VIEW @extschema@.report_inspections_monthly SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.report_inspections_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.report_inspections_monthly FROM PUBLIC;
GRANT SELECT ON @extschema@.report_inspections_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
