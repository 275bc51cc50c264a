-- Sample reference data: 仙居县 with its 20 townships, 江苏省 with its 13 cities (spec §1.4).
SET search_path = illegal_practice, pg_catalog;
INSERT INTO division (code, name, level, parent_code) VALUES
  ('330000', '浙江省', '省', NULL),
  ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'),
  ('331024001', '安洲街道', '乡镇', '331024'), ('331024002', '南峰街道', '乡镇', '331024'),
  ('331024003', '福应街道', '乡镇', '331024'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('331024102', '埠头镇', '乡镇', '331024'),   ('331024103', '白塔镇', '乡镇', '331024'),
  ('331024104', '田市镇', '乡镇', '331024'),   ('331024105', '官路镇', '乡镇', '331024'),
  ('331024106', '下各镇', '乡镇', '331024'),   ('331024107', '朱溪镇', '乡镇', '331024'),
  ('331024200', '安岭乡', '乡镇', '331024'),   ('331024201', '溪港乡', '乡镇', '331024'),
  ('331024202', '湫山乡', '乡镇', '331024'),   ('331024203', '淡竹乡', '乡镇', '331024'),
  ('331024204', '皤滩乡', '乡镇', '331024'),   ('331024205', '上张乡', '乡镇', '331024'),
  ('331024206', '步路乡', '乡镇', '331024'),   ('331024207', '广度乡', '乡镇', '331024'),
  ('331024209', '大战乡', '乡镇', '331024'),   ('331024210', '双庙乡', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL),
  ('320100', '南京市', '市', '320000'), ('320200', '无锡市', '市', '320000'),
  ('320300', '徐州市', '市', '320000'), ('320400', '常州市', '市', '320000'),
  ('320500', '苏州市', '市', '320000'), ('320600', '南通市', '市', '320000'),
  ('320700', '连云港市', '市', '320000'), ('320800', '淮安市', '市', '320000'),
  ('320900', '盐城市', '市', '320000'), ('321000', '扬州市', '市', '320000'),
  ('321100', '镇江市', '市', '320000'), ('321200', '泰州市', '市', '320000'),
  ('321300', '宿迁市', '市', '320000');
-- Sample campaigns: the two source documents with their stages (spec §6) and 仙居's reporting windows.
-- Each stage is snapshotted per submitter (spec v3 §6): 仙居县 and each of its townships (附件1, the stage 汇总表,
-- 附表1), 江苏省 and each of its 13 cities (附表1–4, each 市卫生健康委 stamps its own).
SET search_path = illegal_practice, pg_catalog;
WITH c AS (
  INSERT INTO campaign (code, title, issuer, division_code, issued_on, rule_set, forms)
  VALUES ('仙打非办〔2020〕1号', '仙居县2020年整顿医疗秩序打击非法行医工作方案',
          '仙居县打击非法行医专项行动领导小组办公室', '331024', '2020-06-10', 'xianju2020',
          '{patrol_register,patrol_summary,unlicensed_summary}')
  RETURNING id
), s AS (
  INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays)
  SELECT c.id, v.o, v.n, v.p::daterange, 5 FROM c, (VALUES
    (1, '巡查复查阶段', '[2020-06-01,2020-10-01)'),
    (2, '取缔打击阶段', '[2020-09-01,2020-12-01)'),
    (3, '常态巡查阶段', '[2020-11-01,2021-07-01)')) v(o, n, p)
)
INSERT INTO reporting_window (campaign_id, name, covers, due_on)
SELECT c.id, v.n, v.p::daterange, v.d::date FROM c, (VALUES
  ('1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'),
  ('7–11月', '[2020-07-01,2020-12-01)', '2020-11-30')) v(n, p, d);

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
-- Sample patrol work for 仙居县 2020 (附件1、附件2、附件3). Every name, address and phone number is
-- fictitious (示例…, …某某, 0576-8000xxxx). Deterministic: dates and choices follow each township's
-- position k (0..19, by code) and a small profile table, so `make demo` prints the same every time.
--
-- The story, per township:
--   甲 示例诊所 — a 历史窝点 found in 2019, revisited in March (责令限期整改 or 劝导停业); in April it is
--      found closed and recorded 自行歇业; from May on it gets one patrol a month (to June 2021).
--   乙 示例牙科 — found in June (巡查复查阶段, 责令限期整改). Five weeks later: odd k, it has stopped
--      (已停业); even k, still open (劝导停业), two days later 拒不整改 — the township applies a week later (附件2) and a county joint action
--      bans it two weeks after that (取缔打击阶段); monthly patrols follow (常态巡查阶段, to June 2021).
--   丙 示例美容工作室 — every fourth township finds one in September and bans it on the spot.
--   Each township also records area sweeps (排查) that find nothing, and hands in its 考核资料.
-- The profile makes a few townships fall short of 附件3 (see the comments), so the 1–6月 and 7–11月
-- assessments show a spread of deductions.
SET search_path = illegal_practice, pg_catalog;

BEGIN;
CREATE TEMP TABLE sample_township AS
SELECT d.code, d.name, (row_number() OVER (ORDER BY d.code) - 1)::integer AS k
  FROM division d WHERE d.parent_code = '331024';
CREATE TEMP TABLE sample_profile (code text PRIMARY KEY, note text,
  no_patrol_w1 boolean DEFAULT false,   -- 2.2a 1–6月: nothing patrolled before July (its sites are found later)
  sub_w1 date, sub_w2 date,             -- register_submission dates (NULL: default on time)
  missing_w1 boolean DEFAULT false, missing_w2 boolean DEFAULT false,   -- 2.2b: never handed in
  no_order_w1 boolean DEFAULT false,    -- 2.3a 1–6月: 甲 found operating, nothing ordered
  refused_w1 boolean DEFAULT false,     -- 2.3b 1–6月: 甲 拒不整改 in April, application only in July
  refused_no_app boolean DEFAULT false, -- 2.3b 7–11月: 乙 拒不整改, no application at all
  absent boolean DEFAULT false,         -- 2.3c 7–11月: the township did not join the joint action
  found_no_order_w2 boolean DEFAULT false, -- 2.3a 7–11月: 丙 found operating in September, nothing ordered
  missed date[] DEFAULT '{}');   -- 2.4: months without the monthly patrol of 甲
INSERT INTO sample_profile (code, note, no_patrol_w1, sub_w1, missing_w1) VALUES
  ('331024209', '大战乡：上半年未排查，考核资料迟交', true, '2020-07-20', false);
INSERT INTO sample_profile (code, note, sub_w1) VALUES ('331024103', '白塔镇：1–6月资料7月17日才报送', '2020-07-17');
INSERT INTO sample_profile (code, note, missing_w1) VALUES ('331024202', '湫山乡：1–6月资料未报送', true);
INSERT INTO sample_profile (code, note, no_order_w1) VALUES ('331024105', '官路镇：发现窝点未劝导停业', true);
INSERT INTO sample_profile (code, note, missed) VALUES ('331024107', '朱溪镇：6月漏巡歇业窝点', '{2020-06-01}');
INSERT INTO sample_profile (code, note, refused_w1) VALUES ('331024204', '皤滩乡：拒不整改后7月才申请联合取缔', true);
INSERT INTO sample_profile (code, note, sub_w2) VALUES ('331024102', '埠头镇：7–11月资料12月2日才报送', '2020-12-02');
INSERT INTO sample_profile (code, note, missing_w2, missed) VALUES
  ('331024210', '双庙乡：9、10月漏巡，7–11月资料未报送', true, '{2020-09-01,2020-10-01}');
INSERT INTO sample_profile (code, note, absent) VALUES ('331024200', '安岭乡：未配合县级联合行动', true);
INSERT INTO sample_profile (code, note, refused_no_app) VALUES ('331024201', '溪港乡：拒不整改未申请联合取缔', true);
INSERT INTO sample_profile (code, note, missed) VALUES ('331024104', '田市镇：8月漏巡歇业窝点', '{2020-08-01}');
INSERT INTO sample_profile (code, note, found_no_order_w2) VALUES ('331024203', '淡竹乡：9月发现美容窝点未处理', true);

CREATE TEMP TABLE sample_t AS
SELECT t.code, t.name, t.k,
       coalesce(p.no_patrol_w1, false) AS no_patrol_w1, p.sub_w1, p.sub_w2,
       coalesce(p.missing_w1, false) AS missing_w1, coalesce(p.missing_w2, false) AS missing_w2,
       coalesce(p.no_order_w1, false) AS no_order_w1, coalesce(p.refused_w1, false) AS refused_w1,
       coalesce(p.refused_no_app, false) AS refused_no_app, coalesce(p.absent, false) AS absent,
       coalesce(p.found_no_order_w2, false) AS found_no_order_w2, coalesce(p.missed, '{}') AS missed,
       (t.k % 2 = 0 OR coalesce(p.refused_no_app, false)) AS joint_route,        -- 乙 refuses in August
       (t.k % 4 = 0 OR coalesce(p.found_no_order_w2, false)) AS has_bing,        -- a 丙 site in September
       CASE WHEN coalesce(p.no_patrol_w1, false) THEN 35 ELSE 0 END AS shift      -- 乙 found after June
  FROM sample_township t LEFT JOIN sample_profile p ON p.code = t.code;

-- ===== sites =====
INSERT INTO site (township_code, name, address, phone, institution_type, found_on)
SELECT t.code, t.name || v.suffix, t.name || v.street || (t.k + 1) || '号', v.phone_prefix || lpad((t.k * 3 + v.n)::text, 4, '0'),
       CASE v.n WHEN 1 THEN (ARRAY['西医', '中医', '其他'])[1 + t.k % 3] WHEN 2 THEN '口腔' ELSE '医疗美容' END::institution_type,
       CASE v.n WHEN 1 THEN CASE WHEN t.no_patrol_w1 THEN date '2020-07-02' + t.k % 5 ELSE date '2019-10-01' + t.k END
                WHEN 2 THEN date '2020-06-01' + t.k % 20 + t.shift
                ELSE date '2020-09-14' + t.k % 10 END
  FROM sample_t t
 CROSS JOIN (VALUES (1, '示例诊所', '示例村', '0576-8000'), (2, '示例牙科', '示例街', '0576-8001'),
                    (3, '示例美容工作室', '示例路', '0576-8002')) v(n, suffix, street, phone_prefix)
 WHERE v.n < 3 OR t.has_bing
 ORDER BY t.k, v.n;

-- practitioners: the person in charge first, then one or two staff (fictitious: …某某)
INSERT INTO practitioner (site_id, name, in_charge, school, major, qualification, treatment_subjects)
SELECT s.id, v.surname || '某某', v.in_charge, v.school, v.major, v.qual::qualification, v.subjects
  FROM site s JOIN sample_t t ON t.code = s.township_code
 CROSS JOIN LATERAL (VALUES
   (1, (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴'])[1 + (t.k + s.id) % 10], true,
       CASE WHEN s.name LIKE '%牙科' THEN '示例卫生学校' WHEN s.name LIKE '%美容%' THEN '示例美容培训班' ELSE '示例医学院' END,
       CASE WHEN s.name LIKE '%牙科' THEN '口腔医学' WHEN s.name LIKE '%美容%' THEN '美容美发' ELSE '临床医学' END,
       CASE WHEN s.name LIKE '%牙科' THEN '执业助理医师' WHEN s.name LIKE '%美容%' THEN '无'
            ELSE (ARRAY['乡村医生', '村防保员', '村公共卫生联系员', '无', '药士'])[1 + t.k % 5] END,
       CASE WHEN s.name LIKE '%牙科' THEN '口腔科' WHEN s.name LIKE '%美容%' THEN '注射美容'
            ELSE (ARRAY['内科、儿科', '针灸、推拿', '输液', '内科', '中医内科'])[1 + t.k % 5] END),
   (2, (ARRAY['徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + (t.k + 2 * s.id) % 10], false, NULL, NULL,
       (ARRAY['护士', '无', '药士'])[1 + t.k % 3], NULL),
   (3, (ARRAY['梁','宋','郑','谢','韩','唐','冯','于','董','萧'])[1 + (t.k + 3 * s.id) % 10], false, NULL, NULL, '无', NULL)
 ) v(n, surname, in_charge, school, major, qual, subjects)
 WHERE v.n = 1 OR (v.n = 2) OR (v.n = 3 AND s.name LIKE '%牙科' AND t.k % 3 = 0)
 ORDER BY s.id, v.n;

-- ===== patrols of 甲 (1–6月): March 责令限期整改 or 劝导停业; April found closed → 自行歇业 =====
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
SELECT s.id, v.d, t.name || '巡查组', v.op, v.oc::patrol_outcome, v.joint
  FROM site s JOIN sample_t t ON t.code = s.township_code
 CROSS JOIN LATERAL (VALUES
   (1, date '2020-03-02' + t.k, true,
       CASE WHEN t.no_order_w1 THEN NULL WHEN t.k % 2 = 0 THEN '责令限期整改' ELSE '劝导停业' END, false),
   (2, date '2020-04-06' + t.k, t.refused_w1 OR t.no_order_w1,
       CASE WHEN t.no_order_w1 THEN NULL WHEN t.refused_w1 THEN '拒不整改' ELSE '未发现执业' END, t.refused_w1),
   (3, date '2020-05-06' + t.k, true, CASE WHEN t.refused_w1 THEN '拒不整改' END, t.refused_w1)
 ) v(n, d, op, oc, joint)
 WHERE s.name = t.name || '示例诊所' AND NOT t.no_patrol_w1 AND (v.n < 3 OR t.refused_w1 OR t.no_order_w1)
 ORDER BY v.d, s.id;
-- found closed in April: 自行歇业 from that day (官路镇's and 皤滩乡's stay open)
UPDATE site s SET status = '自行歇业', closed_on = date '2020-04-06' + t.k
  FROM sample_t t
 WHERE t.code = s.township_code AND s.name = t.name || '示例诊所'
   AND NOT t.no_patrol_w1 AND NOT t.refused_w1 AND NOT t.no_order_w1;
-- 大战乡 found its 甲 only in July
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome)
SELECT s.id, v.d, t.name || '巡查组', v.op, v.oc::patrol_outcome
  FROM site s JOIN sample_t t ON t.code = s.township_code
 CROSS JOIN LATERAL (VALUES (s.found_on, true, '责令限期整改'), (s.found_on + 30, false, '未发现执业')) v(d, op, oc)
 WHERE s.name = t.name || '示例诊所' AND t.no_patrol_w1
 ORDER BY v.d;

-- area sweeps that found nothing: one in 1–6月, one in 7–11月
INSERT INTO patrol (township_code, patrolled_on, inspector, operating, outcome, note)
SELECT t.code, v.d, t.name || '巡查组', false, '未发现执业', '辖区排查，未发现新的非法行医场所'
  FROM sample_t t
 CROSS JOIN LATERAL (VALUES (date '2020-06-08' + t.k % 15, NOT t.no_patrol_w1),
                            (date '2020-10-12' + t.k % 15, true)) v(d, keep)
 WHERE v.keep
 ORDER BY v.d, t.k;

-- ===== 乙 (巡查复查 → 取缔打击): found and ordered; five weeks later stopped (已停业) or persuaded, then 拒不整改 =====
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
SELECT s.id, v.d, t.name || '巡查组', v.op, v.oc::patrol_outcome, v.joint
  FROM site s JOIN sample_t t ON t.code = s.township_code
 CROSS JOIN LATERAL (VALUES
   (s.found_on, true, '责令限期整改', false),
   (s.found_on + 35, t.joint_route, CASE WHEN t.joint_route THEN '劝导停业' ELSE '未发现执业' END, false),
   (s.found_on + 37, true, '拒不整改', true)
 ) v(d, op, oc, joint)
 WHERE s.name = t.name || '示例牙科' AND (v.oc <> '拒不整改' OR t.joint_route)
 ORDER BY v.d, s.id;
UPDATE site s SET status = '已停业', closed_on = s.found_on + 35
  FROM sample_t t WHERE t.code = s.township_code AND s.name = t.name || '示例牙科' AND NOT t.joint_route;

-- 附件2 applications: a week after the refusal (皤滩乡 also applies, late, for its 甲 in July)
INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
SELECT t.code, daterange(a.since, a.applied), a.applied,
       (ARRAY['钱','孙','李','周','吴','郑','王','冯','陈','褚'])[1 + (t.k + 3) % 10] || '某某',
       '0576-8003' || lpad(t.k::text, 4, '0')
  FROM sample_t t
 CROSS JOIN LATERAL (
   SELECT date '2020-03-01', date '2020-07-06' WHERE t.refused_w1
   UNION ALL
   SELECT date '2020-06-01', s.found_on + 42 FROM site s
    WHERE s.township_code = t.code AND s.name = t.name || '示例牙科' AND t.joint_route AND NOT t.refused_no_app) a(since, applied)
 ORDER BY a.applied, t.k;

-- the county's joint actions: two weeks after each application; each bans the site it was asked for
WITH j AS (
  INSERT INTO joint_action (application_id, acted_on, township_participated, note)
  SELECT a.id, a.applied_on + 14, NOT t.absent,
         CASE WHEN t.absent THEN '县打非办组织卫生健康、公安、市场监管联合取缔；乡镇未派人配合'
              ELSE '县打非办组织卫生健康、公安、市场监管联合取缔，乡镇综治办、派出所配合' END
    FROM joint_application a JOIN sample_t t ON t.code = a.township_code
   ORDER BY a.applied_on, a.id
  RETURNING id, application_id
)
INSERT INTO joint_action_site (joint_action_id, site_id)
SELECT j.id, s.id
  FROM j JOIN joint_application a ON a.id = j.application_id JOIN sample_t t ON t.code = a.township_code
  JOIN site s ON s.township_code = a.township_code
             AND s.name = t.name || CASE WHEN lower(a.period) = date '2020-03-01' THEN '示例诊所' ELSE '示例牙科' END
 ORDER BY j.id;

-- 溪港乡 (no application): its 乙 is still operating; it is ordered again in October
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome)
SELECT s.id, date '2020-10-20', t.name || '巡查组', true, '劝导停业'
  FROM site s JOIN sample_t t ON t.code = s.township_code
 WHERE t.refused_no_app AND s.name = t.name || '示例牙科';

-- ===== 丙: medical-beauty studios found in September =====
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome, note)
SELECT s.id, s.found_on, t.name || '巡查组', true,
       CASE WHEN t.found_no_order_w2 THEN NULL ELSE '已取缔' END::patrol_outcome,
       CASE WHEN t.found_no_order_w2 THEN '发现开展注射美容，未作处理' ELSE '当场取缔，没收注射用品' END
  FROM site s JOIN sample_t t ON t.code = s.township_code
 WHERE s.name = t.name || '示例美容工作室'
 ORDER BY s.found_on, s.id;
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome)
SELECT s.id, date '2020-12-08', t.name || '巡查组', true, '劝导停业'
  FROM site s JOIN sample_t t ON t.code = s.township_code
 WHERE s.name = t.name || '示例美容工作室' AND t.found_no_order_w2;

-- ===== monthly patrols of closed sites (考核细则 二、4), to June 2021; a few months missed =====
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome, note)
SELECT s.id, m.month + (t.k % 9) + 5, t.name || '巡查组', false, '未发现执业', '每月回访'
  FROM site s JOIN sample_t t ON t.code = s.township_code
 CROSS JOIN LATERAL (SELECT g::date AS month FROM generate_series(date '2020-05-01', date '2021-06-01', interval '1 month') g) m
 WHERE s.status IN ('已取缔', '自行歇业')
   AND m.month > s.closed_on
   AND NOT (s.name = t.name || '示例诊所' AND m.month = ANY (t.missed))
 ORDER BY m.month, s.id;

-- 福应街道's banned 乙 reopened in November and was banned again on the spot
INSERT INTO patrol (site_id, patrolled_on, inspector, operating, outcome, note)
SELECT s.id, date '2020-11-23', t.name || '巡查组', true, '已取缔', '原址复开，当场取缔'
  FROM site s JOIN sample_t t ON t.code = s.township_code
 WHERE t.code = '331024003' AND s.name = t.name || '示例牙科';

-- ===== 考核资料 (register_submission): 1–6月 due 07-15, 7–11月 due 11-30 =====
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
SELECT t.code, w.id,
       (ARRAY['赵','钱','孙','李','周','吴','郑','王','冯','陈'])[1 + t.k % 10] || '某某', v.sub - 1,
       '0576-8004' || lpad(t.k::text, 4, '0'),
       (ARRAY['蒋','沈','韩','杨','朱','秦','尤','许','何','吕'])[1 + t.k % 10] || '某某', t.k % 7 <> 6, v.sub
  FROM sample_t t
  JOIN reporting_window w ON true
  JOIN campaign c ON c.id = w.campaign_id AND c.code = '仙打非办〔2020〕1号'
 CROSS JOIN LATERAL (VALUES
   (CASE WHEN w.name = '1–6月' THEN coalesce(t.sub_w1, date '2020-07-06' + t.k % 8)
         ELSE coalesce(t.sub_w2, date '2020-11-20' + t.k % 8) END,
    CASE WHEN w.name = '1–6月' THEN NOT t.missing_w1 ELSE NOT t.missing_w2 END)) v(sub, keep)
 WHERE v.keep
 ORDER BY w.due_on, t.k;

-- ===== 人工考核事实 (manual facts: rules the data cannot show) =====
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by, recorded_at)
SELECT v.code, w.id, v.rule, v.n, v.evidence, '县打非办（示例）', timestamptz '2020-12-10 09:00+08'
  FROM (VALUES
    ('331024101', '1–6月', '2.6', 1, '省级暗访组发现示例推拿店1家（虚构）'),
    ('331024206', '1–6月', '1.2', 1, '领导小组未明确专人负责（虚构）'),
    ('331024205', '7–11月', '2.7b', 1, '无证行医致人伤残1人（虚构）'),
    ('331024002', '7–11月', '2.5', 1, '省级媒体报道示例诊所经查属实（虚构）')) v(code, wname, rule, n, evidence)
  JOIN reporting_window w ON w.name = v.wname
  JOIN campaign c ON c.id = w.campaign_id AND c.code = '仙打非办〔2020〕1号';
COMMIT;
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
