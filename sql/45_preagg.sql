-- Pre-aggregation (issue 8): the cells give exactly the scan's 附表1, stay exact through inserts,
-- updates that move a case to another month, deletes, and the on/off switch.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
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

-- == whole months → cells. 西医 1 unit (A), 没收 1/0.5000, 罚款 2/3.0000; 中医 1 (A); 口腔 1 (B), 取缔 1;
-- 其他 0 units, 录入 1; 合计 units 2 (A once, B), 没收 1/0.5000, 罚款 2/3.0000, 取缔 1, 录入 1
SELECT * FROM form_unlicensed_summary('320000', '[2019-03-01,2019-07-01)');
-- == a partial period → scan: case 4 (06-02) and case 5 (06-15) fall outside; 合计 units 1 (A)
SELECT institution_type, penalized_units, fine_count, fine_wan, ban_count, cases_entered
  FROM form_unlicensed_summary('320000', '[2019-03-01,2019-06-01)') WHERE institution_type IN ('西医', '口腔', '合计');
-- == whole months inside a period, and the days around them
SELECT whole_months('[2019-03-02,2019-06-15)') AS inner_months, whole_months('[2019-03-01,2019-07-01)') AS whole,
       whole_months('[2019-03-02,2019-03-30)') AS none, whole_months('[2019-03-02,2019-04-15)') AS none_either,
       whole_months('(,2019-05-01)') AS unbounded;   -- [04-01,06-01) · [03-01,07-01) · empty · empty · empty
-- == a period with days around whole months → roll-ups for April–May, scans for 03-06..03-31 and 06-01..06-09:
-- case 1 (03-05) and case 5 (06-15) are outside. 西医 A: 1 unit, 罚款 1/2.0000 (case 2); 中医 A: 1 unit (case 3);
-- 口腔 B: 1 unit, 取缔 1 (case 4, decided 06-02); 其他: 0; 合计: 2 units (A, B), 罚款 1/2.0000, 取缔 1, 录入 0
SELECT institution_type, penalized_units, fine_count, fine_wan, ban_count, cases_entered
  FROM form_unlicensed_summary('320000', '[2019-03-06,2019-06-10)');
-- the roll-ups: every covering code of a case's division holds the union of the cells below it
SELECT division_ancestors('320102001') AS township, division_ancestors('320100001') AS under_city,
       division_ancestors('320100') AS city, division_ancestors('320001') AS county_under_province,
       division_ancestors('320000') AS province, division_ancestors('3201') AS malformed;
SELECT division_code, month, institution_type, tally_cases(state) AS cases, tally_subjects(state, penalty_mask()) AS penalized
  FROM tally_rollup WHERE month = '2019-04-01' AND NOT whole_year ORDER BY 1, 3;  -- 320000 西医 1/1, 中医 1/1; 320100 西医 1/1; 320200 中医 1/1
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
-- every roll-up (month and whole-year rows) equals a recompute from the base tables over the codes that cover each case, both ways
SELECT count(*) AS stale_rollups FROM (
  (SELECT division_code, month, category, institution_type, whole_year, state::text FROM tally_rollup
   EXCEPT
   SELECT a.d, date_trunc(g, f.case_date)::date, f.category, f.institution_type, g = 'year',
          tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable, f.entered_in_system, f.rectified)::text
     FROM case_facts f, unnest(division_ancestors(f.division_code)) a(d), unnest(ARRAY['month', 'year']) g GROUP BY 1, 2, 3, 4, 5)
  UNION ALL
  (SELECT a.d, date_trunc(g, f.case_date)::date, f.category, f.institution_type, g = 'year',
          tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable, f.entered_in_system, f.rectified)::text
     FROM case_facts f, unnest(division_ancestors(f.division_code)) a(d), unnest(ARRAY['month', 'year']) g GROUP BY 1, 2, 3, 4, 5
   EXCEPT
   SELECT division_code, month, category, institution_type, whole_year, state::text FROM tally_rollup)) x;

-- == inside a writing transaction the cells wait for commit; the forms scan meanwhile and see the writes
BEGIN;
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on, entered_in_system)
VALUES ('320100', '无证行医', '中医', '丁诊所', '南京市丁路4号', '2019-04-03', true);
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) SELECT max(id), '罚款', 4000, '2019-04-05' FROM enforcement_case;
SELECT tally_cells_usable() AS usable, (SELECT count(*) FROM tally_cell_dirty) > 0 AS pending;   -- f, t
SELECT penalized_units, fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-04-01,2019-05-01)')
 WHERE institution_type = '中医';                                                -- 1 (丁; case 3 deleted), 1, 0.4000
COMMIT;
SELECT tally_cells_usable() AS usable, (SELECT count(*) FROM tally_cell_dirty) AS pending, (SELECT count(*) FROM tally_cell_txn) AS txns; -- t, 0, 0
SELECT penalized_units, fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-04-01,2019-05-01)')
 WHERE institution_type = '中医';                                                -- from the roll-up now: 1, 1, 0.4000
-- a rolled-back transaction leaves no pending cell and no change
BEGIN;
DELETE FROM case_action WHERE kind = '罚款';
ROLLBACK;
SELECT fine_count FROM form_unlicensed_summary('320000', '[2019-04-01,2019-05-01)') WHERE institution_type = '中医'; -- 1
SELECT (SELECT count(*) FROM tally_cell_dirty) AS pending, (SELECT count(*) FROM tally_rollup r
        WHERE r.division_code = '320000' AND r.month = '2019-04-01' AND r.institution_type = '中医' AND NOT r.whole_year) AS province_cells; -- 0, 1

-- == a bulk statement takes the hashed path (forced here by a threshold of 0 cells): still exact
SET illegal_practice.bulk_refresh_cells = 0;
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on, entered_in_system)
SELECT CASE WHEN g % 2 = 0 THEN '320100' ELSE '320200' END, '无证行医', '口腔', '戊' || g, '无锡', DATE '2019-01-01' + g * 7, g % 3 = 0
  FROM generate_series(1, 40) g;
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on)
SELECT id, '罚款', 500, filed_on FROM enforcement_case WHERE subject_name LIKE '戊%';
DELETE FROM enforcement_case WHERE subject_name IN ('戊1', '戊2');
RESET illegal_practice.bulk_refresh_cells;
-- 38 cases left, each fined 500: 38 cases, 1.9000 万元, 38 subjects; entered: g % 3 = 0 among 3..40 = 13
SELECT fine_count, fine_wan, penalized_units, cases_entered FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)')
 WHERE institution_type = '口腔';   -- 口腔 also holds case 4 (B, 取缔, no fine; entered false): 38, 1.9000, 39, 13
SELECT (SELECT count(*) FROM (SELECT division_code, month, category, institution_type, state::text FROM tally_cell
                               EXCEPT
                               SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
                                      tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                            f.entered_in_system, f.rectified)::text
                                 FROM case_facts f GROUP BY 1, 2, 3, 4) x) AS stale_cells,
       (SELECT count(*) FROM (SELECT a.d, date_trunc(g, f.case_date)::date, f.category, f.institution_type, g = 'year',
                                      tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                            f.entered_in_system, f.rectified)::text
                                 FROM case_facts f, unnest(division_ancestors(f.division_code)) a(d), unnest(ARRAY['month', 'year']) g
                                GROUP BY 1, 2, 3, 4, 5
                               EXCEPT
                               SELECT division_code, month, category, institution_type, whole_year, state::text FROM tally_rollup) y) AS missing_rollups;  -- 0, 0

-- == a period of whole years and months: 2018-07..2018-12 from month rows, 2019 from the year row; same as the scan
CREATE TEMP TABLE mixed_cells AS SELECT * FROM form_unlicensed_summary('320000', '[2018-07-01,2020-01-01)');
SELECT count(*) AS year_rows_2019 FROM tally_rollup WHERE division_code = '320000' AND whole_year AND month = '2019-01-01';  -- 中医, 口腔, 西医, 其他 = 4
SELECT preaggregate(false);
CREATE TEMP TABLE mixed_scan AS SELECT * FROM form_unlicensed_summary('320000', '[2018-07-01,2020-01-01)');
SELECT preaggregate(true);
SELECT (SELECT count(*) FROM (TABLE mixed_cells EXCEPT TABLE mixed_scan) a) + (SELECT count(*) FROM (TABLE mixed_scan EXCEPT TABLE mixed_cells) b) AS differing_rows,
       (SELECT penalized_units FROM mixed_cells WHERE institution_type = '合计') AS total_units;   -- 0; 合计 units: A, B, C, 丁 and the 38 戊 = 42
