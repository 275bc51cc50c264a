-- 有证医疗机构监管 (spec §8): institutions, inspections, violations, 不良执业行为记分 with a loaded rule set
-- and bands, the printable list. Points below are hand-computed from the rule set loaded here.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == the enum, labels as spec §8
SELECT enum_range(NULL::violation_kind);
-- == no national scale shipped
SELECT count(*) AS shipped_rules FROM practice_point_rule;   -- 0
SELECT count(*) AS shipped_bands FROM practice_point_band;   -- 0

-- == data
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024');
-- a province-style rule set (fictitious values): 科室出租承包 6, 聘用非卫生技术人员 4, 超范围执业 2, 医疗废物与消毒隔离 1
INSERT INTO practice_point_rule (rule_set, violation_kind, points) VALUES
  ('示例省2020', '科室出租承包', 6), ('示例省2020', '聘用非卫生技术人员', 4),
  ('示例省2020', '超范围执业', 2), ('示例省2020', '医疗废物与消毒隔离', 1);
INSERT INTO practice_point_band (rule_set, min_points, band, measure) VALUES
  ('示例省2020', 6, '约谈', '约谈负责人'), ('示例省2020', 12, '通报批评', '全县通报'), ('示例省2020', 18, '暂缓校验', '暂缓校验');
INSERT INTO institution (division_code, name, uscc, licence_no, institution_type, kind, licensed, address) VALUES
  ('331024101', '示例甲医院', '91331024MA2H3K5P3J', 'PDY00001', '西医', '医院', true, '横溪镇示例路1号'),   -- 1
  ('331024102', '示例乙诊所', NULL, 'PDY00002', '中医', '诊所', true, '埠头镇示例路2号'),                  -- 2
  ('331024101', '示例丙口腔诊所', NULL, 'PDY00003', '口腔', '诊所', true, '横溪镇示例路3号'),              -- 3
  ('331024102', '示例丁美容生活馆', NULL, NULL, '医疗美容', '生活美容场所', false, '埠头镇示例路4号'),    -- 4
  ('331024101', '示例戊药店', NULL, NULL, '其他', '零售药店', false, '横溪镇示例路5号');                   -- 5
INSERT INTO institution_inspection (institution_id, inspected_on, kind, agency, inspector, findings) VALUES
  (1, '2020-03-10', '双随机', '卫生健康', '监督员甲', '内科承包给外来人员；聘用无资质人员'),   -- 1
  (1, '2020-11-20', '年度校验', '卫生健康', '监督员甲', '开展未登记的医疗美容项目'),           -- 2
  (2, '2020-06-01', '定期抽查', '卫生健康', '监督员乙', '医疗废物混放'),                       -- 3
  (4, '2020-05-05', '投诉核查', '市场监管', '市场监管员丙', '销售假冒药品');                   -- 4
-- institution and date taken from the inspection
INSERT INTO violation (inspection_id, kind) VALUES (1, '科室出租承包'), (1, '聘用非卫生技术人员'), (2, '超范围执业');
INSERT INTO violation (inspection_id, institution_id, kind, found_on) VALUES
  (3, 2, '医疗废物与消毒隔离', '2020-06-01'), (NULL, 2, '医疗废物与消毒隔离', '2020-09-01'),
  (NULL, 2, '助理医师单独执业', '2020-09-01'),                    -- no points in this rule set
  (4, NULL, '制售假药', NULL),                                     -- the salon, unrated
  (NULL, 1, '科室出租承包', '2019-12-31'),                         -- before 2020
  (NULL, 1, '超范围执业', '2021-01-01');                           -- after 2020
SELECT id, institution_id, kind, found_on FROM violation WHERE id <= 3 ORDER BY id;  -- 1,1,1 · 03-10,03-10,11-20

-- == points for 2020, hand-computed
-- 甲医院 6 + 4 + 2 = 12 (2019-12-31 and 2021-01-01 outside) → 通报批评 (≥ 12)
-- 乙诊所 1 + 1 + 0 (助理医师单独执业 unrated) = 2, 3 violations → no band (< 6)
-- 丙口腔 0, no violations; 丁美容生活馆 unlicensed but with a violation: 0, 1 violation; 戊药店 not listed
SELECT * FROM practice_points('331024', '[2020-01-01,2021-01-01)', '示例省2020');
-- 2019: 甲 6 (2019-12-31) → 约谈; 乙 0; 丙 0; 丁 not listed (no violation in 2019)
SELECT institution_id, points, violation_count, band FROM practice_points('331024', '[2019-01-01,2020-01-01)', '示例省2020');
-- 2021: 甲 2 (2021-01-01)
SELECT institution_id, points, violations FROM practice_points('331024', '[2021-01-01,2022-01-01)', '示例省2020') WHERE points > 0;
-- a township: 埠头镇 → 乙 2, 丁 0
SELECT institution_id, name, points FROM practice_points('331024102', '[2020-01-01,2021-01-01)', '示例省2020');
-- two years at once: 甲 6 + 12 = 18 → 暂缓校验
SELECT institution_id, points, band FROM practice_points('331024101', '[2019-01-01,2021-01-01)', '示例省2020') WHERE institution_id = 1;

-- == bands
SELECT practice_band('示例省2020', 5.99) AS b599, practice_band('示例省2020', 6) AS b6,   -- NULL, 约谈
       practice_band('示例省2020', 11.5) AS b115, practice_band('示例省2020', 12) AS b12,  -- 约谈, 通报批评
       practice_band('示例省2020', 40) AS b40, practice_band('其他规则集', 40) AS other;     -- 暂缓校验, NULL

-- == the default scoring period: the calendar year of today
SELECT practice_scoring_period('2020-06-15') AS y2020, practice_scoring_period('2020-01-01') AS jan1,  -- both [2020-01-01,2021-01-01)
       practice_scoring_period('2020-12-31') AS dec31;
SELECT (SELECT array_agg(p ORDER BY p.institution_id) FROM practice_points('331024', '示例省2020') p)
       IS NOT DISTINCT FROM
       (SELECT array_agg(p ORDER BY p.institution_id)
          FROM practice_points('331024', practice_scoring_period(today()), '示例省2020') p) AS default_is_this_year;  -- t

-- == a second rule set scores the same violations differently
INSERT INTO practice_point_rule (rule_set, violation_kind, points) VALUES ('另一规则集', '医疗废物与消毒隔离', 3), ('另一规则集', '助理医师单独执业', 2.5);
SELECT institution_id, points, band FROM practice_points('331024102', '[2020-01-01,2021-01-01)', '另一规则集');  -- 乙 3+3+2.5 = 8.5, no bands; 丁 0

-- == printable list for the county office, and CSV
SELECT * FROM form_practice_points('331024', '[2020-01-01,2021-01-01)', '示例省2020');
SELECT form_practice_points_csv('331024', '[2020-01-01,2021-01-01)', '示例省2020', bom => false);
SELECT left(form_practice_points_csv('331024', '[2020-01-01,2021-01-01)', '示例省2020'), 1) = U&'\FEFF' AS bom_by_default;   -- t

-- == wrong input
SELECT try($$SELECT * FROM practice_points('331024', '[2020-01-01,2021-01-01)', '全国2020')$$);
SELECT try($$SELECT * FROM practice_points('999999', '[2020-01-01,2021-01-01)', '示例省2020')$$);
SELECT try($$INSERT INTO violation (inspection_id, institution_id, kind) VALUES (1, 2, '超范围执业')$$);
SELECT try($$INSERT INTO violation (institution_id, kind) VALUES (1, '超范围执业')$$);
SELECT try($$INSERT INTO violation (institution_id, kind, found_on) VALUES (1, '无照经营', '2020-01-01')$$);
SELECT try($$INSERT INTO practice_point_rule VALUES ('示例省2020', '制售假药', -1)$$);
SELECT try($$INSERT INTO practice_point_rule VALUES ('示例省2020', '科室出租承包', 3)$$);
SELECT try($$INSERT INTO practice_point_band VALUES ('示例省2020', 20, '约谈')$$);
SELECT try($$INSERT INTO institution (division_code, name, kind) VALUES ('331024', ' ', '诊所')$$);
SELECT try($$INSERT INTO institution (division_code, name, kind) VALUES ('331099', '示例', '诊所')$$);
SELECT try($$INSERT INTO institution_inspection (institution_id, inspected_on, kind, agency) VALUES (1, '2020-01-01', '双随机', '工商')$$);
SELECT try($$INSERT INTO institution (division_code, name, kind, uscc) VALUES ('331024', '示例', '诊所', '91331024MA2H3K5P3K')$$);
