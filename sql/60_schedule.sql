-- Stages, tick(), deadlines() and the pg_cron job (spec §6). Expected values computed by hand.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'),
  ('331024101', '横溪镇', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'), ('320200', '无锡市', '市', '320000');
INSERT INTO campaign (code, title, division_code, forms) VALUES
  ('仙打非办〔2020〕1号', '仙居县工作方案', '331024', '{patrol_register,unlicensed_summary}'),
  ('江苏2019', '江苏省实施方案', '320000', '{}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', NULL, 5),
  (1, 2, '取缔打击', '[2020-09-01,2020-12-01)', NULL, 5),
  (1, 3, '常态巡查', '[2020-11-01,2021-07-01)', NULL, 5),
  (2, 1, '组织发动', '[2019-04-01,2019-05-01)', NULL, NULL),
  (2, 2, '监督检查', '[2019-05-01,2019-09-01)', '2019-08-31', NULL),
  (2, 3, '省级督查和总结', '[2019-09-01,2020-01-01)', NULL, NULL),
  (2, 4, '高质量提升', '[2020-01-01,2021-01-01)', NULL, NULL);

-- == stage due dates over holidays and 调休
SELECT s.id, s.name, stage_report_due(s.id) FROM campaign_stage s WHERE s.report_due_on IS NOT NULL OR s.report_due_workdays IS NOT NULL ORDER BY s.id;
-- 1 巡查复查: last day 09-30; 10-01..10-08 国庆, 10-09 Fri (1), 10-10 Sat 调休 (2), 10-12 (3), 10-13 (4), 10-14 (5) → 2020-10-14
-- 2 取缔打击: last day 11-30 Mon; 12-01 (1) … 12-04 (4), 12-07 Mon (5) → 2020-12-07
-- 3 常态巡查: last day 2021-06-30 Wed; 07-01, 07-02, 07-05, 07-06, 07-07 → 2021-07-07
-- 5 监督检查: explicit 8月底前 → 2019-08-31

-- == today(): the date in illegal_practice.timezone (default Asia/Shanghai)
SELECT today() = (now() AT TIME ZONE 'Asia/Shanghai')::date AS default_is_beijing;   -- t
SET illegal_practice.timezone = 'America/Los_Angeles';
SELECT today() = (now() AT TIME ZONE 'America/Los_Angeles')::date AS follows_setting; -- t
RESET illegal_practice.timezone;
-- settings are GUCs of the library (docs/settings.md): SHOW, pg_settings, refused at SET, reserved prefix
SHOW illegal_practice.timezone;                                                   -- Asia/Shanghai
SELECT name, setting, vartype, min_val, max_val, context, short_desc ~ '[一-龥]' AS chinese_description
  FROM pg_settings WHERE name LIKE 'illegal\_practice.%' ORDER BY name;
SELECT try($$SET illegal_practice.timezone = 'Mars/Base'$$);                    -- 22023 at SET
SELECT try($$SET illegal_practice.timezone = ''$$);                             -- 22023
SELECT try($$SET illegal_practice.bulk_refresh_cells = 'lots'$$);               -- 22023 at SET
SELECT try($$SET illegal_practice.bulk_refresh_cells = -1$$);                   -- 22023: below 0
SELECT try($$SET illegal_practice.tip_investigation_workdays = -1$$);           -- 22023: below 0
SELECT try($$SET illegal_practice.timzone = 'Asia/Shanghai'$$);                 -- 42602: misspelt, prefix reserved
SELECT try($$SELECT illegal_practice.setting('timzone')$$);                     -- 42704
SELECT setting('timezone') AS tz, setting('bulk_refresh_cells') AS bulk;          -- Asia/Shanghai 2000
SET illegal_practice.timezone = 'Asia/Urumqi';
SELECT setting('timezone') AS tz, today() = (now() AT TIME ZONE 'Asia/Urumqi')::date AS follows;  -- Asia/Urumqi t
RESET illegal_practice.timezone;

-- == tick before, on and after the first stage's end
-- (no patrols or cases here: 附件1 has no rows, 附表1 has the five institution types then 合计)
SELECT * FROM tick('2020-09-30');   -- no stage has upper(period) <= 09-30: no rows
SELECT * FROM tick('2020-10-01');   -- stage 1 ended (upper 10-01): 附件1 0 rows, 附表1 6 rows, each for 331024 and its two townships (v3: per submitter); 江苏 stages 4,5 ended but forms {}: nothing
SELECT * FROM tick('2020-10-01');   -- twice on the same date: no rows
SELECT * FROM tick('2020-10-20');   -- after: stage 1 already done, stage 2 not ended: no rows
SELECT count(*) FROM stage_report;  -- 6 (2 forms × 3 submitters)

-- == a failing step leaves no half-written snapshot
CREATE FUNCTION regress.fail_stage3() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stage_id = 3 AND NEW.form = 'unlicensed_summary' THEN RAISE EXCEPTION 'simulated failure'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fail_stage3 BEFORE INSERT ON stage_report FOR EACH ROW EXECUTE FUNCTION regress.fail_stage3();
SELECT try($$SELECT * FROM tick('2021-07-01')$$);   -- P0001: simulated failure
SELECT count(*) FROM stage_report;                   -- still 6: stage 2 and stage 3's snapshots rolled back
DROP TRIGGER fail_stage3 ON stage_report;

-- == outage spanning two stage ends: both caught up, in order of stage end
SELECT * FROM tick('2021-07-01');   -- catching up two stages (a NOTICE each): stage 2 (ends 12-01) 附件1, 附表1; then stage 3 (ends 2021-07-01) 附件1, 附表1; each for 331024, 331024001, 331024101
SELECT * FROM tick('2021-07-01');   -- no rows
SELECT r.stage_id, r.form, r.division_code, r.as_of, jsonb_array_length(r.payload) AS n,
       r.payload -> 0 ->> 'institution_type' AS first_row, r.payload -> -1 ->> 'institution_type' AS last_row
  FROM stage_report r ORDER BY r.id;
-- per stage: patrol_register 331024, 331024001, 331024101 (0 rows each) | unlicensed_summary the same three (6 rows, 西医 … 合计)
-- 2 … 2021-07-01 0 | 2 … 6 西医 合计 | 3 … 0 | 3 … 6 西医 合计

-- == snapshots never change; wrong input
SELECT try($$UPDATE stage_report SET payload = '[]' WHERE id = 2$$);          -- 23514 snapshot
SELECT try($$SELECT tick(NULL)$$);                                            -- 22004
SELECT try($$SELECT tick(today() + 1)$$) LIKE '22023: as_of % is after today (%' AS future_rejected;  -- t
SELECT split_part(try($$INSERT INTO stage_report (stage_id, form, division_code, as_of, payload) VALUES (1, 'nope', '331024', '2020-10-01', '[]')$$), ' | ', 1);  -- 23514 form
SELECT split_part(try($$INSERT INTO stage_report (stage_id, form, division_code, as_of, payload) VALUES (2, 'patrol_register', '331024', '2020-10-01', '{}')$$), ' | ', 1);  -- 23514 array
SELECT try($$SELECT form_payload('nope', '331024', '[2020-01-01,2020-02-01)')$$);   -- 22023 unknown form
SELECT try($$SELECT form_payload('beauty_lookback', '331024', '[2020-01-01,2020-02-01)')$$);   -- 22004 needs prior

-- == stage_submission and tip constraints
INSERT INTO stage_submission (stage_id, division_code, submitted_on, summary) VALUES
  (1, '331024001', '2020-10-14', '安洲街道阶段总结'),
  (1, '331024101', '2020-10-15', '横溪镇阶段总结'),
  (5, '320100', '2019-08-30', '南京市'),
  (5, '320200', '2019-09-02', '无锡市');
SELECT try($$INSERT INTO stage_submission (stage_id, division_code, submitted_on) VALUES (1, '320100', '2020-10-10')$$);  -- 23514 outside 331024
INSERT INTO tip (division_code, received_on, channel, real_name, investigated_on, feedback_on) VALUES
  ('331024001', '2020-09-01', '电话', true,  '2020-09-10', NULL),
  ('331024101', '2020-09-28', '信件', false, NULL, NULL),
  ('331024101', '2020-10-20', '网络', true,  NULL, NULL),
  ('331024001', '2020-08-03', '来访', true,  '2020-09-01', '2020-08-20');
SELECT try($$INSERT INTO tip (division_code, received_on, investigated_on) VALUES ('331024001', '2020-09-01', '2020-08-31')$$);  -- 23514
SELECT try($$INSERT INTO tip (division_code, received_on, feedback_on) VALUES ('331024001', '2020-09-01', '2020-08-31')$$);      -- 23514

-- == deadlines on 2020-10-12 (Mon; add_workdays(10-12, 3) = 10-15), every status
SELECT * FROM deadlines('2020-10-12');
-- 阶段总结 江苏 stage 5 due 2019-08-31: 320100 done 08-30 已完成; 320200 done 09-02 逾期完成 (stages 4,6,7 have no due date)
-- 举报调查 tip 4 received 08-03, due 15 workdays → 08-24, investigated 09-01: 逾期完成
-- 实名举报反馈 tip 4 due 08-24, feedback 08-20: 已完成
-- 举报调查 tip 1 received 09-01 → due 09-22, investigated 09-10: 已完成
-- 实名举报反馈 tip 1 due 09-22, none: 已逾期
-- 阶段总结 仙居 stage 1 due 10-14: 331024001 submitted 10-14 > as_of so not done, 10-14 <= 10-15: 即将到期; 331024101 likewise 即将到期
-- 举报调查 tip 2 received 09-28 → 09-29, 09-30, 10-09, 10-10(调休), 10-12 … 10-26 (15th): 未到期; anonymous: no feedback row
-- tip 3 received 10-20 > as_of: absent
-- 阶段总结 stage 2 due 12-07 and stage 3 due 2021-07-07: 未到期 for 331024001 and 331024101
SELECT kind, reference, due_on, done_on, status FROM deadlines('2020-10-15') WHERE division_code = '331024001' AND kind = '阶段总结';
-- stage 1: submitted 10-14 <= as_of 10-15 and <= due 10-14: 已完成; stages 2, 3 未到期
SELECT status, count(*) FROM deadlines('2020-10-12') GROUP BY status ORDER BY status;

-- == deadline periods are settings
SET illegal_practice.tip_feedback_workdays = 5;
SELECT reference, due_on, status FROM deadlines('2020-10-12') WHERE kind = '实名举报反馈' ORDER BY due_on;
-- tip 4: 08-03 + 5 workdays = 08-10, feedback 08-20: 逾期完成; tip 1: 09-01 + 5 = 09-08: 已逾期
SELECT try($$SET illegal_practice.tip_feedback_workdays = 'abc'$$);   -- 22023 invalid value, refused at SET
RESET illegal_practice.tip_feedback_workdays;
SELECT tip_investigation_workdays(), tip_feedback_workdays();   -- 15 15
SELECT deadline_status('2020-10-14', NULL, '2020-10-09') AS d1,    -- add_workdays(10-09, 3) = 10-13 < 10-14: 未到期
       deadline_status('2020-10-13', NULL, '2020-10-09') AS d2,    -- 即将到期
       deadline_status('2020-10-09', NULL, '2020-10-09') AS d3,    -- due today, not done: 即将到期
       deadline_status('2020-10-08', NULL, '2020-10-09') AS d4;    -- 已逾期

-- == pg_cron: the job cannot be registered from here — on the project's cluster this database is not
-- cron.database_name, on a vanilla cluster pg_cron is not loaded: 55000 either way, with the way out in
-- the HINT (the exact messages are checked by test/60_cron.sh, which has pg_cron of its own)
SELECT left(try($$SELECT schedule_jobs()$$), 5) AS sqlstate;   -- 55000
SELECT unschedule_jobs();                 -- 0: nothing scheduled here
SELECT count(*) FROM job_history;         -- 0: robust without pg_cron in this database
