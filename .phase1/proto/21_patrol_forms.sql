-- 21_patrol_forms.sql — 附件1 非法行医巡查登记表 (form_patrol_register + CSV), 附件2 联合执法申请函,
-- and the monthly patrols owed for banned / self-closed sites (考核细则 二、4).

CREATE FUNCTION @extschema@.patrol_division_arg(division_code text) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF division_code IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.division d WHERE d.code = division_code) THEN
    RAISE EXCEPTION 'unknown division code "%"', division_code
      USING ERRCODE = '22023', HINT = 'pass a code from division: a province, city, county or township';
  END IF;
  RETURN division_code;
END $$;
COMMENT ON FUNCTION @extschema@.patrol_division_arg(text) IS '参数检查：区划代码须在 division 中，否则报 22023';

CREATE FUNCTION @extschema@.patrol_csv_field(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN value IS NULL THEN ''
              WHEN value ~ '[",\r\n]' THEN '"' || pg_catalog.replace(value, '"', '""') || '"'
              ELSE value END;
COMMENT ON FUNCTION @extschema@.patrol_csv_field(text) IS
  'CSV 字段（RFC 4180）：含逗号、双引号或换行时加双引号，内部双引号写两次；NULL 为空字段';

CREATE FUNCTION @extschema@.letter_date(day date) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.to_char(day, 'FMYYYY') || '年' || pg_catalog.to_char(day, 'FMMM') || '月'
         || pg_catalog.to_char(day, 'FMDD') || '日';
COMMENT ON FUNCTION @extschema@.letter_date(date) IS '公文日期写法：2020年7月1日（月、日不补零）';

-- ===== 附件1 =====
CREATE FUNCTION @extschema@.form_patrol_register(division_code text, period daterange)
  RETURNS TABLE (seq integer, township text, unit_name text, people text, address text, phone text,
                 school text, major text, qualification text, subjects text,
                 joint_enforcement text, patrolled_on date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  scope text := @extschema@.patrol_division_arg(division_code);
BEGIN
  RETURN QUERY
  SELECT (row_number() OVER (PARTITION BY p.township_code ORDER BY p.patrolled_on, p.id))::integer,
         d.name, s.name, coalesce(@extschema@.pii_name(ppl.people), ''),
         coalesce(@extschema@.pii_address(s.address), ''), coalesce(@extschema@.pii_phone(s.phone), ''),
         coalesce(c.school, ''), coalesce(c.major, ''), coalesce(c.qualification::text, ''),
         coalesce(c.treatment_subjects, ''),
         CASE WHEN p.joint_enforcement_needed THEN '是' ELSE '否' END,
         p.patrolled_on
    FROM @extschema@.patrol p
    JOIN @extschema@.site s ON s.id = p.site_id
    JOIN @extschema@.division d ON d.code = p.township_code
    LEFT JOIN LATERAL (SELECT x.id, x.school, x.major, x.qualification, x.treatment_subjects
                         FROM @extschema@.practitioner x
                        WHERE x.site_id = s.id AND x.in_charge ORDER BY x.id LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT string_agg(x.name, '、' ORDER BY x.id IS NOT DISTINCT FROM c.id DESC, x.id) AS people
                         FROM @extschema@.practitioner x WHERE x.site_id = s.id) ppl ON true
   WHERE @extschema@.covers(scope, p.township_code)
     AND p.patrolled_on OPERATOR(pg_catalog.<@) period
   ORDER BY p.township_code, p.patrolled_on, p.id;
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_register(text, daterange) IS
  '附件1 非法行医巡查登记表：期间内每次有场所的巡查一行（辖区排查不列）；序号按乡镇从1重排，按乡镇代码、巡查日期、编号排序；'
  '负责人排第一，其余从业人员按编号，以“、”连接；毕业院校、专业、从医资格、诊治科目取负责人（多名时取编号最小者），无则为空';

CREATE FUNCTION @extschema@.form_patrol_register_csv(division_code text, period daterange) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT '序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期'
         || E'\n'
         || coalesce(string_agg(
              concat_ws(',', f.seq::text, @extschema@.patrol_csv_field(f.township), @extschema@.patrol_csv_field(f.unit_name),
                        @extschema@.patrol_csv_field(f.people), @extschema@.patrol_csv_field(f.address),
                        @extschema@.patrol_csv_field(f.phone), @extschema@.patrol_csv_field(f.school),
                        @extschema@.patrol_csv_field(f.major), @extschema@.patrol_csv_field(f.qualification),
                        @extschema@.patrol_csv_field(f.subjects), f.joint_enforcement,
                        pg_catalog.to_char(f.patrolled_on, 'YYYY-MM-DD')) || E'\n', '' ORDER BY f.n), '')
    FROM @extschema@.form_patrol_register(division_code, period) WITH ORDINALITY
         AS f(seq, township, unit_name, people, address, phone, school, major, qualification, subjects,
              joint_enforcement, patrolled_on, n);
END;
COMMENT ON FUNCTION @extschema@.form_patrol_register_csv(text, daterange) IS
  '附件1 的 CSV：中文表头一行，其后每行一条巡查；RFC 4180 引号规则，每行以 \n 结尾，日期为 YYYY-MM-DD';

-- ===== 附件2 =====
CREATE FUNCTION @extschema@.joint_application_letter(application_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a record;
  n record;
  term text;
BEGIN
  SELECT j.*, d.name AS township INTO a
    FROM @extschema@.joint_application j JOIN @extschema@.division d ON d.code = j.township_code
   WHERE j.id = application_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'joint application % does not exist', application_id
      USING ERRCODE = 'P0002', HINT = 'pass an id from joint_application';
  END IF;
  n := @extschema@.joint_application_counts(application_id);
  -- the form's 乡（镇、街道） becomes the township's own kind
  term := CASE WHEN a.township LIKE '%街道' THEN '街道' WHEN a.township LIKE '%镇' THEN '镇'
               WHEN a.township LIKE '%乡' THEN '乡' ELSE '乡（镇、街道）' END;
  RETURN concat_ws(E'\n',
    to_char(lower(a.period), 'FMYYYY') || '年打击非法行医专项行动联合执法申请函',
    '',
    '县打非办：',
    '根据县政府和县打非办有关进一步整顿医疗秩序打击非法行医工作要求，我' || term || '于'
      || @extschema@.letter_date(lower(a.period)) || '至' || @extschema@.letter_date(upper(a.period) - 1)
      || '，对本辖区内的非法行医场所进行了地毯式的排查，发现非法行医场所' || n.sites_found
      || '家，经向其宣传有关政策、法律、责令其限期整改等措施后，目前尚有' || n.sites_remaining
      || '家场所仍不听劝告，继续从事无证行医活动。',
    '经本' || term || '打非领导小组研究，决定于近期组织相关人员开展依法取缔行动，请县打非办协调卫生计生、公安、'
      || '市场监管等部门执法人员前来我' || term || '开展联合打击工作。',
    '联系人：' || coalesce(@extschema@.pii_name(a.contact), ''),
    '联系电话：' || coalesce(@extschema@.pii_phone(a.phone), ''),
    '',
    '',
    a.township || '（盖章）',
    @extschema@.letter_date(a.applied_on));
END $$;
COMMENT ON FUNCTION @extschema@.joint_application_letter(bigint) IS
  '附件2 联合执法申请函全文：排查期间（最后一天为 upper(period) − 1）、发现场所数与仍在执业场所数（未填写时由巡查推算）、联系人、电话、乡镇落款与申请日期';

-- ===== 每月巡查（考核细则 二、4；spec §4 2.4） =====
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

CREATE FUNCTION @extschema@.patrol_obligations(division_code text, period daterange)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, status text,
                 closed_since date, month date, due_on date, patrolled_on date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := @extschema@.patrol_division_arg(division_code);
BEGIN
  IF isempty(period) OR lower_inf(period) OR upper_inf(period) THEN
    RAISE EXCEPTION 'period % must be bounded', period
      USING ERRCODE = '22023', HINT = 'pass e.g. [2020-07-01,2020-12-01)';
  END IF;
  RETURN QUERY
  SELECT m.township_code, d.name, m.site_id, m.site_name, m.status, m.closed_since, m.month,
         (m.month + interval '1 month')::date - 1, m.patrolled_on
    FROM @extschema@.closed_site_months(
           (SELECT array_agg(v.code) FROM @extschema@.division v
             WHERE v.level = '乡镇' AND @extschema@.covers(scope, v.code)), period) m
    JOIN @extschema@.division d ON d.code = m.township_code
   ORDER BY m.township_code, m.month, m.site_id;
END $$;
COMMENT ON FUNCTION @extschema@.patrol_obligations(text, daterange) IS
  '每月巡查义务（closed_site_months）：期间内每个完整自然月，对该月开始时（含当日）已取缔、自行歇业或已停业、且整月保持停业（按 site_status_history）的场所各一行；'
  'patrolled_on 为该月第一次巡查日期，为空表示该月未巡查；due_on 为月末';

CREATE FUNCTION @extschema@.monthly_patrol_obligations(division_code text, month date)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, status text,
                 closed_since date, month date, due_on date)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT o.township_code, o.township, o.site_id, o.site_name, o.status, o.closed_since, o.month, o.due_on
    FROM @extschema@.patrol_obligations(division_code,
           daterange(date_trunc('month', month::timestamp)::date,
                     (date_trunc('month', month::timestamp) + interval '1 month')::date)) o
   WHERE o.patrolled_on IS NULL
   ORDER BY o.township_code, o.site_id;
END;
COMMENT ON FUNCTION @extschema@.monthly_patrol_obligations(text, date) IS
  '某月（传入该月任一日）应巡未巡的场所：该月开始时（含当日）已取缔、自行歇业或已停业、整月保持停业、该月没有任何巡查记录';
