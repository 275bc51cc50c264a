-- 66_deadlines.sql — deadlines(as_of): every kind of deadline of §6 with its status on as_of.
CREATE FUNCTION @extschema@.deadlines(as_of date DEFAULT @extschema@.today())
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE STRICT
BEGIN ATOMIC
  SELECT a.division_code, a.kind, a.reference, a.due_on, a.done_on, a.status
    FROM (SELECT * FROM @extschema@.deadlines_stage_tip(as_of)
          UNION ALL
          SELECT * FROM @extschema@.deadlines_patrol(as_of)
          UNION ALL
          SELECT * FROM @extschema@.referral_deadlines(as_of)) a
   ORDER BY a.due_on, a.kind, a.division_code, a.reference;
END;
COMMENT ON FUNCTION @extschema@.deadlines(date) IS
  '截至 as_of 的各项期限：阶段总结、考核资料、已取缔/自行歇业场所每月巡查、举报调查、实名举报反馈、移送时限（国务院令310号）；状态为 已完成、逾期完成、已逾期、即将到期、未到期';
