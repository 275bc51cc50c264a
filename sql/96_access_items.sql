-- Issue 16, item by item, AS the unprivileged roles about data that exists (two provinces).
-- Reproducers: reviews/2026-12-security-reliability.md #n, 2026-12-users-ecosystem.md Fn.
-- Divisions: 浙江 330000 / 台州 331000 / 仙居 331024 (安洲街道 331024001, 横溪镇 331024101);
--            杭州 330100 / 上城区 330102 (another 安洲街道 330102001); 江苏 320000 / 南京 320100 / 徐州 320300.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
SET client_min_messages = warning;
DO $$ BEGIN
  DROP ROLE IF EXISTS ip_i_clerk_a; DROP ROLE IF EXISTS ip_i_clerk_b; DROP ROLE IF EXISTS ip_i_clerk_nj;
  DROP ROLE IF EXISTS ip_i_clerk_xz; DROP ROLE IF EXISTS ip_i_clerk_hz; DROP ROLE IF EXISTS ip_i_analyst_xj;
  DROP ROLE IF EXISTS ip_i_reader_xj; DROP ROLE IF EXISTS ip_i_admin_xj; DROP ROLE IF EXISTS ip_i_admin_nj;
  DROP ROLE IF EXISTS ip_i_admin_nat;
END $$;
CREATE ROLE ip_i_clerk_a LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_i_clerk_b LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_i_clerk_nj LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_i_clerk_xz LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_i_clerk_hz LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_i_analyst_xj LOGIN IN ROLE illegal_practice_analyst;
CREATE ROLE ip_i_reader_xj LOGIN IN ROLE illegal_practice_reader;
CREATE ROLE ip_i_admin_xj LOGIN IN ROLE illegal_practice_admin;
CREATE ROLE ip_i_admin_nj LOGIN IN ROLE illegal_practice_admin;
CREATE ROLE ip_i_admin_nat LOGIN IN ROLE illegal_practice_admin;
RESET client_min_messages;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('330100', '杭州市', '市', '330000'), ('330102', '上城区', '县', '330100'), ('330102001', '安洲街道', '乡镇', '330102'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'), ('320300', '徐州市', '市', '320000');
INSERT INTO user_scope VALUES ('ip_i_clerk_a', '331024001'), ('ip_i_clerk_b', '331024101'), ('ip_i_clerk_nj', '320100'),
  ('ip_i_clerk_xz', '320300'), ('ip_i_clerk_hz', '330102001'), ('ip_i_analyst_xj', '331024'), ('ip_i_reader_xj', '331024'),
  ('ip_i_admin_xj', '331024'), ('ip_i_admin_nj', '320100'), ('ip_i_admin_nat', '000000');
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024001', '张三丰', '浙江省仙居县安洲街道某村8号', '13812345678', '西医', '2020-06-01');          -- site 1
INSERT INTO practitioner (site_id, name, resident_id, in_charge) VALUES (1, '张三丰', '331024200506151231', true);
-- a person penalised twice in 徐州 (cases 1, 2), then a case in 南京 (case 3); 南京's unit 甲 (case 4)
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, subject_resident_id, filed_on) VALUES
  ('320300', '无证行医', '西医', '张某', '徐州某路1号', '11010519491231002X', '2019-03-01'),
  ('320300', '无证行医', '西医', '张某', '徐州某路1号', '11010519491231002X', '2019-05-01'),
  ('320100', '无证行医', '西医', '张某', '南京某路2号', '11010519491231002X', '2019-09-01');
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on) VALUES
  ('320100', '无证行医', '西医', '甲诊所', '南京某路9号', '2019-06-01');
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES
  (1, '罚款', 5000, '2019-03-10'), (2, '罚款', 8000, '2019-05-10'), (4, '罚款', 1000, '2019-06-10');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('xj', '仙居方案', '331024', '{unlicensed_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on) VALUES (1, 1, '一阶段', '[2020-01-01,2020-07-01)', '2020-07-10');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15');
INSERT INTO stage_submission (stage_id, division_code, submitted_on, summary, typical_cases) VALUES
  (1, '331024', '2020-07-05', '总结', '张三丰在某村行医被取缔');
INSERT INTO tip (division_code, received_on, real_name, reporter_name, content, finding) VALUES
  ('331024001', '2020-06-01', true, '李四', '某村有人行医', '查实：张三丰');

-- == 1. audit_log by scope (#4): an admin reads only the log of rows inside their scope
SET ROLE ip_i_admin_nj;
SELECT count(*) AS nj_sees_xianju_site FROM audit_log WHERE table_name IN ('site', 'practitioner');   -- 0
SELECT count(*) AS nj_sees_own_cases FROM audit_log WHERE table_name = 'enforcement_case';            -- 2 (cases 3, 4)
RESET ROLE;
SET ROLE ip_i_admin_xj;
SELECT table_name, division_code FROM audit_log WHERE table_name IN ('site', 'practitioner') ORDER BY id;  -- site, practitioner: 331024001 (the child follows its parent)
SELECT count(*) AS xj_sees_jiangsu FROM audit_log WHERE division_code LIKE '32%';                    -- 0
SELECT count(*) AS xj_sees_subjects FROM audit_log WHERE table_name = 'subject';                     -- 0: the registry is national
RESET ROLE;
SET ROLE ip_i_admin_nat;
SELECT count(*) AS national_sees_subjects FROM audit_log WHERE table_name = 'subject';               -- 2: the subjects 张某 and 甲诊所 (sites make none)
RESET ROLE;

-- == 14. audit volume (F14): an UPDATE that changes nothing is not logged
SET ROLE ip_i_clerk_a;
UPDATE site SET name = name, phone = phone;                                   -- UPDATE 1, but nothing changed
UPDATE site SET phone = '13812345679';                                        -- UPDATE 1, logged
RESET ROLE;
SELECT op, new ->> 'phone' AS phone FROM audit_log WHERE table_name = 'site' ORDER BY id;   -- INSERT 13812345678, UPDATE 13812345679: no no-op row

-- == 2. reference data by level (#5): national tables only for a national scope; a county edits its own rule set
SET ROLE ip_i_admin_nj;
UPDATE assessment_rule SET points = 50 WHERE rule_set = 'xianju2020' AND code = '2.2b';   -- UPDATE 0: not theirs
UPDATE practice_point_rule SET points = 99;                                               -- UPDATE 0
SELECT try($$INSERT INTO illegal_practice.calendar_exception (day, workday, name) VALUES ('2030-01-02', false, '假')$$);  -- 42501
SELECT try($$INSERT INTO illegal_practice.assessment_rule_set (rule_set, title) VALUES ('nj', '南京')$$);             -- 42501: national by default
RESET ROLE;
SET ROLE ip_i_admin_xj;
SELECT try($$INSERT INTO illegal_practice.assessment_rule_set (rule_set, title, division_code) VALUES ('xj2021', '仙居2021', '331024')$$);  -- ok
SELECT try($$INSERT INTO illegal_practice.assessment_rule (rule_set, code, clause, points, per_occurrence) VALUES ('xj2021', '1.1', '未制定文件', 1, false)$$);  -- ok
UPDATE assessment_rule SET points = 2 WHERE rule_set = 'xj2021';                          -- UPDATE 1: their own
DELETE FROM assessment_rule WHERE rule_set = 'xianju2020';                                -- DELETE 0: the shipped set is national
RESET ROLE;
SET ROLE ip_i_admin_nj;
UPDATE assessment_rule SET points = 9 WHERE rule_set = 'xj2021';                          -- UPDATE 0: 仙居's set
RESET ROLE;
SET ROLE ip_i_admin_nat;
UPDATE assessment_rule SET points = points WHERE rule_set = 'xianju2020' AND code = '2.2b';   -- UPDATE 1: national
RESET ROLE;
SELECT rule_set, code, points FROM assessment_rule WHERE code IN ('1.1', '2.2b') ORDER BY 1, 2;  -- xianju2020 1.1 1, 2.2b 1; xj2021 1.1 2

-- == 3. the subject registry is not an oracle (#6, #7)
SET ROLE ip_i_clerk_a;
SELECT try($$SELECT illegal_practice.resolve_subject(NULL, '任意', '任意', NULL, NULL, '11010519491231002X')$$);  -- 42501
SELECT try($$SELECT count(*) FROM generate_series(1, 10) i WHERE illegal_practice.subject_is_person(i) IS NOT NULL$$);  -- 42501
RESET ROLE;
SET ROLE ip_i_analyst_xj;
SELECT try($$SELECT illegal_practice.resolve_subject('个人', '分析员写入', '某地', NULL, NULL, NULL)$$);   -- 42501
RESET ROLE;
SET ROLE ip_i_clerk_xz;
-- attach a case to 南京's subject 2 (甲诊所) by id: refused; contradicting codes: refused
SELECT try($$INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_id, subject_name, filed_on) VALUES ('320300', '无证行医', 2, '甲诊所', '2019-11-01')$$);  -- 42501
SELECT try($$INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_id, subject_name, subject_resident_id, filed_on) VALUES ('320300', '无证行医', 1, '张某', '331024200506151231', '2019-11-01')$$);  -- 23514
SELECT try($$INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_id, subject_name, filed_on) VALUES ('320300', '无证行医', 999, '某', '2019-11-01')$$);  -- 23503
RESET ROLE;
-- a clerk's case matching 南京's unit by name and address does not write a code into it
SET ROLE ip_i_clerk_a;
INSERT INTO enforcement_case (division_code, category, subject_name, subject_address, subject_uscc, filed_on)
VALUES ('331024001', '无证行医', '甲诊所', '南京某路9号', '91331024MA2H3K5P3J', '2020-06-01');
RESET ROLE;
SELECT id, uscc IS NULL AS no_code_written FROM subject WHERE name = '甲诊所';                -- 2 | t
-- transfer_alerts counts earlier penalties in every division, lists only the caller's cases
SET ROLE ip_i_clerk_nj;
SELECT case_id, division_code, earlier_penalized_cases, earlier_case_ids FROM transfer_alerts;  -- 3 | 320100 | 2 | NULL (徐州's ids not shown)
RESET ROLE;
SELECT case_id, earlier_penalized_cases, earlier_case_ids FROM transfer_alerts;               -- superuser: 3 | 2 | 1,2

-- == 4. subject resolution locks per identity key, not the whole database (#10)
BEGIN;
SET LOCAL ROLE ip_i_clerk_b;
INSERT INTO enforcement_case (division_code, category, subject_name, subject_address, filed_on) VALUES ('331024101', '无证行医', '横溪某人', '横溪某地', '2020-07-01');
SELECT count(*) FILTER (WHERE objsubid = 1) AS keys_locked,                                    -- 1: the name key only
       count(*) FILTER (WHERE objsubid = 2 AND mode = 'ShareLock') AS buckets_shared             -- 1: its bucket, shared (#20)
  FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT count(*) AS global_lock FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
   AND objid = hashtext('illegal_practice.resolve_subject')::oid;                                   -- 0
ROLLBACK;

-- == 5. staging by code, for the right township only (#13, #14)
SET ROLE ip_i_clerk_a;
SELECT try($$INSERT INTO illegal_practice.patrol_register_staging (township, unit_name, patrolled_on) VALUES ('横溪镇', '别镇的诊所', '2020-07-06')$$);  -- 42501
INSERT INTO patrol_register_staging (township, unit_name, people, patrolled_on) VALUES ('安洲街道', '红队诊所乙', '孙三', '2020-07-02');
SELECT township, township_code FROM patrol_register_staging;                 -- 安洲街道 | 331024001: 仙居's, not the lowest code nationwide
RESET ROLE;
SET ROLE ip_i_clerk_hz;
SELECT count(*) AS hz_sees_xianju_staging FROM patrol_register_staging;       -- 0
DELETE FROM patrol_register_staging;                                          -- DELETE 0
INSERT INTO patrol_register_staging (township, unit_name, patrolled_on) VALUES ('安洲街道', '杭州某诊所', '2020-07-03');
SELECT township_code FROM patrol_register_staging;                            -- 330102001: their own 安洲街道
RESET ROLE;
SET ROLE ip_i_admin_xj;
INSERT INTO patrol_register_staging (township, unit_name, patrolled_on) VALUES ('安洲街道', '某诊所', '2020-07-09');  -- the county admin stages by name
SELECT count(*) AS admin_sees FROM patrol_register_staging;                   -- 2: their own row and clerk A's
RESET ROLE;
SET ROLE ip_i_clerk_b;
SELECT count(*) AS imported_for_b FROM import_patrol_register() WHERE result <> '合计';  -- 0: nobody else's rows are imported in B's name
RESET ROLE;
SET ROLE ip_i_clerk_a;
SELECT result, reason FROM import_patrol_register();                          -- 已导入 | NULL
RESET ROLE;
-- staging churn: one audit event per statement and township, with its count
SELECT op, division_code, old ->> 'rows' AS deleted, new ->> 'rows' AS staged FROM audit_log
 WHERE table_name = 'patrol_register_staging' ORDER BY id;                    -- INSERT 331024001 1; INSERT 330102001 1; INSERT 331024001 1; DELETE 331024001 1

-- == 6. snapshots are written only by tick (#15)
SET ROLE ip_i_clerk_a;
SELECT try($$INSERT INTO illegal_practice.stage_report (stage_id, form, division_code, as_of, payload) VALUES (1, 'unlicensed_summary', '331024001', '2020-10-01', '[{"fine_wan": 999}]')$$);  -- 42501
SELECT try($$SELECT * FROM illegal_practice.tick('2020-12-31')$$);            -- 42501: tick is for admins
RESET ROLE;
SET ROLE ip_i_admin_xj;
SELECT try($$INSERT INTO illegal_practice.stage_report (stage_id, form, division_code, as_of, payload) VALUES (1, 'unlicensed_summary', '331024', '2020-10-01', '[]')$$);  -- 42501
SELECT stage_id, form, division_code FROM tick('2020-12-31');                 -- 1 | unlicensed_summary | 331024, and its townships 331024001, 331024101 (a snapshot per submitter): tick writes them
SELECT try($$DELETE FROM illegal_practice.stage_report$$);                    -- 42501
RESET ROLE;

-- == 7. deadlines only inside the scope (#16): a clerk sees their own township's rows
SET ROLE ip_i_clerk_a;
SELECT DISTINCT division_code, kind FROM deadlines('2020-12-31') ORDER BY 1, 2;   -- 331024001: 举报调查, 实名举报反馈, 考核资料, 阶段总结 — no row of 横溪镇
RESET ROLE;
SELECT DISTINCT division_code, kind FROM deadlines('2020-12-31') WHERE kind = '考核资料' ORDER BY 1;  -- superuser: 331024001, 331024101

-- == 8. bad arguments are errors, not zeros (#20, F3, F4, F6)
SET ROLE ip_i_reader_xj;
SELECT try($$SELECT * FROM illegal_practice.form_unlicensed_summary('32000', '[2019-01-01,2020-01-01)')$$);    -- 22023 unknown "32000"
SELECT try($$SELECT * FROM illegal_practice.form_unlicensed_summary('320000 ', '[2019-01-01,2020-01-01)')$$);  -- 22023 (trailing blank)
SELECT try($$SELECT * FROM illegal_practice.form_unlicensed_summary(NULL, NULL)$$);                           -- 22023 <NULL>
SELECT try($$SELECT * FROM illegal_practice.form_two_illegal_summary('３２００００', '[2019-01-01,2020-01-01)')$$);  -- 22023 full-width
SELECT try($$SELECT * FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,)')$$);           -- 22023 unbounded
SELECT try($$SELECT * FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,infinity)')$$);   -- 22023 infinite bound
SELECT try($$SELECT illegal_practice.form_unlicensed_summary_csv('999999', '[2019-01-01,2020-01-01)')$$);   -- 22023: the CSV twin too
SELECT try($$SELECT * FROM illegal_practice.form_beauty_lookback('320000', NULL, '[2019-01-01,2020-01-01)')$$);  -- 22023 NULL prior
SELECT try($$SELECT * FROM illegal_practice.form_repeat_offenders('320000', '[2017-01-01,2019-01-01)', 'empty')$$);  -- 22023 empty
SELECT try($$SELECT illegal_practice.form_unlicensed_summary_html('320000', '[2019-01-01,infinity)')$$);    -- 22023 (#21)
RESET ROLE;
SET ROLE ip_i_analyst_xj;
SELECT try($$SELECT * FROM illegal_practice.assessment_summary('331024', 999)$$);     -- 22023 unknown window 999
SELECT try($$SELECT * FROM illegal_practice.assessment_summary('33102', 1)$$);       -- 22023 unknown division
SELECT try($$SELECT * FROM illegal_practice.deadlines(NULL)$$);                       -- 22023 NULL
SELECT try($$SELECT * FROM illegal_practice.deadlines('infinity')$$);                 -- 22023 infinity
RESET ROLE;
SET ROLE ip_i_admin_xj;
SELECT try($$INSERT INTO illegal_practice.assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024101', 99, '2.2a', 0)$$);  -- 23503 unknown window (was 22004)
RESET ROLE;

-- == 9. values that break the sums are refused (#9, #18)
SET ROLE ip_i_clerk_nj;
SELECT try($$INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on) VALUES (4, '罚款', 'NaN', '2019-06-01')$$);       -- 22023 NaN
SELECT try($$INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on) VALUES (4, '罚款', 'Infinity', '2019-06-01')$$);  -- 22003: numeric(14,2) holds no infinity
SELECT try($$INSERT INTO illegal_practice.case_action (case_id, kind, persons, acted_on) VALUES (4, '追责', -1, '2019-06-01')$$);             -- 23514 negative persons
SELECT try($$INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on) VALUES (4, '罚款', 10, '1900-01-01')$$);         -- 22008 before 1949
SELECT try($$INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_name, filed_on) VALUES ('320100', '无证行医', '某', '2173-10-13')$$);  -- 22008
RESET ROLE;
SET ROLE ip_i_clerk_a;
SELECT try($$INSERT INTO illegal_practice.patrol (township_code, site_id, patrolled_on, inspector, operating, outcome) VALUES ('331024001', 1, '2173-10-13', '王五', false, '未发现执业')$$);  -- 22008
SELECT parse_register_date('99999') AS serial_99999, parse_register_date('44013') AS serial_44013;   -- NULL | 2020-07-01
INSERT INTO patrol_register_staging (township, unit_name, patrolled_on) VALUES ('安洲街道', '红队诊所甲', '99999');
SELECT result, reason FROM import_patrol_register();                          -- 有误 | 巡查日期有误“99999”…
RESET ROLE;

-- == 10. tick's date guard cannot be moved by a session (#17)
SELECT left(try($$SET illegal_practice.timezone = '<+167>-167'$$), 5) AS posix_zone;      -- 22023: refused at SET
SET illegal_practice.timezone = 'Pacific/Kiritimati';                                      -- a real zone, UTC+14
SELECT left(try($$SELECT * FROM illegal_practice.tick((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)$$), 5) AS ahead_of_beijing;  -- 22023
RESET illegal_practice.timezone;

-- == 11. CSV formula injection (#8): one implementation, csv_field
SELECT csv_field(v) FROM (VALUES ('=1+1'), ('+cmd'), ('-2+3'), ('@SUM(1)'), (E'\t=1'), (E'\r=1'), ('-2'), ('+3.5'), ('a=b'), ('=a,b')) t(v);
-- '=1+1 | '+cmd | '-2+3 | '@SUM(1) | '<TAB>=1 | "'<CR>=1" | -2 | +3.5 | a=b | "'=a,b"
SELECT csv_line('-张**', '=HYPERLINK("x")', '13');                              -- '-张**,"'=HYPERLINK(""x"")",13

-- == 12. masking as documented (#19): site names as names, free text hidden for analysts
SET ROLE ip_i_analyst_xj;
SELECT name, phone, address FROM site_masked;                                  -- 张** | 138****5679 | 浙江省仙居县********; 红**** (the imported 红队诊所乙)
SELECT try($$SELECT * FROM illegal_practice.stage_submission$$);               -- 42501: free text behind the masked view
SELECT summary, typical_cases FROM stage_submission_masked;                    -- 总结 | NULL
SELECT content, finding, reporter_name FROM tip_masked;                        -- NULL | NULL | 李*
SELECT unit_name, people FROM form_patrol_register('331024', '[2020-07-01,2020-08-01)');   -- 红**** | 孙*
RESET ROLE;

-- == 13. locks (#23): a user role's UPDATE privilege no longer lets it lock a table against everyone
SET ROLE ip_i_clerk_a;
BEGIN;
SELECT try($$LOCK TABLE illegal_practice.enforcement_case IN ACCESS EXCLUSIVE MODE$$);   -- 42501: lock table "enforcement_case" in ACCESS EXCLUSIVE mode
SELECT try($$LOCK TABLE illegal_practice.site IN SHARE MODE$$);                           -- 42501
SELECT try($$LOCK TABLE illegal_practice.site IN ROW EXCLUSIVE MODE$$);                   -- ok: the lock its own writes take
ROLLBACK;
RESET ROLE;
SET ROLE ip_i_admin_xj;
BEGIN;
SELECT try($$LOCK TABLE illegal_practice.patrol IN EXCLUSIVE MODE$$);                     -- 42501: admins too
ROLLBACK;
RESET ROLE;
BEGIN;
LOCK TABLE illegal_practice.enforcement_case IN ACCESS EXCLUSIVE MODE;                    -- the owner (superuser) may
ROLLBACK;

-- == 15. serializable writers (#11): a REPEATABLE READ writer does not rewrite the shared roll-ups at
-- commit (it would fail with 40001 against every other writer of the province); its pending cells
-- commit with it, the forms scan meanwhile (exact), the next READ COMMITTED writer folds them in
SET ROLE ip_i_clerk_nj;
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, filed_on) VALUES ('320100', '无证行医', '口腔', '乙牙科', '2019-07-01');
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) SELECT max(id), '罚款', 2000, '2019-07-05' FROM enforcement_case WHERE subject_name = '乙牙科';
COMMIT;
RESET ROLE;
SELECT tally_cells_usable() AS usable, (SELECT count(*) > 0 FROM tally_cell_dirty) AS pending;        -- f | t: forms scan
SELECT fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') WHERE institution_type = '口腔';  -- 1 | 0.2000 (scanned, exact)
SET ROLE ip_i_clerk_xz;
INSERT INTO enforcement_case (division_code, category, subject_name, filed_on) VALUES ('320300', '无证行医', '丙', '2019-08-01');  -- a READ COMMITTED writer
RESET ROLE;
SELECT tally_cells_usable() AS usable, (SELECT count(*) FROM tally_cell_dirty) AS pending, (SELECT count(*) FROM tally_cell_txn) AS txns;  -- t | 0 | 0
SELECT fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') WHERE institution_type = '口腔';  -- 1 | 0.2000 (from the roll-ups)
