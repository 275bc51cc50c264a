-- 乡镇巡查 (spec §2): sites, status history by trigger, patrols moving site status, joint actions
-- banning sites, monthly patrol obligations, and the constraints that reject nonsense.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024');

-- == sites: status history written on insert
INSERT INTO site (township_code, name, address, found_on) VALUES
  ('331024101', '李某诊所', '横溪镇横溪村1号', '2020-06-15'),          -- id 1, 在营
  ('331024101', '王某牙科', '横溪镇下陈村2号', '2020-07-02');          -- id 2, 在营
INSERT INTO site (township_code, name, found_on, status, closed_on) VALUES
  ('331024102', '张某推拿', '2020-03-01', '自行歇业', '2020-05-10');   -- id 3, inserted already closed
INSERT INTO site (township_code, name, found_on, status) VALUES
  ('331024102', '赵某药铺', '2020-04-01', '已取缔');                   -- id 4, closed without a date: closed when found
INSERT INTO site (township_code, name, found_on) VALUES
  ('331024102', '钱某卫生室', '2020-05-01');                           -- id 5, changed by hand below
SELECT id, status, found_on, closed_on, status_since FROM site ORDER BY id;
-- 1 在营 06-15 - 06-15 | 2 在营 07-02 - 07-02 | 3 自行歇业 03-01 05-10 05-10 | 4 已取缔 04-01 04-01 04-01 | 5 在营 05-01 - 05-01
SELECT site_id, status, valid FROM site_status_history WHERE site_id IN (3, 4) ORDER BY site_id, lower(valid);
-- 3 在营 [2020-03-01,2020-05-10) | 3 自行歇业 [2020-05-10,) | 4 已取缔 [2020-04-01,)

-- == practitioners
INSERT INTO practitioner (site_id, name, resident_id, in_charge, school, major, qualification, treatment_subjects) VALUES
  (1, '李某', '331024200506151231', true, '某卫生学校', '临床医学', '乡村医生', '内科'),
  (1, '陈某', NULL, false, NULL, NULL, '护士', NULL);
SELECT name, resident_id, in_charge, qualification FROM practitioner ORDER BY id;
-- 李某 331024200506151231 t 乡村医生 | 陈某 - f 护士

-- == patrols move the site's status (site 1: ordered, persuaded, banned, found operating again)
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome) VALUES
  ('331024101', 1, '2020-06-15', '周某', true, '责令限期整改'),
  ('331024101', 1, '2020-07-10', '周某', true, '劝导停业');
SELECT status, closed_on FROM site WHERE id = 1;                        -- 在营, NULL: neither outcome changes status
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-08-05', true, '已取缔');  -- township from the site
SELECT p.township_code, s.status, s.closed_on FROM patrol p JOIN site s ON s.id = p.site_id WHERE p.patrolled_on = '2020-08-05';
-- 331024101 已取缔 2020-08-05
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-07-20', true, '拒不整改');  -- older than the latest: no change
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-09-20', false, '未发现执业'); -- closed, stays closed
SELECT status, closed_on FROM site WHERE id = 1;                        -- 已取缔 2020-08-05
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-10-12', true, '拒不整改');  -- operating again
SELECT status, closed_on, status_since FROM site WHERE id = 1;          -- 在营 NULL 2020-10-12
SELECT status, valid FROM site_status_history WHERE site_id = 1 ORDER BY lower(valid);
-- 在营 [2020-06-15,2020-08-05) | 已取缔 [2020-08-05,2020-10-12) | 在营 [2020-10-12,)
SELECT d, site_status_on(1, d::date) FROM (VALUES ('2020-06-14'), ('2020-06-15'), ('2020-08-04'), ('2020-08-05'),
  ('2020-10-11'), ('2020-10-12'), ('2021-01-01')) v(d);
-- NULL (before found), 在营, 在营, 已取缔, 已取缔, 在营, 在营

-- == area sweep: no site, found nothing
INSERT INTO patrol (township_code, patrolled_on, inspector, operating) VALUES ('331024101', '2020-07-05', '周某', false);
SELECT count(*) AS sweeps FROM patrol WHERE site_id IS NULL;            -- 1

-- == joint action bans the sites linked to it (site 2)
INSERT INTO patrol (site_id, patrolled_on, operating, outcome, joint_enforcement_needed) VALUES
  (2, '2020-07-02', true, '拒不整改', true);
INSERT INTO joint_application (township_code, period, applied_on, contact, phone) VALUES
  ('331024101', '[2020-07-01,2020-08-01)', '2020-08-03', '吴某', '0576-87000000');                 -- id 1
INSERT INTO joint_action (application_id, acted_on, township_participated) VALUES (1, '2020-08-12', true); -- id 1
INSERT INTO joint_action_site VALUES (1, 2);
SELECT status, closed_on FROM site WHERE id = 2;                        -- 已取缔 2020-08-12
SELECT status, valid FROM site_status_history WHERE site_id = 2 ORDER BY lower(valid);
-- 在营 [2020-07-02,2020-08-12) | 已取缔 [2020-08-12,)
INSERT INTO patrol (site_id, patrolled_on, operating) VALUES (2, '2020-09-03', false), (2, '2020-11-05', false);
SELECT status FROM site WHERE id = 2;                                   -- 已取缔: not operating changes nothing

-- == status changed by hand (site 5), dates corrected
UPDATE site SET found_on = '2020-04-20' WHERE id = 5;
SELECT status_since FROM site WHERE id = 5;                             -- 2020-04-20
UPDATE site SET status = '自行歇业', closed_on = '2020-08-20' WHERE id = 5;
SELECT status, valid FROM site_status_history WHERE site_id = 5 ORDER BY lower(valid);
-- 在营 [2020-04-20,2020-08-20) | 自行歇业 [2020-08-20,)
UPDATE site SET closed_on = '2020-08-25' WHERE id = 5;
SELECT status, valid FROM site_status_history WHERE site_id = 5 ORDER BY lower(valid);
-- 在营 [2020-04-20,2020-08-25) | 自行歇业 [2020-08-25,)
UPDATE site SET closed_on = '2020-08-10' WHERE id = 5;
UPDATE site SET status = '已取缔', closed_on = '2020-09-01' WHERE id = 5;
SELECT status, valid FROM site_status_history WHERE site_id = 5 ORDER BY lower(valid);
-- 在营 [2020-04-20,2020-08-10) | 自行歇业 [2020-08-10,2020-09-01) | 已取缔 [2020-09-01,)
UPDATE site SET status = '限期整改' WHERE id = 4;                      -- by hand, dated today
SELECT status, closed_on, status_since = today() AS since_today FROM site WHERE id = 4;  -- 限期整改 NULL t
SELECT count(*) AS rows, bool_and(upper(valid) = today() OR upper_inf(valid)) AS cut_today
  FROM site_status_history WHERE site_id = 4;                           -- 2 t
UPDATE site SET status = '已取缔', closed_on = '2020-04-01' WHERE id = 4;  -- back-dated correction replaces it
SELECT status, valid FROM site_status_history WHERE site_id = 4;        -- 已取缔 [2020-04-01,)

-- == history is exact: per site contiguous from found_on, no overlap, last open and current
SELECT s.id,
       bool_and(CASE WHEN x.rn = 1 THEN lower(x.valid) = s.found_on ELSE lower(x.valid) = x.prev_upper END) AS contiguous,
       bool_and(upper_inf(x.valid) = (x.rn = x.n)) AS one_open,
       bool_and(x.rn < x.n OR x.status = s.status) AS current
  FROM site s JOIN (SELECT h.*, lag(upper(h.valid)) OVER w AS prev_upper, row_number() OVER w AS rn,
                           count(*) OVER (PARTITION BY h.site_id) AS n
                      FROM site_status_history h WINDOW w AS (PARTITION BY h.site_id ORDER BY lower(h.valid))) x
    ON x.site_id = s.id
 GROUP BY s.id ORDER BY s.id;                                           -- t t t for all five

-- == monthly patrol obligations (closed 已取缔/自行歇业 before the month began, closed all month, no patrol)
INSERT INTO patrol (site_id, patrolled_on, operating) VALUES
  (3, '2020-06-08', false), (3, '2020-08-15', false), (4, '2020-05-06', false), (4, '2020-06-30', false);
SELECT m, array_agg(site_name ORDER BY township_code, site_id) FILTER (WHERE site_id IS NOT NULL) AS missed
  FROM (VALUES ('2020-05-20'), ('2020-06-01'), ('2020-07-31'), ('2020-08-01'), ('2020-09-15'), ('2020-10-01'), ('2020-11-01')) v(m)
  LEFT JOIN LATERAL monthly_patrol_obligations('331024', m::date) o ON true
 GROUP BY m ORDER BY m;
-- 05: none (3 closed 05-10: May does not start after; 4 patrolled 05-06)
-- 06: none (3 patrolled 06-08, 4 patrolled 06-30)
-- 07: 张某推拿, 赵某药铺 (no July patrols; 1 and 2 open in July)
-- 08: 赵某药铺 (3 patrolled 08-15; 1 banned 08-05, 2 on 08-12, 5 closed 08-10: August starts before)
-- 09: 张某推拿, 赵某药铺, 钱某卫生室 (1 patrolled 09-20, 2 on 09-03)
-- 10: 王某牙科, 张某推拿, 赵某药铺, 钱某卫生室 (1 reopened 10-12: not closed all October)
-- 11: 张某推拿, 赵某药铺, 钱某卫生室 (2 patrolled 11-05)
SELECT * FROM monthly_patrol_obligations('331024101', '2020-10-20');
-- 横溪镇 王某牙科 已取缔 closed since 2020-08-12, month 2020-10-01 due 2020-10-31
SELECT township, site_name, status, closed_since, month, due_on, patrolled_on
  FROM patrol_obligations('331024101', '[2020-07-01,2020-12-01)');
-- 李某诊所 已取缔 08-05 Sept (09-20) | 王某牙科 已取缔 08-12 Sept (09-03) | 王某牙科 Oct (none) | 王某牙科 Nov (11-05)
SELECT site_name, month FROM patrol_obligations('331024101', '[2020-07-15,2020-10-15)');
-- months wholly inside: Aug, Sept → 李某诊所 09-01, 王某牙科 09-01
SELECT site_name, status, closed_since, month FROM patrol_obligations('331024102', '[2020-09-01,2020-10-01)');
-- 张某推拿 自行歇业 05-10 | 赵某药铺 已取缔 04-01 | 钱某卫生室 已取缔 (status on 09-01) closed since 08-10 (自行歇业 then 已取缔 is one closure)
SELECT try($$SELECT * FROM patrol_obligations('331024', '[2020-07-01,)')$$);
SELECT try($$SELECT * FROM monthly_patrol_obligations('339999', '2020-07-01')$$);

-- == register submissions
INSERT INTO campaign (code, title, division_code) VALUES ('仙打非办〔2020〕1号', '方案', '331024');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15');
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
VALUES ('331024101', 1, '吴某', '2020-07-10', '0576-87000000', '郑某', true, '2020-07-14');
SELECT township_code, window_id, sealed, submitted_on FROM register_submission;  -- 331024101 1 t 2020-07-14

-- == wrong input: townships
SELECT try($$INSERT INTO site (township_code, name, found_on) VALUES ('331024', '县级', '2020-07-01')$$);
SELECT try($$INSERT INTO site (township_code, name, found_on) VALUES ('331024999', '无此乡镇', '2020-07-01')$$);
SELECT try($$INSERT INTO patrol (township_code, patrolled_on) VALUES ('331000', '2020-07-01')$$);
SELECT try($$INSERT INTO joint_application (township_code, period, applied_on) VALUES ('330000', '[2020-07-01,2020-08-01)', '2020-08-03')$$);
SELECT try($$INSERT INTO register_submission (township_code, window_id, submitted_on) VALUES ('331024', 1, '2020-07-14')$$);
-- == wrong input: sites
SELECT try($$INSERT INTO site (township_code, name, found_on, closed_on) VALUES ('331024101', '未停业', '2020-07-01', '2020-07-09')$$);
SELECT try($$INSERT INTO site (township_code, name, found_on, status, closed_on) VALUES ('331024101', '先关后现', '2020-07-01', '已取缔', '2020-06-30')$$);
SELECT try($$INSERT INTO site (township_code, name, found_on) VALUES ('331024101', '  ', '2020-07-01')$$);
SELECT try($$UPDATE site SET found_on = '2020-07-01' WHERE id = 1$$);        -- patrolled 2020-06-15
SELECT try($$UPDATE site SET closed_on = '2020-09-01' WHERE id = 1$$);       -- 在营 has no closed_on
SELECT try($$UPDATE site SET township_code = '331024102' WHERE id = 1$$);    -- its patrols are 横溪镇's
-- == wrong input: patrols
SELECT try($$INSERT INTO patrol (site_id, patrolled_on) VALUES (1, '2020-06-14')$$);             -- before found 06-15
SELECT try($$INSERT INTO patrol (township_code, site_id, patrolled_on) VALUES ('331024102', 1, '2020-07-01')$$);
SELECT try($$INSERT INTO patrol (township_code, patrolled_on, operating) VALUES ('331024101', '2020-07-01', true)$$);
SELECT try($$INSERT INTO patrol (township_code, patrolled_on, outcome) VALUES ('331024101', '2020-07-01', '已取缔')$$);
SELECT try($$INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-07-01', true, '未发现执业')$$);
SELECT try($$INSERT INTO patrol (site_id, patrolled_on) VALUES (99, '2020-07-01')$$);
-- == wrong input: practitioners
SELECT try($$INSERT INTO practitioner (site_id, name, resident_id) VALUES (1, '李某', '331024200506151231')$$);
SELECT try($$INSERT INTO practitioner (site_id, name, resident_id) VALUES (1, '错号', '331024200506151232')$$);
-- == wrong input: joint applications and actions
SELECT try($$INSERT INTO joint_application (township_code, period, sites_found, applied_on) VALUES ('331024101', '[2020-07-01,2020-08-01)', -1, '2020-08-03')$$);
SELECT try($$INSERT INTO joint_application (township_code, period, sites_found, sites_remaining, applied_on) VALUES ('331024101', '[2020-07-01,2020-08-01)', 2, 3, '2020-08-03')$$);
SELECT try($$INSERT INTO joint_application (township_code, period, applied_on) VALUES ('331024101', '[2020-07-01,)', '2020-08-03')$$);
SELECT try($$INSERT INTO joint_application (township_code, period, applied_on) VALUES ('331024101', '[2020-07-01,2020-08-01)', '2020-06-30')$$);
SELECT try($$INSERT INTO joint_action (application_id, acted_on, township_participated) VALUES (1, '2020-08-02', true)$$);
SELECT try($$INSERT INTO joint_action_site VALUES (1, 3)$$);                 -- 张某推拿 is 埠头镇's
SELECT try($$INSERT INTO register_submission (township_code, window_id, filled_on, submitted_on) VALUES ('331024101', 1, '2020-07-15', '2020-07-14')$$);
SELECT try($$INSERT INTO register_submission (township_code, window_id, submitted_on) VALUES ('331024101', 9, '2020-07-14')$$);

-- == indexes the assessment relies on
SELECT indexname FROM pg_indexes WHERE schemaname = 'illegal_practice' AND tablename = 'patrol' ORDER BY 1;
