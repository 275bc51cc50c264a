-- Sample patrol work (附件1/附件2) for 仙居县: 横溪镇 with two sites, a sweep, a ban by joint action;
-- 安洲街道 with a self-closed site. All names are fictitious (某某).
SET search_path = illegal_practice, pg_catalog;
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024101', '示例甲诊所', '横溪镇示例村1号', '13800000001', '西医', '2020-06-12'),
  ('331024101', '示例乙牙科', '横溪镇示例村8号', '0576-80000002', '口腔', '2020-06-20');
INSERT INTO site (township_code, name, address, institution_type, found_on, status, closed_on) VALUES
  ('331024001', '示例丙推拿', '安洲街道示例路3号', '中医', '2020-03-02', '自行歇业', '2020-05-15');
INSERT INTO practitioner (site_id, name, in_charge, school, major, qualification, treatment_subjects)
SELECT s.id, v.n, v.c, v.sc, v.m, v.q::qualification, v.t
  FROM (VALUES
    ('示例甲诊所', '甲某某', true, '某卫生学校', '社区医学', '乡村医生', '内科、儿科'),
    ('示例甲诊所', '丁某某', false, NULL, NULL, '护士', NULL),
    ('示例乙牙科', '乙某某', true, '某医学院', '口腔医学', '执业助理医师', '口腔科'),
    ('示例乙牙科', '戊某某', false, NULL, NULL, '无', NULL),
    ('示例乙牙科', '己某某', false, NULL, NULL, '无', NULL),
    ('示例丙推拿', '丙某某', true, NULL, NULL, '无', '推拿')) v(s, n, c, sc, m, q, t)
  JOIN site s ON s.name = v.s;
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
SELECT '331024101', s.id, v.d::date, '横溪镇巡查组', v.o, v.r::patrol_outcome, v.j
  FROM (VALUES
    ('示例甲诊所', '2020-06-12', true, '责令限期整改', false),
    ('示例乙牙科', '2020-06-20', true, '责令限期整改', false),
    ('示例甲诊所', '2020-07-08', false, '未发现执业', false),
    ('示例乙牙科', '2020-07-10', true, '劝导停业', false),
    ('示例乙牙科', '2020-08-03', true, '拒不整改', true),
    ('示例甲诊所', '2020-09-09', false, '未发现执业', false)) v(s, d, o, r, j)
  JOIN site s ON s.name = v.s;
INSERT INTO patrol (township_code, patrolled_on, inspector, operating, note)
VALUES ('331024101', '2020-06-05', '横溪镇巡查组', false, '辖区排查，未发现非法行医场所');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating)
SELECT '331024001', s.id, v.d::date, '安洲街道巡查组', false
  FROM (VALUES ('2020-06-18'), ('2020-08-21')) v(d), site s WHERE s.name = '示例丙推拿';
WITH a AS (
  INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
  VALUES ('331024101', '[2020-06-01,2020-08-11)', '2020-08-11', '庚某某', '0576-80000009')
  RETURNING id
), j AS (
  INSERT INTO joint_action (application_id, acted_on, township_participated, note)
  SELECT a.id, '2020-08-25', true, '县打非办组织卫生健康、公安、市场监管联合取缔' FROM a
  RETURNING id
)
INSERT INTO joint_action_site (joint_action_id, site_id) SELECT j.id, s.id FROM j, site s WHERE s.name = '示例乙牙科';
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating)
SELECT '331024101', s.id, '2020-09-16', '横溪镇巡查组', false FROM site s WHERE s.name = '示例乙牙科';
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
SELECT '331024101', w.id, '庚某某', '2020-07-13', '0576-80000009', '辛某某', true, '2020-07-14'
  FROM reporting_window w WHERE w.name = '1–6月';
