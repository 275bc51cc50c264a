-- Cases, subjects (§2, §5.1), the tally aggregate and the forms 附表1–4 (§3), alerts (§5.2, §5.3).
-- Every expected value below was computed by hand from the data set in this file.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'),
  ('320200', '无锡市', '市', '320000'), ('321300', '宿迁市', '市', '320000'),
  ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'), ('331024', '仙居县', '县', '331000');

-- == data set (ids fixed so the comments can name them)
INSERT INTO enforcement_case (id, division_code, category, institution_type, subject_kind, subject_name, subject_address,
    legal_representative, subject_uscc, subject_resident_id, cause, filed_on, decided_on, rectified_on, entered_in_system)
  OVERRIDING SYSTEM VALUE VALUES
  -- 江苏: 附表1 (2019)
  (1, '320100', '无证行医', '西医', NULL, '甲诊所', '南京市玄武区一路1号', '甲某', '91331024MA2H3K5P3J', NULL, '未取得医疗机构执业许可证擅自执业', '2019-03-01', NULL, NULL, true),
  (2, '320100', '无证行医', '西医', NULL, '甲 诊所（新址）', '南京市玄武区二路2号', NULL, '91331024MA2H3K5P3J', NULL, '再次擅自执业', '2019-06-01', '2019-06-10', NULL, false),
  (3, '320200', '无证行医', '西医', NULL, '乙医疗美容工作室', '无锡市梁溪区中山路1号', '乙某', NULL, NULL, '非医师行医', '2019-04-01', NULL, NULL, true),
  (4, '320200', '无证行医', '医疗美容', NULL, '乙医疗美容　工作室', '无锡市梁溪区中山路１号', '乙某', NULL, NULL, '擅自开展医疗美容', '2019-05-01', NULL, NULL, false),
  (5, '320100', '无证行医', '中医', NULL, '丙中医馆', '南京市秦淮区三路3号', NULL, NULL, NULL, '擅自执业（尚未处理）', '2019-07-01', NULL, NULL, false),
  (6, '320100', '无证行医', '口腔', NULL, '丁牙科', '南京市鼓楼区四路4号', NULL, NULL, NULL, '擅自开展口腔诊疗', '2019-08-01', NULL, NULL, true),
  (7, '320100', '无证行医', '其他', NULL, '戊诊所', '南京市建邺区五路5号', NULL, NULL, NULL, '擅自执业', '2018-12-20', '2019-01-05', NULL, false),
  (8, '320100', '无证行医', '其他', NULL, '戊诊所', '南京市建邺区五路5号', NULL, NULL, NULL, '擅自执业', '2019-12-15', '2020-01-10', NULL, false),
  -- 浙江: outside 江苏; 附表2/3 look-back data (医疗美容)
  (9, '331024', '无证行医', '西医', NULL, '己诊所', '仙居县安洲街道', NULL, NULL, NULL, '擅自执业', '2019-05-05', NULL, NULL, true),
  (10, '331024', '医疗机构违法执业', '医疗美容', NULL, '丁美容院', '仙居县南峰街道1号', '丁某', NULL, NULL, '超范围开展医疗美容', '2017-05-01', NULL, '2017-06-01', true),
  (11, '331024', '医疗机构违法执业', '医疗美容', NULL, '丁美容院', '仙居县南峰街道1号', '丁某', NULL, NULL, '使用非卫生技术人员', '2019-05-10', NULL, NULL, true),
  (12, '331024', '无证行医', '医疗美容', '个人', '庚美容工作室', '仙居县福应街道2号', '庚某', NULL, NULL, '非医师开展注射美容', '2018-03-01', NULL, NULL, false),
  (13, '331024', '无证行医', '医疗美容', '个人', '庚美容工作室', '仙居县福应街道2号', '庚某', NULL, NULL, '再次非法开展注射美容', '2019-09-01', NULL, NULL, false),
  (14, '331024', '无证行医', '医疗美容', '个人', '庚美容工作室', '仙居县福应街道2号', '庚某', NULL, NULL, '第三次非法开展美容', '2019-10-01', NULL, NULL, false),
  (15, '331024', '无证行医', '医疗美容', NULL, '辛美容', '仙居县横溪镇', NULL, NULL, NULL, '擅自开展美容（责令改正）', '2018-07-01', NULL, '2018-08-01', false),
  (16, '331024', '无证行医', '医疗美容', NULL, '辛美容', '仙居县横溪镇', NULL, NULL, NULL, '擅自开展美容', '2019-03-01', NULL, NULL, false),
  (17, '331024', '无证行医', '医疗美容', NULL, '壬美容', '仙居县埠头镇', NULL, NULL, NULL, '擅自开展美容', '2018-08-01', NULL, '2018-09-01', false),
  -- 江苏: 附表4 两非 (2019)
  (20, '320100', '非医学需要的胎儿性别鉴定', '其他', NULL, 'Abc癸诊所', '南京市六合区六路6号', NULL, NULL, NULL, '非医学需要鉴定胎儿性别', '2019-06-01', NULL, NULL, true),
  (21, '320100', '非医学需要的胎儿性别鉴定', '其他', NULL, '子医院', '南京市浦口区', NULL, '52331024MA2K8Q1R0M', NULL, '鉴定胎儿性别（证据不足）', '2019-07-01', NULL, NULL, false),
  (22, '320200', '非医学需要选择性别人工终止妊娠', '其他', NULL, '丑某', '无锡市锡山区', NULL, NULL, '11010519491231002X', '选择性别终止妊娠', '2019-08-01', NULL, NULL, false),
  -- fines after 2020-06-01 (基本医疗卫生与健康促进法) and a 两非 fine below the range
  (23, '320100', '无证行医', '西医', NULL, '寅诊所', '南京市', NULL, NULL, NULL, '擅自执业', '2020-07-01', NULL, NULL, false),
  (24, '320100', '无证行医', '西医', NULL, '卯诊所', '南京市', NULL, NULL, NULL, '擅自执业', '2020-08-01', NULL, NULL, false),
  (25, '320100', '无证行医', '西医', NULL, '辰诊所', '南京市', NULL, NULL, NULL, '擅自执业', '2020-06-01', NULL, NULL, false),
  (26, '320100', '非医学需要的胎儿性别鉴定', '其他', NULL, '巳诊所', '南京市', NULL, NULL, NULL, '鉴定胎儿性别', '2020-03-01', NULL, NULL, false),
  -- 移送司法机关 check: a person penalised twice (30, 31), again (32: no transfer), again (33: transferred)
  (30, '331024', '无证行医', '西医', NULL, '钱某', '仙居县下各镇', NULL, NULL, '331024200002290027', '非医师行医', '2016-03-01', '2016-03-10', NULL, false),
  (31, '331024', '无证行医', '西医', NULL, '钱某', '仙居县下各镇', NULL, NULL, '331024200002290027', '非医师行医', '2017-04-01', '2017-04-15', NULL, false),
  (32, '331024', '无证行医', '西医', NULL, '钱某', '仙居县下各镇', NULL, NULL, '331024200002290027', '非医师行医', '2018-05-01', NULL, NULL, false),
  (33, '331024', '无证行医', '西医', NULL, '钱某', '仙居县下各镇', NULL, NULL, '331024200002290027', '非医师行医', '2019-02-01', NULL, NULL, false),
  -- a unit (单位) penalised twice, again: not a person, no alert
  (34, '331024', '无证行医', '西医', NULL, '午医疗公司', '仙居县', NULL, '91310230MA1K314J7C', NULL, '擅自执业', '2016-01-01', NULL, NULL, false),
  (35, '331024', '无证行医', '西医', NULL, '午医疗公司', '仙居县', NULL, '91310230MA1K314J7C', NULL, '擅自执业', '2017-01-01', NULL, NULL, false),
  (36, '331024', '无证行医', '西医', NULL, '午医疗公司', '仙居县', NULL, '91310230MA1K314J7C', NULL, '擅自执业', '2018-01-01', NULL, NULL, false);

INSERT INTO case_action (case_id, kind, amount_yuan, persons) VALUES
  (1, '罚款', 1000, NULL), (1, '没收违法所得', 500.50, NULL), (1, '取缔', NULL, NULL),
  (2, '罚款', 2000.50, NULL),
  (3, '警告', NULL, NULL), (3, '移送司法机关', NULL, 1), (3, '法院判决', NULL, NULL), (3, '追责', NULL, 2),
  (4, '罚款', 49999.95, NULL),
  (6, '责令改正', NULL, NULL),
  (7, '罚款', 100.50, NULL), (8, '罚款', 999, NULL), (9, '罚款', 500, NULL),
  (10, '罚款', 5000, NULL),
  (11, '责令改正', NULL, NULL), (11, '警告', NULL, NULL), (11, '罚款', 3000, NULL), (11, '没收违法所得', 1234.56, NULL),
  (11, '吊销执业许可', NULL, NULL), (11, '责令停业整顿', NULL, NULL),
  (12, '罚款', 10000, NULL), (13, '取缔', NULL, NULL), (13, '移送司法机关', NULL, 1), (14, '罚款', 20000, NULL),
  (15, '责令改正', NULL, NULL), (16, '警告', NULL, NULL), (17, '警告', NULL, NULL),
  (20, '警告', NULL, NULL), (20, '罚款', 15000, NULL), (20, '没收违法所得', 8000, NULL), (20, '吊销执业证书', NULL, NULL),
  (21, '责令改正', NULL, NULL), (21, '移送相关部门', NULL, NULL),
  (22, '罚款', 100000, NULL), (22, '没收违法所得', 20000, NULL), (22, '移送司法机关', NULL, 1),
  (23, '罚款', 30000, NULL), (24, '罚款', 60000, NULL), (24, '没收违法所得', 2000, NULL),
  (25, '罚款', 300000, NULL), (25, '没收违法所得', 12000, NULL), (26, '罚款', 5000, NULL),
  (30, '罚款', 1000, NULL), (31, '取缔', NULL, NULL), (32, '罚款', 5000, NULL), (33, '移送司法机关', NULL, 1),
  (34, '罚款', 100, NULL), (35, '罚款', 100, NULL);

INSERT INTO inspection (division_code, category, subject_name, subject_address, subject_uscc, inspected_on) VALUES
  ('320100', '非医学需要的胎儿性别鉴定', 'ABC癸诊所', '南京市六合区六路6号', NULL, '2019-04-01'),
  ('320100', '非医学需要的胎儿性别鉴定', 'ａｂｃ癸诊所 ', '南京市六合区 六路６号', NULL, '2019-05-01'),
  ('320100', '非医学需要的胎儿性别鉴定', '子医院（检查）', NULL, '52331024MA2K8Q1R0M', '2019-06-01'),
  ('320100', '非医学需要的胎儿性别鉴定', '甲乙检查对象', NULL, NULL, '2018-12-01');   -- outside 2019

-- == subject resolution (§5.1)
SELECT count(DISTINCT subject_id) AS a_cases_1_2 FROM enforcement_case WHERE id IN (1, 2);          -- 1: same uscc, other name
SELECT count(DISTINCT subject_id) AS b_cases_3_4 FROM enforcement_case WHERE id IN (3, 4);          -- 1: NFKC + white space
SELECT count(DISTINCT subject_id) AS k_case_and_inspections FROM (
  SELECT subject_id FROM enforcement_case WHERE id = 20
  UNION ALL SELECT subject_id FROM inspection WHERE subject_name LIKE '%癸诊所%') k;               -- 1: ASCII case folded
SELECT count(DISTINCT subject_id) AS l_case_and_inspection FROM (
  SELECT subject_id FROM enforcement_case WHERE id = 21
  UNION ALL SELECT subject_id FROM inspection WHERE subject_uscc IS NOT NULL) l;                    -- 1: uscc
SELECT kind, name, resident_id FROM subject WHERE id = (SELECT subject_id FROM enforcement_case WHERE id = 30);  -- 个人 钱某 331024200002290027
SELECT kind FROM subject WHERE id = (SELECT subject_id FROM enforcement_case WHERE id = 12);         -- 个人 (subject_kind)
SELECT kind FROM subject WHERE id = (SELECT subject_id FROM enforcement_case WHERE id = 34);         -- 单位 (uscc)
SELECT subject_key(' Ａｂｃ　诊所 ', '一路１号') AS key;                                              -- abc诊所|一路1号

-- == 附表1 打击无证行医情况汇总表, 江苏 2019
-- 西医: cases 1,2 (甲), 3 (乙). units 甲,乙 = 2; 没收 case 1 → 1, 500.50 → 0.05005 → 0.0501;
--   罚款 cases 1,2 → 2, 3000.50 → 0.30005 → 0.3001; 取缔 1; 移送 1 (case 3); 判决 1; 追责 2 persons
--   (the 1 person on 移送 is not 追责); entered 1,3 → 2
-- 中医: case 5 has no action → all 0, 0.0000
-- 医疗美容: case 4 (乙 again): units 1; 罚款 1, 49999.95 → 4.999995 → 5.0000; entered 0
-- 口腔: case 6: 责令改正 is not a penalty → units 0; entered 1
-- 其他: case 7 (decided 2019-01-05, filed 2018) counts; case 8 (decided 2020) does not: units 1, 罚款 1, 0.0101
-- 合计: units 甲 乙 戊 = 3 (乙 in two rows counts once); 没收 1, 0.0501; 罚款 4,
--   Σ = 1000 + 2000.50 + 49999.95 + 100.50 = 53100.95 → 5.3101 (not 0.3001 + 5.0000 + 0.0101 = 5.3102);
--   取缔 1, 移送 1, 判决 1, 追责 2, entered 3. Case 9 (浙江) is outside.
SELECT * FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)');
-- 南京 only: 西医 cases 1,2 → units 1, 罚款 2 0.3001, 没收 1, 取缔 1, entered 1; 其他 case 7; 合计 units 2
SELECT * FROM form_unlicensed_summary('320100', '[2019-01-01,2020-01-01)');
SELECT form_unlicensed_summary_csv('320000', '[2019-01-01,2020-01-01)', bom => false);

-- == 附表2 “回头看”汇总表, 浙江 prior 2017–2018, current 2019
-- 无证行医: prior penalised 庚 (12 罚款), 壬 (17 警告) = 2 (辛's 15 is only 责令改正); rectified 壬 = 1;
--   re-offenders 庚 (13, 14) = 1 (辛 re-offended but was not penalised); over 13, 14: 责令改正 0, 警告 0,
--   停业整顿 0, 罚款 1, 20000 → 2.0000, 没收 0.0000, 吊销 0, 移送 1
-- 医疗机构: prior 丁美容院 (10, rectified) = 1, 1; re-offender 1; case 11: 责令改正 1, 警告 1, 停业整顿 1 subject,
--   罚款 1, 0.3000, 没收 1234.56 → 0.123456 → 0.1235, 吊销 1, 移送 0
SELECT * FROM form_beauty_lookback('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
-- 江苏: 乙 (case 4) has no prior case → two rows of zeros
SELECT * FROM form_beauty_lookback('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
SELECT form_beauty_lookback_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', bom => false);

-- == 附表3 再次受处罚对象: 丁美容院 (first current case 11, 2019-05-10) then 庚 (13, 2019-09-01)
SELECT * FROM form_repeat_offenders('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
SELECT form_repeat_offenders_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', bom => false);

-- == 附表4 两非, 江苏 2019
-- 鉴定: inspected 癸 (2 inspections, one subject) + 子医院 = 2 (the 2018 one is outside); cases 20, 21:
--   处罚 1 (20), 责令改正 1 (21), 警告 1, 罚款 1, 15000 → 1.5000, 没收 8000 → 0.8000, 吊销证书 1, 移送部门 1,
--   移送司法 0, entered 1
-- 选择性别: no inspection → 0; case 22: 处罚 1, 罚款 1, 10.0000, 没收 2.0000, 移送司法 1, entered 0
SELECT * FROM form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)');
SELECT form_two_illegal_summary_csv('320000', '[2019-01-01,2020-01-01)', bom => false);

-- == empty input: every row still present, all zeros (宿迁 has no data)
SELECT * FROM form_unlicensed_summary('321300', '[2019-01-01,2020-01-01)');
SELECT * FROM form_beauty_lookback('321300', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');
SELECT count(*) AS no_rows FROM form_repeat_offenders('321300', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)');  -- 0
SELECT * FROM form_two_illegal_summary('321300', '[2019-01-01,2020-01-01)');
SELECT regress.try($$SELECT * FROM illegal_practice.form_two_illegal_summary('321300', 'empty')$$);  -- 22023: an empty period is an error, not zeros
SELECT form_repeat_offenders_csv('321300', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', bom => false);  -- header only
-- == CSV for spreadsheets: a UTF-8 BOM first by default (Excel/WPS on Chinese Windows open it as UTF-8),
-- bom => false leaves it out; the rest is the same text
SELECT f, left(c, 1) = U&'\FEFF' AS bom, substr(c, 2) = n AS rest_same, left(n, 1) <> U&'\FEFF' AS without FROM (VALUES
  ('附表1', form_unlicensed_summary_csv('320000', '[2019-01-01,2020-01-01)'), form_unlicensed_summary_csv('320000', '[2019-01-01,2020-01-01)', false)),
  ('附表2', form_beauty_lookback_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)'),
            form_beauty_lookback_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', bom => false)),
  ('附表3', form_repeat_offenders_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)'),
            form_repeat_offenders_csv('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)', bom => false)),
  ('附表4', form_two_illegal_summary_csv('320000', '[2019-01-01,2020-01-01)'), form_two_illegal_summary_csv('320000', '[2019-01-01,2020-01-01)', bom => false)),
  ('附件1', form_patrol_register_csv('330000', '[2020-01-01,2021-01-01)'), form_patrol_register_csv('330000', '[2020-01-01,2021-01-01)', bom => false))
) t(f, c, n);
-- all t t t
SELECT convert_to(left(form_two_illegal_summary_csv('320000', '[2019-01-01,2020-01-01)'), 3), 'UTF8') AS first_bytes;   -- \xefbbbf e6a1 …

-- == alerts
-- 移送: case 32 (钱某, earlier penalised 30, 31) and case 14 (庚 个人, earlier penalised 12, 13); 33 carries 移送;
--   午医疗公司 (36) is a unit
SELECT * FROM transfer_alerts;
SELECT case_id FROM transfer_alerts('320000');   -- none in 江苏
-- 罚款 range: 4 (2019, ≤ 10000: 49999.95 too high), 14 (2019, 20000 too high), 26 (两非, no income: 10000–30000,
--   5000 too low), 25 (2020-06-01, income 12000: 60000–240000, 300000 too high), 23 (income 0 → 10000: 50000–200000,
--   30000 too low). Fine: 1, 2, 7, 8, 9, 12 (= 10000), 20, 22, 24, 30, 32, 34, 35.
SELECT case_id, fine_yuan, illegal_income_yuan, min_yuan, max_yuan, problem FROM fine_alerts;

-- == constraints
SELECT try($$INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '罚款', -1)$$);
SELECT try($$INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '警告', 100)$$);
SELECT try($$INSERT INTO case_action (case_id, kind, persons) VALUES (1, '罚款', 2)$$);
SELECT try($$INSERT INTO case_action (case_id, kind, persons) VALUES (1, '追责', -1)$$);
SELECT try($$INSERT INTO enforcement_case (division_code, category, subject_name, filed_on, decided_on) VALUES ('320100', '其他', '某', '2019-05-01', '2019-04-01')$$);
SELECT try($$INSERT INTO enforcement_case (division_code, category, subject_name, filed_on) VALUES ('320100', '其他', '  ', '2019-05-01')$$);
SELECT try($$INSERT INTO enforcement_case (division_code, category, subject_name, filed_on, subject_kind) VALUES ('320100', '其他', '某', '2019-05-01', '法人')$$);
