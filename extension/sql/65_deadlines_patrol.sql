-- 65_deadlines_patrol.sql — the deadlines that read township patrol work: 考核资料 per township and
-- reporting window (done by the earliest register_submission) and 每月巡查 of closed sites (per site
-- and month, due on the month's last day; done by the earliest patrol of the site in that month).
-- plpgsql, and each kind only when its tables exist, so this file does not depend on the build order.

CREATE FUNCTION @extschema@.deadlines_patrol(as_of date)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  IF to_regclass('@extschema@.register_submission') IS NOT NULL THEN
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
                ON d.level = '乡镇'::@extschema@.division_level AND @extschema@.covers(c.division_code, d.code)) x;
  END IF;
  IF to_regclass('@extschema@.site_status_history') IS NOT NULL AND to_regclass('@extschema@.patrol') IS NOT NULL THEN
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
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.deadlines_patrol(date) IS
  '期限（考核资料、已取缔/自行歇业场所每月巡查部分），由 deadlines() 汇总';
