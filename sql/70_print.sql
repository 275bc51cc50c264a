-- Printable forms (70_print.sql): escaping, layout pieces, and the pages' table cells = the form rows.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000');
-- the text between <tbody> and </tbody>, one line per row
CREATE FUNCTION regress.tbody(html text) RETURNS SETOF text LANGUAGE sql AS $$
  SELECT r FROM regexp_split_to_table(substring(html FROM '<tbody>\n(.*)</tbody>'), '\n') r WHERE r <> '' $$;

-- == html_escape
SELECT html_escape('<a href="x">A&B</a> it''s');  -- &lt;a href=&quot;x&quot;&gt;A&amp;B&lt;/a&gt; it&#39;s
SELECT html_escape('&amp;');                      -- &amp;amp;  (escaped again: the input is text, not HTML)
SELECT html_escape(NULL) = '';                    -- t
SELECT html_escape('仙居县　横溪镇');              -- 仙居县　横溪镇 (unchanged)

-- == dates and periods as printed
SELECT print_date('2019-08-30');                  -- 2019年8月30日
SELECT print_date(NULL);                          -- blanks for handwriting: 　　　　年　　月　　日
SELECT print_period('[2019-01-01,2020-01-01)');   -- 2019年1月1日至2019年12月31日
SELECT print_period('[2020-06-01,2020-06-02)');   -- 2020年6月1日至2020年6月1日

-- == one row: cells escaped, NULL → empty cell, optional class
SELECT print_row(NULL, '1', '<b>', NULL);         -- <tr><td>1</td><td>&lt;b&gt;</td><td></td></tr>
SELECT print_row('total', '合计', '5');           -- <tr class="total"><td>合计</td><td>5</td></tr>

-- == footer
SELECT print_footer('王某某', NULL, '0576-1', '联系方式');  -- {填表人：王某某,审核人：(blanks),联系方式：0576-1,单位盖章}

-- == wrong arguments
SELECT try($$SELECT form_unlicensed_summary_html('999999', '[2019-01-01,2020-01-01)')$$);  -- 22023 unknown division
SELECT try($$SELECT form_unlicensed_summary_html(NULL, '[2019-01-01,2020-01-01)')$$);      -- 22023 unknown division "<NULL>"
SELECT try($$SELECT form_unlicensed_summary_html('320000', '[2019-01-01,)')$$);           -- 22023 period must be bounded
SELECT try($$SELECT form_beauty_lookback_html('320000', '[2017-01-01,2019-01-01)', 'empty')$$);  -- 22023 empty period
SELECT try($$SELECT form_two_illegal_summary_html('320000', NULL)$$);                      -- 22023 period NULL

-- == data: two 无证行医 cases in 南京; the subject's name needs escaping
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, cause,
                              filed_on, entered_in_system) VALUES
  ('320100', '无证行医', '西医', '示例<诊所>&"甲"', '南京市示例路1号', '无证行医', '2019-05-01', true),   -- 1
  ('320100', '无证行医', '口腔', '示例牙科', '南京市示例路2号', '无证行医', '2019-06-01', false);         -- 2
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '罚款', 5000), (1, '没收违法所得', 1200.50), (2, '取缔', NULL);

-- == 附表1 page: the body rows are the function's rows, in order, 合计 marked total
SELECT * FROM tbody(form_unlicensed_summary_html('320000', '[2019-01-01,2020-01-01)'));
-- 西医 1 1 0.1201 1 0.5000 0 0 0 0 1  (penalised subject 1; 1200.50 → 0.1201 (0.12005 half up); 5000 → 0.5000; entered)
-- 中医 all 0 / 0.0000;  医疗美容 all 0;  口腔 1 0 0.0000 0 0.0000 1 0 0 0 0 (取缔 is a penalty → 1 unit, 1 ban)
-- 其他 all 0;  class="total" 合计 2 1 0.1201 1 0.5000 1 0 0 0 1
SELECT * FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)');   -- the same numbers
-- two header rows: 行政处罚情况 spans 5 leaves, 其他情况 4
SELECT (regexp_matches(form_unlicensed_summary_html('320000', '[2019-01-01,2020-01-01)'), '<th[^>]*colspan="(\d+)"[^>]*>([^<]+)</th>', 'g'));
-- {5,行政处罚情况} then {4,其他情况}
SELECT h ~ '<title>打击无证行医情况汇总表</title>' AS title,            -- t
       h ~ '<p class="attachment">附表1</p>' AS label,                   -- t
       h ~ '江苏省卫生健康委 &amp; 示例（单位盖章）' AS unit,             -- t (escaped; the document's 市卫生健康委（单位盖章）)
       h ~ '填报时间：2019年8月30日' AS filled,                          -- t
       strpos(h, '（单位盖章）') > strpos(h, '</table>') AS seal_below,  -- t: below the table, as in the document
       h ~ '填表人：张&lt;某&gt;' AS filled_by,                          -- t (asked for: printed)
       h ~ '审核人|联系电话' AS not_asked,                               -- f (the document has neither)
       h ~ '<script' AS has_script,                                       -- f
       h ~ '@page \{ size: A4 landscape' AS print_css                     -- t
  FROM form_unlicensed_summary_html('320000', '[2019-01-01,2020-01-01)', unit => '江苏省卫生健康委 & 示例',
                                    filled_on => '2019-08-30', filled_by => '张<某>') h;

-- == 附表3: escaped subject in the cells; an empty period prints a placeholder row
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, legal_representative,
                              cause, filed_on) VALUES
  ('320100', '医疗机构违法执业', '医疗美容', '示例美容<b>', '南京市示例大道1号', '示例&法人', '超范围', '2018-03-01'),   -- 3
  ('320100', '医疗机构违法执业', '医疗美容', '示例美容<b>', '南京市示例大道1号', '示例&法人', '再次超范围', '2019-03-01'); -- 4
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (3, '罚款', 3000), (4, '警告', NULL);
SELECT * FROM tbody(form_repeat_offenders_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)'));
-- <tr><td>1</td><td>示例美容&lt;b&gt;</td><td>南京市示例大道1号</td><td>示例&amp;法人</td><td>超范围</td><td>再次超范围</td></tr>
SELECT * FROM tbody(form_repeat_offenders_html('320000', '[2015-01-01,2016-01-01)', '[2016-01-01,2017-01-01)'));
-- <tr class="empty"><td colspan="6">本期无再次受处罚对象</td></tr>

-- == 附表2 header years come from the periods; 附表4 has the diagonal 处理情况/案件分类 cell and 联系方式
SELECT h ~ '2017-2018年打击非法医疗美容专项行动处罚单位数' AS prior_years,        -- t
       h ~ '2019年“回头看”行动中发现再次开展非法医疗美容户数' AS current_year,   -- t
       (SELECT count(*) FROM tbody(h)) AS body_rows                                -- 2
  FROM form_beauty_lookback_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') h;
SELECT h ~ 'class="diagonal"><span class="top">处理情况</span><span class="bottom">案件分类</span>' AS diagonal,  -- t
       h ~ '填报日期：' AS date_label, h ~ '联系方式：' AS phone_label,                                            -- t t
       (SELECT count(*) FROM tbody(h)) AS body_rows                                                                 -- 2
  FROM form_two_illegal_summary_html('320000', '[2019-01-01,2020-01-01)') h;

-- == 附件1: title from the division; cells = the register rows
INSERT INTO site (township_code, name, address, phone, found_on) VALUES ('331024101', '示例诊所', '横溪镇示例村1号', NULL, '2020-06-10');
INSERT INTO practitioner (site_id, name, in_charge, qualification) VALUES (1, '王某某', true, '乡村医生');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome, joint_enforcement_needed) VALUES (1, '2020-06-10', true, '责令限期整改', false);
SELECT substring(form_patrol_register_html('331024101', '[2020-06-01,2020-10-01)') FROM '<h1>(.*)</h1>');  -- 仙居县横溪镇非法行医巡查登记表
SELECT substring(form_patrol_register_html('331024', '[2020-06-01,2020-10-01)') FROM '<h1>(.*)</h1>');     -- 仙居县横溪镇非法行医巡查登记表 (the township's own sheet)
SELECT * FROM tbody(form_patrol_register_html('331024', '[2020-06-01,2020-10-01)'));
-- 1 横溪镇 示例诊所 王某某 横溪镇示例村1号 '' '' '' 乡村医生 '' 否 2020-06-10
SELECT * FROM tbody(form_patrol_register_html('331024', '[2021-01-01,2021-02-01)'));
-- <tr class="empty"><td colspan="12">本期无巡查记录</td></tr>
SELECT form_patrol_register_html('331024', '[2020-06-01,2020-10-01)') ~ '注：从医资格情况为' AS note,   -- t
       form_patrol_register_html('331024', '[2020-06-01,2020-10-01)') ~ '填表日期：' AS date_label;      -- t

-- == the office that stamps: default unit by level; 填报时间 defaults to the day printed
SELECT code, print_office(code) FROM division ORDER BY code;
-- 320000 江苏省卫生健康委, 320100 南京市卫生健康委, 330000 浙江省卫生健康委, 331000 台州市卫生健康委,
-- 331024 仙居县卫生健康局, 331024101 横溪镇人民政府
SELECT h ~ '<span class="unit">南京市卫生健康委（单位盖章）</span>' AS default_unit,             -- t
       h ~ ('填报时间：' || print_date(illegal_practice.today())) AS default_date,                -- t
       h ~ '填表人|审核人|联系电话' AS extra_lines                                                -- f
  FROM form_unlicensed_summary_html('320100', '[2019-01-01,2020-01-01)') h;
-- 附表2/3: the stamp line above the table, nothing below
SELECT strpos(h, '（单位盖章）') < strpos(h, '<table') AS seal_above, h ~ '填表人|审核人' AS extra_lines   -- t f
  FROM form_beauty_lookback_html('320100', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') h;
SELECT strpos(h, '（单位盖章）') < strpos(h, '<table') AS seal_above, h ~ '填表人|审核人' AS extra_lines   -- t f
  FROM form_repeat_offenders_html('320100', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') h;
-- 附表4: 填报日期 above; below only 填表人 and 联系方式; the diagonal is an SVG line, no CSS gradient
SELECT strpos(h, '填报日期') < strpos(h, '<table') AS date_above,                                  -- t
       substring(h FROM '<div class="footer">(.*?)</div>') AS footer,                             -- 填表人：(blanks) 联系方式：025-1
       h ~ '<th class="diagonal">.*<svg[^>]*><line x1="0" y1="0" x2="100%" y2="100%"' AS svg_diagonal  -- t
  FROM form_two_illegal_summary_html('320100', '[2019-01-01,2020-01-01)', phone => '025-1') h;
SELECT print_css() ~ 'gradient' AS gradient, print_css() ~ 'break-all' AS break_all,               -- f f
       print_css() ~ '"Noto Sans CJK SC"' AS noto_bold_font;                                      -- t
-- 附件1: one sheet per township, each with its title, page numbers and the one-line 落款
INSERT INTO division VALUES ('331024106', '下各镇', '乡镇', '331024');
INSERT INTO site (township_code, name, address, phone, found_on) VALUES ('331024106', '下各示例诊所', '下各镇示例街2号', '0576-80010011', '2020-06-04');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (2, '2020-06-04', true, '责令限期整改');
SELECT (regexp_matches(h, '<h1>([^<]*)</h1>', 'g'))[1] AS sheet_title FROM form_patrol_register_html('331024', '[2020-06-01,2020-10-01)') h;
-- 仙居县横溪镇非法行医巡查登记表, 仙居县下各镇非法行医巡查登记表
SELECT (SELECT count(*) FROM regexp_matches(h, '<div class="sheet"', 'g')) AS sheets,                  -- 2
       (SELECT count(*) FROM regexp_matches(h, '第 1 页 共 1 页', 'g')) AS page_numbers,                  -- 2
       (SELECT count(*) FROM regexp_matches(h, '填表人：王某.*?填表日期：2020年10月9日.*?联系电话：0576-1.*?审核人：李某.*?单位盖章', 'g')) AS sign_lines,  -- 2
       substring(h FROM '<title>([^<]*)</title>') AS title,                                             -- 仙居县乡镇（街道）非法行医巡查登记表
       h ~ '填报单位' AS extra_unit_line                                                                 -- f
  FROM form_patrol_register_html('331024', '[2020-06-01,2020-10-01)', filled_on => '2020-10-09', filled_by => '王某',
                                 reviewed_by => '李某', phone => '0576-1') h;
-- a long register is cut into pages: every page repeats the header and is numbered within its township
INSERT INTO patrol (site_id, patrolled_on, operating, outcome)
  SELECT 2, d, true, '责令限期整改' FROM generate_series('2020-07-01'::date, '2020-08-19', '1 day') d;
SELECT (SELECT count(*) FROM regexp_matches(h, '<thead>', 'g')) AS headers,
       (SELECT string_agg(m[1], ' ') FROM regexp_matches(h, '第 (\d+ 页 共 \d+) 页', 'g') m) AS numbers
  FROM form_patrol_register_html('331024106', '[2020-06-01,2020-10-01)') h;   -- 3 headers: 1 页 共 3 2 页 共 3 3 页 共 3 (51 rows)
