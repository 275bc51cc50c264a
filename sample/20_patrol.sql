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
