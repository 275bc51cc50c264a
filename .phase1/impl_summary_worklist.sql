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

CREATE FUNCTION @extschema@.visit_share(made bigint, owed bigint) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN owed IS NULL OR owed = 0 THEN ''
              ELSE pg_catalog.round(100.0 * made / owed, 1)::text OPERATOR(pg_catalog.||) '%' END;
COMMENT ON FUNCTION @extschema@.visit_share(bigint, bigint) IS '完成率：已巡查 ÷ 应巡查，百分数保留一位小数（如 44.4%）；应巡查为0时为空';

-- ===== worklist (issue 21): what is owed now =====
CREATE FUNCTION @extschema@.worklist(division_code text, as_of date)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, kind text, due text, since date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := @extschema@.patrol_division_arg(division_code);
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

CREATE VIEW @extschema@.worklist_today AS
  SELECT w.township_code, w.township, w.site_id, w.site_name, w.kind, w.due, w.since
    FROM @extschema@.division d CROSS JOIN LATERAL @extschema@.worklist(d.code, @extschema@.today()) w
   WHERE d.parent_code IS NULL;
COMMENT ON VIEW @extschema@.worklist_today IS '今日待办清单（BI 用）：worklist(各省, today())，只含调用者辖区内的事项';
