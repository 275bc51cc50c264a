-- Sample supervision work for 仙居县 2020 (spec §8; all names fictitious, 示例…): licensed institutions with
-- 双随机 / 年度校验 inspections and violations, an example bad-practice point scale (NOT an official one: no
-- national scale exists), a beauty salon referred by the market regulator that became a case, transfers to
-- 公安 under 国务院令第310号 (one overdue), and an incident that feeds 附件3 rule 2.7b.
SET search_path = illegal_practice, pg_catalog;

-- an example scale, loaded the way docs/supervision.md shows (values invented for the demo)
INSERT INTO practice_point_rule (rule_set, violation_kind, points, note) VALUES
  ('示例省2020', '科室出租承包', 12, '示例分值'), ('示例省2020', '聘用非卫生技术人员', 6, '示例分值'),
  ('示例省2020', '助理医师单独执业', 4, '示例分值'), ('示例省2020', '超范围执业', 4, '示例分值'),
  ('示例省2020', '出租出借证照', 12, '示例分值'), ('示例省2020', '医疗废物与消毒隔离', 2, '示例分值'),
  ('示例省2020', '违规出具医学证明', 4, '示例分值'), ('示例省2020', '违规临床用血', 6, '示例分值'),
  ('示例省2020', '违规开展细胞治疗', 12, '示例分值'), ('示例省2020', '制售假药', 12, '示例分值'),
  ('示例省2020', '违规销售终止妊娠药品', 6, '示例分值'), ('示例省2020', '其他', 1, '示例分值');
INSERT INTO practice_point_band (rule_set, min_points, band, measure) VALUES
  ('示例省2020', 6, '警示约谈', '约谈主要负责人'), ('示例省2020', 12, '通报批评', '全县通报，列入重点监管'),
  ('示例省2020', 24, '暂缓校验', '年度校验暂缓');

INSERT INTO institution (division_code, name, uscc, licence_no, institution_type, kind, licensed, address) VALUES
  ('331024', '示例仙居第一医院', '12331024MB0000001N', 'PDY-示例-001', '西医', '医院', true, '仙居县示例大道1号'),
  ('331024001', '示例安洲中医诊所', NULL, 'PDY-示例-002', '中医', '诊所', true, '安洲街道示例路2号'),
  ('331024101', '示例横溪口腔门诊部', NULL, 'PDY-示例-003', '口腔', '门诊部', true, '横溪镇示例路3号'),
  ('331024104', '示例田市医疗美容诊所', NULL, 'PDY-示例-004', '医疗美容', '医疗美容机构', true, '田市镇示例路4号'),
  ('331024102', '示例埠头卫生院', NULL, 'PDY-示例-005', '西医', '卫生院', true, '埠头镇示例路5号'),
  ('331024101', '示例横溪美容生活馆', NULL, NULL, '医疗美容', '生活美容场所', false, '横溪镇示例路6号'),
  ('331024003', '示例福应大药房', NULL, NULL, '其他', '零售药店', false, '福应街道示例路7号');

INSERT INTO institution_inspection (institution_id, inspected_on, kind, agency, inspector, findings)
SELECT i.id, v.d::date, v.k, v.a, v.p, v.f
  FROM (VALUES
    ('示例仙居第一医院', '2020-04-15', '双随机', '卫生健康', '监督员示例甲', '医疗废物暂存点无防渗漏措施'),
    ('示例安洲中医诊所', '2020-05-20', '双随机', '卫生健康', '监督员示例乙', '聘用无资质人员从事针灸'),
    ('示例横溪口腔门诊部', '2020-07-08', '年度校验', '卫生健康', '监督员示例甲', '执业助理医师单独接诊'),
    ('示例田市医疗美容诊所', '2020-08-12', '定期抽查', '卫生健康', '监督员示例丙', '超范围开展注射美容；科室承包给外来人员'),
    ('示例埠头卫生院', '2020-09-02', '年度校验', '卫生健康', '监督员示例乙', '未见违法违规'),
    ('示例横溪美容生活馆', '2020-06-18', '定期抽查', '市场监管', '市场监管员示例丁', '店内为顾客注射玻尿酸'),
    ('示例福应大药房', '2020-06-30', '投诉核查', '卫生健康', '监督员示例丙', '无处方销售米非司酮')) v(n, d, k, a, p, f)
  JOIN institution i ON i.name = v.n;
INSERT INTO violation (inspection_id, kind)
SELECT x.id, v.k::violation_kind
  FROM (VALUES ('示例仙居第一医院', '医疗废物与消毒隔离'), ('示例安洲中医诊所', '聘用非卫生技术人员'),
               ('示例横溪口腔门诊部', '助理医师单独执业'), ('示例田市医疗美容诊所', '超范围执业'),
               ('示例田市医疗美容诊所', '科室出租承包'), ('示例福应大药房', '违规销售终止妊娠药品')) v(n, k)
  JOIN institution i ON i.name = v.n JOIN institution_inspection x ON x.institution_id = i.id;
-- an earlier violation outside the 2020 scoring period
INSERT INTO violation (institution_id, kind, found_on)
SELECT i.id, '超范围执业', '2019-11-05' FROM institution i WHERE i.name = '示例安洲中医诊所';

-- 三(一)3: the market regulator refers the salon to health, which files a case and fines it
INSERT INTO referral (from_agency, to_agency, referred_on, subject_name, institution_id, reason)
SELECT '市场监管', '卫生健康', '2020-06-19', NULL, i.id, '涉嫌未取得《医疗机构执业许可证》开展注射美容'
  FROM institution i WHERE i.name = '示例横溪美容生活馆';
SELECT referral_to_case(r.id, '无证行医', '2020-06-22') AS salon_case FROM referral r WHERE r.subject_name = '示例横溪美容生活馆' \gset
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES
  (:salon_case, '没收违法所得', 8000, '2020-07-02'), (:salon_case, '罚款', 50000, '2020-07-02');

-- 江苏 四(三) 不能以罚代刑: transfers to 公安 with the 310号 clocks
INSERT INTO referral (division_code, from_agency, to_agency, reported_on, approved_on, approved, referred_on, subject_name,
                      reason, received_on, result, result_on) VALUES
  ('331024', '卫生健康', '公安', '2020-09-14', '2020-09-15', true, '2020-09-15', '示例张某某',
   '两次行政处罚后再次非法行医（法释〔2016〕27号第二条第四项）', '2020-09-15', '立案', '2020-09-17'),
  ('331024', '卫生健康', '公安', '2020-11-02', '2020-11-04', true, '2020-11-09', '示例李某某',
   '非法行医致人伤残', '2020-11-09', NULL, NULL),
  ('331024', '市场监管', '公安', '2020-11-20', NULL, NULL, NULL, '示例王某某', '制售假药', NULL, NULL, NULL);

-- 四(一) 重大案件及时上报: a disability after an injection at 横溪镇's 示例乙牙科 (2.7b of 横溪镇, 7–11月)
INSERT INTO incident (division_code, site_id, occurred_on, deaths, disabilities, reported_on, description)
SELECT '331024', s.id, '2020-08-01', 0, 1, '2020-08-01', '无证行医拔牙致1人伤残' FROM site s WHERE s.name = '示例乙牙科';
