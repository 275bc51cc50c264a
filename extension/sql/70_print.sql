-- 70_print.sql — printable forms: each form as one self-contained HTML page (inline CSS, no script,
-- no external resource) laid out like its document: 附表/附件 label, title, the multi-level header of
-- the seed, the rows (合计 where the document has one), notes, and the document's own stamp and
-- signature lines where the document puts them (附表1: below the table; 附表2–4: above; 附件1: one
-- 落款 line below, one sheet per township with page numbers). Every value is HTML-escaped. The table
-- cells hold exactly the text of the form function's columns (numbers as ::text, dates as YYYY-MM-DD),
-- so a printed page can be checked against SELECT * FROM form_X(...).

-- ===== helpers =====
CREATE FUNCTION illegal_practice_internal.html_escape(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce(value, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
COMMENT ON FUNCTION illegal_practice_internal.html_escape(text) IS
  'HTML 转义：& < > " '' 分别写作 &amp; &lt; &gt; &quot; &#39;；NULL 为空串';

CREATE FUNCTION illegal_practice_internal.print_date(day date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN day IS NULL THEN '　　　　年　　月　　日'
              ELSE illegal_practice_internal.letter_date(day) END;
COMMENT ON FUNCTION illegal_practice_internal.print_date(date) IS
  '打印表上的日期：2019年8月30日；为空时留出手写空格“    年  月  日”';

CREATE FUNCTION illegal_practice_internal.print_period(period daterange) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN pg_catalog.isempty(period) THEN '（空期间）'
              WHEN pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period) THEN period::text
              ELSE illegal_practice_internal.letter_date(pg_catalog.lower(period)) OPERATOR(pg_catalog.||) '至'
                   OPERATOR(pg_catalog.||) illegal_practice_internal.letter_date(pg_catalog.upper(period) OPERATOR(pg_catalog.-) 1) END;
COMMENT ON FUNCTION illegal_practice_internal.print_period(daterange) IS '打印表上的期间：2019年1月1日至2019年12月31日（最后一天为 upper - 1）';

-- one table row: every cell escaped; the first cell is a row label when label_first is true
CREATE FUNCTION illegal_practice_internal.print_row(css_class text, VARIADIC cells text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '<tr' OPERATOR(pg_catalog.||) CASE WHEN css_class IS NULL THEN '' ELSE ' class="'
           OPERATOR(pg_catalog.||) illegal_practice_internal.html_escape(css_class) OPERATOR(pg_catalog.||) '"' END
         OPERATOR(pg_catalog.||) '>'
         OPERATOR(pg_catalog.||) (SELECT coalesce(pg_catalog.string_agg('<td>' OPERATOR(pg_catalog.||) illegal_practice_internal.html_escape(c)
                                                   OPERATOR(pg_catalog.||) '</td>', '' ORDER BY n), '')
                                    FROM pg_catalog.unnest(cells) WITH ORDINALITY AS u(c, n))
         OPERATOR(pg_catalog.||) '</tr>' OPERATOR(pg_catalog.||) E'\n';
COMMENT ON FUNCTION illegal_practice_internal.print_row(text, text[]) IS
  '打印表的一行 <tr>：每个单元格内容经 HTML 转义（NULL 为空格子）；css_class 为行的样式类（如 total 表示合计行），可空';

CREATE FUNCTION illegal_practice_internal.print_css() RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN $css$
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-size: 10.5pt; line-height: 1.35;
       font-family: "Noto Serif CJK SC", "Source Han Serif SC", "FangSong", "STFangsong", "SimSun",
                    "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif; }
.attachment, h1, table.form th, table.form tr.total td, .chart {
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
.sheet + .sheet, .page + .page { break-before: page; page-break-before: always; }
.attachment { margin: 0 0 1mm 0; font-size: 12pt; }
h1 { margin: 1mm 0 2mm 0; text-align: center; font-size: 17pt; font-weight: bold; letter-spacing: 0.05em; }
.period { margin: 0 0 2mm 0; text-align: center; font-size: 10pt; }
.meta { display: flex; justify-content: space-between; margin: 2mm 0; padding: 0 4mm; }
.meta span, .footer span { white-space: nowrap; }
table.form { width: 100%; border-collapse: collapse; }
table.form th, table.form td { border: 0.75pt solid #000; padding: 1.2mm 1mm; text-align: center;
                               vertical-align: middle; word-break: normal; overflow-wrap: normal; line-break: strict; }
table.form th { font-weight: bold; font-size: 9.5pt; text-wrap: balance; }
table.form thead { display: table-header-group; }
table.form tr { page-break-inside: avoid; break-inside: avoid; }
table.form tr.total td { font-weight: bold; }
table.form td:first-child { white-space: nowrap; }
table.form tr.empty td { color: #555; height: 9mm; }
/* the stage 汇总表: one row per township of a county (about 20) fits one A4 landscape page */
.sheet[data-form="patrol_summary"] table.form td { padding: 0.55mm 1mm; font-size: 9.5pt; }
table.register { table-layout: fixed; }
table.register td { font-size: 9pt; }
table.register td:nth-child(2), table.register td:nth-child(6), table.register td:nth-child(11),
table.register td:nth-child(12) { white-space: nowrap; }
table.register td:nth-child(4) { word-break: keep-all; }
table.form th.diagonal { position: relative; min-width: 34mm; height: 15mm; padding: 0; }
table.form th.diagonal svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; }
table.form th.diagonal .top { position: absolute; top: 1.2mm; right: 2mm; }
table.form th.diagonal .bottom { position: absolute; bottom: 1.2mm; left: 2mm; }
.note { margin: 2mm 0 0 0; font-size: 9.5pt; }
.footer { display: flex; justify-content: space-between; margin-top: 6mm; padding: 0 4mm; }
.footer .stamp { min-width: 40mm; }
.pageno { text-align: center; font-size: 9pt; margin: 3mm 0 0 0; }
.paged { display: flex; flex-direction: column; min-height: 183mm; }
.paged .pageno { margin-top: auto; padding-top: 3mm; }
.chart svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
@media screen { body { background: #e8e8e8; } .page { background: #fff; width: 297mm; margin: 8mm auto;
                padding: 12mm; box-shadow: 0 0 4px rgba(0,0,0,.3); } .paged { min-height: 210mm; } }
$css$;
COMMENT ON FUNCTION illegal_practice_internal.print_css() IS
  '打印表的样式表：A4 横向、细线表格、表头每页重复、行不跨页、日期电话不折行、合计行加粗、思源（Noto CJK）字体带粗体、屏幕预览灰底白纸';

-- the office that stamps a division's forms (江苏 附表: 市卫生健康委（单位盖章）; 仙居: 县卫健局, 乡镇人民政府)
CREATE FUNCTION illegal_practice_internal.print_office(division_code text) RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d record;
BEGIN
  SELECT v.name, v.level::text AS level INTO d FROM @extschema@.division v WHERE v.code = division_code;
  RETURN CASE WHEN d.name IS NULL THEN NULL
              WHEN d.level IN ('省', '市') THEN d.name || '卫生健康委'
              WHEN d.level = '县' THEN d.name || '卫生健康局'
              WHEN d.name LIKE '%街道' THEN d.name || '办事处'
              ELSE d.name || '人民政府' END;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_office(text) IS
  '区划的填报单位名称（打印表 unit 的默认值）：省、市为“<名称>卫生健康委”（如 南京市卫生健康委），县为“<名称>卫生健康局”，街道为“<名称>办事处”，乡镇为“<名称>人民政府”';

-- the document's stamp line: <单位>（单位盖章）   填报时间：2019年8月30日
CREATE FUNCTION illegal_practice_internal.print_seal_line(unit text, date_label text, filled_on date) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<div class="meta"><span class="unit">' || illegal_practice_internal.html_escape(unit) || '（单位盖章）</span>'
      || '<span class="date">' || illegal_practice_internal.html_escape(date_label) || '：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(filled_on)) || '</span></div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_seal_line(text, text, date) IS
  '原表的盖章行：“<填报单位>（单位盖章）”与“填报时间：2019年8月30日”（date_label 可为 填报日期）；文字经转义';

-- one line of labelled items (落款); '单位盖章' is the stamp area
CREATE FUNCTION illegal_practice_internal.print_sign_line(items text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF items IS NULL OR cardinality(items) = 0 THEN
    RETURN '';
  END IF;
  RETURN '<div class="footer">'
      || (SELECT string_agg(CASE WHEN f LIKE '单位盖章%' THEN '<span class="stamp">' ELSE '<span>' END
                            || illegal_practice_internal.html_escape(f) || '</span>', '' ORDER BY n)
            FROM unnest(items) WITH ORDINALITY AS u(f, n))
      || '</div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_sign_line(text[]) IS
  '落款一行：各项（如 填表人：王某某）依次排开，以“单位盖章”开头的一项留出盖章位置；数组为空时返回空串';

-- a label with its value, or blanks to write by hand
CREATE FUNCTION illegal_practice_internal.print_item(label text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN label OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) coalesce(value, '　　　　　　');
COMMENT ON FUNCTION illegal_practice_internal.print_item(text, text) IS '落款的一项：“标签：值”，值为空时留手写空格';

-- the signers the document lacks, printed only when asked for (given)
CREATE FUNCTION illegal_practice_internal.print_asked(filled_by text, reviewed_by text, phone text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r text[] := '{}';
BEGIN
  IF filled_by IS NOT NULL THEN r := r || illegal_practice_internal.print_item('填表人', filled_by); END IF;
  IF reviewed_by IS NOT NULL THEN r := r || illegal_practice_internal.print_item('审核人', reviewed_by); END IF;
  IF phone IS NOT NULL THEN r := r || illegal_practice_internal.print_item('联系电话', phone); END IF;
  RETURN r;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_asked(text, text, text) IS
  '原表没有的落款项（填表人、审核人、联系电话）：只列出调用者给了值的项，都没给时为空数组';

-- the heading of a sheet: 附件/附表 label, title, 统计期间
CREATE FUNCTION illegal_practice_internal.print_heading(attachment text, title text, period_text text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN CASE WHEN attachment IS NULL THEN '' ELSE '<p class="attachment">' || illegal_practice_internal.html_escape(attachment) || '</p>' || E'\n' END
      || '<h1>' || illegal_practice_internal.html_escape(title) || '</h1>' || E'\n'
      || CASE WHEN period_text IS NULL THEN '' ELSE '<p class="period">统计期间：' || illegal_practice_internal.html_escape(period_text) || '</p>' || E'\n' END;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_heading(text, text, text) IS '打印页的抬头：附件/附表标号、标题（h1）、统计期间（可空）；文字经转义';

-- a table: thead and tbody are HTML already (built with print_row), colgroup may be NULL
CREATE FUNCTION illegal_practice_internal.print_table(css_class text, colgroup text, thead text, tbody text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<table class="form' || CASE WHEN css_class IS NULL THEN '' ELSE ' ' || illegal_practice_internal.html_escape(css_class) END || '">' || E'\n'
      || coalesce(colgroup, '')
      || '<thead>' || E'\n' || thead || '</thead>' || E'\n'
      || '<tbody>' || E'\n' || tbody || '</tbody>' || E'\n' || '</table>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_table(text, text, text, text) IS
  '打印表的表格：class 为 form 加 css_class，可选 colgroup（列宽），thead、tbody 为已拼好的 HTML';

-- a sheet (what one office files): one <div class="page"> per printed page
CREATE FUNCTION illegal_practice_internal.print_sheet(form_name text, pages text[], paged boolean DEFAULT false) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<div class="sheet" data-form="' || illegal_practice_internal.html_escape(form_name) || '">' || E'\n'
      || (SELECT string_agg('<div class="page' || CASE WHEN paged THEN ' paged' ELSE '' END || '">' || E'\n' || p || '</div>' || E'\n', '' ORDER BY n)
            FROM unnest(pages) WITH ORDINALITY AS u(p, n))
      || '</div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_sheet(text, text[], boolean) IS
  '一份表（一个单位报送的一张）：每个元素为一页（已是 HTML），各页之间分页；paged 为真时页脚（页码）压在页底';

-- the whole HTML document around sheets
CREATE FUNCTION illegal_practice_internal.print_document(title text, body text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<!DOCTYPE html>' || E'\n'
      || '<html lang="zh-CN"><head><meta charset="utf-8">'
      || '<meta name="generator" content="illegal_practice">'
      || '<title>' || illegal_practice_internal.html_escape(title) || '</title>'
      || '<style>' || illegal_practice_internal.print_css() || '</style></head>' || E'\n'
      || '<body>' || E'\n' || body || '</body></html>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_document(text, text) IS
  '完整的 HTML 文档：标题（已转义）、内嵌样式表 print_css()、正文（一张或多张 print_sheet）；无脚本、无外部文件';

-- the whole page, one sheet: heading, 填报单位（盖章）/填报时间 above, the table, 注, footer items below
-- (kept for pages laid out that way; the forms below place each line where their document does)
CREATE FUNCTION illegal_practice_internal.print_page(form_name text, attachment text, title text, period_text text,
                                       unit text, date_label text, filled_on date,
                                       thead text, tbody text, note text, footer text[])
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN illegal_practice_internal.print_document(title, illegal_practice_internal.print_sheet(form_name, ARRAY[
      illegal_practice_internal.print_heading(attachment, title, period_text)
      || '<div class="meta"><span class="unit">填报单位（盖章）：' || illegal_practice_internal.html_escape(unit) || '</span>'
      || '<span class="date">' || illegal_practice_internal.html_escape(date_label) || '：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(filled_on)) || '</span></div>' || E'\n'
      || illegal_practice_internal.print_table(NULL, NULL, thead, tbody)
      || CASE WHEN note IS NULL THEN '' ELSE '<p class="note">' || illegal_practice_internal.html_escape(note) || '</p>' || E'\n' END
      || illegal_practice_internal.print_sign_line(footer)]));
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_page(text, text, text, text, text, text, date, text, text, text, text[]) IS
  '拼出完整的一页打印页：附表标签、标题、统计期间、填报单位（盖章）与填报时间、表头（thead，已是 HTML）、表体（tbody，已是 HTML）、注、落款各项；文字均经转义';

-- the footer lines: 填表人 / 审核人 / 联系电话 / 单位盖章 (filled in when given, blank lines otherwise)
CREATE FUNCTION illegal_practice_internal.print_footer(filled_by text, reviewed_by text, phone text, phone_label text DEFAULT '联系电话')
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['填表人：' OPERATOR(pg_catalog.||) coalesce(filled_by, '　　　　　　'),
               '审核人：' OPERATOR(pg_catalog.||) coalesce(reviewed_by, '　　　　　　'),
               coalesce(phone_label, '联系电话') OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) coalesce(phone, '　　　　　　'),
               '单位盖章'];
COMMENT ON FUNCTION illegal_practice_internal.print_footer(text, text, text, text) IS '打印表落款：填表人、审核人、联系电话（或联系方式）、单位盖章；未给的留空';

-- estimated printed height (mm) of a table row: the most wrapped cell at font_pt, CJK one em, ASCII 0.55 em
CREATE FUNCTION illegal_practice_internal.print_row_height(cells text[], widths_mm numeric[], font_pt numeric) RETURNS numeric
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  em numeric := font_pt * 0.3528;
  lines integer := 1;
  w numeric;
  i integer;
BEGIN
  FOR i IN 1 .. least(cardinality(cells), cardinality(widths_mm)) LOOP
    w := length(coalesce(cells[i], '')) - 0.45 * length(regexp_replace(coalesce(cells[i], ''), '[^\x01-\x7e]', '', 'g'));
    -- 1.05: lines break at word boundaries, not exactly at the edge
    lines := greatest(lines, ceil(w * 1.05 / greatest((widths_mm[i] - 2.4) / em, 1))::integer);
  END LOOP;
  RETURN 2.6 + lines * em * 1.35;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_row_height(text[], numeric[], numeric) IS
  '估算表格一行打印后的高度（毫米）：按各格文字宽度（汉字 1 字宽、ASCII 0.55 字宽，留 5% 余量）与列宽求最多的折行数；用于附件1 分页';

CREATE FUNCTION illegal_practice_internal.print_check_args(division_code text, VARIADIC periods daterange[]) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.form_args(division_code, VARIADIC periods);
COMMENT ON FUNCTION illegal_practice_internal.print_check_args(text, daterange[]) IS
  '打印表参数检查（即 form_args）：区划代码须存在（否则 22023），期间须有有限的上下界且非空（否则 22023）；返回区划名称';

-- ===== 附件1 非法行医巡查登记表 =====
-- One sheet per township (each township files its own): its own title, the rows paginated in SQL so that
-- every printed page is one <div class="page"> with the header repeated, 第 x 页 共 y 页 at its foot, and
-- the 注 and the 落款 line (填表人 / 填表日期 / 联系电话 / 审核人 / 单位盖章) below the last row.
CREATE FUNCTION @extschema@.form_patrol_register_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  -- column widths (mm) of the 273 mm between the margins of A4 landscape
  widths numeric[] := '{10,17,30,30,36,27,24,18,22,20,17,22}';
  -- usable height of a page (mm) and what the fixed parts take
  page_h constant numeric := 186;
  head_h constant numeric := 27;      -- 附件1 label, title, 统计期间
  thead_h constant numeric := 17;     -- three lines of header text
  pageno_h constant numeric := 9;     -- 第 x 页 共 y 页
  tail_h constant numeric := 22;      -- 注 and the 落款 line
  colgroup text;
  thead text := '<tr><th>序号</th><th>乡镇</th><th>无证行医<br>单位名称</th><th>负责人及从业人员姓名</th><th>行医地址</th>'
    || '<th>联系电话</th><th>毕业院校</th><th>所学专业</th><th>从医资格</th><th>诊治科目</th>'
    || '<th>是否要联合查处</th><th>巡查日期</th></tr>' || E'\n';
  note text := '<p class="note">注：从医资格情况为：村防保员、村公共卫生联系员、乡村医生、执业助理医师、执业医师、护士、药士、药师等。</p>' || E'\n';
  sign text := illegal_practice_internal.print_sign_line(ARRAY[
    illegal_practice_internal.print_item('填表人', filled_by),
    '填表日期：' || illegal_practice_internal.print_date(coalesce(filled_on, @extschema@.today())),
    illegal_practice_internal.print_item('联系电话', phone),
    illegal_practice_internal.print_item('审核人', reviewed_by),
    CASE WHEN unit IS NULL THEN '单位盖章' ELSE '单位盖章：' || unit END]);
  dv record;
  f record;
  cells text[];
  h numeric;
  townships text[] := '{}';        -- township of each sheet
  sheet_rows text[] := '{}';       -- per sheet: its pages' rows, pages separated by chr(1)
  cur text := '';
  used numeric;
  avail numeric;
  last_row text;
  npages integer;
  pages text[];
  page_rows text[];
  result text := '';
  title text;
  county text;
  i integer;
  j integer;
BEGIN
  SELECT v.level::text AS level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code
   WHERE v.code = division_code;
  colgroup := '<colgroup>' || (SELECT string_agg('<col style="width:' || w || 'mm">', '' ORDER BY n) FROM unnest(widths) WITH ORDINALITY AS u(w, n))
              || '</colgroup>' || E'\n';
  FOR f IN SELECT * FROM @extschema@.form_patrol_register(division_code, period) WITH ORDINALITY
                  AS x(seq, township, unit_name, people, address, phone, school, major, qualification, subjects,
                       joint_enforcement, patrolled_on, n)
           ORDER BY x.n LOOP
    cells := ARRAY[f.seq::text, f.township, f.unit_name, f.people, f.address, f.phone, f.school, f.major,
                   f.qualification, f.subjects, f.joint_enforcement, to_char(f.patrolled_on, 'YYYY-MM-DD')];
    h := illegal_practice_internal.print_row_height(cells, widths, 9);
    IF f.seq = 1 THEN                -- a new township: close the previous sheet, open a new one
      IF cardinality(townships) > 0 THEN
        sheet_rows := sheet_rows || cur;
      END IF;
      townships := townships || f.township;
      cur := '';
      used := 0;
      avail := page_h - head_h - thead_h - pageno_h;
    END IF;
    IF used > 0 AND used + h > avail THEN          -- page full: next page (header repeated, no heading)
      cur := cur || chr(1);
      used := 0;
      avail := page_h - thead_h - pageno_h;
    END IF;
    cur := cur || chr(2) || h::text || chr(3) || illegal_practice_internal.print_row(NULL, VARIADIC cells);
    used := used + h;
  END LOOP;
  IF cardinality(townships) > 0 THEN
    sheet_rows := sheet_rows || cur;
  END IF;

  IF cardinality(townships) = 0 THEN           -- nothing patrolled: one sheet for the division, one empty row
    title := CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dname WHEN '县' THEN dname || '乡镇（街道）'
                           ELSE dname END || '非法行医巡查登记表';
    RETURN illegal_practice_internal.print_document(title, illegal_practice_internal.print_sheet('patrol_register', ARRAY[
      illegal_practice_internal.print_heading('附件1：', title, illegal_practice_internal.print_period(period))
      || illegal_practice_internal.print_table('register', colgroup, thead, '<tr class="empty"><td colspan="12">本期无巡查记录</td></tr>' || E'\n')
      || note || sign || '<p class="pageno">第 1 页 共 1 页</p>' || E'\n'], true));
  END IF;

  FOR i IN 1 .. cardinality(townships) LOOP
    SELECT p.name INTO county
      FROM @extschema@.division t JOIN @extschema@.division p ON p.code = t.parent_code
     WHERE t.name = townships[i] AND t.level = '乡镇' AND @extschema@.covers(division_code, t.code)
     ORDER BY t.code LIMIT 1;
    title := coalesce(county, '') || townships[i] || '非法行医巡查登记表';
    pages := string_to_array(sheet_rows[i], chr(1));
    -- the 落款 must fit below the last row: if not, the last row goes with it onto a page of its own
    page_rows := string_to_array(pages[cardinality(pages)], chr(2));
    used := (SELECT coalesce(sum(split_part(r, chr(3), 1)::numeric), 0) FROM unnest(page_rows) r WHERE r <> '');
    avail := page_h - thead_h - pageno_h - CASE WHEN cardinality(pages) = 1 THEN head_h ELSE 0 END;
    IF used + tail_h > avail THEN
      last_row := page_rows[cardinality(page_rows)];
      pages[cardinality(pages)] := array_to_string(page_rows[1:cardinality(page_rows) - 1], chr(2));
      pages := pages || (chr(2) || last_row);
    END IF;
    npages := cardinality(pages);
    FOR j IN 1 .. npages LOOP
      pages[j] := CASE WHEN j = 1 THEN illegal_practice_internal.print_heading('附件1：', title, illegal_practice_internal.print_period(period)) ELSE '' END
        || illegal_practice_internal.print_table('register', colgroup, thead,
             (SELECT coalesce(string_agg(split_part(r, chr(3), 2), '' ORDER BY n), '')
                FROM unnest(string_to_array(pages[j], chr(2))) WITH ORDINALITY AS u(r, n) WHERE r <> ''))
        || CASE WHEN j = npages THEN note || sign ELSE '' END
        || '<p class="pageno">第 ' || j || ' 页 共 ' || npages || ' 页</p>' || E'\n';
    END LOOP;
    result := result || illegal_practice_internal.print_sheet('patrol_register', pages, true);
  END LOOP;
  title := CASE WHEN cardinality(townships) = 1 THEN title
                ELSE CASE dv.level WHEN '县' THEN dname || '乡镇（街道）' ELSE dname END || '非法行医巡查登记表' END;
  RETURN illegal_practice_internal.print_document(title, result);
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) IS
  '附件1 非法行医巡查登记表的打印页（HTML）：每个乡镇一张（另起一页，标题“仙居县横溪镇非法行医巡查登记表”），'
  '按页排好，每页重复表头、页脚“第 x 页 共 y 页”（每个乡镇分别编页），行不跨页；表格各格即 form_patrol_register 的各列；'
  '表下为注与落款一行：填表人（filled_by）、填表日期（filled_on，默认今天）、联系电话（phone）、审核人（reviewed_by）、单位盖章（给了 unit 时写上单位），未给的留空待手填';
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表1 打击无证行医情况汇总表 =====
-- The document: label, title, the table, then below it “市卫生健康委（单位盖章）  填报时间：2019年 月 日”.
CREATE FUNCTION @extschema@.form_unlicensed_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(CASE WHEN f.institution_type = '合计' THEN 'total' END,
                      f.institution_type, f.penalized_units::text, f.confiscation_count::text, f.confiscation_wan::text,
                      f.fine_count::text, f.fine_wan::text, f.ban_count::text, f.transferred_cases::text,
                      f.court_judgments::text, f.persons_held_accountable::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_unlicensed_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('打击无证行医情况汇总表', illegal_practice_internal.print_sheet('unlicensed_summary', ARRAY[
    illegal_practice_internal.print_heading('附表1', '打击无证行医情况汇总表', illegal_practice_internal.print_period(period))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th rowspan="2">机构类型</th><th rowspan="2">行政处罚单位数</th><th colspan="5">行政处罚情况</th>'
         || '<th colspan="4">其他情况</th></tr>' || E'\n'
         || '<tr><th>没收违法所得户次</th><th>没收违法所得金额（万元）</th><th>罚款户次</th><th>罚款金额（万元）</th>'
         || '<th>取缔户次</th><th>移送案件数</th><th>法院判决案件数</th><th>因无证行医追责人数</th><th>信息系统录入情况</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) IS
  '附表1 打击无证行医情况汇总表的打印页（HTML）：两级表头（行政处罚情况、其他情况）、五种机构类型与合计；各格即 form_unlicensed_summary 的各列；'
  '表下盖章行“<unit>（单位盖章）　填报时间”：unit 默认为区划的卫生健康委（如 南京市卫生健康委），filled_on 默认今天；'
  '原表没有填表人、审核人、联系电话，给了 filled_by、reviewed_by、phone 时才另起一行列出';
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表2 “回头看”汇总表 =====
-- The document: label and title, “市卫生健康委（单位盖章）  填报时间” above the table, nothing below.
CREATE FUNCTION @extschema@.form_beauty_lookback_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, prior, current);
  body text;
  py text := illegal_practice_internal.html_escape(illegal_practice_internal.period_years(prior));
  cy text := illegal_practice_internal.html_escape(illegal_practice_internal.period_years(current));
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.row_label, f.prior_penalized_units::text, f.prior_rectified_units::text,
                      f.reoffending_units::text, f.order_correct_count::text, f.warning_count::text,
                      f.suspension_count::text, f.fine_count::text, f.fine_wan::text, f.confiscation_wan::text,
                      f.license_revoked_count::text, f.transferred_count::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_beauty_lookback(division_code, prior, current) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('打击非法医疗美容专项行动“回头看”汇总表', illegal_practice_internal.print_sheet('beauty_lookback', ARRAY[
    illegal_practice_internal.print_heading('附表2', '打击非法医疗美容专项行动“回头看”汇总表',
      '前期' || illegal_practice_internal.print_period(prior) || '；本期' || illegal_practice_internal.print_period(current))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th rowspan="2"></th><th rowspan="2">' || py || '打击非法医疗美容专项行动处罚单位数</th>'
         || '<th rowspan="2">' || py || '查处后落实整改单位数</th>'
         || '<th rowspan="2">' || cy || '“回头看”行动中发现再次开展非法医疗美容户数</th>'
         || '<th colspan="8">再次开展非法医疗美容单位</th></tr>' || E'\n'
         || '<tr><th>责令整改数</th><th>警告数</th><th>责令停业整顿户数</th><th>罚款户（人）次</th><th>罚款金额（万元）</th>'
         || '<th>没收违法所得（万元）</th><th>吊销行政许可资质</th><th>移送司法机关</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表2 打击非法医疗美容专项行动“回头看”汇总表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报时间”（unit 默认区划的卫生健康委，filled_on 默认今天）；'
  '两级表头（年份取自前期、本期），行 无证行医、医疗机构；各格即 form_beauty_lookback 的各列；填表人等只在给了时列出';
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表3 再次受处罚对象信息报告表 =====
-- The document: label and title, “市卫生健康委（单位盖章）  填报时间” above the table, nothing below.
CREATE FUNCTION @extschema@.form_repeat_offenders_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, prior, current);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.seq::text, f.subject_name, f.address, f.legal_representative,
                      f.first_cause, f.second_cause), '' ORDER BY f.seq)
    INTO body
    FROM @extschema@.form_repeat_offenders(division_code, prior, current) AS f;
  RETURN illegal_practice_internal.print_document('打击非法医疗美容“回头看”行动中再次受处罚对象信息报告表',
    illegal_practice_internal.print_sheet('repeat_offenders', ARRAY[
    illegal_practice_internal.print_heading('附表3', '打击非法医疗美容“回头看”行动中再次受处罚对象信息报告表',
      '前期' || illegal_practice_internal.print_period(prior) || '；本期' || illegal_practice_internal.print_period(current))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th>序号</th><th>被处罚对象</th><th>地址</th><th>法人或负责人</th><th>第一次处罚案由</th>'
         || '<th>第二次处罚或拟处罚案由</th></tr>' || E'\n',
         coalesce(body, '<tr class="empty"><td colspan="6">本期无再次受处罚对象</td></tr>' || E'\n'))
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表3 “回头看”行动中再次受处罚对象信息报告表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报时间”（unit 默认区划的卫生健康委，filled_on 默认今天）；'
  '各格即 form_repeat_offenders 的各列；无对象时一行“本期无再次受处罚对象”；填表人等只在给了时列出';
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表4 两非汇总表 =====
-- The document: label, title, “市卫生健康委（单位盖章）  填报日期” above the table, the diagonal header
-- 处理情况 / 案件分类, and below “填表人：  联系方式：”.
CREATE FUNCTION @extschema@.form_two_illegal_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.category, f.inspected_subjects::text, f.penalty_cases::text,
                      f.order_correct_count::text, f.warning_count::text, f.fine_count::text, f.fine_wan::text,
                      f.confiscation_wan::text, f.certificate_revoked_count::text, f.referred_to_departments::text,
                      f.transferred_to_judiciary::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_two_illegal_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表',
    illegal_practice_internal.print_sheet('two_illegal_summary', ARRAY[
    illegal_practice_internal.print_heading('附表4', '查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表',
                                            illegal_practice_internal.print_period(period))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报日期',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         -- the diagonal as inline SVG: a vector line from corner to corner, crisp at any resolution
         '<tr><th class="diagonal"><span class="top">处理情况</span><span class="bottom">案件分类</span>'
         || '<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true"><line x1="0" y1="0" x2="100%" y2="100%" stroke="#000" stroke-width="1"/></svg></th>'
         || '<th>检查对象数</th><th>行政处罚数</th><th>责令改正数</th><th>警告数</th><th>罚款户（人）次</th>'
         || '<th>罚款金额（万元）</th><th>没收违法所得（万元）</th><th>吊销执业证书数</th><th>移送相关部门</th>'
         || '<th>移送司法机关</th><th>案件信息系统录入数</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_sign_line(ARRAY[illegal_practice_internal.print_item('填表人', filled_by)]
         || CASE WHEN reviewed_by IS NULL THEN '{}'::text[] ELSE ARRAY[illegal_practice_internal.print_item('审核人', reviewed_by)] END
         || illegal_practice_internal.print_item('联系方式', phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) IS
  '附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报日期”'
  '（unit 默认区划的卫生健康委，filled_on 默认今天），斜线表头“处理情况/案件分类”（内嵌 SVG 矢量线），两行两非类别，各格即 form_two_illegal_summary 的各列；'
  '表下落款 填表人、联系方式（phone），给了 reviewed_by 时加审核人';
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 仙居 阶段汇总表 =====
CREATE FUNCTION @extschema@.form_patrol_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  dv record;
  body text;
BEGIN
  SELECT v.level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code WHERE v.code = division_code;
  SELECT string_agg(illegal_practice_internal.print_row(CASE WHEN f.township_code IS NULL THEN 'total' END,
                      f.township, f.patrols::text, f.area_sweeps::text, f.sites_found::text, f.sites_operating::text,
                      f.ordered_count::text, f.persuaded_count::text, f.refused_count::text, f.banned_sites::text,
                      f.joint_applications::text, f.joint_actions::text, f.closed_site_visits_owed::text,
                      f.closed_site_visits_made::text, illegal_practice_internal.visit_share(f.closed_site_visits_made, f.closed_site_visits_owed)),
                    '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_patrol_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_page('patrol_summary', NULL,
    CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dname WHEN '县' THEN dname || '乡镇（街道）' ELSE dname END
      || '打击非法行医阶段汇总表',
    illegal_practice_internal.print_period(period), coalesce(unit, dname), '填报时间', filled_on,
    '<tr><th rowspan="2">乡镇（街道）</th><th colspan="2">巡查</th><th colspan="2">场所</th>'
    || '<th colspan="3">处理</th><th rowspan="2">取缔场所数</th><th colspan="2">联合执法</th>'
    || '<th colspan="3">停业场所每月巡查</th></tr>' || E'\n'
    || '<tr><th>巡查次数</th><th>其中辖区排查</th><th>巡查场所数</th><th>发现执业场所数</th>'
    || '<th>责令限期整改</th><th>劝导停业</th><th>拒不整改</th><th>申请</th><th>联合行动</th>'
    || '<th>应巡查月次</th><th>已巡查月次</th><th>完成率</th></tr>' || E'\n',
    body,
    '注：取缔场所数含乡镇自行取缔与联合行动取缔；停业场所指已取缔、自行歇业、已停业的场所，每月应巡查一次（整月在统计期间内的月份）。',
    illegal_practice_internal.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) IS
  '仙居阶段汇总表的打印页（HTML）：各格即 form_patrol_summary 的各列，末列为每月巡查完成率；unit、filled_on（填报时间）、filled_by、reviewed_by、phone 未给的留空';
ALTER FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;


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
  ttl text;
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
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
                             r.k, illegal_practice_internal.html_escape(r.rank::text), r.k, illegal_practice_internal.html_escape(r.township),
                             r.k, illegal_practice_internal.html_escape(r.deduction::text));
    END IF;
    body := body || '<td>' || illegal_practice_internal.html_escape(r.rule_code) || '</td><td>' || illegal_practice_internal.html_escape(r.clause)
                 || '</td><td>' || illegal_practice_internal.html_escape(r.occurrences::text) || '</td><td>'
                 || illegal_practice_internal.html_escape(r.rule_deduction::text) || '</td><td class="evidence" style="text-align: left">'
                 || illegal_practice_internal.html_escape(r.evidence) || '</td></tr>' || E'\n';
    prev := r.township_code;
  END LOOP;
  ttl := CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dv.name WHEN '县' THEN dv.name || '乡镇（街道）' ELSE dv.name END
         || '打击非法行医考核结果（' || what || '）';
  -- the page: heading, unit and date, the table, the rule note, and for one window the ranking chart
  RETURN illegal_practice_internal.print_document(ttl, illegal_practice_internal.print_sheet('assessment_result', ARRAY[
      illegal_practice_internal.print_heading(NULL, ttl,
        CASE WHEN period IS NULL THEN NULL ELSE illegal_practice_internal.print_period(period) END)
      || '<div class="meta"><span class="unit">' || illegal_practice_internal.html_escape(
           coalesce(unit, illegal_practice_internal.print_office(division_code))) || '（单位盖章）</span>'
      || '<span class="date">填报时间：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(coalesce(filled_on, @extschema@.today()))) || '</span></div>' || E'\n'
      || illegal_practice_internal.print_table(NULL, NULL,
           '<tr><th>名次</th><th>乡镇（街道）</th><th>扣分合计</th><th>条款</th><th>条款内容</th><th>次数</th><th>扣分</th><th>依据</th></tr>' || E'\n',
           CASE WHEN body = '' THEN '<tr class="empty"><td colspan="8">无乡镇</td></tr>' || E'\n' ELSE body END)
      || '<p class="note">' || illegal_practice_internal.html_escape(
           '依据《乡镇、街道打击非法行医考核细则》（附件3）：标志性条款发生即扣分，按次条款按次数扣分；扣分少者名次在前，并列同名次。')
      || '</p>' || E'\n'
      || CASE WHEN window_id IS NULL THEN ''
              ELSE '<div class="chart">' || @extschema@.chart_assessment_ranking(division_code, window_id) || '</div>' || E'\n' END]));
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) IS '考核结果打印页（assessment_summary_html 与 assessment_total_html 共用）';
ALTER FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_summary_html(division_code text, window_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, window_id, NULL, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) IS
  '考核期间的考核结果打印页（HTML）：名次、乡镇（街道）、扣分合计（跨行），每条扣分条款及其次数、扣分、依据';
ALTER FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_total_html(division_code text, campaign_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, NULL, campaign_id, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) IS
  '专项行动全年考核结果打印页（HTML）：同 assessment_summary_html，扣分按全年口径（标志性条款只扣一次）';
ALTER FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

