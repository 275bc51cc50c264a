-- Sample enforcement data for 江苏省 2017–2019 (all names fictitious, 示例…): 无证行医 cases in all five
-- institution types, 医疗美容 cases of 2017–2018 with re-offenders found in 2019, 两非 inspections and cases.
-- Deterministic (no random()): the demo prints the same forms every time.
SET search_path = illegal_practice, pg_catalog;

-- 无证行医, 2019: 65 cases over the 13 cities; subjects repeat (i % 50), so some are penalised twice
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                              legal_representative, cause, filed_on, decided_on, entered_in_system)
SELECT c.code, '无证行医', (enum_range(NULL::institution_type))[1 + i % 5],
       '示例无证诊所' || (i % 50), '江苏省示例路' || (i % 50) || '号', '示例负责人' || (i % 50),
       '未取得《医疗机构执业许可证》擅自执业', date '2019-04-01' + i * 3, date '2019-04-01' + i * 3 + 10, i % 3 <> 0
  FROM generate_series(1, 65) AS i
  JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS k FROM division WHERE parent_code = '320000') c
    ON c.k = i % 13;

-- 医疗美容, 2017–2018 (prior): 24 cases, half 无证行医 and half 医疗机构违法执业, all fined, even ones rectified
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                              legal_representative, cause, filed_on, decided_on, rectified_on, entered_in_system)
SELECT c.code, CASE WHEN i % 2 = 0 THEN '无证行医' ELSE '医疗机构违法执业' END::case_category, '医疗美容',
       '示例美容' || i, c.name || '示例大道' || i || '号', '示例法人' || i,
       CASE WHEN i % 2 = 0 THEN '非医师开展注射美容' ELSE '超范围开展医疗美容项目' END,
       date '2017-03-01' + i * 25, date '2017-03-01' + i * 25 + 15,
       CASE WHEN i % 4 IN (0, 1) THEN date '2017-03-01' + i * 25 + 40 END, true
  FROM generate_series(1, 24) AS i
  JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS k FROM division WHERE parent_code = '320000') c
    ON c.k = i % 13;

-- 医疗美容, 2019 (current): re-offenders (i % 3 = 0 of the prior subjects, same category) and 3 newcomers
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                              legal_representative, cause, filed_on, decided_on, entered_in_system)
SELECT c.code, CASE WHEN i % 2 = 0 THEN '无证行医' ELSE '医疗机构违法执业' END::case_category, '医疗美容',
       CASE WHEN i <= 24 THEN '示例美容' || i ELSE '示例新开美容' || i END,
       c.name || '示例大道' || i || '号', '示例法人' || i,
       CASE WHEN i % 2 = 0 THEN '再次非法开展注射美容' ELSE '再次超范围开展医疗美容' END,
       date '2019-05-01' + i * 4, date '2019-05-01' + i * 4 + 12, true
  FROM generate_series(1, 27) AS i
  JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS k FROM division WHERE parent_code = '320000') c
    ON c.k = i % 13
 WHERE i % 3 = 0 OR i > 24;

-- 两非, 2019: 10 cases and 40 inspections (subjects inspected more than once count once)
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, cause,
                              filed_on, entered_in_system)
SELECT c.code, CASE WHEN i % 2 = 0 THEN '非医学需要的胎儿性别鉴定' ELSE '非医学需要选择性别人工终止妊娠' END::case_category,
       '其他', '示例两非对象' || i, c.name || '示例街' || i || '号',
       CASE WHEN i % 2 = 0 THEN '非医学需要进行胎儿性别鉴定' ELSE '非医学需要选择性别终止妊娠' END,
       date '2019-05-10' + i * 17, i % 4 <> 3
  FROM generate_series(1, 10) AS i
  JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS k FROM division WHERE parent_code = '320000') c
    ON c.k = i % 13;
INSERT INTO inspection (division_code, category, subject_name, subject_address, inspected_on)
SELECT c.code, CASE WHEN i % 2 = 0 THEN '非医学需要的胎儿性别鉴定' ELSE '非医学需要选择性别人工终止妊娠' END::case_category,
       '示例两非对象' || (i % 25), c.name || '示例街' || (i % 25) || '号', date '2019-04-15' + i * 5
  FROM generate_series(1, 40) AS i
  JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS k FROM division WHERE parent_code = '320000') c
    ON c.k = (i % 25) % 13;

-- a person (fictitious, resident_id of the standard's own example) penalised twice, practising again in 2019
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                              subject_resident_id, cause, filed_on, decided_on, entered_in_system) VALUES
  ('320300', '无证行医', '西医', '示例张某', '徐州市示例村', '11010519491231002X', '非医师行医', '2017-06-01', '2017-06-20', true),
  ('320300', '无证行医', '西医', '示例张某', '徐州市示例村', '11010519491231002X', '非医师行医', '2018-06-01', '2018-06-20', true),
  ('320300', '无证行医', '西医', '示例张某', '徐州市示例村', '11010519491231002X', '非医师行医（第三次）', '2019-06-01', NULL, true);

-- actions, derived from the case id so the sample is reproducible
INSERT INTO case_action (case_id, kind, amount_yuan, persons, acted_on)
SELECT e.id, a.kind::action_kind, a.amount, a.persons, coalesce(e.decided_on, e.filed_on)
  FROM enforcement_case e
 CROSS JOIN LATERAL (VALUES
   ('责令改正', NULL::numeric, NULL::integer, e.id % 7 = 0),
   ('警告', NULL, NULL, e.id % 5 = 1),
   ('罚款', CASE WHEN e.category = '无证行医' THEN 2000 + (e.id * 137.5) % 8000
                 WHEN e.category = '医疗机构违法执业' THEN 3000 + (e.id * 71) % 5000
                 ELSE 10000 + (e.id * 913) % 20000 END, NULL, e.id % 11 <> 0),
   ('没收违法所得', round((e.id * 23.45) % 3000, 2), NULL, e.id % 2 = 0 AND e.id % 11 <> 0),
   ('取缔', NULL, NULL, e.category = '无证行医' AND e.institution_type <> '医疗美容' AND e.id % 4 = 0),
   ('责令停业整顿', NULL, NULL, e.category = '医疗机构违法执业' AND e.id % 3 = 0),
   ('吊销执业许可', NULL, NULL, e.category = '医疗机构违法执业' AND e.id % 9 = 0),
   ('吊销执业证书', NULL, NULL, e.category = '非医学需要的胎儿性别鉴定' AND e.id % 4 = 0),
   ('移送司法机关', NULL, 1, e.id % 15 = 0),
   ('移送相关部门', NULL, NULL, e.category IN ('非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠') AND e.id % 3 = 0),
   ('法院判决', NULL, NULL, e.id % 30 = 0),
   ('追责', NULL, 1 + e.id % 2, e.category = '无证行医' AND e.id % 20 = 0)
 ) AS a(kind, amount, persons, present)
 WHERE a.present AND e.division_code LIKE '32%';
