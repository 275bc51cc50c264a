-- Bulk import of a township's 附件1 spreadsheet: staging table + import_patrol_register().
-- Good rows are loaded (sites and practitioners created or matched) and leave staging; bad rows stay
-- with their reason; re-running never duplicates.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024');

-- == dates as spreadsheets hold them
SELECT v, parse_register_date(v) FROM (VALUES ('2020-07-01'), ('2020/7/1'), ('2020.7.1'), ('2020年7月1日'),
  (' 20200701 '), ('44013'), ('2020-02-30'), ('7/1/2020'), ('abc'), (''), (NULL)) t(v);
-- 2020-07-01 ×6 (44013 is Excel's day number for 2020-07-01), then NULL ×5

-- == stage 3 good and 3 bad rows
INSERT INTO patrol_register_staging (source, line_no, seq, township, unit_name, people, address, phone, school, major,
                                     qualification, subjects, joint_enforcement, patrolled_on, operating, outcome) VALUES
  ('横溪镇7月.xlsx', 3, '1', '横溪镇', '李某诊所', '李某（331024200506151231）、陈某', '横溪村1号', '13812345678',
   '某卫生学校', '临床医学', '乡村医生', '内科', '否', '2020/7/3', '是', '责令限期整改'),           -- 1 good
  ('横溪镇7月.xlsx', 4, '2', '331024101', '李某诊所', '李某、孙某', NULL, NULL,
   NULL, NULL, NULL, NULL, '是', '2020年8月15日', '是', '已取缔'),                                  -- 2 good: same site, bans it
  ('埠头镇7月.xlsx', 3, '1', ' 埠头镇 ', '张某推拿', '张某', '埠头村5号', NULL,
   NULL, NULL, '无', '推拿', '', '2020-07-20', NULL, NULL),                                        -- 3 good
  ('横溪镇7月.xlsx', 5, '3', '白塔镇', '刘某诊所', '刘某', NULL, NULL,
   NULL, NULL, NULL, NULL, '否', '2020-07-10', NULL, NULL),                                        -- 4 bad: unknown township
  ('横溪镇7月.xlsx', 6, '4', '横溪镇', '王某牙科', '王某(331024200506151232)', NULL, NULL,
   NULL, NULL, NULL, NULL, '否', '2020-02-30', NULL, NULL),                                        -- 5 bad: date, resident_id
  ('横溪镇7月.xlsx', 7, '5', '仙居县', '某某', '某某', NULL, NULL,
   NULL, NULL, '赤脚医生', NULL, '要', '2020-07-01', NULL, NULL);                                  -- 6 bad: county, qualification, 是/否

SELECT * FROM import_patrol_register('331024') ORDER BY staging_id;
-- 1 已导入 site 1 patrol 1 | 2 已导入 site 1 patrol 3 | 3 已导入 site 2 patrol 2 (rows load in date order)
-- 4 有误 未知乡镇“白塔镇”
-- 5 有误 巡查日期有误“2020-02-30”…；王某的身份证号码有误“331024200506151232”：check character should be 1, not 2
-- 6 有误 “仙居县”不是乡镇级区划；未知从医资格“赤脚医生”（应为：…）；是否要联合查处应为“是”或“否”，不是“要”

-- == what was loaded
SELECT id, township_code, name, address, phone, found_on, status, closed_on FROM site ORDER BY id;
-- 1 331024101 李某诊所 横溪村1号 13812345678 2020-07-03 已取缔 2020-08-15 | 2 331024102 张某推拿 埠头村5号 - 2020-07-20 在营 -
SELECT site_id, name, resident_id, in_charge, school, major, qualification, treatment_subjects FROM practitioner ORDER BY id;
-- by id: 1 李某 331024200506151231 t 某卫生学校 临床医学 乡村医生 内科 | 1 陈某 f | 2 张某 t 无 推拿 (loaded 07-20) | 1 孙某 f (08-15)
SELECT id, township_code, site_id, patrolled_on, operating, outcome, joint_enforcement_needed FROM patrol ORDER BY id;
-- 1 横溪镇 1 07-03 t 责令限期整改 f | 2 埠头镇 2 07-20 NULL NULL f | 3 横溪镇 1 08-15 t 已取缔 t
SELECT id, line_no, error IS NOT NULL AS has_reason FROM patrol_register_staging ORDER BY id;
-- 4 5 t | 5 6 t | 6 7 t: the bad rows stay

-- == re-running does not duplicate; a corrected row loads; a re-staged row is recognised
SELECT staging_id, result FROM import_patrol_register() ORDER BY staging_id;           -- 4 5 6 有误 again
SELECT count(*) AS patrols FROM patrol;                                                -- 3
UPDATE patrol_register_staging SET township = '横溪镇' WHERE id = 4;
INSERT INTO patrol_register_staging (township, unit_name, people, patrolled_on, joint_enforcement)
VALUES ('横溪镇', '李某诊所', '李某', '2020-07-03', '否');                              -- 7: row 1 staged again
SELECT * FROM import_patrol_register() ORDER BY staging_id;
-- 4 已导入 site 3 patrol 4 | 5 有误 (same) | 6 有误 (same) | 7 已存在 site 1 patrol 1
SELECT count(*) AS patrols, count(DISTINCT site_id) AS sites FROM patrol;              -- 4 3
SELECT count(*) AS practitioners FROM practitioner;                                    -- 5 (李某 not duplicated)
SELECT id FROM patrol_register_staging ORDER BY id;                                    -- 5 6

-- == the loaded rows in the register
SELECT seq, township, unit_name, people, qualification, joint_enforcement, patrolled_on
  FROM form_patrol_register('331024', '[2020-07-01,2020-09-01)');
-- 1 横溪镇 李某诊所 李某、陈某、孙某 乡村医生 否 07-03 | 2 横溪镇 刘某诊所 刘某 '' 否 07-10
-- 3 横溪镇 李某诊所 … 是 08-15 | 1 埠头镇 张某推拿 张某 无 否 07-20

-- == wrong input
SELECT try($$SELECT * FROM import_patrol_register('339999')$$);
