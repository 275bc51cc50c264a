-- deadlines() kinds that read patrol work (考核资料, 每月巡查) and a tick() snapshot of the real 附件1.
-- Expected values computed by hand from spec §6 and 2.4.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'),
  ('331024101', '横溪镇', '乡镇', '331024');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('仙打非办〔2020〕1号', '仙居县工作方案', '331024', '{patrol_register}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5);
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES
  (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (1, '7–11月', '[2020-07-01,2020-12-01)', '2020-11-30');
INSERT INTO site (township_code, name, status, found_on, closed_on) VALUES
  ('331024001', '示例诊所甲', '已取缔', '2020-05-10', '2020-07-15'),     -- closed 07-15: Aug, Sep, Oct … owed
  ('331024101', '示例诊所乙', '自行歇业', '2020-06-01', '2020-08-01'),   -- closed 08-01: August starts on c — owed (spec v3) — Aug, Sep … owed
  ('331024101', '示例诊所丙', '在营', '2020-06-01', NULL);              -- open: nothing owed
SELECT site_id, status, valid FROM site_status_history ORDER BY site_id, lower(valid);
INSERT INTO patrol (township_code, site_id, patrolled_on, operating, outcome) VALUES
  ('331024001', 1, '2020-08-20', false, '未发现执业'),
  ('331024001', 1, '2020-10-20', false, '未发现执业'),
  ('331024101', 2, '2020-09-05', false, '未发现执业'),
  ('331024101', 3, '2020-09-07', true, '责令限期整改');
INSERT INTO register_submission (township_code, window_id, submitted_on) VALUES
  ('331024001', 1, '2020-07-10'), ('331024101', 1, '2020-07-20');

-- == deadlines on 2020-10-12
SELECT * FROM deadlines('2020-10-12') WHERE kind IN ('考核资料', '每月巡查');
-- 考核资料 1–6月 due 07-15: 331024001 done 07-10 已完成; 331024101 done 07-20 逾期完成
-- 每月巡查 #1 2020-08 due 08-31 done 08-20 已完成; #2 2020-08 due 08-31 none 已逾期 (v3: the month starting on c); #1 2020-09 due 09-30 none 已逾期; #2 2020-09 done 09-05 已完成
-- 每月巡查 #1 2020-10 (patrol 10-20 is after as_of) and #2 2020-10: due 10-31 > add_workdays(10-12, 3) = 10-15: 未到期
-- 考核资料 7–11月 due 11-30: 未到期 for both

-- == deadlines on 2020-11-26 (Thu; add_workdays(11-26, 3) = 12-01)
SELECT * FROM deadlines('2020-11-26') WHERE kind IN ('考核资料', '每月巡查') AND due_on >= '2020-10-01';
-- #1 2020-10 done 10-20 已完成; #2 2020-10 none 已逾期; #1, #2 2020-11 due 11-30 <= 12-01 即将到期; 考核资料 7–11月 即将到期

-- == a site that reopened: months owed only while it stayed closed throughout
UPDATE site SET status = '在营' WHERE id = 2;
SELECT reference, due_on, status FROM deadlines(today()) WHERE kind = '每月巡查' AND division_code = '331024101' ORDER BY due_on LIMIT 3;
-- #2 closed from 08-01 until today (the reopening is dated today): 2020-08 已逾期 (v3), 2020-09 已完成, 2020-10 已逾期

-- == tick snapshots the real 附件1: one row per patrol with a site in [2020-06-01,2020-10-01)
SELECT stage_id, form, division_code, rows FROM tick('2020-10-01');   -- 1 patrol_register 331024 3 (08-20, 09-05, 09-07); per submitter (v3): 331024001 1, 331024101 2
SELECT jsonb_array_length(payload) AS n, payload -> 0 ->> 'unit_name' AS first_unit, payload -> -1 ->> 'unit_name' AS last_unit
  FROM stage_report ORDER BY division_code;   -- 331024: 3, ordered by township code, date, id: 示例诊所甲 (331024001) … 示例诊所丙 (331024101, 09-07); 331024001: 1 甲; 331024101: 2 乙 … 丙
