-- Charts (71_charts.sql): inline SVG, no script; the numbers are those of the forms, scoped like them.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
SET client_min_messages = warning;
DO $$ BEGIN DROP ROLE IF EXISTS ip_c_clerk; END $$;
CREATE ROLE ip_c_clerk LOGIN IN ROLE illegal_practice_clerk;
RESET client_min_messages;
INSERT INTO user_scope VALUES ('ip_c_clerk', '331024101');
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'), ('320200', '无锡市', '市', '320000');
INSERT INTO site (township_code, name, address, phone, found_on) VALUES
  ('331024101', '甲诊所', '横溪镇横溪村1号', '13812345678', '2020-03-01'),
  ('331024102', '乙诊所', '埠头镇埠头村2号', '0576-87797091', '2020-03-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (1, '2020-03-10', true, '责令限期整改'), (1, '2020-06-10', true, '劝导停业'), (2, '2020-06-11', true, '责令限期整改');
INSERT INTO campaign (code, title, division_code) VALUES ('c', '方案', '331024');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period) VALUES
  (1, 1, '宣传发动', '[2020-03-01,2020-04-01)'), (1, 2, '集中整治', '[2020-04-01,2020-11-01)');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15');
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024102', 1, '2.5', 1);
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on) VALUES
  ('320100', '无证行医', '西医', '钱七', '南京市某路8号', '2019-05-01'), ('320200', '无证行医', '中医', '孙八', '无锡市某路9号', '2019-05-03');
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '罚款', 20000), (2, '罚款', 5000);
-- the bars' tooltips (<title> inside <rect>): "category series：value"
CREATE FUNCTION regress.bars(svg text) RETURNS SETOF text LANGUAGE sql AS $$
  SELECT m[1] FROM regexp_matches(svg, '<rect[^>]*><title>([^<]*)</title></rect>', 'g') m $$;
GRANT USAGE ON SCHEMA regress TO illegal_practice_clerk;

-- == patrols per township per stage: 横溪镇 1 + 1, 埠头镇 0 + 1
SELECT * FROM bars(chart_patrol_stages('331024', 1));   -- 横溪镇 宣传发动：1, 横溪镇 集中整治：1, 埠头镇 集中整治：1
SELECT s ~ '^<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="patrol_stages"' AS svg,   -- t
       s ~ '<script|javascript:|href=' AS active_content                                               -- f
  FROM chart_patrol_stages('331024', 1) s;
-- == cases and fines per month, one series per city: 2019-05 南京市 1 / 2.00 万元, 无锡市 1 / 0.50 万元
SELECT * FROM bars(chart_cases_monthly('320000', '[2019-04-01,2019-07-01)'));
-- == the 附件3 ranking: bars = assessment_summary's deductions (横溪镇 2, 埠头镇 4 with the 2.5 media report), rank labels
SELECT (regexp_matches(chart_assessment_ranking('331024', 1), '>(第\d+名)<', 'g'))[1] AS rank_label;   -- 第1名 第2名
SELECT * FROM bars(chart_assessment_ranking('331024', 1));
SELECT township, deduction, rank FROM assessment_summary('331024', 1);   -- the same numbers
-- == overdue deadlines: the 考核资料 of 1–6月 not handed in by 2020-07-15, as of 2020-08-01: one per township
SELECT * FROM bars(chart_deadlines_overdue('331024', '2020-08-01'));
-- == a page of charts: one page per chart, no script
SELECT (SELECT count(*) FROM regexp_matches(h, '<svg xmlns', 'g')) AS svgs,     -- 5: cases, fines, overdue, stages, ranking
       (SELECT count(*) FROM regexp_matches(h, '<div class="page', 'g')) AS pages, -- 4
       h ~ '<script' AS script                                                     -- f
  FROM chart_page_html('331024', '[2020-01-01,2021-01-01)', 1, '2020-08-01') h;
-- == wrong arguments: 22023, never an empty chart
SELECT try($$SELECT chart_patrol_stages('999999', 1)$$);
SELECT try($$SELECT chart_patrol_stages('331024', 99)$$);
SELECT try($$SELECT chart_assessment_ranking('331024', 99)$$);
SELECT try($$SELECT chart_cases_monthly('320000', '[2019-01-01,)')$$);
-- == scoped like the forms: the clerk of 横溪镇 sees only 横溪镇
SET ROLE ip_c_clerk;
SELECT * FROM bars(chart_patrol_stages('331024', 1));   -- 横溪镇 only
SELECT chart_patrol_stages('331024', 1) ~ '埠头镇' AS sees_other_township;   -- f
RESET ROLE;
DROP ROLE ip_c_clerk;
