-- The 江苏 campaign of sample/01_campaigns.sql (4 stages × 4 forms; submitters: the province and its 13
-- cities) on the benchmark data (bench/generate.sql), for the tick catch-up benchmark in bench/run.sh.
SET search_path = illegal_practice, pg_catalog;
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
