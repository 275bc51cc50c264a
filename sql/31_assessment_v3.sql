-- 附件3 scored as spec v3 §4: the review's §3.1 scenarios (A1–A10, X-cross, S已停业) and each rule's
-- boundary, per window and for the whole campaign (assessment_total), and the printable 考核结果.
-- Every expected value is HAND-COMPUTED from the spec text and written on the line (or under it).
-- W1 = 1–6月 [2020-01-01,2020-07-01) due 07-15 (window 1); W2 = 7–11月 [2020-07-01,2020-12-01) due 11-30 (window 2).
-- Baseline: every township except 溪港乡 (201) has an area sweep in each window (官路镇 105 none in W1) and hands
-- in its register on the due day (湫山乡 202 one day late in W1; 溪港乡 never), so only the rule under test fires.
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'), ('331024', '仙居县', '县', '331000');
INSERT INTO division (code, name, level, parent_code)
SELECT '331024' || c, n, '乡镇', '331024' FROM (VALUES ('001', '安洲街道'), ('002', '南峰街道'), ('003', '福应街道'),
  ('101', '横溪镇'), ('102', '埠头镇'), ('103', '白塔镇'), ('104', '田市镇'), ('105', '官路镇'), ('106', '下各镇'),
  ('107', '朱溪镇'), ('200', '安岭乡'), ('201', '溪港乡'), ('202', '湫山乡'), ('203', '淡竹乡'), ('204', '皤滩乡'),
  ('205', '上张乡'), ('206', '步路乡'), ('207', '广度乡'), ('209', '大战乡'), ('210', '双庙乡')) v(c, n);
INSERT INTO campaign (id, code, title, division_code, rule_set) OVERRIDING SYSTEM VALUE
VALUES (1, '仙打非办〔2020〕1号', '仙居县2020年整顿医疗秩序打击非法行医工作方案', '331024', 'xianju2020');
INSERT INTO reporting_window (id, campaign_id, name, covers, due_on) OVERRIDING SYSTEM VALUE VALUES
  (1, 1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (2, 1, '7–11月', '[2020-07-01,2020-12-01)', '2020-11-30');
INSERT INTO patrol (township_code, patrolled_on, operating, outcome, note)
SELECT d.code, v.day, false, '未发现执业', '辖区排查' FROM division d, (VALUES (date '2020-03-01'), (date '2020-08-01')) v(day)
 WHERE d.level = '乡镇' AND d.code <> '331024201' AND NOT (d.code = '331024105' AND v.day < '2020-07-01');
INSERT INTO register_submission (township_code, window_id, submitted_on)
SELECT d.code, w.id, CASE WHEN d.code = '331024202' AND w.id = 1 THEN date '2020-07-16' ELSE w.due_on END
  FROM division d, reporting_window w WHERE d.level = '乡镇' AND d.code <> '331024201';

-- A1 横溪镇 101: persuaded 03-05, operating again 04-10, no application
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (101, '331024101', 'A1诊所', '2020-03-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (101, '2020-03-05', true, '劝导停业'), (101, '2020-04-10', true, NULL);
-- A2 埠头镇 102: closed (自行歇业 02-20); monthly patrols Mar, Apr, Jun — May missing; W2 every month patrolled
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (102, '331024102', 'A2诊所', '2019-10-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (102, '2020-02-10', true, '劝导停业');
UPDATE site SET status = '自行歇业', closed_on = '2020-02-20' WHERE id = 102;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome)
SELECT 102, d::date, false, '未发现执业'
  FROM unnest(ARRAY['2020-03-05','2020-04-08','2020-06-03','2020-07-06','2020-08-06','2020-09-07','2020-10-09','2020-11-06']) d;
-- A3 白塔镇 103: closed mid-month (自行歇业 03-16); patrols 04-20, 05-31, 06-01; nothing in W2
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (103, '331024103', 'A3诊所', '2020-03-02');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (103, '2020-03-02', true, '劝导停业');
UPDATE site SET status = '自行歇业', closed_on = '2020-03-16' WHERE id = 103;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (103, '2020-04-20', false, '未发现执业'), (103, '2020-05-31', false, '未发现执业'), (103, '2020-06-01', false, '未发现执业');
-- A4 田市镇 104: ordered 01-06, operating again 03-16 and banned by the township itself; patrols Apr–Jun; ONE INSERT
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (104, '331024104', 'A4诊所', '2020-01-06');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (104, '2020-01-06', true, '责令限期整改'), (104, '2020-03-16', true, '已取缔'),
  (104, '2020-04-10', false, '未发现执业'), (104, '2020-05-10', false, '未发现执业'), (104, '2020-06-10', false, '未发现执业');
-- A4′ 福应街道 003: the same patrols, one statement each
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (121, '331024003', 'A4′诊所', '2020-01-06');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (121, '2020-01-06', true, '责令限期整改');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (121, '2020-03-16', true, '已取缔');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (121, '2020-04-10', false, '未发现执业');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (121, '2020-05-10', false, '未发现执业');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (121, '2020-06-10', false, '未发现执业');
-- A5 下各镇 106: closed on the 1st (自行歇业 04-01); patrols May, Jun, none in April
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (105, '331024106', 'A5诊所', '2020-03-10');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (105, '2020-03-10', true, '劝导停业');
UPDATE site SET status = '自行歇业', closed_on = '2020-04-01' WHERE id = 105;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (105, '2020-05-12', false, '未发现执业'), (105, '2020-06-12', false, '未发现执业');
-- A7 朱溪镇 107: the first visit finds it operating and it refuses on the spot; no application
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (107, '331024107', 'A7诊所', '2020-03-05');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome, joint_enforcement_needed) VALUES (107, '2020-03-05', true, '拒不整改', true);
-- A8 安岭乡 200: refused 04-10, applied 04-15, county action 04-25 without the township bans it; patrols May, Jun
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (108, '331024200', 'A8诊所', '2020-04-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (108, '2020-04-01', true, '劝导停业'), (108, '2020-04-10', true, '拒不整改');
INSERT INTO joint_application (id, township_code, period, applied_on, contact, phone) OVERRIDING SYSTEM VALUE
  VALUES (801, '331024200', '[2020-04-01,2020-04-15)', '2020-04-15', '联系人甲', '0576-87000001');
INSERT INTO joint_action (id, application_id, acted_on, township_participated) OVERRIDING SYSTEM VALUE VALUES (901, 801, '2020-04-25', false);
INSERT INTO joint_action_site VALUES (901, 108);
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (108, '2020-05-06', false, '未发现执业'), (108, '2020-06-06', false, '未发现执业');
-- A6 官路镇 105: no W1 patrol, but the 复核 clears 2.2a; 2.5 twice, 2.6 three times
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by) VALUES
  ('331024105', 1, '2.2a', 0, '复核：纸质巡查记录齐全', '县打非办'),
  ('331024105', 1, '2.5', 2, '两起省级媒体报道经查属实', '县打非办'),
  ('331024105', 1, '2.6', 3, '省级暗访组发现3家', '县打非办');
-- S已停业 南峰街道 002: stopped after persuasion (已停业 01-20), never patrolled again
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (120, '331024002', 'S已停业诊所', '2020-01-05');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (120, '2020-01-10', true, '劝导停业');
UPDATE site SET status = '已停业', closed_on = '2020-01-20' WHERE id = 120;
-- X-cross 淡竹乡 203: persuaded 06-05 (W1), found operating 08-10 (W2), nothing done
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (130, '331024203', 'X跨期诊所', '2020-06-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (130, '2020-06-05', true, '劝导停业'), (130, '2020-08-10', true, NULL);
-- boundary 皤滩乡 204: persuasion fails at f = 03-10 and the application is dated f itself
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (140, '331024204', 'F当日申请', '2020-02-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (140, '2020-02-01', true, '劝导停业'), (140, '2020-03-10', true, NULL);
INSERT INTO joint_application (township_code, period, applied_on) VALUES ('331024204', '[2020-02-01,2020-03-10)', '2020-03-10');
-- boundary 上张乡 205: f = 03-10, applications only on 03-09 (before f) and 07-01 (= e, outside W1)
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (150, '331024205', 'F前后申请', '2020-02-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (150, '2020-02-01', true, '责令限期整改'), (150, '2020-03-10', true, NULL);
INSERT INTO joint_application (township_code, period, applied_on) VALUES
  ('331024205', '[2020-02-01,2020-03-09)', '2020-03-09'), ('331024205', '[2020-06-01,2020-07-01)', '2020-07-01');
-- boundary 步路乡 206: closed 06-15 (no whole month of W1 after it); W2 patrols 07-01, 08-31, 09-15, 11-30 — October missing
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (160, '331024206', 'W边界诊所', '2020-05-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (160, '2020-05-01', true, '劝导停业');
UPDATE site SET status = '自行歇业', closed_on = '2020-06-15' WHERE id = 160;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome)
SELECT 160, d::date, false, '未发现执业' FROM unnest(ARRAY['2020-06-30','2020-07-01','2020-08-31','2020-09-15','2020-11-30']) d;
-- boundary 广度乡 207: operating 06-30 (last day of W1), first handled 07-02 (W2)
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (170, '331024207', 'E边界诊所', '2020-06-30');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (170, '2020-07-02', true, '责令限期整改'), (170, '2020-06-30', true, NULL);
-- boundary 大战乡 209: banned by the township on 07-01 (= first day of W2, a month starting on c); no later patrol
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (180, '331024209', 'C月初取缔', '2020-07-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (180, '2020-07-01', true, '已取缔');
-- flags across windows 双庙乡 210: never persuaded (2.3a in both windows), 1.1 and 2.6 recorded in both windows
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (190, '331024210', 'T两期诊所', '2020-03-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (190, '2020-03-01', true, NULL), (190, '2020-08-01', true, NULL);
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence) VALUES
  ('331024210', 1, '1.1', 1, '未发文'), ('331024210', 2, '1.1', 1, '仍未发文'),
  ('331024210', 1, '2.6', 1, '暗访发现1家'), ('331024210', 2, '2.6', 1, '暗访发现1家');

-- == site status: the batch-inserted ban is kept (A4 = A4′), 已停业 is a closed spell
SELECT site_id, status, valid FROM site_status_history WHERE site_id IN (104, 121, 120, 108, 180) ORDER BY site_id, lower(valid);
-- 104: 在营 [01-06,03-16) | 已取缔 [03-16,) · 108: 在营 [04-01,04-25) | 已取缔 [04-25,) · 120: 在营 [01-05,01-20) | 已停业 [01-20,)
-- 121: as 104 · 180: 已取缔 [07-01,)

-- == per scenario, W1 then W2 (only deducting rows)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024101', 1) WHERE deduction > 0;  -- A1: 2.3b 1 1 A1诊所（2020-04-10 劝导无果）; no 2.3a (persuaded)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024203', 1) WHERE deduction > 0;  -- X-cross W1: none (persuaded 06-05)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024203', 2) WHERE deduction > 0;  -- X-cross W2: 2.3b 1 1 (08-10 劝导无果), no 2.3a: as A1
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024102', 1) WHERE deduction > 0;  -- A2 W1: 2.4 1 1 (2020-05)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024102', 2) WHERE deduction > 0;  -- A2 W2: none
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024103', 1) WHERE deduction > 0;  -- A3 W1: none (March starts before c = 03-16)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024103', 2) WHERE deduction > 0;  -- A3 W2: 2.4 5 1 (2020-07 … 2020-11)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024106', 1) WHERE deduction > 0;  -- A5: 2.4 1 1 (2020-04: starts ON c = 04-01)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024104', 1) WHERE deduction > 0;  -- A4 W1: none (banned itself at f = 03-16; Apr–Jun patrolled)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024104', 2) WHERE deduction > 0;  -- A4 W2: 2.4 5 1 (Jul–Nov)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024003', 1) WHERE deduction > 0;  -- A4′ W1: none
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024003', 2) WHERE deduction > 0;  -- A4′ W2: 2.4 5 1
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024002', 1) WHERE deduction > 0;  -- S已停业: 2.4 5 1 (Feb–Jun)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024107', 1) WHERE deduction > 0;  -- A7: 2.3b 1 1 (03-05); no 2.3a (拒不整改 = handled)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024200', 1) WHERE deduction > 0;  -- A8 W1: 2.3c 1 2 (04-25, applied 04-15)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024200', 2) WHERE deduction > 0;  -- A8 W2: 2.4 5 1 (banned 04-25, Jul–Nov unpatrolled)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024105', 1) WHERE deduction > 0 OR source = '人工';  -- A6: 2.2a 0 0 人工; 2.5 2 6; 2.6 3 3 → 9
SELECT rule_code, occurrences, deduction FROM assessment('331024201', 1) WHERE deduction > 0;            -- A9: 2.2a 1 2, 2.2b 1 1 → 3
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024202', 1) WHERE deduction > 0;  -- A10: 2.2b 1 1 (07-16 > 07-15)
SELECT rule_code, occurrences, deduction FROM assessment('331024202', 2) WHERE deduction > 0;            -- A10 W2: none (11-30 on the due day)
SELECT rule_code, occurrences, deduction FROM assessment('331024204', 1) WHERE deduction > 0;            -- f = applied_on: none
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024205', 1) WHERE deduction > 0;  -- 2.3b 1 1 (03-10): 03-09 < f, 07-01 = e
SELECT rule_code, occurrences, deduction FROM assessment('331024206', 1) WHERE deduction > 0;            -- W1: none (June starts before c = 06-15)
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024206', 2) WHERE deduction > 0;  -- W2: 2.4 1 1 (2020-10); 07-01 and 11-30 count
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024207', 1) WHERE deduction > 0;  -- W1: 2.3a 1 2 (06-30; handled only on 07-02 = after e)
SELECT rule_code, occurrences, deduction FROM assessment('331024207', 2) WHERE deduction > 0;            -- W2: none
SELECT rule_code, occurrences, deduction, evidence FROM assessment('331024209', 2) WHERE deduction > 0;  -- W2: 2.4 4 1 (Aug–Nov; July has the 07-01 ban patrol)
SELECT rule_code, occurrences, deduction FROM assessment('331024210', 1) WHERE deduction > 0;            -- 1.1 1 1, 2.3a 1 2, 2.6 1 1 → 4
SELECT rule_code, occurrences, deduction FROM assessment('331024210', 2) WHERE deduction > 0;            -- the same → 4

-- == summaries per window
SELECT township_code, township, deduction, rank FROM assessment_summary('331024', 1);
-- 0 ×8 (001 003 103 104 203 204 206 209) rank 1 · 1 ×7 (002 101 102 106 107 202 205) rank 9 · 2 (200 207) rank 16 · 3 (201) 18 · 4 (210) 19 · 9 (105) 20
SELECT township_code, township, deduction, rank FROM assessment_summary('331024', 2);
-- 0 ×9 (001 101 102 105 107 202 204 205 207) rank 1 · 1 ×9 (002 003 103 104 106 200 203 206 209) rank 10 · 3 (201) 19 · 4 (210) 20

-- == the campaign total: flags once per campaign, per-occurrence summed
SELECT township_code, township, deduction, rank FROM assessment_total('331024', 1);
-- 0 (001 204) rank 1 · 1 ×13 (002 003 101 102 103 104 106 107 202 203 205 206 209) rank 3 · 2 (207) 16 · 3 (200: 2.3c 2 + 2.4 1; 201: 2.2a 2 + 2.2b 1) 17
-- · 5 (210: 2.3a 2 once + 1.1 1 once + 2.6 1×2) 19 · 9 (105: 2.5 3×2 + 2.6 1×3) 20
SELECT t.township_code, t.deduction AS total, s1.deduction + s2.deduction AS windows_summed
  FROM assessment_total('331024', 1) t
  JOIN assessment_summary('331024', 1) s1 USING (township_code) JOIN assessment_summary('331024', 2) s2 USING (township_code)
 WHERE t.deduction <> s1.deduction + s2.deduction ORDER BY 1;
-- 002 1 2 · 106 1 2 · 201 3 6 · 210 5 8 (flag clauses not deducted twice)
SELECT township_code, rule_code, occurrences, deduction, source FROM assessment_total_detail('331024210', 1) WHERE deduction > 0;
-- 1.1 2 1 人工 · 2.3a 2 2 自动 · 2.6 2 2 人工
SELECT township_code, township, deduction, rank FROM assessment_total('331024205', 1);   -- a township alone: 1, rank 1

-- == the 考核结果 as a document (CSV for a window and for the campaign; HTML)
SELECT assessment_summary_csv('331024207', 1, bom => false);
-- 名次,乡镇（街道）,扣分合计,条款,条款内容,次数,扣分,依据 / 1,广度乡,2,2.3a,发现非法行医窝点，未劝导停业,1,2,E边界诊所（2020-06-30 发现执业）
SELECT assessment_total_csv('331024210', 1, bom => false);
-- the three deducting clauses of 双庙乡, total 5, evidence naming each window
SELECT left(assessment_summary_csv('331024001', 1), 1) = chr(65279) AS bom_first;   -- t
SELECT assessment_summary_html('331024', 1) LIKE '%<title>仙居县乡镇（街道）打击非法行医考核结果（1–6月）</title>%' AS html_title,
       assessment_total_html('331024', 1) LIKE '%双庙乡%' AS html_total;   -- t t

-- == wrong input
SELECT try($$SELECT * FROM assessment_total('331024', 99)$$);        -- 22023 unknown campaign 99
SELECT try($$SELECT * FROM assessment_total('331099', 1)$$);         -- 22023 unknown division
SELECT try($$SELECT * FROM assessment_total(NULL, 1)$$);             -- ok: STRICT, no rows
SELECT try($$SELECT assessment_summary_csv('331024', 99)$$);         -- 22023 unknown window 99
SELECT try($$SELECT assessment_total_html('331024', 99)$$);          -- 22023 unknown campaign 99

-- == scope (spec §4): a clerk of 横溪镇 sees their own township's row, with its rank among ALL townships
SET client_min_messages = warning;
DROP ROLE IF EXISTS ip_t21a_clerk;
CREATE ROLE ip_t21a_clerk LOGIN IN ROLE illegal_practice_clerk;
RESET client_min_messages;
INSERT INTO user_scope VALUES ('ip_t21a_clerk', '331024101');
SET ROLE ip_t21a_clerk;
SELECT township_code, township, deduction, rank FROM assessment_summary('331024', 1);   -- 331024101 横溪镇 1 rank 9 (as for the county)
SELECT township_code, township, deduction, rank FROM assessment_total('331024', 1);     -- 331024101 横溪镇 1 rank 3
SELECT township_code, rule_code, deduction FROM assessment_detail('331024', 1) WHERE deduction > 0;   -- 331024101 2.3b 1 only
SELECT count(*) FROM assessment('331024102', 1);                                         -- 0: 埠头镇 is outside the scope
SELECT assessment_total_csv('331024', 1, bom => false);                                  -- header and 3,横溪镇,1,2.3b,…
RESET ROLE;
DELETE FROM user_scope WHERE role_name = 'ip_t21a_clerk';
DROP ROLE ip_t21a_clerk;
