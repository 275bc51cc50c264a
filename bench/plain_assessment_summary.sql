-- 附件3 考核汇总 in plain SQL (what an analyst would write without the extension): the same rows as
-- illegal_practice.assessment_summary(:'division', :window) — township_code, township, deduction, rank.
-- Only tables are read (no extension function): the division's townships by code prefix, the derived
-- rules 2.2a–2.4 and 2.7a/b per township in one pass over each table (GROUP BY, window functions),
-- manual facts replacing derived values, flags deducting once and per-occurrence rules points × n.
-- Parameters: :'division' (any division code: 2/4/6 leading digits cover a 省/市/县, 9 a 乡镇), :window (id).
WITH w AS (
  SELECT rw.id, lower(rw.covers) AS s, upper(rw.covers) AS e, rw.due_on AS d, coalesce(c.rule_set, 'xianju2020') AS rule_set
    FROM illegal_practice.reporting_window rw JOIN illegal_practice.campaign c ON c.id = rw.campaign_id
   WHERE rw.id = :window
), t AS (          -- the townships the division covers
  SELECT dv.code, dv.name FROM illegal_practice.division dv
   WHERE dv.level = '乡镇'
     AND dv.code LIKE left(:'division', CASE WHEN :'division' ~ '^[0-9]{2}0000$' THEN 2
                                             WHEN :'division' ~ '^[0-9]{4}00$' THEN 4
                                             WHEN :'division' ~ '^[0-9]{6}$' THEN 6 ELSE 9 END) || '%'
     AND :'division' ~ '^([0-9]{6}|[0-9]{9})$'
), sp AS (         -- every patrol of the townships' sites, with "a persuasion came before it"
  SELECT p.site_id, s.township_code, p.patrolled_on, p.operating, p.outcome,
         coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业'))
                    OVER (PARTITION BY p.site_id ORDER BY p.patrolled_on, p.id
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS after_persuasion
    FROM illegal_practice.patrol p JOIN illegal_practice.site s ON s.id = p.site_id JOIN t ON t.code = s.township_code
), per_site AS (   -- per site: first operating find and first failed persuasion inside W; handled / banned before e
  SELECT sp.site_id, sp.township_code,
         min(sp.patrolled_on) FILTER (WHERE sp.operating AND sp.patrolled_on >= w.s) AS first_operating,
         coalesce(bool_or(sp.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
         max(sp.patrolled_on) FILTER (WHERE sp.outcome = '已取缔') AS last_ban,
         min(sp.patrolled_on) FILTER (WHERE sp.patrolled_on >= w.s
                                        AND (sp.outcome = '拒不整改' OR (sp.operating AND sp.after_persuasion))) AS failed
    FROM sp, w WHERE sp.patrolled_on < w.e
   GROUP BY sp.site_id, sp.township_code
), last_app AS (   -- the township's last joint application before the end of W
  SELECT ja.township_code, max(ja.applied_on) AS applied_on
    FROM illegal_practice.joint_application ja JOIN t ON t.code = ja.township_code, w
   WHERE ja.applied_on < w.e GROUP BY ja.township_code
), months AS (     -- calendar months wholly inside W
  SELECT m::date AS ms, (m + interval '1 month')::date AS me
    FROM w, generate_series(date_trunc('month', w.s::timestamp), w.e::timestamp, interval '1 month') m
   WHERE m >= w.s AND m + interval '1 month' <= w.e
), hist AS (      -- the sites' status history; closed rows (已取缔/自行歇业/已停业) numbered by the open rows before them
  SELECT h.site_id, h.valid, h.status IN ('已取缔', '自行歇业', '已停业') AS closed,
         count(*) FILTER (WHERE h.status NOT IN ('已取缔', '自行歇业', '已停业'))
           OVER (PARTITION BY h.site_id ORDER BY lower(h.valid) NULLS FIRST) AS spell
    FROM illegal_practice.site_status_history h JOIN illegal_practice.site s ON s.id = h.site_id
    JOIN t ON t.code = s.township_code
), closed AS (     -- closed spells: runs of consecutive closed rows, [lo, hi), hi NULL when still closed
  SELECT site_id, CASE WHEN bool_or(lower_inf(valid)) THEN NULL ELSE min(lower(valid)) END AS lo,
         CASE WHEN bool_or(upper_inf(valid)) THEN NULL ELSE max(upper(valid)) END AS hi
    FROM hist WHERE closed GROUP BY site_id, spell
), closed_month AS (   -- (site, month): closed from the month's first day (or before) to its end
  SELECT c.site_id, mo.ms, mo.me FROM closed c JOIN months mo ON mo.ms >= c.lo AND (c.hi IS NULL OR mo.me <= c.hi)
), derived AS (
  SELECT t.code AS township_code, '2.2a' AS rule_code, 1 AS occurrences
    FROM t, w WHERE NOT EXISTS (SELECT FROM illegal_practice.patrol p
                                 WHERE p.township_code = t.code AND p.patrolled_on >= w.s AND p.patrolled_on < w.e)
  UNION ALL
  SELECT t.code, '2.2b', 1
    FROM t, w WHERE NOT EXISTS (SELECT FROM illegal_practice.register_submission rs
                                 WHERE rs.township_code = t.code AND rs.window_id = w.id AND rs.submitted_on <= w.d)
  UNION ALL
  SELECT ps.township_code, '2.3a', count(*)
    FROM per_site ps
   WHERE ps.first_operating IS NOT NULL AND NOT ps.handled
   GROUP BY ps.township_code
  UNION ALL
  SELECT ps.township_code, '2.3b', count(*)
    FROM per_site ps LEFT JOIN last_app la ON la.township_code = ps.township_code
   WHERE ps.failed IS NOT NULL AND (la.applied_on IS NULL OR la.applied_on < ps.failed)
     AND NOT coalesce(ps.last_ban >= ps.failed, false)
   GROUP BY ps.township_code
  UNION ALL
  SELECT ja.township_code, '2.3c', count(*)
    FROM illegal_practice.joint_action a JOIN illegal_practice.joint_application ja ON ja.id = a.application_id
    JOIN t ON t.code = ja.township_code, w
   WHERE a.acted_on >= w.s AND a.acted_on < w.e AND NOT a.township_participated
   GROUP BY ja.township_code
  UNION ALL
  SELECT s.township_code, '2.4', count(*)
    FROM closed_month cm JOIN illegal_practice.site s ON s.id = cm.site_id
   WHERE NOT EXISTS (SELECT FROM illegal_practice.patrol p
                      WHERE p.site_id = cm.site_id AND p.patrolled_on >= cm.ms AND p.patrolled_on < cm.me)
   GROUP BY s.township_code
  UNION ALL
  SELECT x.township_code, r.code, r.n
    FROM (SELECT coalesce(CASE WHEN i.division_code ~ '^[0-9]{9}$' THEN i.division_code END, s.township_code) AS township_code,
                 sum(i.deaths)::integer AS deaths, sum(i.disabilities)::integer AS disabilities
            FROM illegal_practice.incident i LEFT JOIN illegal_practice.site s ON s.id = i.site_id, w
           WHERE i.occurred_on >= w.s AND i.occurred_on < w.e
           GROUP BY 1) x
    JOIN t ON t.code = x.township_code
    CROSS JOIN LATERAL (VALUES ('2.7a', x.deaths), ('2.7b', x.disabilities)) r (code, n)
   WHERE r.n > 0
), occ AS (        -- every township × rule: the manual fact if recorded, else the derived count, else 0
  SELECT t.code, r.code AS rule_code, r.points, r.per_occurrence, r.max_points,
         coalesce(f.occurrences, CASE WHEN r.derived THEN d.occurrences END, 0) AS n
    FROM t CROSS JOIN w
    JOIN illegal_practice.assessment_rule r ON r.rule_set = w.rule_set
    LEFT JOIN illegal_practice.assessment_fact f ON f.township_code = t.code AND f.window_id = w.id AND f.rule_code = r.code
    LEFT JOIN derived d ON d.township_code = t.code AND d.rule_code = r.code
), total AS (
  SELECT t.code, t.name,
         coalesce(sum(CASE WHEN o.n = 0 THEN 0
                           WHEN o.per_occurrence THEN least(o.points * o.n, coalesce(o.max_points, o.points * o.n))
                           ELSE least(o.points, coalesce(o.max_points, o.points)) END), 0) AS deduction
    FROM t LEFT JOIN occ o ON o.code = t.code
   GROUP BY t.code, t.name
)
SELECT code AS township_code, name AS township, deduction, rank() OVER (ORDER BY deduction) AS rank
  FROM total
 ORDER BY 4, 1;
