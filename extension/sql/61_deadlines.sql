-- 61_deadlines.sql — every deadline of spec §6 in one place: one status rule (deadline_status), one
-- set-returning function per kind (stage summaries and tips, patrol work, referral clocks), and
-- deadlines(), their union; and the worklist (what is owed now, per site and township) with its BI view.

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

CREATE FUNCTION illegal_practice_internal.deadlines_stage_tip(as_of date)
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
COMMENT ON FUNCTION illegal_practice_internal.deadlines_stage_tip(date) IS '期限（阶段总结、举报调查、实名举报反馈部分），由 deadlines() 汇总';

-- ===== patrol work: 考核资料 per township and reporting window (done by the earliest
-- register_submission) and 每月巡查 of closed sites (per site and month, due on the month's last day;
-- done by the earliest patrol of the site in that month) =====
CREATE FUNCTION illegal_practice_internal.deadlines_patrol(as_of date)
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
    -- the one monthly obligation (closed_site_months, 20_patrol.sql): every month that has begun by as_of,
    -- starting on or after the closing date, closed throughout as known on as_of
    RETURN QUERY
    SELECT m.township_code, '每月巡查'::text,
           '#' || m.site_id || ' ' || m.site_name || ' ' || to_char(m.month, 'YYYY-MM'),
           (m.month + interval '1 month')::date - 1,
           CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END,
           @extschema@.deadline_status((m.month + interval '1 month')::date - 1,
                                       CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END, as_of)
      FROM @extschema@.closed_site_months(NULL, daterange(NULL, (date_trunc('month', as_of) + interval '1 month')::date), as_of) m;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.deadlines_patrol(date) IS
  '期限（考核资料、已取缔/自行歇业/已停业场所每月巡查部分），由 deadlines() 汇总';

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
    FROM (SELECT * FROM illegal_practice_internal.deadlines_stage_tip(as_of)
          UNION ALL
          SELECT * FROM illegal_practice_internal.deadlines_patrol(as_of)
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

-- ===== worklist (issue 21): what is owed now =====
CREATE FUNCTION @extschema@.worklist(division_code text, as_of date)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, kind text, due text, since date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := illegal_practice_internal.patrol_division_arg(division_code);
  towns text[];
  m0 date := date_trunc('month', as_of)::date;
BEGIN
  SELECT coalesce(array_agg(d.code ORDER BY d.code), '{}') INTO towns
    FROM @extschema@.division d WHERE d.level = '乡镇' AND @extschema@.covers(scope, d.code);
  RETURN QUERY
  WITH ts AS (
    SELECT s.id, s.township_code, s.name, s.found_on, @extschema@.site_status_on(s.id, as_of) AS st
      FROM @extschema@.site s
     WHERE s.township_code = ANY (towns) AND (s.found_on IS NULL OR s.found_on <= as_of)
  ), sp AS (
    SELECT p.site_id, p.patrolled_on, p.operating, p.outcome,
           coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业'))
                      OVER (PARTITION BY p.site_id ORDER BY p.patrolled_on, p.id
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS after_persuasion
      FROM @extschema@.patrol p
     WHERE p.township_code = ANY (towns) AND p.site_id IS NOT NULL AND p.patrolled_on <= as_of
  ), ps AS (
    SELECT sp.site_id,
           min(sp.patrolled_on) FILTER (WHERE sp.operating) AS first_operating,
           coalesce(bool_or(sp.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
           min(sp.patrolled_on) FILTER (WHERE sp.outcome = '拒不整改' OR (sp.operating AND sp.after_persuasion)) AS failed,
           max(sp.patrolled_on) FILTER (WHERE sp.outcome = '已取缔') AS last_ban
      FROM sp GROUP BY sp.site_id
  ), w AS (
    -- historical 窝点: found before the campaign's first stage, not patrolled since it began
    SELECT ts.township_code, ts.id, ts.name, '历史窝点回访'::text AS kind,
           c.code || ' ' || fs.name || '：历史窝点回访复查（' || coalesce(ts.found_on::text, '发现日期不详') || ' 发现）' AS due,
           lower(fs.period) AS since
      FROM @extschema@.campaign c
     CROSS JOIN LATERAL (SELECT cs.name, cs.period FROM @extschema@.campaign_stage cs
                          WHERE cs.campaign_id = c.id ORDER BY cs.ordinal, cs.id LIMIT 1) fs
      JOIN ts ON @extschema@.covers(c.division_code, ts.township_code)
     WHERE lower(fs.period) <= as_of
       AND (ts.found_on IS NULL OR ts.found_on < lower(fs.period))
       AND ts.st IS DISTINCT FROM '已取得许可'
       AND NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                        WHERE p.site_id = ts.id AND p.patrolled_on >= lower(fs.period) AND p.patrolled_on <= as_of)
    UNION ALL
    -- found operating, never ordered / persuaded (rule 2.3a)
    SELECT ts.township_code, ts.id, ts.name, '劝导停业',
           ps.first_operating || ' 发现执业，尚未责令限期整改或劝导停业', ps.first_operating
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.first_operating IS NOT NULL AND NOT ps.handled
       AND NOT coalesce(@extschema@.is_closed_status(ts.st) OR ts.st = '已取得许可', false)
    UNION ALL
    -- persuasion failed, no application since and not banned by the township (rule 2.3b)
    SELECT ts.township_code, ts.id, ts.name, '申请联合执法',
           ps.failed || ' 劝导无果，应向县打非办申请协同取缔（附件2）或自行取缔', ps.failed
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.failed IS NOT NULL AND NOT (ps.last_ban >= ps.failed) IS TRUE
       AND NOT coalesce(@extschema@.is_closed_status(ts.st) OR ts.st = '已取得许可', false)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_application a
                        WHERE a.township_code = ts.township_code AND a.applied_on >= ps.failed AND a.applied_on <= as_of)
    UNION ALL
    -- closed sites without this month's visit (rule 2.4, the one definition)
    SELECT m.township_code, m.site_id, m.site_name, '每月巡查',
           pg_catalog.to_char(m.month, 'YYYY-MM') || ' 每月巡查（' || m.status || '，自 ' || m.closed_since || '）', m.month
      FROM @extschema@.closed_site_months(towns, daterange(m0, (m0 + interval '1 month')::date), as_of) m
     WHERE m.patrolled_on IS NULL OR m.patrolled_on > as_of
    UNION ALL
    -- joint actions applied for but not yet held
    SELECT a.township_code, NULL::bigint, NULL::text, '联合行动',
           '联合执法申请 ' || a.applied_on || ' 待县打非办组织联合行动', a.applied_on
      FROM @extschema@.joint_application a
     WHERE a.township_code = ANY (towns) AND a.applied_on <= as_of
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_action j WHERE j.application_id = a.id AND j.acted_on <= as_of)
  )
  SELECT w.township_code, d.name, w.id, w.name, w.kind, w.due, w.since
    FROM w JOIN @extschema@.division d ON d.code = w.township_code
   ORDER BY w.township_code, w.since, w.kind, w.id;
END $$;
COMMENT ON FUNCTION @extschema@.worklist(text, date) IS
  '待办清单（乡镇与县打非办）：截至 as_of 辖区内应办未办的事项——历史窝点未在首个阶段（巡查复查）回访、发现执业未劝导、劝导无果未申请协同取缔、停业场所本月未巡查、已申请未开展联合行动；每行为乡镇、场所、事项、自何日起';

ALTER FUNCTION @extschema@.worklist(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.worklist(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.worklist(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.worklist(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW @extschema@.worklist_today AS
  SELECT w.township_code, w.township, w.site_id, w.site_name, w.kind, w.due, w.since
    FROM @extschema@.division d CROSS JOIN LATERAL @extschema@.worklist(d.code, @extschema@.today()) w
   WHERE d.parent_code IS NULL;
COMMENT ON VIEW @extschema@.worklist_today IS '今日待办清单（BI 用）：worklist(各省, today())，只含调用者辖区内的事项';
COMMENT ON COLUMN @extschema@.worklist_today.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.worklist_today.township IS '乡镇（街道）';
COMMENT ON COLUMN @extschema@.worklist_today.site_id IS '场所编号（联合行动事项为空）';
COMMENT ON COLUMN @extschema@.worklist_today.site_name IS '场所名称';
COMMENT ON COLUMN @extschema@.worklist_today.kind IS '事项：历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动';
COMMENT ON COLUMN @extschema@.worklist_today.due IS '应办内容';
COMMENT ON COLUMN @extschema@.worklist_today.since IS '自何日起应办';
-- owned by the definer: worklist() reads with the caller's scope; BI readers may read it
ALTER VIEW @extschema@.worklist_today OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.worklist_today FROM PUBLIC;
GRANT SELECT ON @extschema@.worklist_today TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
