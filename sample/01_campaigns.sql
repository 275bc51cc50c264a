-- Sample campaigns: the two source documents with their stages (spec §6) and 仙居's reporting windows.
-- Each stage is snapshotted per submitter (spec v3 §6): 仙居县 and each of its townships (附件1, the stage 汇总表,
-- 附表1), 江苏省 and each of its 13 cities (附表1–4, each 市卫生健康委 stamps its own).
SET search_path = illegal_practice, pg_catalog;
WITH c AS (
  INSERT INTO campaign (code, title, issuer, division_code, issued_on, rule_set, forms)
  VALUES ('仙打非办〔2020〕1号', '仙居县2020年整顿医疗秩序打击非法行医工作方案',
          '仙居县打击非法行医专项行动领导小组办公室', '331024', '2020-06-10', 'xianju2020',
          '{patrol_register,patrol_summary,unlicensed_summary}')
  RETURNING id
), s AS (
  INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays)
  SELECT c.id, v.o, v.n, v.p::daterange, 5 FROM c, (VALUES
    (1, '巡查复查阶段', '[2020-06-01,2020-10-01)'),
    (2, '取缔打击阶段', '[2020-09-01,2020-12-01)'),
    (3, '常态巡查阶段', '[2020-11-01,2021-07-01)')) v(o, n, p)
)
INSERT INTO reporting_window (campaign_id, name, covers, due_on)
SELECT c.id, v.n, v.p::daterange, v.d::date FROM c, (VALUES
  ('1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'),
  ('7–11月', '[2020-07-01,2020-12-01)', '2020-11-30')) v(n, p, d);

WITH c AS (
  INSERT INTO campaign (code, title, issuer, division_code, issued_on, forms, lookback_prior)
  VALUES ('江苏省打击无证行医及非法医疗美容专项整治行动实施方案（2019）',
          '江苏省打击无证行医及非法医疗美容行为专项整治行动实施方案',
          '江苏省卫生健康委员会', '320000', '2019-04-01',
          '{unlicensed_summary,beauty_lookback,repeat_offenders,two_illegal_summary}',
          '[2017-01-01,2019-01-01)')
  RETURNING id
)
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on)
SELECT c.id, v.o, v.n, v.p::daterange, v.d::date FROM c, (VALUES
  (1, '组织发动阶段', '[2019-04-01,2019-05-01)', NULL),
  (2, '监督检查阶段', '[2019-05-01,2019-09-01)', '2019-08-31'),
  (3, '省级督查和总结阶段', '[2019-09-01,2020-01-01)', NULL),
  (4, '高质量提升阶段', '[2020-01-01,2021-01-01)', NULL)) v(o, n, p, d);
