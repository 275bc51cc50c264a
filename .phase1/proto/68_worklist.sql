-- 68_worklist.sql — worklist(division, as_of) and the BI view worklist_today.
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
COMMENT ON COLUMN @extschema@.worklist_today.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.worklist_today.township IS '乡镇（街道）';
COMMENT ON COLUMN @extschema@.worklist_today.site_id IS '场所编号（联合行动事项为空）';
COMMENT ON COLUMN @extschema@.worklist_today.site_name IS '场所名称';
COMMENT ON COLUMN @extschema@.worklist_today.kind IS '事项：历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动';
COMMENT ON COLUMN @extschema@.worklist_today.due IS '应办内容';
COMMENT ON COLUMN @extschema@.worklist_today.since IS '自何日起应办';
