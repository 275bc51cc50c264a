-- 62_deadlines.sql — deadline status and periods; the stage-summary and tip deadlines (spec §6, §5.4).
-- The kinds that read patrol work (assessment materials, monthly patrols) are in 65_deadlines_patrol.sql;
-- deadlines() itself, the union of all kinds, is in 66_deadlines.sql.

CREATE FUNCTION @extschema@.deadline_status(due_on date, done_on date, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE
    WHEN done_on IS NOT NULL AND done_on <= as_of THEN
      CASE WHEN done_on <= due_on THEN '已完成' ELSE '逾期完成' END
    WHEN as_of > due_on THEN '已逾期'
    WHEN due_on <= @extschema@.add_workdays(as_of, 3) THEN '即将到期'
    ELSE '未到期' END;
COMMENT ON FUNCTION @extschema@.deadline_status(date, date, date) IS
  '期限状态：已完成（完成日≤截止日）、逾期完成（截止后完成）、已逾期（未完成且 as_of 已过截止日）、即将到期（未完成且截止日在 as_of 后3个工作日内）、未到期；晚于 as_of 的完成日视为未完成';

CREATE FUNCTION @extschema@.tip_investigation_workdays() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.setting('tip_investigation_workdays')::integer;
COMMENT ON FUNCTION @extschema@.tip_investigation_workdays() IS
  '举报调查期限（受理后第N个工作日）：设置 illegal_practice.tip_investigation_workdays，默认 15（本扩展的取值，文件未规定）';

CREATE FUNCTION @extschema@.tip_feedback_workdays() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.setting('tip_feedback_workdays')::integer;
COMMENT ON FUNCTION @extschema@.tip_feedback_workdays() IS
  '实名举报反馈期限（受理后第N个工作日）：设置 illegal_practice.tip_feedback_workdays，默认 15（本扩展的取值，文件未规定）';

CREATE FUNCTION @extschema@.deadlines_stage_tip(as_of date)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT x.division_code, x.kind, x.reference, x.due_on, x.done_on,
         @extschema@.deadline_status(x.due_on, x.done_on, as_of)
    FROM (
      -- 阶段总结: per stage with a due date, for each division whose parent is the campaign's division
      SELECT d.code AS division_code, '阶段总结'::text AS kind, c.code || ' ' || cs.name AS reference,
             @extschema@.stage_report_due(cs.id) AS due_on,
             (SELECT pg_catalog.min(ss.submitted_on) FROM @extschema@.stage_submission ss
               WHERE ss.stage_id = cs.id AND ss.division_code = d.code AND ss.submitted_on <= as_of) AS done_on
        FROM @extschema@.campaign_stage cs
        JOIN @extschema@.campaign c ON c.id = cs.campaign_id
        JOIN @extschema@.division d ON d.parent_code = c.division_code
       WHERE @extschema@.stage_report_due(cs.id) IS NOT NULL
      UNION ALL
      -- 举报调查: every tip received by as_of
      SELECT t.division_code, '举报调查', '举报线索#' || t.id || '（' || t.received_on || '受理）',
             @extschema@.add_workdays(t.received_on, @extschema@.tip_investigation_workdays()),
             CASE WHEN t.investigated_on <= as_of THEN t.investigated_on END
        FROM @extschema@.tip t
       WHERE t.received_on <= as_of
      UNION ALL
      -- 实名举报反馈
      SELECT t.division_code, '实名举报反馈', '举报线索#' || t.id || '（' || t.received_on || '受理）',
             @extschema@.add_workdays(t.received_on, @extschema@.tip_feedback_workdays()),
             CASE WHEN t.feedback_on <= as_of THEN t.feedback_on END
        FROM @extschema@.tip t
       WHERE t.received_on <= as_of AND t.real_name
    ) x;
END;
COMMENT ON FUNCTION @extschema@.deadlines_stage_tip(date) IS '期限（阶段总结、举报调查、实名举报反馈部分），由 deadlines() 汇总';
