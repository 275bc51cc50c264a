-- 31_assessment.sql — 考核 (附件3, spec v3 §4): derived facts from patrol work, per-township assessment, ranking,
-- the campaign total.
-- Derived rules (computed only where the rule set marks the code derived):
--   2.2a no patrol dated in W · 2.2b no register_submission for (township, W) submitted on or before due
--   2.3a a site with an operating patrol in W and no patrol before the end of W (in W or earlier) with a handling
--        outcome 责令限期整改/劝导停业/拒不整改/已取缔
--   2.3b persuasion failed at f (拒不整改 in W, or the first operating patrol in W after a 责令限期整改/劝导停业 patrol
--        of any date) and neither a joint_application with f ≤ applied_on < end of W nor the township's own ban
--        (a patrol with outcome 已取缔 dated f … end of W)
--   2.3c a joint_action of the township's application, acted in W, without the township taking part
--   2.4  the one monthly obligation (closed_site_months): a month wholly inside W, starting on or after the closing
--        date c of a 已取缔/自行歇业/已停业 closure, closed throughout, without a patrol of that site
--   2.7a/2.7b deaths / disabilities of the incidents in the township (incident_township) with occurred_on in W
-- Planned per call with the real division and window (plpgsql EXECUTE … USING), not generically: the
-- townships and the window's dates are resolved first, so every scan has index-friendly (and under
-- row-level security leak-proof) conditions — township_code = ANY(…), date ranges. Per-site facts come from
-- ONE hashed pass over the patrols; only 2.3b's "operating after the first persuasion" probes the index.
CREATE FUNCTION @extschema@.assessment_derived(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
  w record;
  towns text[];
BEGIN
  SELECT lower(rw.covers) AS s, upper(rw.covers) AS e, rw.due_on AS d, rw.name INTO w
    FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived.window_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT pg_catalog.array_agg(dv.code ORDER BY dv.code) INTO towns
    FROM @extschema@.division dv
   WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived.division_code, dv.code);
  IF towns IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE $q$
  WITH t AS (
    SELECT u.code FROM pg_catalog.unnest($1::text[]) AS u (code)
  ), ts AS (
    SELECT s.id, s.township_code, s.name FROM @extschema@.site s WHERE s.township_code = ANY ($1)
  ), ps AS (
    SELECT p.site_id,
           min(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS fo,
           max(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS lo,
           coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
           max(p.patrolled_on) FILTER (WHERE p.outcome = '已取缔') AS lb,
           min(p.patrolled_on) FILTER (WHERE p.outcome = '拒不整改' AND p.patrolled_on >= $2) AS fr,
           min(p.patrolled_on) FILTER (WHERE p.outcome IN ('责令限期整改', '劝导停业')) AS fpd,
           count(*) AS n
      FROM @extschema@.patrol p
     WHERE p.township_code = ANY ($1) AND p.site_id IS NOT NULL AND p.patrolled_on < $3
     GROUP BY p.site_id
  ), failed AS MATERIALIZED (   -- 2.3b: 拒不整改, or an operating patrol after the site's first persuasion
    SELECT ps.site_id, ps.lb, LEAST(ps.fr, CASE
             WHEN ps.fpd IS NULL OR NOT ps.lo >= ps.fpd OR ps.fr <= ps.fpd THEN NULL
             WHEN ps.fo > ps.fpd THEN ps.fo
             ELSE (SELECT min(p.patrolled_on) FROM @extschema@.patrol p
                    WHERE p.site_id = ps.site_id AND p.operating
                      AND p.patrolled_on >= ps.fpd AND p.patrolled_on >= $2 AND p.patrolled_on < $3
                      AND (p.patrolled_on > ps.fpd
                           OR EXISTS (SELECT 1 FROM @extschema@.patrol q
                                       WHERE q.site_id = ps.site_id AND q.patrolled_on = ps.fpd
                                         AND q.outcome IN ('责令限期整改', '劝导停业') AND q.id < p.id))) END) AS f
      FROM ps WHERE ps.fr IS NOT NULL OR ps.lo >= ps.fpd
  ), r23a AS (
    SELECT ts.township_code, ts.name || '（' || ps.fo || ' 发现执业）' AS ev, ps.fo AS f
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.fo IS NOT NULL AND NOT ps.handled
  ), r23b AS (
    SELECT ts.township_code, ts.name || '（' || fl.f || ' 劝导无果）' AS ev, fl.f
      FROM failed fl JOIN ts ON ts.id = fl.site_id
     WHERE fl.f IS NOT NULL
       AND NOT coalesce(fl.lb >= fl.f, false)   -- the township banned the site itself
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_application ja
                        WHERE ja.township_code = ts.township_code AND ja.applied_on >= fl.f AND ja.applied_on < $3)
  ), r23c AS (
    SELECT ja.township_code, '联合行动 ' || a.acted_on || '（申请 ' || ja.applied_on || '）乡镇未参与' AS ev, a.acted_on AS f
      FROM @extschema@.joint_action a
      JOIN @extschema@.joint_application ja ON ja.id = a.application_id
     WHERE ja.township_code = ANY ($1) AND a.acted_on >= $2 AND a.acted_on < $3 AND a.township_participated = false
  ), r24 AS (   -- the one monthly obligation (closed_site_months), months wholly inside W
    SELECT m.township_code, m.site_name || ' ' || pg_catalog.to_char(m.month, 'YYYY-MM') || ' 无巡查' AS ev, m.month AS f
      FROM @extschema@.closed_site_months($1, pg_catalog.daterange($2, $3)) m
     WHERE m.patrolled_on IS NULL
  ), inc AS (
    SELECT t.code AS township_code, i.id, i.occurred_on, i.deaths, i.disabilities
      FROM @extschema@.incident i
      LEFT JOIN @extschema@.site s ON s.id = i.site_id   -- incident_township(), inlined
      JOIN t ON t.code = CASE WHEN @extschema@.division_level_of(i.division_code) = '乡镇' THEN i.division_code
                              ELSE s.township_code END
     WHERE i.occurred_on >= $2 AND i.occurred_on < $3
  )
  SELECT t.code, '2.2a', 1, $5 || '内无回访、排查（巡查）记录'
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                      WHERE p.township_code = t.code AND p.patrolled_on >= $2 AND p.patrolled_on < $3)
  UNION ALL
  SELECT t.code, '2.2b', 1,
         coalesce('巡查登记表 ' || (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                                     WHERE rs.township_code = t.code AND rs.window_id = $6)
                  || ' 报送，晚于截止日 ' || $4,
                  '未报送巡查登记表（截止 ' || $4 || '）')
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.register_submission rs
                      WHERE rs.township_code = t.code AND rs.window_id = $6 AND rs.submitted_on <= $4)
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
    FROM inc GROUP BY inc.township_code HAVING sum(inc.disabilities) > 0
  $q$ USING towns, w.s, w.e, w.d, w.name, assessment_derived.window_id;
END
$fn$;
COMMENT ON FUNCTION @extschema@.assessment_derived(text, bigint) IS
  '自动判定的考核事实：辖区内每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件（incident）致死 2.7a、致残 2.7b 人数，次数与依据';

CREATE FUNCTION @extschema@.assessment_detail(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
SET jit = off   -- planned generically: the estimated cost is far over jit_above_cost, the real work is small
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
SET jit = off
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

-- ===== 全年考核 (spec v3 §4 assessment_total) =====
CREATE FUNCTION @extschema@.assessment_total_detail(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM @extschema@.patrol_division_arg(assessment_total_detail.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total_detail.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total_detail.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT d.township_code, d.rule_code, min(d.clause), sum(d.occurrences)::integer,
         @extschema@.rule_deduction(r.points, r.per_occurrence, sum(d.occurrences)::integer, r.max_points),
         CASE WHEN bool_or(d.source = '人工') THEN '人工' ELSE '自动' END,
         string_agg(w.name || '：' || d.evidence, '；' ORDER BY lower(w.covers), w.id)
           FILTER (WHERE d.occurrences > 0 AND d.evidence IS NOT NULL)
    FROM @extschema@.reporting_window w
    JOIN @extschema@.campaign c ON c.id = w.campaign_id
    CROSS JOIN LATERAL @extschema@.assessment_detail(assessment_total_detail.division_code, w.id) d
    JOIN @extschema@.assessment_rule r ON r.rule_set = coalesce(c.rule_set, 'xianju2020') AND r.code = d.rule_code
   WHERE w.campaign_id = assessment_total_detail.campaign_id
   GROUP BY d.township_code, d.rule_code, r.points, r.per_occurrence, r.max_points
   ORDER BY d.township_code, d.rule_code;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total_detail(text, bigint) IS
  '专项行动全年考核明细：辖区内每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';

CREATE FUNCTION @extschema@.assessment_total(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM @extschema@.patrol_division_arg(assessment_total.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total)
    FROM (SELECT dv.code, dv.name, coalesce(sum(d.deduction), 0) AS total
            FROM @extschema@.division dv
            LEFT JOIN @extschema@.assessment_total_detail(assessment_total.division_code, assessment_total.campaign_id) d
                   ON d.township_code = dv.code
           WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_total.division_code, dv.code)
           GROUP BY dv.code, dv.name) s
   ORDER BY 4, 1;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total(text, bigint) IS
  '专项行动全年考核汇总（附件3 为全年一份细则，纳入平安考核）：辖区内每个乡镇的全年扣分与排名；标志性条款只扣一次，按次条款按各期间次数之和扣；扣分少者在前，并列同名次';
