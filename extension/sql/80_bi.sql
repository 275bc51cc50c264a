-- 80_bi.sql — the BI layer (docs/bi.md): schema illegal_practice_bi holds only what the BI roles may read,
-- as views with Chinese column names (ODBC clients such as Excel, WPS and Power BI show names, never
-- COMMENTs), no 合计 rows (a BI SUM would count them twice), and only text, integer/bigint, numeric and
-- date columns (no enums, no extension types: JDBC would see Types.OTHER). Each view reads as
-- illegal_practice_definer with the caller's scope (caller()), personal data masked as for the caller.
-- Distinct counts (…单位数, …对象数, 当事人数) are exact within a row and must not be summed across rows.

CREATE SCHEMA illegal_practice_bi;
COMMENT ON SCHEMA illegal_practice_bi IS '打击非法行医 BI 视图：中文列名，不含合计行，只用文本、整数、数值、日期类型；BI 工具只需选这个模式';
REVOKE ALL ON SCHEMA illegal_practice_bi FROM PUBLIC;
GRANT USAGE ON SCHEMA illegal_practice_bi TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
  illegal_practice_reader;

-- columns of a BI view: one COMMENT each, from a list (view, column, comment)
CREATE FUNCTION illegal_practice_internal.bi_comment_columns(view_name regclass, comments text[]) RETURNS void
  LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  i integer;
BEGIN
  FOR i IN 1 .. coalesce(array_length(comments, 1), 0) / 2 LOOP
    EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', view_name, comments[2 * i - 1], comments[2 * i]);
  END LOOP;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.bi_comment_columns(regclass, text[]) IS
  '为 BI 视图逐列加注释：参数为 列名, 注释, 列名, 注释, …（仅安装脚本使用）';
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_comment_columns(regclass, text[]) FROM PUBLIC;

-- ===== 区划 =====
CREATE VIEW illegal_practice_bi.divisions AS
SELECT d.code AS "区划代码", d.name AS "区划名称", d.level::text AS "级别", d.parent_code AS "上级区划代码"
  FROM @extschema@.division d;
COMMENT ON VIEW illegal_practice_bi.divisions IS '行政区划（省、市、县、乡镇），供 BI 关联与筛选';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.divisions', ARRAY[
  '区划代码', '区划代码（县级以上6位，乡镇9位）', '区划名称', '区划名称', '级别', '省、市、县、乡镇', '上级区划代码', '上级区划代码（省为空）']);
ALTER VIEW illegal_practice_bi.divisions OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.divisions FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.divisions TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 案件月报 =====
CREATE VIEW illegal_practice_bi.cases_monthly AS
SELECT r.division_code AS "区划代码", r.division_name AS "区划名称", r.month AS "月份", r.category AS "案件类别",
       r.institution_type AS "机构类型", r.cases AS "案件数", r.subjects AS "当事人数",
       r.penalized_subjects AS "行政处罚单位数", r.penalty_cases AS "行政处罚案件数",
       r.order_correct_cases AS "责令改正户次", r.warning_cases AS "警告户次", r.fine_cases AS "罚款户次",
       r.fine_yuan AS "罚款金额（元）", r.fine_wan AS "罚款金额（万元）",
       r.confiscation_cases AS "没收违法所得户次", r.confiscation_yuan AS "没收违法所得金额（元）",
       r.confiscation_wan AS "没收违法所得金额（万元）", r.goods_confiscated_cases AS "没收药品器械户次",
       r.suspension_cases AS "责令停业整顿户次", r.suspended_subjects AS "责令停业整顿户数",
       r.license_revoked_cases AS "吊销执业许可户次", r.certificate_revoked_cases AS "吊销执业证书户次",
       r.ban_cases AS "取缔户次", r.transferred_to_judiciary AS "移送司法机关案件数",
       r.referred_to_departments AS "移送相关部门案件数", r.court_judgments AS "法院判决案件数",
       r.persons_held_accountable AS "追责人数", r.cases_entered AS "信息系统录入案件数"
  FROM @extschema@.report_cases_monthly r;
COMMENT ON VIEW illegal_practice_bi.cases_monthly IS
  '案件月报：区划 x 月份 x 案件类别 x 机构类型，口径同附表1-4（户次 = 案件数）；无合计行。当事人数、单位数、户数为去重数，不可跨行相加';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.cases_monthly', ARRAY[
  '区划代码', '办案区划代码', '区划名称', '办案区划名称', '月份', '立案（或处罚）月份的第一天', '案件类别', '无证行医、医疗机构违法执业、非法医疗美容等',
  '机构类型', '西医、中医、医疗美容、口腔、其他', '案件数', '案件数', '当事人数', '去重当事人数（不可跨行相加）',
  '行政处罚单位数', '有处罚决定的去重当事人数（不可跨行相加）', '行政处罚案件数', '有处罚决定的案件数',
  '责令改正户次', '有责令改正的案件数', '警告户次', '有警告的案件数', '罚款户次', '有罚款的案件数',
  '罚款金额（元）', '罚款金额合计（元）', '罚款金额（万元）', '罚款金额（万元，四舍五入到4位）',
  '没收违法所得户次', '有没收违法所得的案件数', '没收违法所得金额（元）', '没收违法所得金额（元）',
  '没收违法所得金额（万元）', '没收违法所得金额（万元，四舍五入到4位）', '没收药品器械户次', '有没收药品器械的案件数',
  '责令停业整顿户次', '有责令停业整顿的案件数', '责令停业整顿户数', '责令停业整顿的去重当事人数（不可跨行相加）',
  '吊销执业许可户次', '有吊销执业许可的案件数', '吊销执业证书户次', '有吊销执业证书的案件数', '取缔户次', '有取缔的案件数',
  '移送司法机关案件数', '移送司法机关的案件数', '移送相关部门案件数', '移送相关部门的案件数', '法院判决案件数', '有法院判决的案件数',
  '追责人数', '因非法行医被追责的人数', '信息系统录入案件数', '已录入信息系统的案件数']);
ALTER VIEW illegal_practice_bi.cases_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.cases_monthly FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.cases_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 检查月报 =====
CREATE VIEW illegal_practice_bi.inspections_monthly AS
SELECT r.division_code AS "区划代码", r.division_name AS "区划名称", r.month AS "月份", r.category AS "检查类别",
       r.inspections AS "检查次数", r.inspected_subjects AS "检查对象数"
  FROM @extschema@.report_inspections_monthly r;
COMMENT ON VIEW illegal_practice_bi.inspections_monthly IS '检查月报：区划 x 月份 x 类别的检查次数与检查对象数（去重，不可跨行相加）';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.inspections_monthly', ARRAY[
  '区划代码', '区划代码', '区划名称', '区划名称', '月份', '检查月份的第一天', '检查类别', '两非等检查类别',
  '检查次数', '检查次数', '检查对象数', '去重检查对象数（不可跨行相加）']);
ALTER VIEW illegal_practice_bi.inspections_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.inspections_monthly FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.inspections_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 考核排名（附件3）=====
-- a view checks EXECUTE on the functions it calls as the querying role, and the reader may not call
-- assessment_summary() or deadlines() (docs/security.md): the BI views read them through these
-- SECURITY DEFINER functions, which give the ranking and the deadlines inside the caller's scope only.
CREATE FUNCTION illegal_practice_internal.bi_assessment_ranking()
  RETURNS TABLE (campaign text, window_id bigint, window_name text, first_day date, last_day date,
                 township_code text, township text, deduction numeric, rank bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT c.code, w.id, w.name, pg_catalog.lower(w.covers), pg_catalog.upper(w.covers) - 1,
         s.township_code, s.township, s.deduction, s.rank
    FROM @extschema@.reporting_window w
    JOIN @extschema@.campaign c ON c.id = w.campaign_id
   CROSS JOIN LATERAL @extschema@.assessment_summary(c.division_code, w.id) s
   WHERE @extschema@.in_caller_scope(s.township_code)
   ORDER BY w.id, s.rank, s.township_code;
END;
COMMENT ON FUNCTION illegal_practice_internal.bi_assessment_ranking() IS
  'BI 视图 assessment_ranking 的数据：每个考核期、调用者辖区内每个乡镇的总扣分与全县排名';
ALTER FUNCTION illegal_practice_internal.bi_assessment_ranking() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.bi_assessment_ranking() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_assessment_ranking() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.bi_assessment_ranking() TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW illegal_practice_bi.assessment_ranking AS
SELECT r.campaign AS "专项行动", r.window_id AS "考核期编号", r.window_name AS "考核期", r.first_day AS "考核期开始",
       r.last_day AS "考核期结束", r.township_code AS "乡镇代码", r.township AS "乡镇",
       r.deduction AS "扣分", r.rank AS "排名"
  FROM illegal_practice_internal.bi_assessment_ranking() r;
COMMENT ON VIEW illegal_practice_bi.assessment_ranking IS
  '乡镇考核排名（附件3）：每个考核期、调用者辖区内每个乡镇的总扣分与排名（扣分少者在前，并列同名次）；排名在全县范围内计算';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.assessment_ranking', ARRAY[
  '专项行动', '专项行动文号', '考核期编号', '考核期编号（reporting_window.id）', '考核期', '考核资料报送期名称，如 1-6月',
  '考核期开始', '考核期第一天', '考核期结束', '考核期最后一天', '乡镇代码', '乡镇代码（9位）', '乡镇', '乡镇名称',
  '扣分', '该考核期总扣分', '排名', '全县排名（扣分少者在前，并列同名次，如 1,1,3）']);
ALTER VIEW illegal_practice_bi.assessment_ranking OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.assessment_ranking FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.assessment_ranking TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 期限 =====
CREATE FUNCTION illegal_practice_internal.bi_deadlines()
  RETURNS TABLE (division_code text, division_name text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE   -- not PARALLEL SAFE: deadlines() is not
BEGIN ATOMIC
  SELECT x.division_code, d.name, x.kind, x.reference, x.due_on, x.done_on, x.status
    FROM @extschema@.deadlines(@extschema@.today()) x
    LEFT JOIN @extschema@.division d ON d.code = x.division_code;
END;
COMMENT ON FUNCTION illegal_practice_internal.bi_deadlines() IS 'BI 视图 deadlines 的数据：截至今天、调用者辖区内的各项期限（对象姓名按调用者权限脱敏）';
ALTER FUNCTION illegal_practice_internal.bi_deadlines() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.bi_deadlines() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_deadlines() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.bi_deadlines() TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW illegal_practice_bi.deadlines AS
SELECT x.division_code AS "区划代码", x.division_name AS "区划名称", x.kind AS "事项", x.reference AS "事由",
       x.due_on AS "截止日期", x.done_on AS "完成日期", x.status AS "状态"
  FROM illegal_practice_internal.bi_deadlines() x;
COMMENT ON VIEW illegal_practice_bi.deadlines IS
  '截至今天（illegal_practice.timezone，默认北京时间）的各项期限：阶段总结、考核资料、每月巡查、举报、移送时限；对象姓名按调用者权限脱敏';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.deadlines', ARRAY[
  '区划代码', '负有期限的区划代码', '区划名称', '区划名称', '事项', '阶段总结、考核资料、场所巡查、举报调查、实名举报反馈、移送审批等',
  '事由', '专项行动与阶段、场所或移送对象（姓名脱敏）', '截止日期', '截止日期（含当日）', '完成日期', '完成日期（未完成为空）',
  '状态', '已完成、逾期完成、已逾期、即将到期、未到期']);
ALTER VIEW illegal_practice_bi.deadlines OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.deadlines FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.deadlines TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 今日待办（worklist）=====
CREATE VIEW illegal_practice_bi.worklist AS
SELECT w.township_code AS "乡镇代码", w.township AS "乡镇", w.site_id AS "场所编号",
       @extschema@.pii_name(w.site_name) AS "场所名称", w.kind AS "事项", w.due AS "应办内容", w.since AS "自何日起"
  FROM @extschema@.worklist_today w;
COMMENT ON VIEW illegal_practice_bi.worklist IS
  '今日待办清单：调用者辖区内今天应办的事项（历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动）；场所名称按调用者权限脱敏';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.worklist', ARRAY[
  '乡镇代码', '乡镇（街道）代码', '乡镇', '乡镇（街道）名称', '场所编号', '场所编号（联合行动事项为空）',
  '场所名称', '场所名称（脱敏）', '事项', '历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动',
  '应办内容', '应办内容', '自何日起', '自何日起应办']);
ALTER VIEW illegal_practice_bi.worklist OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.worklist FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.worklist TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 巡查登记（附件1）=====
CREATE VIEW illegal_practice_bi.patrol_register AS
SELECT p.township AS "乡镇", p.unit_name AS "无证行医单位名称", p.people AS "负责人及从业人员姓名", p.address AS "行医地址",
       p.phone AS "联系电话", p.school AS "毕业院校", p.major AS "所学专业", p.qualification AS "从医资格",
       p.subjects AS "诊治科目", p.joint_enforcement AS "是否要联合查处", p.patrolled_on AS "巡查日期",
       pg_catalog.date_trunc('month', p.patrolled_on)::date AS "巡查月份", top.code AS "省级区划代码"
  FROM @extschema@.division top
 CROSS JOIN LATERAL @extschema@.form_patrol_register(top.code, daterange('1900-01-01', '2200-01-01')) p
 WHERE top.parent_code IS NULL;
COMMENT ON VIEW illegal_practice_bi.patrol_register IS
  '巡查登记（附件1）：调用者辖区内的全部巡查，一行一次；姓名、电话、地址按调用者权限脱敏；按巡查日期或月份筛选';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.patrol_register', ARRAY[
  '乡镇', '乡镇名称', '无证行医单位名称', '无证行医单位（场所）名称', '负责人及从业人员姓名', '负责人在前，以、分隔（按权限脱敏）',
  '行医地址', '行医地址（按权限脱敏）', '联系电话', '联系电话（按权限脱敏）', '毕业院校', '负责人毕业院校', '所学专业', '负责人所学专业',
  '从医资格', '负责人从医资格', '诊治科目', '负责人诊治科目', '是否要联合查处', '是 / 否', '巡查日期', '巡查日期',
  '巡查月份', '巡查月份的第一天', '省级区划代码', '所属省级区划代码']);
ALTER VIEW illegal_practice_bi.patrol_register OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.patrol_register FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.patrol_register TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
