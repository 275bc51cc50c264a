-- 附件1 非法行医巡查登记表: form_patrol_register and its CSV (spec §3). 序号 restarts at 1 per township.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'), ('320000', '江苏省', '省', NULL);

-- == data: 横溪镇 has two sites and several practitioners; an area sweep; awkward characters for CSV
INSERT INTO site (township_code, name, address, phone, found_on) VALUES
  ('331024101', '李某诊所', '横溪镇横溪村1号', '13812345678', '2020-06-10'),      -- 1
  ('331024101', '王某牙科, 分店', '横溪镇"下陈"村2号', NULL, '2020-06-20'),         -- 2: comma, quotes
  ('331024001', '周某诊所', E'安洲街道\n城西路3号', NULL, '2020-07-01'),          -- 3: newline
  ('331024102', '无人诊所', NULL, NULL, '2020-07-01');                            -- 4: no practitioners
INSERT INTO practitioner (site_id, name, in_charge, school, major, qualification, treatment_subjects) VALUES
  (1, '陈某', false, '某护校', '护理', '护士', '护理'),                           -- 1
  (1, '李某', true, '某卫生学校', '临床医学', '乡村医生', '内科'),                -- 2: in charge, listed first
  (1, '孙某', false, NULL, NULL, NULL, NULL),                                     -- 3
  (2, '王某', true, '某医学院', '口腔医学', '执业助理医师', '口腔科'),            -- 4: in charge, lowest id
  (2, '王某某', true, '另一医学院', '口腔医学', '执业医师', '正畸'),              -- 5: also in charge
  (3, '周某', false, '某大学', '药学', '药师', '配药');                           -- 6: nobody in charge
INSERT INTO patrol (township_code, site_id, patrolled_on, operating, joint_enforcement_needed) VALUES
  ('331024101', 1, '2020-07-03', true, false),
  ('331024101', 2, '2020-07-01', true, true),
  ('331024101', NULL, '2020-07-02', false, false),   -- area sweep: not printed
  ('331024101', 1, '2020-08-15', true, false),
  ('331024101', 1, '2020-06-30', true, false),       -- before the period
  ('331024101', 1, '2020-09-30', true, false),       -- after the period
  ('331024001', 3, '2020-07-05', true, true),
  ('331024102', 4, '2020-07-20', true, false),
  ('331024102', 4, '2020-08-31', false, false),      -- last day of the period
  ('331024102', 4, '2020-09-01', false, false);      -- upper bound excluded

-- == the register for the county, July–August
SELECT * FROM form_patrol_register('331024', '[2020-07-01,2020-09-01)');
-- 1 安洲街道 周某诊所 周某 (address with newline) '' '' '' '' '' 是 2020-07-05   (no one in charge: empty)
-- 1 横溪镇 王某牙科, 分店 王某、王某某 ... 某医学院 口腔医学 执业助理医师 口腔科 是 2020-07-01
-- 2 横溪镇 李某诊所 李某、陈某、孙某 ... 13812345678 某卫生学校 临床医学 乡村医生 内科 否 2020-07-03
-- 3 横溪镇 李某诊所 (same) 否 2020-08-15
-- 1 埠头镇 无人诊所 '' ... 否 2020-07-20
-- 2 埠头镇 无人诊所 '' ... 否 2020-08-31

-- == one township, one month
SELECT seq, unit_name, patrolled_on FROM form_patrol_register('331024101', '[2020-07-01,2020-09-01)');
-- 1 王某牙科, 分店 07-01 | 2 李某诊所 07-03 | 3 李某诊所 08-15
SELECT seq, unit_name, patrolled_on FROM form_patrol_register('331024102', '[2020-07-01,2020-08-01)');
-- 1 无人诊所 07-20
SELECT count(*) FROM form_patrol_register('320000', '[2020-01-01,2021-01-01)');   -- 0: 江苏省 covers none

-- == column types: text, integer and date only
SELECT pg_typeof(seq) AS seq, pg_typeof(township) AS township, pg_typeof(qualification) AS qualification,
       pg_typeof(joint_enforcement) AS joint, pg_typeof(patrolled_on) AS day
  FROM form_patrol_register('331024102', '[2020-07-01,2020-08-01)');             -- integer text text text date

-- == CSV: header, RFC 4180 quoting, \n line ends, ISO dates whatever the DateStyle
SET datestyle = 'SQL, DMY';
SELECT form_patrol_register_csv('331024', '[2020-07-01,2020-09-01)', bom => false) =
  '序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期' || E'\n' ||
  E'1,安洲街道,周某诊所,周某,"安洲街道\n城西路3号",,,,,,是,2020-07-05\n' ||
  E'1,横溪镇,"王某牙科, 分店",王某、王某某,"横溪镇""下陈""村2号",,某医学院,口腔医学,执业助理医师,口腔科,是,2020-07-01\n' ||
  E'2,横溪镇,李某诊所,李某、陈某、孙某,横溪镇横溪村1号,13812345678,某卫生学校,临床医学,乡村医生,内科,否,2020-07-03\n' ||
  E'3,横溪镇,李某诊所,李某、陈某、孙某,横溪镇横溪村1号,13812345678,某卫生学校,临床医学,乡村医生,内科,否,2020-08-15\n' ||
  E'1,埠头镇,无人诊所,,,,,,,,否,2020-07-20\n' ||
  E'2,埠头镇,无人诊所,,,,,,,,否,2020-08-31\n' AS csv_as_computed;                -- t
SELECT line FROM regexp_split_to_table(form_patrol_register_csv('331024', '[2020-07-01,2020-09-01)', bom => false), E'\n') line;
SET datestyle = ISO;
SELECT form_patrol_register_csv('331024102', '[2020-10-01,2020-11-01)', bom => false) =
  E'序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期\n' AS header_only;  -- t
SELECT csv_field(v) FROM (VALUES ('plain'), ('a,b'), ('say "hi"'), (E'two\nlines'), (E'cr\r'), (''), (NULL)) t(v);
-- plain | "a,b" | "say ""hi""" | "two\nlines" | "cr\r" | (empty) | (empty)

-- == wrong input
SELECT try($$SELECT * FROM form_patrol_register('339999', '[2020-07-01,2020-09-01)')$$);
SELECT try($$SELECT form_patrol_register_csv('x', '[2020-07-01,2020-09-01)')$$);
SELECT regress.try($$SELECT count(*) FROM illegal_practice.form_patrol_register('331024', NULL)$$);  -- 22023: a NULL period is an error, not an empty form
