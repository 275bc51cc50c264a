-- 71_charts.sql — charts for people to look at, as inline SVG (no script, no network, no image file):
-- patrols per township per stage, cases and fines per month, overdue deadlines per township, and the
-- 附件3 ranking. Each chart reads the same functions and views the forms use (form_patrol_register,
-- report_cases_monthly, deadlines, assessment_summary), so it counts only the caller's scope and
-- shows nothing the forms would mask. chart_page_html puts a division's charts on one printable page.

-- ===== the drawing =====
-- Stacked bars: categories × series, vals flattened row by row ((c − 1) × number of series + s).
-- Horizontal bars (one row per category, e.g. townships) or vertical columns (e.g. months); the total
-- is written at the end of each bar, notes[c] (e.g. 第1名) after it. Text is XML-escaped.
CREATE FUNCTION illegal_practice_internal.svg_bars(chart_name text, title text, categories text[], series text[],
    vals numeric[], notes text[], value_label text, horizontal boolean)
  RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  palette constant text[] := '{#4e79a7,#f28e2b,#59a14f,#e15759,#76b7b2,#edc948,#b07aa1,#ff9da7,#9c755f,#bab0ac,#1f77b4,#8c564b,#17becf,#bcbd22}';
  nc integer := coalesce(cardinality(categories), 0);
  ns integer := greatest(coalesce(cardinality(series), 0), 1);
  w constant integer := 1000;
  top_h constant integer := 64;       -- title and legend
  left_w integer := CASE WHEN horizontal THEN 120 ELSE 64 END;
  right_w integer := CASE WHEN horizontal THEN 110 ELSE 20 END;
  row_h constant integer := 24;
  plot_w integer;
  plot_h integer;
  h integer;
  maxv numeric := 0;
  step numeric;
  top_v numeric;
  mag numeric;
  tot numeric;
  v numeric;
  pos numeric;
  len numeric;
  band numeric;
  bar numeric;
  label_every integer;
  out text;
  c integer;
  s integer;
  k integer;
  fmt text;
BEGIN
  FOR c IN 1 .. nc LOOP
    tot := 0;
    FOR s IN 1 .. ns LOOP tot := tot + greatest(coalesce(vals[(c - 1) * ns + s], 0), 0); END LOOP;
    maxv := greatest(maxv, tot);
  END LOOP;
  -- a round axis: 1, 2 or 5 × 10^k per step, five steps or fewer
  IF maxv <= 0 THEN
    step := 1;
  ELSE
    mag := power(10::numeric, floor(log(maxv / 5)));
    step := CASE WHEN maxv / 5 <= mag THEN mag WHEN maxv / 5 <= 2 * mag THEN 2 * mag
                 WHEN maxv / 5 <= 5 * mag THEN 5 * mag ELSE 10 * mag END;
  END IF;
  top_v := greatest(ceil(maxv / step) * step, step);
  IF horizontal THEN
    plot_w := w - left_w - right_w;
    plot_h := greatest(nc, 1) * row_h;
    h := top_h + plot_h + 36;
  ELSE
    plot_w := w - left_w - right_w;
    plot_h := 180;
    h := top_h + plot_h + 44;
  END IF;
  out := '<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="' || illegal_practice_internal.html_escape(chart_name)
      || '" viewBox="0 0 ' || w || ' ' || h || '" width="' || w || '" height="' || h || '" role="img" aria-label="'
      || illegal_practice_internal.html_escape(title) || '" font-family="Noto Sans CJK SC, Source Han Sans SC, SimHei, Microsoft YaHei, WenQuanYi Zen Hei, sans-serif" font-size="12">'
      || '<title>' || illegal_practice_internal.html_escape(title) || '</title>'
      || '<rect x="0" y="0" width="' || w || '" height="' || h || '" fill="#fff"/>'
      || '<text x="' || w / 2 || '" y="22" text-anchor="middle" font-size="16" font-weight="bold">' || illegal_practice_internal.html_escape(title) || '</text>';
  -- legend
  pos := left_w;
  FOR s IN 1 .. coalesce(cardinality(series), 0) LOOP
    out := out || '<rect x="' || pos || '" y="36" width="12" height="12" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '"/>'
        || '<text x="' || pos + 16 || '" y="46">' || illegal_practice_internal.html_escape(series[s]) || '</text>';
    pos := pos + 28 + 13 * length(series[s]);
  END LOOP;
  out := out || '<text x="' || w - right_w || '" y="46" text-anchor="end" fill="#555">' || illegal_practice_internal.html_escape(value_label) || '</text>';
  -- grid and axis values
  k := 0;
  WHILE k * step <= top_v LOOP
    IF horizontal THEN
      pos := left_w + plot_w * (k * step) / top_v;
      out := out || '<line x1="' || round(pos, 1) || '" y1="' || top_h || '" x2="' || round(pos, 1) || '" y2="' || top_h + plot_h
          || '" stroke="#ddd" stroke-width="1"/>'
          || '<text x="' || round(pos, 1) || '" y="' || top_h + plot_h + 16 || '" text-anchor="middle" fill="#333">' || trim_scale(k * step) || '</text>';
    ELSE
      pos := top_h + plot_h - plot_h * (k * step) / top_v;
      out := out || '<line x1="' || left_w || '" y1="' || round(pos, 1) || '" x2="' || left_w + plot_w || '" y2="' || round(pos, 1)
          || '" stroke="#ddd" stroke-width="1"/>'
          || '<text x="' || left_w - 6 || '" y="' || round(pos + 4, 1) || '" text-anchor="end" fill="#333">' || trim_scale(k * step) || '</text>';
    END IF;
    k := k + 1;
  END LOOP;
  -- the bars
  band := CASE WHEN horizontal THEN row_h ELSE plot_w::numeric / greatest(nc, 1) END;
  bar := CASE WHEN horizontal THEN 15 ELSE least(band * 0.7, 48) END;
  label_every := CASE WHEN horizontal THEN 1 ELSE greatest(ceil(nc * 62.0 / plot_w)::integer, 1) END;
  FOR c IN 1 .. nc LOOP
    pos := 0;
    tot := 0;
    IF horizontal THEN
      out := out || '<text x="' || left_w - 6 || '" y="' || top_h + (c - 1) * row_h + 16 || '" text-anchor="end">'
          || illegal_practice_internal.html_escape(categories[c]) || '</text>';
    ELSIF (c - 1) % label_every = 0 THEN
      out := out || '<text x="' || round(left_w + (c - 0.5) * band, 1) || '" y="' || top_h + plot_h + 18 || '" text-anchor="middle">'
          || illegal_practice_internal.html_escape(categories[c]) || '</text>';
    END IF;
    FOR s IN 1 .. ns LOOP
      v := greatest(coalesce(vals[(c - 1) * ns + s], 0), 0);
      CONTINUE WHEN v = 0;
      len := (CASE WHEN horizontal THEN plot_w ELSE plot_h END) * v / top_v;
      IF horizontal THEN
        out := out || '<rect x="' || round(left_w + pos, 1) || '" y="' || round(top_h + (c - 1) * row_h + (row_h - bar) / 2, 1)
            || '" width="' || round(len, 1) || '" height="' || bar || '" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '">';
      ELSE
        out := out || '<rect x="' || round(left_w + (c - 0.5) * band - bar / 2, 1) || '" y="' || round(top_h + plot_h - pos - len, 1)
            || '" width="' || round(bar, 1) || '" height="' || round(len, 1) || '" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '">';
      END IF;
      out := out || '<title>' || illegal_practice_internal.html_escape(categories[c] || ' ' || coalesce(series[s], '') || '：' || trim_scale(v)) || '</title></rect>';
      pos := pos + len;
      tot := tot + v;
    END LOOP;
    IF horizontal THEN
      out := out || '<text x="' || round(left_w + pos + 4, 1) || '" y="' || top_h + (c - 1) * row_h + 16 || '">' || trim_scale(tot) || '</text>';
      IF notes IS NOT NULL AND notes[c] IS NOT NULL THEN
        out := out || '<text x="' || w - 6 || '" y="' || top_h + (c - 1) * row_h + 16 || '" text-anchor="end" font-weight="bold">'
            || illegal_practice_internal.html_escape(notes[c]) || '</text>';
      END IF;
    ELSIF tot > 0 THEN
      out := out || '<text x="' || round(left_w + (c - 0.5) * band, 1) || '" y="' || round(top_h + plot_h - pos - 4, 1)
          || '" text-anchor="middle" font-size="11">' || trim_scale(tot) || '</text>';
    END IF;
  END LOOP;
  IF nc = 0 THEN
    out := out || '<text x="' || w / 2 || '" y="' || top_h + 16 || '" text-anchor="middle" fill="#555">无数据</text>';
  END IF;
  -- the axes
  out := out || '<line x1="' || left_w || '" y1="' || top_h || '" x2="' || left_w || '" y2="' || top_h + plot_h || '" stroke="#000" stroke-width="1"/>'
      || '<line x1="' || left_w || '" y1="' || top_h + plot_h || '" x2="' || left_w + plot_w || '" y2="' || top_h + plot_h || '" stroke="#000" stroke-width="1"/>'
      || '</svg>';
  RETURN out;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.svg_bars(text, text, text[], text[], numeric[], text[], text, boolean) IS
  '画堆叠条形图（内嵌 SVG，无脚本）：categories × series 的值按行展开在 vals 中；horizontal 为真时每个类别一横条（如乡镇），否则每个类别一竖柱（如月份）；'
  '条末写合计，notes 为条后的注（如 第1名）；坐标取整 1/2/5×10^k；文字经 XML 转义';

-- ===== patrols per township per stage =====
CREATE FUNCTION @extschema@.chart_patrol_stages(division_code text, campaign_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  ctitle text;
  names text[];
  stages text[];
  vals numeric[];
BEGIN
  SELECT c.title INTO ctitle FROM @extschema@.campaign c WHERE c.id = campaign_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown campaign %', coalesce(campaign_id::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass an id from campaign';
  END IF;
  SELECT array_agg(s.name ORDER BY s.ordinal) INTO stages FROM @extschema@.campaign_stage s WHERE s.campaign_id = chart_patrol_stages.campaign_id;
  -- the townships of the division that the caller may see, every one listed (none patrolled shows 0)
  SELECT array_agg(d.name ORDER BY d.code) INTO names
    FROM @extschema@.division d
   WHERE d.level = '乡镇' AND @extschema@.covers(division_code, d.code) AND @extschema@.in_caller_scope(d.code);
  SELECT array_agg(coalesce(n.cnt, 0) ORDER BY t.code, s.ordinal) INTO vals
    FROM @extschema@.division t
   CROSS JOIN @extschema@.campaign_stage s
    LEFT JOIN LATERAL (SELECT count(*)::numeric AS cnt FROM @extschema@.form_patrol_register(t.code, s.period) f) n ON true
   WHERE s.campaign_id = chart_patrol_stages.campaign_id
     AND t.level = '乡镇' AND @extschema@.covers(division_code, t.code) AND @extschema@.in_caller_scope(t.code);
  RETURN illegal_practice_internal.svg_bars('patrol_stages', dname || '各乡镇（街道）巡查次数（按工作阶段）', names, stages, vals, NULL,
                                            '巡查登记表所列巡查次数', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) IS
  '图：辖区内每个乡镇（调用者可见的，无巡查的记 0）在专项行动各工作阶段的巡查次数（附件1 巡查登记表的行数），横向堆叠条形图，内嵌 SVG；区划或专项行动不存在报 22023';
ALTER FUNCTION @extschema@.chart_patrol_stages(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_patrol_stages(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== cases and fines per month =====
CREATE FUNCTION @extschema@.chart_cases_monthly(division_code text, period daterange) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  months text[];
  parts text[];
  cases numeric[];
  fines numeric[];
BEGIN
  -- one series per sub-division (a city of the province, a county of the city …), the division itself
  -- for cases filed at its own level; every month of the period, empty ones too
  WITH x AS (
    SELECT r.month, coalesce(c.code, chart_cases_monthly.division_code) AS part_code, coalesce(c.name, dname) AS part,
           sum(r.cases) AS cases, sum(coalesce(r.fine_yuan, 0)) AS fine_yuan
      FROM @extschema@.report_cases_monthly r
      LEFT JOIN @extschema@.division c ON c.parent_code = chart_cases_monthly.division_code AND @extschema@.covers(c.code, r.division_code)
     WHERE @extschema@.covers(chart_cases_monthly.division_code, r.division_code) AND r.month >= lower(period) AND r.month < upper(period)
     GROUP BY 1, 2, 3
  ), ps AS (SELECT DISTINCT x.part_code, x.part FROM x),
  ms AS (SELECT m::date AS m FROM generate_series(date_trunc('month', lower(period)::timestamp),
                                                  (upper(period) - 1)::timestamp, interval '1 month') m)
  SELECT (SELECT array_agg(to_char(ms.m, 'YYYY-MM') ORDER BY ms.m) FROM ms),
         (SELECT array_agg(ps.part ORDER BY ps.part_code) FROM ps),
         (SELECT array_agg(coalesce(x.cases, 0) ORDER BY ms.m, ps.part_code)
            FROM ms CROSS JOIN ps LEFT JOIN x ON x.month = ms.m AND x.part_code = ps.part_code),
         (SELECT array_agg(round(coalesce(x.fine_yuan, 0) / 10000, 2) ORDER BY ms.m, ps.part_code)
            FROM ms CROSS JOIN ps LEFT JOIN x ON x.month = ms.m AND x.part_code = ps.part_code)
    INTO months, parts, cases, fines;
  RETURN '<div class="chart-pair" data-chart="cases_monthly">'
      || illegal_practice_internal.svg_bars('cases_monthly', dname || '每月案件数（' || illegal_practice_internal.print_period(period) || '）',
                                            months, parts, cases, NULL, '案件数（件）', false)
      || illegal_practice_internal.svg_bars('fines_monthly', dname || '每月罚款金额（' || illegal_practice_internal.print_period(period) || '）',
                                            months, parts, fines, NULL, '罚款金额（万元）', false)
      || '</div>';
END $$;
COMMENT ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) IS
  '图：期间内每月的案件数与罚款金额（万元），按下一级区划堆叠（省按市、市按县…），取自 report_cases_monthly（调用者辖区内）；两张竖向柱状图（内嵌 SVG）；区划不存在或期间无界报 22023';
ALTER FUNCTION @extschema@.chart_cases_monthly(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_cases_monthly(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== overdue deadlines per township =====
CREATE FUNCTION @extschema@.chart_deadlines_overdue(division_code text, as_of date DEFAULT @extschema@.today()) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  names text[];
  vals numeric[];
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be NULL' USING ERRCODE = '22023';
  END IF;
  -- every township of the division the caller may see (0 when nothing is late), and any other
  -- division below it that has a late deadline of its own (e.g. a city's stage summary)
  WITH late AS (
    SELECT coalesce((SELECT t.code FROM @extschema@.division t
                      WHERE t.level = '乡镇' AND @extschema@.covers(t.code, d.division_code) LIMIT 1), d.division_code) AS code,
           d.status
      FROM @extschema@.deadlines(as_of) d
     WHERE d.status IN ('已逾期', '逾期完成') AND @extschema@.covers(chart_deadlines_overdue.division_code, d.division_code)
  ), cats AS (
    SELECT t.code FROM @extschema@.division t
     WHERE t.level = '乡镇' AND @extschema@.covers(chart_deadlines_overdue.division_code, t.code) AND @extschema@.in_caller_scope(t.code)
    UNION
    SELECT l.code FROM late l
  )
  SELECT (SELECT array_agg(coalesce(v.name, c.code) ORDER BY c.code) FROM cats c LEFT JOIN @extschema@.division v ON v.code = c.code),
         (SELECT array_agg((SELECT count(*) FROM late l WHERE l.code = c.code AND l.status = x.status)::numeric ORDER BY c.code, x.s)
            FROM cats c CROSS JOIN (VALUES (1, '已逾期'), (2, '逾期完成')) AS x(s, status))
    INTO names, vals;
  RETURN illegal_practice_internal.svg_bars('deadlines_overdue',
           dname || '逾期事项（截至' || illegal_practice_internal.letter_date(as_of) || '）', names,
           ARRAY['已逾期（未完成）', '逾期完成'], vals, NULL, '期限数（阶段总结、考核资料、每月巡查、举报、移送）', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) IS
  '图：截至 as_of（默认今天）辖区内每个乡镇的逾期事项数（deadlines() 中 已逾期 与 逾期完成，按乡镇堆叠；乡镇以上的期限记在其区划名下），横向条形图（内嵌 SVG）；区划不存在报 22023';
ALTER FUNCTION @extschema@.chart_deadlines_overdue(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_deadlines_overdue(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 附件3 ranking =====
-- Standalone, so that the 考核结果 page can place it: one bar per township (deduction), rank labels.
CREATE FUNCTION @extschema@.chart_assessment_ranking(division_code text, window_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  wname text;
  names text[];
  vals numeric[];
  notes text[];
BEGIN
  SELECT w.name INTO wname FROM @extschema@.reporting_window w WHERE w.id = window_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown reporting window %', coalesce(window_id::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass an id from reporting_window';
  END IF;
  SELECT array_agg(a.township ORDER BY a.rank, a.township_code), array_agg(a.deduction ORDER BY a.rank, a.township_code),
         array_agg('第' || a.rank || '名' ORDER BY a.rank, a.township_code)
    INTO names, vals, notes
    FROM @extschema@.assessment_summary(division_code, window_id) a;
  RETURN illegal_practice_internal.svg_bars('assessment_ranking', dname || '乡镇（街道）打击非法行医考核扣分与排名（' || wname || '）',
                                            names, ARRAY['扣分'], vals, notes, '扣分（分）', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) IS
  '图：附件3 考核结果，每个乡镇一横条（扣分），按名次排列，条后写“第N名”；取自 assessment_summary(division_code, window_id)；内嵌 SVG，供考核结果页使用；区划或报送期不存在报 22023';
ALTER FUNCTION @extschema@.chart_assessment_ranking(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_assessment_ranking(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== a page of charts =====
CREATE FUNCTION @extschema@.chart_page_html(division_code text, period daterange, campaign_id bigint DEFAULT NULL,
    as_of date DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  day date := coalesce(as_of, least(@extschema@.today(), upper(period) - 1));
  charts text[];
  w record;
BEGIN
  charts := ARRAY[@extschema@.chart_cases_monthly(division_code, period),
                  @extschema@.chart_deadlines_overdue(division_code, day)];
  IF campaign_id IS NOT NULL THEN
    charts := charts || @extschema@.chart_patrol_stages(division_code, campaign_id);
    FOR w IN SELECT r.id FROM @extschema@.reporting_window r WHERE r.campaign_id = chart_page_html.campaign_id ORDER BY r.covers LOOP
      charts := charts || @extschema@.chart_assessment_ranking(division_code, w.id);
    END LOOP;
  END IF;
  RETURN illegal_practice_internal.print_document(dname || '打击非法行医工作图表',
    illegal_practice_internal.print_sheet('charts', (SELECT array_agg(
        CASE WHEN n = 1 THEN illegal_practice_internal.print_heading(NULL, dname || '打击非法行医工作图表', illegal_practice_internal.print_period(period)) ELSE '' END
        || '<div class="chart">' || c || '</div>' || E'\n' ORDER BY n)
      FROM unnest(charts) WITH ORDINALITY AS u(c, n))));
END $$;
COMMENT ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) IS
  '图表页（HTML，可打印，每图一页）：每月案件数与罚款金额、逾期事项（截至 as_of，默认今天与期间末日中较早者）；给了 campaign_id 时加各乡镇各阶段巡查次数与各报送期的考核排名；各图均为内嵌 SVG，无脚本';
ALTER FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
