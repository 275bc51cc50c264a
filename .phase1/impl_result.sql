-- ===== 考核结果 as a document (spec v3 §4): CSV and printable HTML, for a window and for the campaign =====
-- One row per township and deducting clause (a township without deductions gets one row with empty clause
-- columns), ordered by rank then township code then clause.
CREATE FUNCTION @extschema@.assessment_result_rows(division_code text, window_id bigint, campaign_id bigint)
  RETURNS TABLE (rank bigint, township_code text, township text, deduction numeric, rule_code text, clause text,
                 occurrences integer, rule_deduction numeric, evidence text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  PERFORM @extschema@.patrol_division_arg(division_code);
  IF window_id IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = window_id) THEN
      RAISE EXCEPTION 'unknown reporting window %', window_id USING ERRCODE = '22023', HINT = 'see table reporting_window';
    END IF;
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_summary(division_code, window_id) s
      LEFT JOIN @extschema@.assessment_detail(division_code, window_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  ELSE
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_total(division_code, campaign_id) s
      LEFT JOIN @extschema@.assessment_total_detail(division_code, campaign_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) IS
  '考核结果的行（CSV、打印页共用）：考核期间 window_id 或（为空时）专项行动全年 campaign_id；每个乡镇每条扣分条款一行，无扣分的乡镇一行';

CREATE FUNCTION @extschema@.assessment_result_csv(division_code text, window_id bigint, campaign_id bigint, bom boolean)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN bom THEN pg_catalog.chr(65279) ELSE '' END
         OPERATOR(pg_catalog.||) @extschema@.csv_line('名次', '乡镇（街道）', '扣分合计', '条款', '条款内容', '次数', '扣分', '依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(@extschema@.csv_line(r.rank::text, r.township, r.deduction::text, r.rule_code, r.clause,
                    r.occurrences::text, r.rule_deduction::text, @extschema@.csv_safe(r.evidence))
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY r.ordinality), '')
    FROM @extschema@.assessment_result_rows(division_code, window_id, campaign_id) WITH ORDINALITY AS r;
END;
COMMENT ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) IS '考核结果 CSV（assessment_summary_csv 与 assessment_total_csv 共用）';

CREATE FUNCTION @extschema@.csv_safe(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN value OPERATOR(pg_catalog.~) '^[=+@-]' AND NOT value OPERATOR(pg_catalog.~) '^[+-]?[0-9]+(\.[0-9]+)?$'
              THEN '''' OPERATOR(pg_catalog.||) value ELSE value END;
COMMENT ON FUNCTION @extschema@.csv_safe(text) IS 'CSV 防公式：以 = + - @ 开头且不是数字的字段前加单引号，电子表格不会当作公式执行';

CREATE FUNCTION @extschema@.assessment_summary_csv(division_code text, window_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN @extschema@.assessment_result_csv(division_code, window_id, NULL, bom);
COMMENT ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) IS
  '考核期间的考核结果 CSV：名次、乡镇（街道）、扣分合计，以及每条扣分条款的编号、内容、次数、扣分与依据；默认以 UTF-8 BOM 开头（bom => false 不加）';

CREATE FUNCTION @extschema@.assessment_total_csv(division_code text, campaign_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', campaign_id USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN @extschema@.assessment_result_csv(division_code, NULL, campaign_id, bom);
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) IS
  '专项行动全年考核结果 CSV（标志性条款只扣一次，按次条款次数相加）：列同 assessment_summary_csv，依据注明考核期间';

CREATE FUNCTION @extschema@.assessment_result_html(division_code text, window_id bigint, campaign_id bigint,
    unit text, filled_on date)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dv record;
  what text;
  period daterange;
  body text := '';
  r record;
  n integer;
  prev text := NULL;
BEGIN
  PERFORM @extschema@.patrol_division_arg(division_code);
  SELECT v.name, v.level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code WHERE v.code = division_code;
  IF window_id IS NOT NULL THEN
    SELECT rw.name, rw.covers INTO what, period FROM @extschema@.reporting_window rw WHERE rw.id = assessment_result_html.window_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown reporting window %', window_id USING ERRCODE = '22023', HINT = 'see table reporting_window';
    END IF;
  ELSE
    SELECT '全年', range_merge(range_agg(rw.covers)) INTO what, period
      FROM @extschema@.campaign c LEFT JOIN @extschema@.reporting_window rw ON rw.campaign_id = c.id
     WHERE c.id = assessment_result_html.campaign_id GROUP BY c.id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown campaign %', campaign_id USING ERRCODE = '22023', HINT = 'see table campaign';
    END IF;
  END IF;
  FOR r IN SELECT x.*, count(*) OVER (PARTITION BY x.township_code) AS k
             FROM @extschema@.assessment_result_rows(division_code, window_id, campaign_id) WITH ORDINALITY AS x
            ORDER BY x.ordinality LOOP
    body := body || '<tr' || CASE WHEN r.deduction > 0 THEN '' ELSE ' class="clean"' END || '>';
    IF prev IS DISTINCT FROM r.township_code THEN
      body := body || format('<td rowspan="%s">%s</td><td rowspan="%s">%s</td><td rowspan="%s">%s</td>',
                             r.k, @extschema@.html_escape(r.rank::text), r.k, @extschema@.html_escape(r.township),
                             r.k, @extschema@.html_escape(r.deduction::text));
    END IF;
    body := body || '<td>' || @extschema@.html_escape(r.rule_code) || '</td><td>' || @extschema@.html_escape(r.clause)
                 || '</td><td>' || @extschema@.html_escape(r.occurrences::text) || '</td><td>'
                 || @extschema@.html_escape(r.rule_deduction::text) || '</td><td class="evidence">'
                 || @extschema@.html_escape(r.evidence) || '</td></tr>' || E'\n';
    prev := r.township_code;
  END LOOP;
  RETURN @extschema@.print_page('assessment_result', NULL,
    CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dv.name WHEN '县' THEN dv.name || '乡镇（街道）' ELSE dv.name END
      || '打击非法行医考核结果（' || what || '）',
    CASE WHEN period IS NULL THEN NULL ELSE @extschema@.print_period(period) END,
    coalesce(unit, dv.name), '填报时间', filled_on,
    '<tr><th>名次</th><th>乡镇（街道）</th><th>扣分合计</th><th>条款</th><th>条款内容</th><th>次数</th><th>扣分</th><th>依据</th></tr>' || E'\n',
    CASE WHEN body = '' THEN '<tr class="empty"><td colspan="8">无乡镇</td></tr>' || E'\n' ELSE body END,
    '依据《乡镇、街道打击非法行医考核细则》（附件3）：标志性条款发生即扣分，按次条款按次数扣分；扣分少者名次在前，并列同名次。',
    @extschema@.print_footer(NULL, NULL, NULL));
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) IS '考核结果打印页（assessment_summary_html 与 assessment_total_html 共用）';

CREATE FUNCTION @extschema@.assessment_summary_html(division_code text, window_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, window_id, NULL, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) IS
  '考核期间的考核结果打印页（HTML）：名次、乡镇（街道）、扣分合计（跨行），每条扣分条款及其次数、扣分、依据';

CREATE FUNCTION @extschema@.assessment_total_html(division_code text, campaign_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, NULL, campaign_id, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) IS
  '专项行动全年考核结果打印页（HTML）：同 assessment_summary_html，扣分按全年口径（标志性条款只扣一次）';
