-- 附件3 考核：仙居县各乡镇 1–6月、7–11月 扣分与排名，以及扣分明细
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 附件3 考核汇总（仙居县 331024；1–6月截止 2020-07-15，7–11月截止 2020-11-30）'
SELECT a.township AS 乡镇, a.deduction AS "1–6月扣分", a.rank AS "1–6月名次",
       b.deduction AS "7–11月扣分", b.rank AS "7–11月名次", a.deduction + b.deduction AS 全年扣分
  FROM campaign c
  JOIN reporting_window w1 ON w1.campaign_id = c.id AND w1.name = '1–6月'
  JOIN reporting_window w2 ON w2.campaign_id = c.id AND w2.name = '7–11月'
 CROSS JOIN LATERAL assessment_summary('331024', w1.id) a
  JOIN LATERAL assessment_summary('331024', w2.id) b ON b.township_code = a.township_code
 WHERE c.code = '仙打非办〔2020〕1号'
 ORDER BY a.township_code;
\echo '== 附件3 扣分明细（Deductions with evidence）'
SELECT w.name AS 期间, dv.name AS 乡镇, d.rule_code AS 条款, r.clause AS 内容, d.occurrences AS 次数,
       d.deduction AS 扣分, d.source AS 来源, d.evidence AS 依据
  FROM campaign c JOIN reporting_window w ON w.campaign_id = c.id,
       assessment_detail('331024', w.id) d
  JOIN division dv ON dv.code = d.township_code
  JOIN assessment_rule r ON r.rule_set = 'xianju2020' AND r.code = d.rule_code
 WHERE c.code = '仙打非办〔2020〕1号' AND d.deduction > 0
 ORDER BY w.due_on, d.township_code, d.rule_code;
