-- ===== the monthly obligation of closed sites (考核细则 二、4; spec v3 §4 2.4) — the ONE definition =====
-- A site closed (已取缔, 自行歇业 or 已停业; adjacent closed statuses are one closure) from a date c owes a
-- patrol in every calendar month that starts on or after c, lies wholly inside the period and throughout
-- which it stayed closed. as_of: what is known on that day (a closure that ends after as_of still runs).
CREATE FUNCTION @extschema@.closed_site_months(towns text[], period daterange, as_of date DEFAULT NULL)
  RETURNS TABLE (site_id bigint, township_code text, site_name text, status text, closed_since date,
                 month date, patrolled_on date)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  -- planned for the actual townships and dates (EXECUTE … USING), not generically
  RETURN QUERY EXECUTE $q$
  WITH cr AS MATERIALIZED (   -- the closed history rows of the townships' sites, read once
    SELECT h.site_id, h.status, h.valid, s.township_code, s.name
      FROM @extschema@.site_status_history h JOIN @extschema@.site s ON s.id = h.site_id
     WHERE @extschema@.is_closed_status(h.status)
       AND ($1 IS NULL OR s.township_code OPERATOR(pg_catalog.=) ANY ($1))
  ), runs AS (                -- closures: adjacent closed statuses are one
    SELECT cr.site_id, cr.township_code, cr.name, pg_catalog.unnest(pg_catalog.range_agg(cr.valid)) AS run
      FROM cr GROUP BY cr.site_id, cr.township_code, cr.name
  ), r AS (
    SELECT runs.site_id, runs.township_code, runs.name, pg_catalog.lower(runs.run) AS c,
           CASE WHEN pg_catalog.upper_inf(runs.run) OR pg_catalog.upper(runs.run) > $3 THEN NULL
                ELSE pg_catalog.upper(runs.run) END AS u
      FROM runs
     WHERE NOT pg_catalog.lower_inf(runs.run) AND runs.run OPERATOR(pg_catalog.&&) $2
  ), mo AS (                  -- months starting on or after c, wholly inside the period and the closure
    SELECT r.site_id, r.township_code, r.name, r.c, m.ms::date AS ms
      FROM r CROSS JOIN LATERAL pg_catalog.generate_series(
             pg_catalog.date_trunc('month', (GREATEST(r.c, $4) - 1)::timestamp) + interval '1 month',
             LEAST($5, coalesce(r.u, $5))::timestamp - interval '1 month',
             interval '1 month') AS m (ms)
  ), pm AS (                  -- each site's first patrol per month, one pass over its patrols
    SELECT p.site_id, pg_catalog.date_trunc('month', p.patrolled_on::timestamp)::date AS ms,
           pg_catalog.min(p.patrolled_on) AS first
      FROM @extschema@.patrol p
     WHERE p.site_id IN (SELECT mo.site_id FROM mo)
       AND p.patrolled_on >= coalesce($4, '-infinity'::date)
       AND p.patrolled_on < coalesce($5, 'infinity'::date)
     GROUP BY 1, 2
  )
  SELECT mo.site_id, mo.township_code, mo.name, cr.status::text, mo.c, mo.ms, pm.first
    FROM mo
    JOIN cr ON cr.site_id = mo.site_id AND cr.valid OPERATOR(pg_catalog.@>) mo.ms
    LEFT JOIN pm ON pm.site_id = mo.site_id AND pm.ms = mo.ms
   ORDER BY mo.township_code, mo.ms, mo.site_id;
  $q$ USING towns, period, as_of, lower(period), upper(period);
END
$fn$;
COMMENT ON FUNCTION @extschema@.closed_site_months(text[], daterange, date) IS
  '每月巡查义务的唯一定义（考核细则 二、4）：已取缔、自行歇业或已停业（相邻停业状态合为一次）的场所，自停业日 c 起，期间内每个起始日不早于 c、整月在期间内且整月保持停业的自然月各一行，及该月第一次巡查日期（为空表示未巡查）；towns 为乡镇代码（NULL 为全部），as_of 给出时按当日所知（as_of 之后的复业不计）';
