-- 打印表：把每张表写成一个独立的 HTML 页面（浏览器打开后打印、盖章）
SET search_path = illegal_practice, pg_catalog;
\getenv pghost PGHOST
\set printdir :pghost/../print
\! mkdir -p "$PGHOST/../print"
\pset format unaligned
\pset tuples_only on
\o :printdir/patrol_register.html
SELECT form_patrol_register_html('331024101', '[2020-06-01,2020-10-01)', unit => '仙居县横溪镇人民政府（示例）',
                                 filled_on => '2020-10-09', filled_by => '王某某', reviewed_by => '李某某', phone => '0576-80000000');
\o :printdir/unlicensed_summary.html
-- the year's table is stamped after the year (unit defaults to the office: 江苏省卫生健康委)
SELECT form_unlicensed_summary_html('320000', '[2019-01-01,2020-01-01)', filled_on => '2020-01-10');
\o :printdir/beauty_lookback.html
SELECT form_beauty_lookback_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', filled_on => '2020-01-10');
\o :printdir/repeat_offenders.html
SELECT form_repeat_offenders_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', filled_on => '2020-01-10');
\o :printdir/patrol_summary.html
SELECT form_patrol_summary_html('331024', '[2020-06-01,2020-10-01)', unit => '仙居县打击非法行医领导小组办公室（示例）', filled_on => '2020-10-14');
\o :printdir/assessment_1-6.html
SELECT assessment_summary_html('331024', w.id, unit => '仙居县打击非法行医领导小组办公室（示例）', filled_on => '2020-07-20')
  FROM reporting_window w WHERE w.name = '1–6月';
\o :printdir/assessment_7-11.html
SELECT assessment_summary_html('331024', w.id, unit => '仙居县打击非法行医领导小组办公室（示例）', filled_on => '2020-12-04')
  FROM reporting_window w WHERE w.name = '7–11月';
\o :printdir/assessment_total.html
SELECT assessment_total_html('331024', c.id, unit => '仙居县打击非法行医领导小组办公室（示例）', filled_on => '2020-12-10')
  FROM campaign c WHERE c.code = '仙打非办〔2020〕1号';
\o :printdir/two_illegal_summary.html
SELECT form_two_illegal_summary_html('320000', '[2019-01-01,2020-01-01)', filled_on => '2020-01-10', filled_by => '张某某', phone => '025-00000000');
\o :printdir/patrol_register_county.html
SELECT form_patrol_register_html('331024', '[2020-01-01,2021-01-01)', filled_on => '2021-01-05');
\o :printdir/charts_xianju.html
SELECT chart_page_html('331024', '[2020-01-01,2021-01-01)', (SELECT id FROM campaign WHERE division_code = '331024'), '2020-12-31');
\o :printdir/charts_jiangsu.html
SELECT chart_page_html('320000', '[2019-01-01,2020-01-01)');
\o
\pset format aligned
\pset tuples_only off
\echo
\! echo "== 打印表与图表（Printable forms and charts）：bash scripts/print_forms.sh 写 PDF，或用浏览器打开后打印（不勾选页眉和页脚）、盖章"; ls -1 "$(cd "$PGHOST/../print" && pwd)"/*.html
