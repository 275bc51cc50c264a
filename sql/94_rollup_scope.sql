-- Pre-aggregated 附表1 honours the caller's scope, and the cells never depend on who writes
-- (issue: the whole-month path once read any division's roll-ups for any caller). Everything is
-- asked AS the unprivileged roles, about data that exists, in two provinces. Expected values are
-- computed by hand from the cases below (附表1 合计: 行政处罚单位数, 罚款户次, 罚款金额（万元）):
--   c1 320100 南京 2019-05-01 罚款 20000   c2 320200 无锡 2019-06-01 罚款 10000
--   c3 331024 仙居 2019-07-01 罚款  5000   (each case its own subject)
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
SET client_min_messages = warning;
DO $$ BEGIN
  DROP ROLE IF EXISTS ip_r_reader_xj; DROP ROLE IF EXISTS ip_r_analyst_nj; DROP ROLE IF EXISTS ip_r_admin_xj;
  DROP ROLE IF EXISTS ip_r_clerk_nj; DROP ROLE IF EXISTS ip_r_noscope; DROP ROLE IF EXISTS ip_r_analyst_two;
END $$;
CREATE ROLE ip_r_reader_xj LOGIN IN ROLE illegal_practice_reader;
CREATE ROLE ip_r_analyst_nj LOGIN IN ROLE illegal_practice_analyst;
CREATE ROLE ip_r_analyst_two LOGIN IN ROLE illegal_practice_analyst;
CREATE ROLE ip_r_admin_xj LOGIN IN ROLE illegal_practice_admin;
CREATE ROLE ip_r_clerk_nj LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_r_noscope LOGIN IN ROLE illegal_practice_reader;
RESET client_min_messages;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'),
  ('320200', '无锡市', '市', '320000');
INSERT INTO user_scope VALUES ('ip_r_reader_xj', '331024'), ('ip_r_analyst_nj', '320100'), ('ip_r_admin_xj', '331024'),
  ('ip_r_clerk_nj', '320100'), ('ip_r_analyst_two', '320100'), ('ip_r_analyst_two', '320000');
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on) VALUES
  ('320100', '无证行医', '西医', '钱一', '南京某路1号', '2019-05-01'),
  ('320200', '无证行医', '西医', '孙二', '无锡某路2号', '2019-06-01'),
  ('331024', '无证行医', '西医', '李三', '仙居某路3号', '2019-07-01');
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES
  (1, '罚款', 20000, '2019-05-10'), (2, '罚款', 10000, '2019-06-10'), (3, '罚款', 5000, '2019-07-10');
SELECT tally_cells_usable() AS preaggregated;                                  -- t: the whole-month path is taken
CREATE FUNCTION regress.total(code text, period daterange) RETURNS text LANGUAGE sql AS $$
  SELECT concat_ws(' / ', penalized_units, fine_count, fine_wan) FROM illegal_practice.form_unlicensed_summary(code, period)
   WHERE institution_type = '合计' $$;
GRANT EXECUTE ON FUNCTION regress.total(text, daterange) TO PUBLIC;

-- == the superuser: everything
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 2 / 2 / 3.0000
SELECT total('330000', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 0.5000

-- == a reader of 仙居县 asking 江苏省: nothing, on the pre-aggregated and on the scanned path
SET ROLE ip_r_reader_xj;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 0 / 0 / 0.0000 (whole year: roll-ups)
SELECT total('320100', '[2019-05-01,2019-06-01)');                             -- 0 / 0 / 0.0000 (whole month)
SELECT total('320100', '[2019-05-01,2019-05-31)');                             -- 0 / 0 / 0.0000 (partial: scan)
SELECT total('331024', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 0.5000: their own county
SELECT total('330000', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 0.5000: the province, as far as they see
SELECT try($$SELECT count(*) FROM tally_rollup$$);                             -- 42501: the roll-ups are not theirs to read
RESET ROLE;

-- == an analyst of 南京市 asking 江苏省: 南京's figures, whole months or not
SET ROLE ip_r_analyst_nj;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 2.0000
SELECT total('320000', '[2019-01-01,2019-12-31)');                             -- 1 / 1 / 2.0000 (whole months + scanned edge)
SELECT total('320100', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 2.0000 (the city itself)
SELECT scope_within('320000') AS within_province, scope_within('320100') AS city, scope_within('331024') AS elsewhere;  -- {320100} {320100} {}
RESET ROLE;
-- overlapping scopes (320100 and 320000) count each case once
SET ROLE ip_r_analyst_two;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 2 / 2 / 3.0000
RESET ROLE;
-- a role with no user_scope row sees nothing at all
SET ROLE ip_r_noscope;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 0 / 0 / 0.0000
RESET ROLE;
-- the same answers with pre-aggregation off (the scan under row-level security)
SELECT preaggregate(false) IS NOT NULL AS off;
SET ROLE ip_r_analyst_nj;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 1 / 1 / 2.0000
RESET ROLE;
SET ROLE ip_r_reader_xj;
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 0 / 0 / 0.0000
RESET ROLE;

-- == scenario 1: a county admin switches pre-aggregation on and rebuilds: other provinces' cells stay
SET ROLE ip_r_admin_xj;
SELECT preaggregate(true) IS NOT NULL AS on_again;                             -- t
SELECT tally_cells_rebuild() AS cells;                                         -- 3: one cell per case (division, month)
RESET ROLE;
SELECT tally_cells_usable() AS preaggregated;                                  -- t
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 2 / 2 / 3.0000: 南京 and 无锡 kept
SELECT division_code, count(*) FROM tally_rollup WHERE whole_year GROUP BY 1 ORDER BY 1;  -- 320000 1, 320100 1, 320200 1, 330000 1, 331000 1, 331024 1

-- == scenario 2: a clerk's scope is revoked during their transaction: their case still counts at commit
BEGIN;
SET ROLE ip_r_clerk_nj;
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on)
VALUES ('320100', '无证行医', '西医', '周四', '南京某路4号', '2019-08-01');
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) SELECT max(id), '罚款', 10000, '2019-08-02' FROM enforcement_case;
RESET ROLE;
DELETE FROM user_scope WHERE role_name = 'ip_r_clerk_nj';
COMMIT;
SELECT tally_cells_usable() AS preaggregated;                                  -- t
SELECT total('320000', '[2019-01-01,2020-01-01)');                             -- 3 / 3 / 4.0000: 钱一, 孙二, 周四
SELECT total('320100', '[2019-08-01,2019-09-01)');                             -- 1 / 1 / 1.0000
-- every cell and roll-up equals a recompute from the cases
SELECT count(*) AS cells_differing FROM (
  SELECT division_code, month, category, institution_type, state::text FROM tally_cell
  EXCEPT
  SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
         tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable, f.entered_in_system, f.rectified)::text
    FROM case_facts f GROUP BY 1, 2, 3, 4) x;                                  -- 0
-- (scenario 3, switching on while a writer that began with it off is still open, needs two
-- sessions: test/65_preagg_switch.sh)

RESET ROLE;
SET client_min_messages = warning;
DROP OWNED BY ip_r_reader_xj, ip_r_analyst_nj, ip_r_admin_xj, ip_r_clerk_nj, ip_r_noscope, ip_r_analyst_two;
DROP ROLE ip_r_reader_xj, ip_r_analyst_nj, ip_r_admin_xj, ip_r_clerk_nj, ip_r_noscope, ip_r_analyst_two;
