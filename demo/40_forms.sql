-- 江苏省 2019 汇总表 附表1–4 (sample data: sample/40_cases.sql)
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 附表1 打击无证行医情况汇总表（江苏省 320000，2019年）'
SELECT institution_type AS 机构类型, penalized_units AS 行政处罚单位数, confiscation_count AS 没收违法所得户次,
       confiscation_wan AS "没收违法所得金额（万元）", fine_count AS 罚款户次, fine_wan AS "罚款金额（万元）",
       ban_count AS 取缔户次, transferred_cases AS 移送案件数, court_judgments AS 法院判决案件数,
       persons_held_accountable AS 因无证行医追责人数, cases_entered AS 信息系统录入情况
  FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)');
\echo '== 附表2 打击非法医疗美容专项行动“回头看”汇总表（前期 2017–2018，本期 2019）'
SELECT row_label AS " ", prior_penalized_units AS "2017-2018年处罚单位数", prior_rectified_units AS 落实整改单位数,
       reoffending_units AS "2019年再次开展户数", order_correct_count AS 责令整改数, warning_count AS 警告数,
       suspension_count AS 责令停业整顿户数, fine_count AS "罚款户（人）次", fine_wan AS "罚款金额（万元）",
       confiscation_wan AS "没收违法所得（万元）", license_revoked_count AS 吊销行政许可资质, transferred_count AS 移送司法机关
  FROM form_beauty_lookback('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
\echo '== 附表3 “回头看”行动中再次受处罚对象信息报告表'
SELECT seq AS 序号, subject_name AS 被处罚对象, address AS 地址, legal_representative AS 法人或负责人,
       first_cause AS 第一次处罚案由, second_cause AS 第二次处罚或拟处罚案由
  FROM form_repeat_offenders('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
\echo '== 附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表（2019年）'
SELECT category AS 案件分类, inspected_subjects AS 检查对象数, penalty_cases AS 行政处罚数, order_correct_count AS 责令改正数,
       warning_count AS 警告数, fine_count AS "罚款户（人）次", fine_wan AS "罚款金额（万元）",
       confiscation_wan AS "没收违法所得（万元）", certificate_revoked_count AS 吊销执业证书数,
       referred_to_departments AS 移送相关部门, transferred_to_judiciary AS 移送司法机关, cases_entered AS 案件信息系统录入数
  FROM form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)');
\echo '== 附表1 CSV 导出（南京市 320100）'
\pset format unaligned
\pset tuples_only on
SELECT form_unlicensed_summary_csv('320100', '[2019-01-01,2020-01-01)');
\pset format aligned
\pset tuples_only off
\echo '== 罚款幅度检查（fine_alerts，前5条）'
SELECT case_id AS 案件, category AS 类别, filed_on AS 立案日期, fine_yuan AS 罚款元, min_yuan AS 下限, max_yuan AS 上限, problem AS 问题
  FROM fine_alerts('320000') LIMIT 5;
\echo '== 应移送司法机关未移送（transfer_alerts）'
SELECT case_id AS 案件, subject_name AS 当事人, filed_on AS 立案日期, earlier_case_ids AS 此前处罚案件 FROM transfer_alerts('320000');
