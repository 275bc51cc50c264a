-- 61_deadlines.sql — every deadline of spec §6 in one place: one status rule (deadline_status), one
-- set-returning function per kind (stage summaries and tips, patrol work, referral clocks), and
-- deadlines(), their union.

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
         AND @extschema@.in_caller_scope(d.code)   -- only divisions the caller can see: no invented statuses
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

-- ===== patrol work: 考核资料 per township and reporting window (done by the earliest
-- register_submission) and 每月巡查 of closed sites (per site and month, due on the month's last day;
-- done by the earliest patrol of the site in that month) =====
CREATE FUNCTION @extschema@.deadlines_patrol(as_of date)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT x.code, '考核资料'::text, x.reference, x.due_on, x.done_on,
           @extschema@.deadline_status(x.due_on, x.done_on, as_of)
      FROM (SELECT d.code, c.code || ' ' || w.name AS reference, w.due_on,
                   (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                     WHERE rs.township_code = d.code AND rs.window_id = w.id
                       AND rs.submitted_on <= as_of) AS done_on
              FROM @extschema@.reporting_window w
              JOIN @extschema@.campaign c ON c.id = w.campaign_id
              JOIN @extschema@.division d
                ON d.level = '乡镇'::@extschema@.division_level AND @extschema@.covers(c.division_code, d.code)
             WHERE @extschema@.in_caller_scope(d.code)) x;   -- only townships the caller can see
    -- closed = 已取缔 or 自行歇业, adjacent closed statuses merged; a month is owed when it starts
    -- strictly after the closing date c (spec 2.4 "starts after c"), has begun by as_of, and the site
    -- stayed closed throughout it (a reopening after as_of is not yet known on as_of)
    RETURN QUERY
    SELECT x.township_code, '每月巡查'::text, x.reference, x.due_on, x.done_on,
           @extschema@.deadline_status(x.due_on, x.done_on, as_of)
      FROM (SELECT s.township_code,
                   '#' || s.id || ' ' || s.name || ' ' || to_char(m.month_start, 'YYYY-MM') AS reference,
                   (m.month_start + interval '1 month')::date - 1 AS due_on,
                   (SELECT min(p.patrolled_on) FROM @extschema@.patrol p
                     WHERE p.site_id = s.id AND p.patrolled_on >= m.month_start
                       AND p.patrolled_on < (m.month_start + interval '1 month')::date
                       AND p.patrolled_on <= as_of) AS done_on
              FROM (SELECT h.site_id, unnest(range_agg(h.valid)) AS closed
                      FROM @extschema@.site_status_history h
                     WHERE h.status = ANY (ARRAY['已取缔', '自行歇业']::@extschema@.site_status[])
                     GROUP BY h.site_id) cl
              JOIN @extschema@.site s ON s.id = cl.site_id
              CROSS JOIN LATERAL (
                SELECT g::date AS month_start
                  FROM generate_series(date_trunc('month', lower(cl.closed)) + interval '1 month',
                                       date_trunc('month', as_of), interval '1 month') g) m
             WHERE NOT lower_inf(cl.closed)
               AND (upper_inf(cl.closed) OR upper(cl.closed) > as_of
                    OR (m.month_start + interval '1 month')::date <= upper(cl.closed))) x;
END $$;
COMMENT ON FUNCTION @extschema@.deadlines_patrol(date) IS
  '期限（考核资料、已取缔/自行歇业场所每月巡查部分），由 deadlines() 汇总';

-- ===== 移送时限（国务院令第310号） =====
CREATE FUNCTION @extschema@.referral_deadlines(as_of date DEFAULT NULL)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(referral_deadlines.as_of, @extschema@.today()) AS d),
  clocks AS (
    SELECT r.id, r.division_code, '移送审批' AS kind, r.reported_on AS started, r.reported_on + 3 AS due, r.approved_on AS done,
           r.subject_name, r.from_agency, r.to_agency, 1 AS ord
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.reported_on IS NOT NULL
    UNION ALL
    SELECT r.id, r.division_code, '移送交接', r.approved_on, r.approved_on + 1, r.referred_on,
           r.subject_name, r.from_agency, r.to_agency, 2
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.approved_on IS NOT NULL
       AND r.approved IS DISTINCT FROM false
    UNION ALL
    SELECT r.id, r.division_code, '立案审查', coalesce(r.received_on, r.referred_on),
           coalesce(r.received_on, r.referred_on) + 3, r.result_on, r.subject_name, r.from_agency, r.to_agency, 3
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.referred_on IS NOT NULL
  )
  SELECT c.division_code, c.kind,
         '移送#' || c.id || ' ' || @extschema@.pii_name(c.subject_name) || '（' || c.from_agency || '→' || c.to_agency || '）',
         c.due, CASE WHEN c.done <= a.d THEN c.done END,
         @extschema@.deadline_status(c.due, c.done, a.d)
    FROM clocks c, a
   WHERE c.started <= a.d
   ORDER BY c.due, c.id, c.ord;
END;
COMMENT ON FUNCTION @extschema@.referral_deadlines(date) IS
  '移送时限（国务院令第310号，供 deadlines 合并）：移送审批（报告后3日内决定）、移送交接（批准后24小时内移送）、'
  '立案审查（接受后3日内决定是否立案）；列同 deadlines：区划、事项、对象、截止日、完成日、状态；as_of 为空取今天';
ALTER FUNCTION @extschema@.referral_deadlines(date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.referral_deadlines(date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.referral_deadlines(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.referral_deadlines(date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- open referrals, each with its current clock
CREATE FUNCTION @extschema@.open_referrals(division_code text, as_of date DEFAULT NULL)
  RETURNS TABLE (referral_id bigint, division text, from_agency text, to_agency text, subject_name text,
                 reason text, referred_on date, received_on date, next_step text, due_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(open_referrals.as_of, @extschema@.today()) AS d)
  SELECT r.id, d.name, r.from_agency, r.to_agency, @extschema@.pii_name(r.subject_name), coalesce(r.reason, ''),
         CASE WHEN r.referred_on <= a.d THEN r.referred_on END,
         CASE WHEN r.received_on <= a.d THEN r.received_on END,
         coalesce(k.kind, CASE WHEN r.referred_on IS NULL OR r.referred_on > a.d THEN '待移送' ELSE '待处理' END),
         k.due_on, coalesce(k.status, '')
    FROM @extschema@.referral r
    CROSS JOIN a
    LEFT JOIN @extschema@.division d ON d.code = r.division_code
    LEFT JOIN LATERAL (
      SELECT x.kind, x.due_on, x.status FROM @extschema@.referral_deadlines(a.d) x
       WHERE x.reference LIKE '移送#' || r.id || ' %' AND x.done_on IS NULL
       ORDER BY x.due_on LIMIT 1) k ON true
   WHERE @extschema@.covers(open_referrals.division_code, r.division_code)
     AND coalesce(r.reported_on, r.referred_on) <= a.d
     AND (r.result_on IS NULL OR r.result_on > a.d)
     AND r.approved IS DISTINCT FROM false
   ORDER BY k.due_on NULLS LAST, r.id;
END;
COMMENT ON FUNCTION @extschema@.open_referrals(text, date) IS
  '未办结的移送：截至 as_of 尚无处理结果的移送，附下一步事项、截止日与状态（310号令时限，非刑事移送为“待处理”）；as_of 为空取今天';
ALTER FUNCTION @extschema@.open_referrals(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.open_referrals(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.open_referrals(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.open_referrals(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.deadline_date_arg(as_of date) RETURNS date
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF as_of IS NULL OR NOT isfinite(as_of) OR as_of < date '1949-10-01' OR as_of > @extschema@.today() + 3660 THEN
    RAISE EXCEPTION 'as_of % is not a plausible date', coalesce(as_of::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass a finite date between 1949-10-01 and ten years from today, e.g. today()';
  END IF;
  RETURN as_of;
END $$;
COMMENT ON FUNCTION @extschema@.deadline_date_arg(date) IS '参数检查：期限的 as_of 须为有限的合理日期（1949-10-01 至今后十年），否则报 22023';

-- ===== deadlines(): the union of every kind =====
CREATE FUNCTION @extschema@.deadlines(as_of date DEFAULT @extschema@.today())
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT @extschema@.deadline_date_arg(as_of);   -- bad arguments are errors, not empty lists
  SELECT a.division_code, a.kind, a.reference, a.due_on, a.done_on, a.status
    FROM (SELECT * FROM @extschema@.deadlines_stage_tip(as_of)
          UNION ALL
          SELECT * FROM @extschema@.deadlines_patrol(as_of)
          UNION ALL
          SELECT * FROM @extschema@.referral_deadlines(as_of)) a
   ORDER BY a.due_on, a.kind, a.division_code, a.reference;
END;
COMMENT ON FUNCTION @extschema@.deadlines(date) IS
  '截至 as_of 的各项期限：阶段总结、考核资料、已取缔/自行歇业场所每月巡查、举报调查、实名举报反馈、移送时限（国务院令310号）；状态为 已完成、逾期完成、已逾期、即将到期、未到期；'
  '只列调用者辖区内的区划；as_of 为空或不合理时报 22023';
ALTER FUNCTION @extschema@.deadlines(date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.deadlines(date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.deadlines(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.deadlines(date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
