-- Pre-aggregation (issue 8): the cells give exactly the scan's 附表1, stay exact through inserts,
-- updates that move a case to another month, deletes, and the on/off switch.
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'), ('320200', '无锡市', '市', '320000');
-- 1 南京 西医 A 03-05: 罚款 10000, 没收 5000 · 2 南京 西医 A 04-10: 罚款 20000 · 3 无锡 中医 A 04-20: 警告
-- 4 无锡 口腔 B filed 05-31 decided 06-02: 取缔 · 5 南京 其他 C 06-15: no action, entered
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, subject_uscc,
                              filed_on, decided_on, entered_in_system) VALUES
  ('320100', '无证行医', '西医', '甲诊所', '南京市甲路1号', '91331024MA2H3K5P3J', '2019-03-05', NULL, false),
  ('320100', '无证行医', '西医', '甲诊所', '南京市甲路1号', '91331024MA2H3K5P3J', '2019-04-10', NULL, false),
  ('320200', '无证行医', '中医', '甲诊所（无锡）', '无锡市甲路9号', '91331024MA2H3K5P3J', '2019-04-20', NULL, false),
  ('320200', '无证行医', '口腔', '乙牙科', '无锡市乙路2号', NULL, '2019-05-31', '2019-06-02', false),
  ('320100', '无证行医', '其他', '丙推拿', '南京市丙路3号', NULL, '2019-06-15', NULL, true);
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES
  (1, '罚款', 10000, '2019-03-10'), (1, '没收违法所得', 5000, '2019-03-10'),
  (2, '罚款', 20000, '2019-04-12'), (3, '警告', NULL, '2019-04-21'), (4, '取缔', NULL, '2019-06-02');

-- == the cells the triggers wrote (one per division × month × category × type)
SELECT division_code, month, institution_type, tally_cases(state) AS cases, tally_subjects(state, penalty_mask()) AS penalized
  FROM tally_cell ORDER BY 1, 2, 3;
SELECT is_whole_months('[2019-03-01,2019-07-01)') AS whole, is_whole_months('[2019-03-01,2019-06-15)') AS part,
       is_whole_months('[2019-03-02,2019-07-01)') AS late_start, is_whole_months(NULL) AS null_period;

-- == whole months → cells. 西医 1 unit (A), 没收 1/0.5000, 罚款 2/3.0000; 中医 1 (A); 口腔 1 (B), 取缔 1;
-- 其他 0 units, 录入 1; 合计 units 2 (A once, B), 没收 1/0.5000, 罚款 2/3.0000, 取缔 1, 录入 1
SELECT * FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)');
-- == a partial period → scan: case 4 (06-02) and case 5 (06-15) fall outside; 合计 units 1 (A)
SELECT institution_type, penalized_units, fine_count, fine_wan, ban_count, cases_entered
  FROM form_unlicensed_summary('320000', '[2019-03-01,2019-06-01)') WHERE institution_type IN ('西医', '口腔', '合计');
-- == the same whole-month form with the cells switched off (scan) is identical
CREATE TEMP TABLE via_cells AS SELECT * FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)');
SELECT preaggregate(false);
SELECT tally_cells_usable();
CREATE TEMP TABLE via_scan AS SELECT * FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)');
SELECT (SELECT count(*) FROM (TABLE via_cells EXCEPT TABLE via_scan) a) + (SELECT count(*) FROM (TABLE via_scan EXCEPT TABLE via_cells) b) AS differing_rows;
-- writes while switched off are not lost: switching on rebuilds
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES (5, '罚款', 3000, '2019-06-20');
SELECT preaggregate(true);
SELECT fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)') WHERE institution_type = '其他'; -- 1, 0.3000

-- == updates and deletes keep the cells exact
UPDATE enforcement_case SET decided_on = NULL WHERE id = 4;                     -- moves from June to May
SELECT institution_type, penalized_units, ban_count FROM form_unlicensed_summary('320000', '[2019-05-01,2019-06-01)')
 WHERE institution_type = '口腔';                                               -- 1, 1
DELETE FROM case_action WHERE case_id = 2;                                      -- case 2 has no action now
SELECT fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)') WHERE institution_type = '西医'; -- 1, 1.0000
DELETE FROM enforcement_case WHERE id = 3;                                      -- (its action goes too)
SELECT institution_type, penalized_units FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)')
 WHERE institution_type IN ('中医', '合计');                                     -- 中医 0; 合计 3 (A via case 1, B, and C fined while the cells were off)
UPDATE case_action SET amount_yuan = 12000 WHERE case_id = 1 AND kind = '罚款';
SELECT fine_wan FROM form_unlicensed_summary('320100', '[2019-03-01,2019-04-01)') WHERE institution_type = '西医'; -- 1.2000
-- a case moved to another division takes its actions (their division_code) and its cell with it
UPDATE enforcement_case SET division_code = '320200' WHERE id = 1;
SELECT case_id, kind, division_code FROM case_action WHERE case_id = 1 ORDER BY id;     -- 罚款, 没收违法所得: 320200
SELECT fine_count FROM form_unlicensed_summary('320100', '[2019-03-01,2019-04-01)') WHERE institution_type = '西医'; -- 0
SELECT fine_count FROM form_unlicensed_summary('320200', '[2019-03-01,2019-04-01)') WHERE institution_type = '西医'; -- 1
-- every stored cell equals a recompute from the base tables
SELECT count(*) AS stale_cells FROM (
  SELECT division_code, month, category, institution_type, state::text FROM tally_cell
  EXCEPT
  SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
         tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable, f.entered_in_system, f.rectified)::text
    FROM case_facts f GROUP BY 1, 2, 3, 4) x;
SELECT count(*) AS cells, (SELECT count(DISTINCT (division_code, date_trunc('month', case_date), category, institution_type)) FROM case_facts) AS expected
  FROM tally_cell;
