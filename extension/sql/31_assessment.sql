-- 31_assessment.sql — 考核 (附件3, spec §4): derived facts from patrol work, per-township assessment, ranking.
-- Derived rules (computed only where the rule set marks the code derived):
--   2.2a no patrol dated in W · 2.2b no register_submission for (township, W) submitted on or before due
--   2.3a a site's first operating patrol in W with no 责令限期整改/劝导停业/已取缔 from then until W ends
--   2.3b persuasion failed at f (拒不整改 in W, or first operating patrol in W after a 责令限期整改/劝导停业
--        patrol) and no joint_application with f ≤ applied_on < end of W
--   2.3c a joint_action of the township's application, acted in W, without the township taking part
--   2.4  a closed (已取缔/自行歇业) site, closed from c, with a calendar month wholly inside W, starting after c,
--        closed throughout, without a patrol of that site
--   2.7a/2.7b deaths / disabilities of the incidents in the township (incident_township) with occurred_on in W
CREATE FUNCTION @extschema@.assessment_derived(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
SET jit = off   -- the generic plan's cost (parameters unknown) is far over jit_above_cost: JIT cost ~120 ms a call
BEGIN ATOMIC
  WITH w AS (
    SELECT lower(rw.covers) AS s, upper(rw.covers) AS e, rw.due_on AS d, rw.name
      FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived.window_id
  ), t AS (
    SELECT dv.code FROM @extschema@.division dv
     WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived.division_code, dv.code)
  ), tsite AS (
    SELECT s.id, s.township_code, s.name FROM @extschema@.site s JOIN t ON t.code = s.township_code
  ), first_operating AS (
    SELECT DISTINCT ON (p.site_id) p.site_id, p.patrolled_on AS f
      FROM @extschema@.patrol p JOIN tsite ON tsite.id = p.site_id, w
     WHERE p.operating AND p.patrolled_on >= w.s AND p.patrolled_on < w.e
     ORDER BY p.site_id, p.patrolled_on, p.id
  ), r23a AS (
    SELECT ts.township_code, ts.name || '（' || fo.f || ' 发现执业）' AS ev, fo.f
      FROM first_operating fo JOIN tsite ts ON ts.id = fo.site_id, w
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol q
                        WHERE q.site_id = fo.site_id AND q.patrolled_on >= fo.f AND q.patrolled_on < w.e
                          AND q.outcome IN ('责令限期整改', '劝导停业', '已取缔'))
  ), failed AS (
    SELECT x.site_id, min(x.f) AS f FROM (
      SELECT p.site_id, p.patrolled_on AS f
        FROM @extschema@.patrol p JOIN tsite ON tsite.id = p.site_id, w
       WHERE p.outcome = '拒不整改' AND p.patrolled_on >= w.s AND p.patrolled_on < w.e
      UNION ALL
      SELECT p.site_id, p.patrolled_on
        FROM @extschema@.patrol p JOIN tsite ON tsite.id = p.site_id, w
       WHERE p.operating AND p.patrolled_on >= w.s AND p.patrolled_on < w.e
         AND EXISTS (SELECT 1 FROM @extschema@.patrol q
                      WHERE q.site_id = p.site_id AND q.outcome IN ('责令限期整改', '劝导停业')
                        AND (q.patrolled_on < p.patrolled_on OR (q.patrolled_on = p.patrolled_on AND q.id < p.id)))
    ) x GROUP BY x.site_id
  ), r23b AS (
    SELECT ts.township_code, ts.name || '（' || fl.f || ' 劝导无果）' AS ev, fl.f
      FROM failed fl JOIN tsite ts ON ts.id = fl.site_id, w
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.joint_application ja
                        WHERE ja.township_code = ts.township_code AND ja.applied_on >= fl.f AND ja.applied_on < w.e)
  ), r23c AS (
    SELECT ja.township_code, '联合行动 ' || a.acted_on || '（申请 ' || ja.applied_on || '）乡镇未参与' AS ev, a.acted_on AS f
      FROM @extschema@.joint_action a
      JOIN @extschema@.joint_application ja ON ja.id = a.application_id
      JOIN t ON t.code = ja.township_code, w
     WHERE a.acted_on >= w.s AND a.acted_on < w.e AND a.township_participated = false
  ), closed AS (
    SELECT h.site_id, pg_catalog.unnest(pg_catalog.range_agg(h.valid)) AS spell
      FROM @extschema@.site_status_history h JOIN tsite ON tsite.id = h.site_id
     WHERE h.status IN ('已取缔', '自行歇业')
     GROUP BY h.site_id
  ), months AS (
    SELECT m::date AS ms, (m + interval '1 month')::date AS me
      FROM w, pg_catalog.generate_series(date_trunc('month', w.s::timestamp), w.e::timestamp, interval '1 month') AS m
     WHERE m >= w.s AND m + interval '1 month' <= w.e
  ), r24 AS (
    SELECT ts.township_code, ts.name || ' ' || pg_catalog.to_char(mo.ms, 'YYYY-MM') || ' 无巡查' AS ev, mo.ms AS f
      FROM closed c JOIN tsite ts ON ts.id = c.site_id
      JOIN months mo ON mo.ms > lower(c.spell) AND pg_catalog.daterange(mo.ms, mo.me) <@ c.spell
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                        WHERE p.site_id = c.site_id AND p.patrolled_on >= mo.ms AND p.patrolled_on < mo.me)
  ), inc AS (
    SELECT t.code AS township_code, i.id, i.occurred_on, i.deaths, i.disabilities
      FROM @extschema@.incident i
      JOIN t ON t.code = @extschema@.incident_township(i.division_code, i.site_id), w
     WHERE i.occurred_on >= w.s AND i.occurred_on < w.e
  )
  SELECT t.code, '2.2a', 1, w.name || '内无回访、排查（巡查）记录'
    FROM t, w
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                      WHERE p.township_code = t.code AND p.patrolled_on >= w.s AND p.patrolled_on < w.e)
  UNION ALL
  SELECT t.code, '2.2b', 1,
         coalesce('巡查登记表 ' || (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                                     WHERE rs.township_code = t.code AND rs.window_id = assessment_derived.window_id)
                  || ' 报送，晚于截止日 ' || w.d,
                  '未报送巡查登记表（截止 ' || w.d || '）')
    FROM t, w
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.register_submission rs
                      WHERE rs.township_code = t.code AND rs.window_id = assessment_derived.window_id
                        AND rs.submitted_on <= w.d)
  UNION ALL
  SELECT r.township_code, r.code, count(*)::integer, string_agg(r.ev, '；' ORDER BY r.f, r.ev)
    FROM (SELECT r23a.township_code, '2.3a' AS code, r23a.ev, r23a.f FROM r23a
          UNION ALL SELECT r23b.township_code, '2.3b', r23b.ev, r23b.f FROM r23b
          UNION ALL SELECT r23c.township_code, '2.3c', r23c.ev, r23c.f FROM r23c
          UNION ALL SELECT r24.township_code, '2.4', r24.ev, r24.f FROM r24) r
   GROUP BY r.township_code, r.code
  UNION ALL
  SELECT inc.township_code, '2.7a', sum(inc.deaths)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 死亡 ' || inc.deaths || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.deaths > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.deaths) > 0
  UNION ALL
  SELECT inc.township_code, '2.7b', sum(inc.disabilities)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 伤残 ' || inc.disabilities || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.disabilities > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.disabilities) > 0;
END;
COMMENT ON FUNCTION @extschema@.assessment_derived(text, bigint) IS
  '自动判定的考核事实：辖区内每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件（incident）致死 2.7a、致残 2.7b 人数，次数与依据';

CREATE FUNCTION @extschema@.assessment_detail(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT t.code, r.code, r.clause, o.occurrences,
         @extschema@.rule_deduction(r.points, r.per_occurrence, o.occurrences, r.max_points),
         CASE WHEN f.id IS NOT NULL THEN '人工' ELSE '自动' END,
         CASE WHEN f.id IS NOT NULL THEN f.evidence ELSE d.evidence END
    FROM @extschema@.division t
    JOIN @extschema@.assessment_rule r ON r.rule_set = @extschema@.window_rule_set(assessment_detail.window_id)
    LEFT JOIN @extschema@.assessment_fact f
           ON f.township_code = t.code AND f.window_id = assessment_detail.window_id AND f.rule_code = r.code
    LEFT JOIN @extschema@.assessment_derived(assessment_detail.division_code, assessment_detail.window_id) d
           ON r.derived AND d.township_code = t.code AND d.rule_code = r.code
    CROSS JOIN LATERAL (SELECT coalesce(f.occurrences, d.occurrences, 0) AS occurrences) o
   WHERE t.level = '乡镇' AND @extschema@.covers(assessment_detail.division_code, t.code)
   ORDER BY t.code, r.code;
END;
COMMENT ON FUNCTION @extschema@.assessment_detail(text, bigint) IS
  '辖区内每个乡镇、每条考核条款的次数、扣分、来源（人工/自动）与依据';

CREATE FUNCTION @extschema@.assessment(township_code text, window_id bigint)
RETURNS TABLE (rule_code text, clause text, occurrences integer, deduction numeric, source text, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.division dv WHERE dv.code = assessment.township_code AND dv.level = '乡镇') THEN
    RAISE EXCEPTION 'unknown township "%"', assessment.township_code
      USING ERRCODE = '22023', HINT = 'give the 9-digit code of a township in table division';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = assessment.window_id) THEN
    RAISE EXCEPTION 'unknown reporting window %', assessment.window_id
      USING ERRCODE = '22023', HINT = 'see table reporting_window';
  END IF;
  RETURN QUERY
    SELECT d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
      FROM @extschema@.assessment_detail(assessment.township_code, assessment.window_id) d
     ORDER BY d.rule_code;
END $$;
COMMENT ON FUNCTION @extschema@.assessment(text, bigint) IS
  '乡镇考核明细（附件3）：每条条款的次数、扣分、来源（人工录入为“人工”，自动判定为“自动”）与依据';

CREATE FUNCTION @extschema@.assessment_summary(division_code text, window_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total)
    FROM (SELECT dv.code, dv.name, coalesce(sum(d.deduction), 0) AS total
            FROM @extschema@.division dv
            LEFT JOIN @extschema@.assessment_detail(assessment_summary.division_code, assessment_summary.window_id) d
                   ON d.township_code = dv.code
           WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_summary.division_code, dv.code)
           GROUP BY dv.code, dv.name) s
   ORDER BY 4, 1;
END;
COMMENT ON FUNCTION @extschema@.assessment_summary(text, bigint) IS
  '考核汇总：辖区内每个乡镇（有无数据均列出）的总扣分与排名（扣分少者在前，并列同名次，如 1,1,3）';
