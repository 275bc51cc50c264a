-- 有证医疗机构监管 (spec §8): 不良执业行为记分一览表, 未办结移送 (310号令时限), 事件计入考核 (sample: sample/50_supervision.sql)
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 医疗机构不良执业行为记分一览表（仙居县 331024，2020年，示例规则集 示例省2020）'
SELECT seq AS 序号, division AS 所在区划, institution AS 机构名称, licence_no AS 许可证登记号, kind AS 类别,
       violation_count AS 违法行为次数, points AS 记分, band AS 档次, violations AS 记分依据
  FROM form_practice_points('331024', '[2020-01-01,2021-01-01)', '示例省2020');
\echo '== 未办结的移送（截至 2020-11-25）'
SELECT referral_id AS 编号, from_agency AS 移送部门, to_agency AS 接收部门, subject_name AS 对象, reason AS 事由,
       referred_on AS 移送日期, next_step AS 下一步, due_on AS 截止日, status AS 状态
  FROM open_referrals('331024', '2020-11-25');
\echo '== 移送时限（国务院令第310号，截至 2020-11-25）'
SELECT division_code AS 区划, kind AS 事项, reference AS 对象, due_on AS 截止日, done_on AS 完成日, status AS 状态
  FROM referral_deadlines('2020-11-25');
\echo '== 美容生活馆移送立案后的案件'
SELECT r.id AS 移送编号, r.from_agency || '→' || r.to_agency AS 移送, c.id AS 案件编号, c.category AS 类别,
       c.subject_name AS 当事人, c.filed_on AS 立案日期, r.result AS 结果
  FROM referral r JOIN enforcement_case c ON c.id = r.case_id;
\echo '== 事件计入乡镇考核（附件3 2.7a/2.7b，7–11月）'
SELECT d.township_code AS 代码, dv.name AS 乡镇, d.rule_code AS 条款, d.occurrences AS 次数, d.deduction AS 扣分,
       d.source AS 来源, d.evidence AS 依据
  FROM reporting_window w JOIN campaign c ON c.id = w.campaign_id,
       assessment_detail('331024', w.id) d JOIN division dv ON dv.code = d.township_code
 WHERE c.code = '仙打非办〔2020〕1号' AND w.name = '7–11月' AND d.rule_code LIKE '2.7%' AND d.occurrences > 0;
