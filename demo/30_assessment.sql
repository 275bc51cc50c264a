-- 附件3 考核：仙居县各乡镇 1–6月、7–11月 扣分与排名，全年考核（标志条款只扣一次），扣分明细与考核结果
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 附件3 考核汇总（仙居县 331024；1–6月截止 2020-07-15，7–11月截止 2020-11-30；全年 = assessment_total）'
SELECT a.township AS 乡镇, a.deduction AS "1–6月扣分", a.rank AS "1–6月名次",
       b.deduction AS "7–11月扣分", b.rank AS "7–11月名次", t.deduction AS 全年扣分, t.rank AS 全年名次
  FROM campaign c
  JOIN reporting_window w1 ON w1.campaign_id = c.id AND w1.name = '1–6月'
  JOIN reporting_window w2 ON w2.campaign_id = c.id AND w2.name = '7–11月'
 CROSS JOIN LATERAL assessment_summary('331024', w1.id) a
  JOIN LATERAL assessment_summary('331024', w2.id) b ON b.township_code = a.township_code
  JOIN LATERAL assessment_total('331024', c.id) t ON t.township_code = a.township_code
 WHERE c.code = '仙打非办〔2020〕1号'
 ORDER BY t.rank, a.township_code;
\echo '== 附件3 扣分明细（Deductions with evidence）'
SELECT w.name AS 期间, dv.name AS 乡镇, d.rule_code AS 条款, r.clause AS 内容, d.occurrences AS 次数,
       d.deduction AS 扣分, d.source AS 来源, d.evidence AS 依据
  FROM campaign c JOIN reporting_window w ON w.campaign_id = c.id,
       assessment_detail('331024', w.id) d
  JOIN division dv ON dv.code = d.township_code
  JOIN assessment_rule r ON r.rule_set = 'xianju2020' AND r.code = d.rule_code
 WHERE c.code = '仙打非办〔2020〕1号' AND d.deduction > 0
 ORDER BY w.due_on, d.township_code, d.rule_code;
\echo '== 考核结果 1–6月（CSV：表头与扣分的乡镇；Assessment result, first window）'
SELECT line AS "CSV" FROM campaign c JOIN reporting_window w ON w.campaign_id = c.id AND w.name = '1–6月',
       LATERAL regexp_split_to_table(assessment_summary_csv('331024', w.id, bom => false), E'\n') WITH ORDINALITY AS l(line, n)
 WHERE c.code = '仙打非办〔2020〕1号' AND l.line <> '' AND l.line !~ ',0,,,,,$' ORDER BY l.n;
\echo '== 考核结果 7–11月（CSV：表头与扣分的乡镇）'
SELECT line AS "CSV" FROM campaign c JOIN reporting_window w ON w.campaign_id = c.id AND w.name = '7–11月',
       LATERAL regexp_split_to_table(assessment_summary_csv('331024', w.id, bom => false), E'\n') WITH ORDINALITY AS l(line, n)
 WHERE c.code = '仙打非办〔2020〕1号' AND l.line <> '' AND l.line !~ ',0,,,,,$' ORDER BY l.n;
\echo '== 考核结果 全年（CSV：表头与扣分的乡镇；flags once per campaign, per-occurrence clauses summed）'
SELECT line AS "CSV" FROM campaign c,
       LATERAL regexp_split_to_table(assessment_total_csv('331024', c.id, bom => false), E'\n') WITH ORDINALITY AS l(line, n)
 WHERE c.code = '仙打非办〔2020〕1号' AND l.line <> '' AND l.line !~ ',0,,,,,$' ORDER BY l.n;
\echo '== 待办清单：横溪镇 2020-09-20（Worklist for one township）'
SELECT kind AS 事项, site_name AS 场所, due AS 应办, since AS 自何日起
  FROM worklist('331024101', '2020-09-20');
\echo '== 待办清单：全县按事项统计（2020-09-20）'
SELECT kind AS 事项, count(*) AS 件数 FROM worklist('331024', '2020-09-20') GROUP BY kind ORDER BY kind;
