-- 45_patrol_summary.sql — 仙居 阶段汇总表 (form_patrol_summary + CSV).
-- ===== 仙居 阶段汇总表 (四(三); spec v3 §3 form_patrol_summary) =====
CREATE FUNCTION @extschema@.form_patrol_summary(division_code text, period daterange)
  RETURNS TABLE (township_code text, township text, patrols bigint, area_sweeps bigint, sites_found bigint,
                 sites_operating bigint, ordered_count bigint, persuaded_count bigint, refused_count bigint,
                 banned_sites bigint, joint_applications bigint, joint_actions bigint,
                 closed_site_visits_owed bigint, closed_site_visits_made bigint)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := @extschema@.patrol_division_arg(division_code);
  towns text[];
  p_lo date := lower(form_patrol_summary.period);
  p_hi date := upper(form_patrol_summary.period);
BEGIN
  IF isempty(form_patrol_summary.period) OR lower_inf(form_patrol_summary.period) OR upper_inf(form_patrol_summary.period) THEN
    RAISE EXCEPTION 'period % must be a bounded, non-empty date range', form_patrol_summary.period
      USING ERRCODE = '22023', HINT = 'pass e.g. [2020-06-01,2020-10-01)';
  END IF;
  SELECT coalesce(array_agg(d.code ORDER BY d.code), '{}') INTO towns
    FROM @extschema@.division d
   WHERE d.level = '乡镇' AND @extschema@.covers(scope, d.code) AND @extschema@.in_caller_scope(d.code);
  RETURN QUERY
  WITH t AS (
    SELECT d.code, d.name FROM @extschema@.division d WHERE d.code = ANY (towns)
  ), p AS (
    SELECT x.township_code AS code, count(*) AS patrols, count(*) FILTER (WHERE x.site_id IS NULL) AS sweeps,
           count(DISTINCT x.site_id) AS found, count(DISTINCT x.site_id) FILTER (WHERE x.operating) AS operating,
           count(*) FILTER (WHERE x.outcome = '责令限期整改') AS ordered,
           count(*) FILTER (WHERE x.outcome = '劝导停业') AS persuaded,
           count(*) FILTER (WHERE x.outcome = '拒不整改') AS refused
      FROM @extschema@.patrol x
     WHERE x.township_code = ANY (towns) AND x.patrolled_on >= p_lo AND x.patrolled_on < p_hi
     GROUP BY x.township_code
  ), b AS (
    SELECT s.township_code AS code, count(DISTINCT h.site_id) AS banned
      FROM @extschema@.site_status_history h JOIN @extschema@.site s ON s.id = h.site_id
     WHERE s.township_code = ANY (towns) AND h.status = '已取缔'
       AND lower(h.valid) >= p_lo AND lower(h.valid) < p_hi
     GROUP BY s.township_code
  ), ja AS (
    SELECT a.township_code AS code, count(*) AS n FROM @extschema@.joint_application a
     WHERE a.township_code = ANY (towns) AND a.applied_on >= p_lo AND a.applied_on < p_hi
     GROUP BY a.township_code
  ), jx AS (
    SELECT a.township_code AS code, count(*) AS n
      FROM @extschema@.joint_action j JOIN @extschema@.joint_application a ON a.id = j.application_id
     WHERE a.township_code = ANY (towns) AND j.acted_on >= p_lo AND j.acted_on < p_hi
     GROUP BY a.township_code
  ), o AS (
    SELECT m.township_code AS code, count(*) AS owed, count(m.patrolled_on) AS made
      FROM @extschema@.closed_site_months(towns, form_patrol_summary.period) m GROUP BY m.township_code
  ), r AS (
    SELECT t.code, t.name, coalesce(p.patrols, 0) AS patrols, coalesce(p.sweeps, 0) AS sweeps,
           coalesce(p.found, 0) AS found, coalesce(p.operating, 0) AS operating, coalesce(p.ordered, 0) AS ordered,
           coalesce(p.persuaded, 0) AS persuaded, coalesce(p.refused, 0) AS refused, coalesce(b.banned, 0) AS banned,
           coalesce(ja.n, 0) AS apps, coalesce(jx.n, 0) AS acts, coalesce(o.owed, 0) AS owed, coalesce(o.made, 0) AS made
      FROM t LEFT JOIN p ON p.code = t.code LEFT JOIN b ON b.code = t.code LEFT JOIN ja ON ja.code = t.code
      LEFT JOIN jx ON jx.code = t.code LEFT JOIN o ON o.code = t.code
  )
  SELECT x.code, x.name, x.patrols, x.sweeps, x.found, x.operating, x.ordered, x.persuaded, x.refused, x.banned,
         x.apps, x.acts, x.owed, x.made
    FROM (SELECT 0 AS ord, r.* FROM r
          UNION ALL
          SELECT 1, NULL, '合计', coalesce(sum(r.patrols), 0)::bigint, coalesce(sum(r.sweeps), 0)::bigint,
                 coalesce(sum(r.found), 0)::bigint, coalesce(sum(r.operating), 0)::bigint, coalesce(sum(r.ordered), 0)::bigint,
                 coalesce(sum(r.persuaded), 0)::bigint, coalesce(sum(r.refused), 0)::bigint, coalesce(sum(r.banned), 0)::bigint,
                 coalesce(sum(r.apps), 0)::bigint, coalesce(sum(r.acts), 0)::bigint, coalesce(sum(r.owed), 0)::bigint,
                 coalesce(sum(r.made), 0)::bigint
            FROM r) x
   ORDER BY x.ord, x.code;
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_summary(text, daterange) IS
  '仙居阶段汇总表（四(三)“每个阶段结束后5个工作日内报送总结、典型案例和汇总表”，原文无样表）：辖区内（调用者权限内）每个乡镇一行再加合计——巡查次数（含辖区排查）、其中辖区排查、巡查场所数、发现执业场所数、责令限期整改、劝导停业、拒不整改次数、期间内变为已取缔的场所数（乡镇自行取缔与联合行动）、联合执法申请数、联合行动数、停业场所应巡查月次（每月巡查义务，整月在期间内）及其中已巡查月次';

CREATE FUNCTION @extschema@.visit_share(made bigint, owed bigint) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN owed IS NULL OR owed = 0 THEN ''
              ELSE pg_catalog.round(100.0 * made / owed, 1)::text OPERATOR(pg_catalog.||) '%' END;
COMMENT ON FUNCTION @extschema@.visit_share(bigint, bigint) IS '完成率：已巡查 ÷ 应巡查，百分数保留一位小数（如 44.4%）；应巡查为0时为空';


CREATE FUNCTION @extschema@.form_patrol_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN bom THEN pg_catalog.chr(65279) ELSE '' END
         OPERATOR(pg_catalog.||) @extschema@.csv_line('乡镇代码', '乡镇（街道）', '巡查次数', '其中辖区排查', '巡查场所数', '发现执业场所数',
                              '责令限期整改', '劝导停业', '拒不整改', '取缔场所数', '联合执法申请', '联合行动',
                              '停业场所应巡查月次', '已巡查月次', '巡查完成率')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(@extschema@.csv_line(f.township_code, f.township, f.patrols::text, f.area_sweeps::text,
                    f.sites_found::text, f.sites_operating::text, f.ordered_count::text, f.persuaded_count::text,
                    f.refused_count::text, f.banned_sites::text, f.joint_applications::text, f.joint_actions::text,
                    f.closed_site_visits_owed::text, f.closed_site_visits_made::text,
                    @extschema@.visit_share(f.closed_site_visits_made, f.closed_site_visits_owed))
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_patrol_summary(division_code, period) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) IS
  '阶段汇总表的 CSV 导出：中文表头一行，各乡镇与合计，末列为停业场所每月巡查完成率；默认以 UTF-8 BOM 开头（bom => false 不加）';

