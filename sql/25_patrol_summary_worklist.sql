-- 仙居 stage 汇总表 form_patrol_summary (spec v3 §3, 四(三)) and the worklist (issue 21): what is owed now.
-- Every expected value is HAND-COMPUTED from the spec text and the data below; it is written on the line.
-- Period P = 巡查复查 [2020-06-01,2020-10-01) (months wholly inside: Jun, Jul, Aug, Sep).
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('331024102', '埠头镇', '乡镇', '331024'), ('331024103', '白塔镇', '乡镇', '331024');
INSERT INTO campaign (id, code, title, division_code, forms) OVERRIDING SYSTEM VALUE
  VALUES (1, '仙打非办〔2020〕1号', '仙居县工作方案', '331024', '{patrol_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5), (1, 2, '取缔打击', '[2020-09-01,2020-12-01)', 5);
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES
  (1, '331024101', '甲诊所', '2020-05-01'), (2, '331024101', '乙诊所', '2020-06-15'), (3, '331024101', '丙诊所', '2020-06-20'),
  (5, '331024102', '戊诊所', '2020-06-01'), (6, '331024103', '己诊所', '2019-05-01'), (8, '331024103', '辛诊所', '2020-09-01');
INSERT INTO site (id, township_code, name, status, found_on, closed_on) OVERRIDING SYSTEM VALUE VALUES
  (4, '331024102', '丁诊所', '自行歇业', '2019-08-01', '2019-09-01');
INSERT INTO site (id, township_code, name, status, found_on) OVERRIDING SYSTEM VALUE VALUES
  (7, '331024103', '庚诊所', '已取得许可', '2019-03-01');
-- 横溪镇: 甲 ordered before P, persuaded, refused, banned by the township 07-20, visited in Aug not Sep;
-- 乙 found closed 06-15, operating and ordered 09-10; 丙 persuaded, refused, applied 07-10, banned by the joint action 07-25, visited in Sep
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (1, '2020-05-20', true, '责令限期整改'), (1, '2020-06-10', true, '劝导停业'), (1, '2020-07-05', true, '拒不整改'),
  (1, '2020-07-20', true, '已取缔'), (1, '2020-08-10', false, '未发现执业'),
  (2, '2020-06-15', false, '未发现执业'), (2, '2020-09-10', true, '责令限期整改'),
  (3, '2020-06-20', true, '劝导停业'), (3, '2020-07-01', true, '拒不整改'), (3, '2020-09-05', false, '未发现执业');
INSERT INTO patrol (township_code, patrolled_on, operating) VALUES ('331024101', '2020-06-02', false), ('331024101', '2020-09-01', false);
INSERT INTO joint_application (id, township_code, period, applied_on) OVERRIDING SYSTEM VALUE VALUES (1, '331024101', '[2020-06-01,2020-07-10)', '2020-07-10');
INSERT INTO joint_action (id, application_id, acted_on, township_participated) OVERRIDING SYSTEM VALUE VALUES (1, 1, '2020-07-25', true);
INSERT INTO joint_action_site VALUES (1, 3);
-- 埠头镇: 丁 closed since 2019-09-01, visited Jun and Aug; 戊 persuaded 06-01, stopped (已停业 06-10), found operating 08-20;
-- an application on 09-15 not yet acted on
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (4, '2020-06-05', false, '未发现执业'), (4, '2020-08-05', false, '未发现执业'), (5, '2020-06-01', true, '劝导停业');
UPDATE site SET status = '已停业', closed_on = '2020-06-10' WHERE id = 5;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (5, '2020-08-20', true, NULL);
INSERT INTO joint_application (id, township_code, period, applied_on) OVERRIDING SYSTEM VALUE VALUES (2, '331024102', '[2020-08-01,2020-09-15)', '2020-09-15');
-- 白塔镇: 己 historical (found 2019), never revisited; 庚 licensed; 辛 found operating 09-01, nothing done
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (8, '2020-09-01', true, NULL);

-- == 汇总表 over the stage
SELECT * FROM form_patrol_summary('331024', '[2020-06-01,2020-10-01)');
-- township_code township patrols area_sweeps sites_found sites_operating ordered persuaded refused banned_sites joint_applications joint_actions owed made
-- 331024101 横溪镇 11 2 3 3 1 2 2 2 1 1 4 2   (甲 Aug ✓ Sep ✗; 丙 Aug ✗ Sep ✓)
-- 331024102 埠头镇  4 0 2 1 0 1 0 0 1 0 5 2   (丁 Jun ✓ Jul ✗ Aug ✓ Sep ✗; 戊 Jul ✗ — reopened 08-20, so not Aug/Sep)
-- 331024103 白塔镇  1 0 1 1 0 0 0 0 0 0 0 0
-- 合计            16 2 6 5 1 3 2 2 2 1 9 4
SELECT township, patrols, refused_count, banned_sites, joint_actions, closed_site_visits_owed, closed_site_visits_made
  FROM form_patrol_summary('331024', '[2020-07-01,2020-08-01)');
-- July: 横溪镇 3 2 2 1 0 0 (甲 closed 07-20 and 丙 07-25: July not owed) · 埠头镇 0 0 0 0 2 0 (丁, 戊) · 白塔镇 0… · 合计 3 2 2 1 2 0
SELECT township_code, township, patrols, closed_site_visits_owed FROM form_patrol_summary('331024102', '[2020-06-15,2020-09-15)');
-- whole months Jul, Aug: 埠头镇 2 (08-05, 08-20; 06-01/06-05 are outside) 3 (丁 Jul, Aug; 戊 Jul) · 合计 2 3
SELECT form_patrol_summary_csv('331024', '[2020-06-01,2020-10-01)', bom => false);
-- header 乡镇代码,乡镇（街道）,巡查次数,其中辖区排查,巡查场所数,发现执业场所数,责令限期整改,劝导停业,拒不整改,取缔场所数,联合执法申请,联合行动,停业场所应巡查月次,已巡查月次,巡查完成率 then the four rows (完成率 50.0%, 40.0%, 空, 44.4%)
SELECT form_patrol_summary_html('331024', '[2020-06-01,2020-10-01)') LIKE '%仙居县乡镇（街道）打击非法行医阶段汇总表%' AS html_title;   -- t
SELECT 'patrol_summary' = ANY (known_forms()) AS known;                                              -- t
SELECT jsonb_array_length(illegal_practice_internal.form_payload('patrol_summary', '331024', '[2020-06-01,2020-10-01)'));   -- 4
-- wrong input
SELECT try($$SELECT * FROM form_patrol_summary('331099', '[2020-06-01,2020-10-01)')$$);   -- 22023 unknown division
SELECT try($$SELECT * FROM form_patrol_summary('331024', '[2020-06-01,)')$$);             -- 22023 unbounded
SELECT try($$SELECT * FROM form_patrol_summary('331024', 'empty')$$);                     -- 22023 empty

-- == the one monthly obligation (2.4) behind the form, deadlines and the worklist
SELECT site_name, status, closed_since, month, patrolled_on FROM patrol_obligations('331024102', '[2020-06-01,2020-10-01)');
-- 丁诊所 自行歇业 2019-09-01 Jun 06-05 · Jul – · Aug 08-05 · Sep – · 戊诊所 已停业 2020-06-10 Jul –
SELECT reference, due_on, done_on, status FROM deadlines('2020-09-20') WHERE kind = '每月巡查' AND division_code = '331024102' AND due_on >= '2020-06-01' ORDER BY due_on, reference;
-- #4 丁诊所 2020-06 done 06-05 已完成 · 2020-07 已逾期 · #5 戊诊所 2020-07 已逾期 · #4 2020-08 done 08-05 已完成 · #4 2020-09 due 09-30 (as_of+3 = 09-23 < 09-30) 未到期

-- == worklist
SELECT township, site_name, kind, since FROM worklist('331024', '2020-09-10');
-- 横溪镇 甲诊所 每月巡查 09-01 (no September visit yet) · 埠头镇 戊诊所 申请联合执法 08-20 (persuaded 06-01, operating again 08-20)
-- · 埠头镇 丁诊所 每月巡查 09-01 · 白塔镇 己诊所 历史窝点回访 06-01 (found 2019, not revisited in 巡查复查) · 白塔镇 辛诊所 劝导停业 09-01
SELECT township, site_name, kind, since FROM worklist('331024', '2020-09-20');
-- as above, but 埠头镇 applied on 09-15: 戊 drops out and the application waits for its joint action (联合行动, since 09-15)
SELECT township, site_name, kind, since FROM worklist('331024101', '2020-09-20');   -- 横溪镇 甲诊所 每月巡查 2020-09-01
SELECT kind, count(*) FROM worklist_today GROUP BY kind ORDER BY kind;
-- as of today (years later): 历史窝点回访 1 (己) · 劝导停业 1 (辛) · 每月巡查 3 (甲, 丙, 丁: none visited this month) · 联合行动 1 (埠头)
SELECT try($$SELECT * FROM worklist('331099', '2020-09-20')$$);   -- 22023 unknown division
SELECT count(*) FROM worklist('331024', NULL);                      -- 0 (STRICT)

-- == scope: a clerk of 横溪镇 sees their own rows only
SET client_min_messages = warning;
DROP ROLE IF EXISTS ip_t21_clerk;
CREATE ROLE ip_t21_clerk LOGIN IN ROLE illegal_practice_clerk;
RESET client_min_messages;
INSERT INTO user_scope VALUES ('ip_t21_clerk', '331024101');
SET ROLE ip_t21_clerk;
SELECT township, site_name, kind FROM worklist('331024', '2020-09-20');                                   -- 横溪镇 甲诊所 每月巡查 only
SELECT township, patrols FROM form_patrol_summary('331024', '[2020-06-01,2020-10-01)');                 -- 横溪镇 11, 埠头镇 0, 白塔镇 0 (outside the scope: zeros), 合计 11
SELECT count(*) FROM worklist_today;                                                                     -- 2 (甲, 丙 每月巡查)
RESET ROLE;
DELETE FROM user_scope WHERE role_name = 'ip_t21_clerk';
DROP ROLE ip_t21_clerk;
