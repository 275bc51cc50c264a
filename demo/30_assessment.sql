-- 附件3 考核：仙居县各乡镇 1–6月 扣分汇总与排名，以及扣分乡镇的明细
SET search_path = illegal_practice, pg_catalog;
\echo '== 附件3 考核汇总（仙居县 331024，1–6月，截止 2020-07-15）'
SELECT s.rank AS 名次, s.township AS 乡镇, s.deduction AS 扣分
  FROM reporting_window w JOIN campaign c ON c.id = w.campaign_id,
       assessment_summary('331024', w.id) s
 WHERE c.code = '仙打非办〔2020〕1号' AND w.name = '1–6月'
 ORDER BY s.rank, s.township_code;
\echo '== 附件3 扣分明细（Deductions with evidence）'
SELECT d.township_code AS 代码, dv.name AS 乡镇, d.rule_code AS 条款, d.occurrences AS 次数,
       d.deduction AS 扣分, d.source AS 来源, d.evidence AS 依据
  FROM reporting_window w JOIN campaign c ON c.id = w.campaign_id,
       assessment_detail('331024', w.id) d JOIN division dv ON dv.code = d.township_code
 WHERE c.code = '仙打非办〔2020〕1号' AND w.name = '1–6月' AND d.deduction > 0
   AND d.rule_code NOT IN ('2.2a', '2.2b')
 ORDER BY d.township_code, d.rule_code;
