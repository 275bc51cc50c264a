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
    -- the one monthly obligation (closed_site_months): every month that has begun by as_of, starting on
    -- or after the closing date, closed throughout as known on as_of
    RETURN QUERY
    SELECT m.township_code, '每月巡查'::text,
           '#' || m.site_id || ' ' || m.site_name || ' ' || to_char(m.month, 'YYYY-MM'),
           (m.month + interval '1 month')::date - 1,
           CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END,
           @extschema@.deadline_status((m.month + interval '1 month')::date - 1,
                                       CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END, as_of)
      FROM @extschema@.closed_site_months(NULL, daterange(NULL, (date_trunc('month', as_of) + interval '1 month')::date), as_of) m;
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.deadlines_patrol(date) IS
  '期限（考核资料、已取缔/自行歇业/已停业场所每月巡查部分），由 deadlines() 汇总';
