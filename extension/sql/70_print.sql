-- 70_print.sql — printable forms: each form as one self-contained HTML page (inline CSS, no script,
-- no external resource) laid out like the document's table: 附表/附件 label, title, 填报单位（盖章）,
-- 填报时间, the multi-level header of the seed, the rows (合计 where the document has one), notes and
-- the footer lines 填表人 / 审核人 / 联系电话 / 单位盖章. Every value is HTML-escaped. The table cells
-- hold exactly the text of the form function's columns (numbers as ::text, dates as YYYY-MM-DD),
-- so a printed page can be checked against SELECT * FROM form_X(...).

-- ===== helpers =====
CREATE FUNCTION @extschema@.html_escape(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce(value, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
COMMENT ON FUNCTION @extschema@.html_escape(text) IS
  'HTML 转义：& < > " '' 分别写作 &amp; &lt; &gt; &quot; &#39;；NULL 为空串';

CREATE FUNCTION @extschema@.print_date(day date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN day IS NULL THEN '　　　　年　　月　　日'
              ELSE @extschema@.letter_date(day) END;
COMMENT ON FUNCTION @extschema@.print_date(date) IS
  '打印表上的日期：2019年8月30日；为空时留出手写空格“    年  月  日”';

CREATE FUNCTION @extschema@.print_period(period daterange) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN pg_catalog.isempty(period) THEN '（空期间）'
              WHEN pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period) THEN period::text
              ELSE @extschema@.letter_date(pg_catalog.lower(period)) OPERATOR(pg_catalog.||) '至'
                   OPERATOR(pg_catalog.||) @extschema@.letter_date(pg_catalog.upper(period) OPERATOR(pg_catalog.-) 1) END;
COMMENT ON FUNCTION @extschema@.print_period(daterange) IS '打印表上的期间：2019年1月1日至2019年12月31日（最后一天为 upper - 1）';

-- one table row: every cell escaped; the first cell is a row label when label_first is true
CREATE FUNCTION @extschema@.print_row(css_class text, VARIADIC cells text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '<tr' OPERATOR(pg_catalog.||) CASE WHEN css_class IS NULL THEN '' ELSE ' class="'
           OPERATOR(pg_catalog.||) @extschema@.html_escape(css_class) OPERATOR(pg_catalog.||) '"' END
         OPERATOR(pg_catalog.||) '>'
         OPERATOR(pg_catalog.||) (SELECT coalesce(pg_catalog.string_agg('<td>' OPERATOR(pg_catalog.||) @extschema@.html_escape(c)
                                                   OPERATOR(pg_catalog.||) '</td>', '' ORDER BY n), '')
                                    FROM pg_catalog.unnest(cells) WITH ORDINALITY AS u(c, n))
         OPERATOR(pg_catalog.||) '</tr>' OPERATOR(pg_catalog.||) E'\n';
COMMENT ON FUNCTION @extschema@.print_row(text, text[]) IS
  '打印表的一行 <tr>：每个单元格内容经 HTML 转义（NULL 为空格子）；css_class 为行的样式类（如 total 表示合计行），可空';

CREATE FUNCTION @extschema@.print_css() RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN $css$
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-size: 10.5pt; line-height: 1.35;
       font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun",
                    "WenQuanYi Zen Hei", "Noto Sans CJK SC", serif; }
.sheet { margin: 0 auto; }
.attachment { margin: 0 0 1mm 0; font-family: "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; }
h1 { margin: 1mm 0 2mm 0; text-align: center; font-size: 17pt; letter-spacing: 0.05em;
     font-family: "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; }
.period { margin: 0 0 2mm 0; text-align: center; font-size: 10pt; }
.meta { display: flex; justify-content: space-between; margin: 0 0 2mm 0; }
table.form { width: 100%; border-collapse: collapse; }
table.form th, table.form td { border: 0.75pt solid #000; padding: 1.2mm 1mm; text-align: center;
                               vertical-align: middle; word-break: break-all; }
table.form th { font-weight: bold; font-size: 9.5pt; }
table.form thead { display: table-header-group; }
table.form tr { page-break-inside: avoid; break-inside: avoid; }
table.form tr.total td { font-weight: bold; }
table.form td:first-child { white-space: nowrap; }
table.form tr.empty td { color: #555; height: 9mm; }
table.form th.diagonal { position: relative; min-width: 30mm; height: 14mm;
  background: linear-gradient(to top right, transparent calc(50% - 0.5pt), #000 50%, transparent calc(50% + 0.5pt)); }
table.form th.diagonal .top { position: absolute; top: 1mm; right: 1.5mm; }
table.form th.diagonal .bottom { position: absolute; bottom: 1mm; left: 1.5mm; }
.note { margin: 2mm 0 0 0; font-size: 9.5pt; }
.footer { display: flex; justify-content: space-between; margin-top: 6mm; }
.footer span { white-space: nowrap; }
.footer .stamp { min-width: 40mm; }
@media screen { body { background: #e8e8e8; } .sheet { background: #fff; max-width: 297mm; margin: 8mm auto;
                padding: 12mm; box-shadow: 0 0 4px rgba(0,0,0,.3); } }
$css$;
COMMENT ON FUNCTION @extschema@.print_css() IS '打印表的样式表：A4 横向、细线表格、表头每页重复、合计行加粗、屏幕预览灰底白纸';

-- the whole page
CREATE FUNCTION @extschema@.print_page(form_name text, attachment text, title text, period_text text,
                                       unit text, date_label text, filled_on date,
                                       thead text, tbody text, note text, footer text[])
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN '<!DOCTYPE html>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) '<html lang="zh-CN"><head><meta charset="utf-8">'
    OPERATOR(pg_catalog.||) '<meta name="generator" content="illegal_practice">'
    OPERATOR(pg_catalog.||) '<title>' OPERATOR(pg_catalog.||) @extschema@.html_escape(title) OPERATOR(pg_catalog.||) '</title>'
    OPERATOR(pg_catalog.||) '<style>' OPERATOR(pg_catalog.||) @extschema@.print_css() OPERATOR(pg_catalog.||) '</style></head>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) '<body><div class="sheet" data-form="' OPERATOR(pg_catalog.||) @extschema@.html_escape(form_name) OPERATOR(pg_catalog.||) '">' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) CASE WHEN attachment IS NULL THEN '' ELSE '<p class="attachment">' OPERATOR(pg_catalog.||) @extschema@.html_escape(attachment) OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) E'\n' END
    OPERATOR(pg_catalog.||) '<h1>' OPERATOR(pg_catalog.||) @extschema@.html_escape(title) OPERATOR(pg_catalog.||) '</h1>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) CASE WHEN period_text IS NULL THEN '' ELSE '<p class="period">统计期间：' OPERATOR(pg_catalog.||) @extschema@.html_escape(period_text) OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) E'\n' END
    OPERATOR(pg_catalog.||) '<div class="meta"><span class="unit">填报单位（盖章）：' OPERATOR(pg_catalog.||) @extschema@.html_escape(unit) OPERATOR(pg_catalog.||) '</span>'
    OPERATOR(pg_catalog.||) '<span class="date">' OPERATOR(pg_catalog.||) @extschema@.html_escape(date_label) OPERATOR(pg_catalog.||) '：'
    OPERATOR(pg_catalog.||) @extschema@.html_escape(@extschema@.print_date(filled_on)) OPERATOR(pg_catalog.||) '</span></div>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) '<table class="form">' OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||) '<thead>' OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||) thead OPERATOR(pg_catalog.||) '</thead>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) '<tbody>' OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||) tbody OPERATOR(pg_catalog.||) '</tbody>' OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||) '</table>' OPERATOR(pg_catalog.||) E'\n'
    OPERATOR(pg_catalog.||) CASE WHEN note IS NULL THEN '' ELSE '<p class="note">' OPERATOR(pg_catalog.||) @extschema@.html_escape(note) OPERATOR(pg_catalog.||) '</p>' OPERATOR(pg_catalog.||) E'\n' END
    OPERATOR(pg_catalog.||) '<div class="footer">'
    OPERATOR(pg_catalog.||) (SELECT coalesce(pg_catalog.string_agg(
             CASE WHEN f OPERATOR(pg_catalog.=) '单位盖章' THEN '<span class="stamp">单位盖章</span>'
                  ELSE '<span>' OPERATOR(pg_catalog.||) @extschema@.html_escape(f) OPERATOR(pg_catalog.||) '</span>' END, '' ORDER BY n), '')
               FROM pg_catalog.unnest(footer) WITH ORDINALITY AS u(f, n))
    OPERATOR(pg_catalog.||) '</div>' OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||) '</div></body></html>' OPERATOR(pg_catalog.||) E'\n';
COMMENT ON FUNCTION @extschema@.print_page(text, text, text, text, text, text, date, text, text, text, text[]) IS
  '拼出完整的打印页：附表标签、标题、统计期间、填报单位（盖章）与填报时间、表头（thead，已是 HTML）、表体（tbody，已是 HTML）、注、落款各项；文字均经转义';

-- the footer lines: 填表人 / 审核人 / 联系电话 / 单位盖章 (filled in when given, blank lines otherwise)
CREATE FUNCTION @extschema@.print_footer(filled_by text, reviewed_by text, phone text, phone_label text DEFAULT '联系电话')
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['填表人：' OPERATOR(pg_catalog.||) coalesce(filled_by, '　　　　　　'),
               '审核人：' OPERATOR(pg_catalog.||) coalesce(reviewed_by, '　　　　　　'),
               coalesce(phone_label, '联系电话') OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) coalesce(phone, '　　　　　　'),
               '单位盖章'];
COMMENT ON FUNCTION @extschema@.print_footer(text, text, text, text) IS '打印表落款：填表人、审核人、联系电话（或联系方式）、单位盖章；未给的留空';

CREATE FUNCTION @extschema@.print_check_args(division_code text, VARIADIC periods daterange[]) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p daterange;
  d text;
BEGIN
  PERFORM @extschema@.patrol_division_arg(division_code);
  FOREACH p IN ARRAY periods LOOP
    IF p IS NULL OR isempty(p) OR lower_inf(p) OR upper_inf(p) THEN
      RAISE EXCEPTION 'period % must be a bounded, non-empty date range', coalesce(p::text, 'NULL')
        USING ERRCODE = '22023', HINT = 'pass e.g. ''[2019-01-01,2020-01-01)''';
    END IF;
  END LOOP;
  SELECT v.name INTO d FROM @extschema@.division v WHERE v.code = division_code;
  RETURN d;
END $$;
COMMENT ON FUNCTION @extschema@.print_check_args(text, daterange[]) IS
  '打印表参数检查：区划代码须存在（否则 22023），期间须有上下界且非空（否则 22023）；返回区划名称';

-- ===== 附件1 非法行医巡查登记表 =====
CREATE FUNCTION @extschema@.form_patrol_register_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := @extschema@.print_check_args(division_code, period);
  dv record;
  title text;
  body text;
BEGIN
  SELECT v.level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code
   WHERE v.code = division_code;
  title := CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dname
                         WHEN '县' THEN dname || '乡镇（街道）'
                         ELSE dname END || '非法行医巡查登记表';
  SELECT string_agg(@extschema@.print_row(NULL, f.seq::text, f.township, f.unit_name, f.people, f.address, f.phone,
                      f.school, f.major, f.qualification, f.subjects, f.joint_enforcement,
                      to_char(f.patrolled_on, 'YYYY-MM-DD')), '' ORDER BY f.n)
    INTO body
    FROM @extschema@.form_patrol_register(division_code, period) WITH ORDINALITY
         AS f(seq, township, unit_name, people, address, phone, school, major, qualification, subjects,
              joint_enforcement, patrolled_on, n);
  RETURN @extschema@.print_page('patrol_register', '附件1', title, @extschema@.print_period(period),
    coalesce(unit, dname), '填表日期', filled_on,
    '<tr><th>序号</th><th>乡镇</th><th>无证行医<br>单位名称</th><th>负责人及从业人员姓名</th><th>行医地址</th>'
    || '<th>联系电话</th><th>毕业院校</th><th>所学专业</th><th>从医资格</th><th>诊治科目</th>'
    || '<th>是否要联合查处</th><th>巡查日期</th></tr>' || E'\n',
    coalesce(body, '<tr class="empty"><td colspan="12">本期无巡查记录</td></tr>' || E'\n'),
    '注：从医资格情况为：村防保员、村公共卫生联系员、乡村医生、执业助理医师、执业医师、护士、药士、药师等。',
    @extschema@.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) IS
  '附件1 非法行医巡查登记表的打印页（HTML）：表格各格即 form_patrol_register 的各列；unit 填报单位（默认区划名称）、'
  'filled_on 填表日期、filled_by 填表人、reviewed_by 审核人、phone 联系电话，未给的留空待手填';
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表1 打击无证行医情况汇总表 =====
CREATE FUNCTION @extschema@.form_unlicensed_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := @extschema@.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(@extschema@.print_row(CASE WHEN f.institution_type = '合计' THEN 'total' END,
                      f.institution_type, f.penalized_units::text, f.confiscation_count::text, f.confiscation_wan::text,
                      f.fine_count::text, f.fine_wan::text, f.ban_count::text, f.transferred_cases::text,
                      f.court_judgments::text, f.persons_held_accountable::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_unlicensed_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN @extschema@.print_page('unlicensed_summary', '附表1', '打击无证行医情况汇总表', @extschema@.print_period(period),
    coalesce(unit, dname), '填报时间', filled_on,
    '<tr><th rowspan="2">机构类型</th><th rowspan="2">行政处罚单位数</th><th colspan="5">行政处罚情况</th>'
    || '<th colspan="4">其他情况</th></tr>' || E'\n'
    || '<tr><th>没收违法所得户次</th><th>没收违法所得金额（万元）</th><th>罚款户次</th><th>罚款金额（万元）</th>'
    || '<th>取缔户次</th><th>移送案件数</th><th>法院判决案件数</th><th>因无证行医追责人数</th><th>信息系统录入情况</th></tr>' || E'\n',
    body, NULL, @extschema@.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) IS
  '附表1 打击无证行医情况汇总表的打印页（HTML）：两级表头（行政处罚情况、其他情况）、五种机构类型与合计；'
  '各格即 form_unlicensed_summary 的各列；unit、filled_on（填报时间）、filled_by、reviewed_by、phone 未给的留空';
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表2 “回头看”汇总表 =====
CREATE FUNCTION @extschema@.form_beauty_lookback_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := @extschema@.print_check_args(division_code, prior, current);
  body text;
  py text := @extschema@.html_escape(@extschema@.period_years(prior));
  cy text := @extschema@.html_escape(@extschema@.period_years(current));
BEGIN
  SELECT string_agg(@extschema@.print_row(NULL, f.row_label, f.prior_penalized_units::text, f.prior_rectified_units::text,
                      f.reoffending_units::text, f.order_correct_count::text, f.warning_count::text,
                      f.suspension_count::text, f.fine_count::text, f.fine_wan::text, f.confiscation_wan::text,
                      f.license_revoked_count::text, f.transferred_count::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_beauty_lookback(division_code, prior, current) WITH ORDINALITY AS f;
  RETURN @extschema@.print_page('beauty_lookback', '附表2', '打击非法医疗美容专项行动“回头看”汇总表',
    '前期' || @extschema@.print_period(prior) || '；本期' || @extschema@.print_period(current),
    coalesce(unit, dname), '填报时间', filled_on,
    '<tr><th rowspan="2"></th><th rowspan="2">' || py || '打击非法医疗美容专项行动处罚单位数</th>'
    || '<th rowspan="2">' || py || '查处后落实整改单位数</th>'
    || '<th rowspan="2">' || cy || '“回头看”行动中发现再次开展非法医疗美容户数</th>'
    || '<th colspan="8">再次开展非法医疗美容单位</th></tr>' || E'\n'
    || '<tr><th>责令整改数</th><th>警告数</th><th>责令停业整顿户数</th><th>罚款户（人）次</th><th>罚款金额（万元）</th>'
    || '<th>没收违法所得（万元）</th><th>吊销行政许可资质</th><th>移送司法机关</th></tr>' || E'\n',
    body, NULL, @extschema@.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表2 打击非法医疗美容专项行动“回头看”汇总表的打印页（HTML）：两级表头（年份取自前期、本期），行 无证行医、医疗机构；'
  '各格即 form_beauty_lookback 的各列';
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表3 再次受处罚对象信息报告表 =====
CREATE FUNCTION @extschema@.form_repeat_offenders_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := @extschema@.print_check_args(division_code, prior, current);
  body text;
BEGIN
  SELECT string_agg(@extschema@.print_row(NULL, f.seq::text, f.subject_name, f.address, f.legal_representative,
                      f.first_cause, f.second_cause), '' ORDER BY f.seq)
    INTO body
    FROM @extschema@.form_repeat_offenders(division_code, prior, current) AS f;
  RETURN @extschema@.print_page('repeat_offenders', '附表3', '打击非法医疗美容“回头看”行动中再次受处罚对象信息报告表',
    '前期' || @extschema@.print_period(prior) || '；本期' || @extschema@.print_period(current),
    coalesce(unit, dname), '填报时间', filled_on,
    '<tr><th>序号</th><th>被处罚对象</th><th>地址</th><th>法人或负责人</th><th>第一次处罚案由</th>'
    || '<th>第二次处罚或拟处罚案由</th></tr>' || E'\n',
    coalesce(body, '<tr class="empty"><td colspan="6">本期无再次受处罚对象</td></tr>' || E'\n'),
    NULL, @extschema@.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表3 “回头看”行动中再次受处罚对象信息报告表的打印页（HTML）：各格即 form_repeat_offenders 的各列；无对象时一行“本期无再次受处罚对象”';
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表4 两非汇总表 =====
CREATE FUNCTION @extschema@.form_two_illegal_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := @extschema@.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(@extschema@.print_row(NULL, f.category, f.inspected_subjects::text, f.penalty_cases::text,
                      f.order_correct_count::text, f.warning_count::text, f.fine_count::text, f.fine_wan::text,
                      f.confiscation_wan::text, f.certificate_revoked_count::text, f.referred_to_departments::text,
                      f.transferred_to_judiciary::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_two_illegal_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN @extschema@.print_page('two_illegal_summary', '附表4',
    '查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表', @extschema@.print_period(period),
    coalesce(unit, dname), '填报日期', filled_on,
    '<tr><th class="diagonal"><span class="top">处理情况</span><span class="bottom">案件分类</span></th>'
    || '<th>检查对象数</th><th>行政处罚数</th><th>责令改正数</th><th>警告数</th><th>罚款户（人）次</th>'
    || '<th>罚款金额（万元）</th><th>没收违法所得（万元）</th><th>吊销执业证书数</th><th>移送相关部门</th>'
    || '<th>移送司法机关</th><th>案件信息系统录入数</th></tr>' || E'\n',
    body, NULL, @extschema@.print_footer(filled_by, reviewed_by, phone, '联系方式'));
END $$;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) IS
  '附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表的打印页（HTML）：斜线表头“处理情况/案件分类”，两行两非类别；'
  '各格即 form_two_illegal_summary 的各列';
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
