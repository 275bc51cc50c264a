-- 附件2 联合执法申请函: joint_application_letter, word for word, with counts derived from patrols (spec §2, §3).
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'),
  ('331024200', '安岭乡', '乡镇', '331024');

-- == data: 横溪镇 sweeps in July 2020 and applies on 2020-08-03
INSERT INTO site (township_code, name, found_on) VALUES
  ('331024101', '一号点', '2020-06-20'),   -- 1
  ('331024101', '二号点', '2020-07-05'),   -- 2
  ('331024101', '三号点', '2020-07-10'),   -- 3
  ('331024101', '四号点', '2020-06-01'),   -- 4
  ('331024101', '五号点', '2020-07-20'),   -- 5
  ('331024102', '邻镇点', '2020-07-01');   -- 6
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (1, '2020-07-02', true, '责令限期整改'), (1, '2020-07-25', true, '拒不整改'),   -- found; latest by 08-03 operating
  (2, '2020-07-05', true, '劝导停业'), (2, '2020-07-28', false, '未发现执业'),     -- found; stopped
  (3, '2020-07-10', true, NULL), (3, '2020-08-02', true, '拒不整改'),             -- found; 08-02 ≤ applied_on: operating
  (4, '2020-06-15', true, NULL), (4, '2020-07-15', false, NULL),                  -- not operating in July: not found
  (5, '2020-07-20', true, NULL), (5, '2020-08-05', false, NULL),                  -- found; 08-05 is after applied_on
  (6, '2020-07-08', true, NULL);                                                  -- another township
INSERT INTO joint_application (township_code, period, applied_on, contact, phone) VALUES
  ('331024101', '[2020-07-01,2020-08-01)', '2020-08-03', '吴某某', '0576-87000001');        -- 1: counts derived
INSERT INTO joint_application (township_code, period, sites_found, sites_remaining, applied_on) VALUES
  ('331024001', '[2020-09-01,2020-10-01)', 5, 2, '2020-10-09'),                               -- 2: counts given
  ('331024200', '[2020-11-01,2020-11-16)', 0, 0, '2020-11-16');                               -- 3

-- == derived counts
SELECT * FROM joint_application_sites(1);
-- 1 t | 2 f | 3 t | 5 t
SELECT * FROM joint_application_counts(1);                 -- 4 3
SELECT * FROM joint_application_counts(2);                 -- 5 2 (as given)

-- == the letter, word for word
SELECT joint_application_letter(1) = $$2020年打击非法行医专项行动联合执法申请函

县打非办：
根据县政府和县打非办有关进一步整顿医疗秩序打击非法行医工作要求，我镇于2020年7月1日至2020年7月31日，对本辖区内的非法行医场所进行了地毯式的排查，发现非法行医场所4家，经向其宣传有关政策、法律、责令其限期整改等措施后，目前尚有3家场所仍不听劝告，继续从事无证行医活动。
经本镇打非领导小组研究，决定于近期组织相关人员开展依法取缔行动，请县打非办协调卫生计生、公安、市场监管等部门执法人员前来我镇开展联合打击工作。
联系人：吴某某
联系电话：0576-87000001


横溪镇（盖章）
2020年8月3日$$ AS letter_1_as_written;                    -- t
SELECT line FROM regexp_split_to_table(joint_application_letter(1), E'\n') line;
SELECT joint_application_letter(2) = $$2020年打击非法行医专项行动联合执法申请函

县打非办：
根据县政府和县打非办有关进一步整顿医疗秩序打击非法行医工作要求，我街道于2020年9月1日至2020年9月30日，对本辖区内的非法行医场所进行了地毯式的排查，发现非法行医场所5家，经向其宣传有关政策、法律、责令其限期整改等措施后，目前尚有2家场所仍不听劝告，继续从事无证行医活动。
经本街道打非领导小组研究，决定于近期组织相关人员开展依法取缔行动，请县打非办协调卫生计生、公安、市场监管等部门执法人员前来我街道开展联合打击工作。
联系人：
联系电话：


安洲街道（盖章）
2020年10月9日$$ AS letter_2_as_written;                   -- t
SELECT split_part(joint_application_letter(3), E'\n', 4) LIKE '%我乡于2020年11月1日至2020年11月15日，%' AS township_kind,
       split_part(joint_application_letter(3), E'\n', 10) AS signed, split_part(joint_application_letter(3), E'\n', 11) AS dated;
-- t 安岭乡（盖章） 2020年11月16日

-- == Chinese dates: no zero padding
SELECT d, letter_date(d::date) FROM (VALUES ('2020-07-01'), ('2020-12-31'), ('2021-01-09')) v(d);
-- 2020年7月1日, 2020年12月31日, 2021年1月9日

-- == wrong input
SELECT try($$SELECT joint_application_letter(99)$$);
SELECT joint_application_letter(NULL) IS NULL AS strict;  -- t
