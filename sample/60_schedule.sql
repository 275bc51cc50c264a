-- Sample stage work (fictitious): stage summaries handed in by some townships and cities, and tips.
SET search_path = illegal_practice, pg_catalog;


INSERT INTO stage_submission (stage_id, division_code, submitted_on, summary, typical_cases)
SELECT s.id, v.d, v.on_::date, v.summary, v.cases
  FROM campaign c JOIN campaign_stage s ON s.campaign_id = c.id
  JOIN (VALUES
    ('仙打非办〔2020〕1号', 1, '331024001', '2020-10-13', '安洲街道巡查复查阶段总结（示例）', '示例典型案例一'),
    ('仙打非办〔2020〕1号', 1, '331024002', '2020-10-14', '南峰街道巡查复查阶段总结（示例）', NULL),
    ('仙打非办〔2020〕1号', 1, '331024101', '2020-10-16', '横溪镇巡查复查阶段总结（示例）', NULL),
    ('仙打非办〔2020〕1号', 2, '331024001', '2020-12-04', '安洲街道取缔打击阶段总结（示例）', '示例典型案例二'),
    ('江苏省打击无证行医及非法医疗美容专项整治行动实施方案（2019）', 2, '320100', '2019-08-28', '示例市监督检查阶段总结', NULL),
    ('江苏省打击无证行医及非法医疗美容专项整治行动实施方案（2019）', 2, '320500', '2019-09-03', '示例市监督检查阶段总结', NULL)
  ) v(code, ordinal, d, on_, summary, cases) ON v.code = c.code AND v.ordinal = s.ordinal;

INSERT INTO tip (division_code, received_on, channel, real_name, reporter_name, reporter_phone,
                 subject_name, subject_address, content, investigated_on, finding, feedback_on) VALUES
  ('331024001', '2020-08-03', '电话', true,  '示例举报人甲', '13800000001', '示例诊所甲', '示例路1号',
   '无证开设诊所（示例）', '2020-08-10', '属实，已立案（示例）', '2020-08-14'),
  ('331024101', '2020-09-01', '网络', true,  '示例举报人乙', '13800000002', '示例推拿店', '示例街2号',
   '非法开展医疗美容（示例）', '2020-09-10', '未发现执业（示例）', NULL),
  ('331024103', '2020-09-28', '信件', false, NULL, NULL, '示例游医', '示例村',
   '游医售药（示例）', NULL, NULL, NULL),
  ('331024104', '2020-10-09', '来访', true,  '示例举报人丙', '13800000003', '示例牙所', '示例巷3号',
   '无证镶牙（示例）', NULL, NULL, NULL);
