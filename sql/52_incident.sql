-- 重大案件上报 incident (spec §8): deaths and disabilities feed 附件3 rules 2.7a (5 per death) and 2.7b
-- (3 per disability) of the township where they happened, for the window holding occurred_on; a manual
-- assessment_fact still overrides. Windows: 1–6月 [2020-01-01,2020-07-01), 7–11月 [2020-07-01,2020-12-01).
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('331024102', '埠头镇', '乡镇', '331024'), ('331024103', '白塔镇', '乡镇', '331024');
INSERT INTO campaign (code, title, division_code, rule_set) VALUES ('仙打非办〔2020〕1号', '方案', '331024', 'xianju2020');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES
  (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (1, '7–11月', '[2020-07-01,2020-12-01)', '2020-11-30');
INSERT INTO site (township_code, name, address, institution_type, found_on) VALUES
  ('331024102', '示例甲诊所', '埠头镇示例路1号', '西医', '2020-01-10');

-- == 2.7a and 2.7b are derived now
SELECT code, points, per_occurrence, derived FROM assessment_rule WHERE rule_set = 'xianju2020' AND code LIKE '2.7%';

INSERT INTO incident (division_code, site_id, occurred_on, deaths, disabilities, reported_on, description) VALUES
  ('331024101', NULL, '2020-03-01', 1, 2, '2020-03-01', '无证行医输液致1死2残'),   -- 横溪镇 W1
  ('331024', 1, '2020-05-10', 0, 1, '2020-05-11', 'county code, site in 埠头镇'),    -- 埠头镇 W1 (township of the site)
  ('331024101', NULL, '2020-04-01', 1, 0, '2020-04-02', NULL),                     -- 横溪镇 W1
  ('331024101', NULL, '2020-07-02', 1, 0, '2020-07-02', NULL),                     -- 横溪镇 W2
  ('331024', NULL, '2020-02-01', 3, 0, '2020-02-01', 'no township known'),         -- feeds no township
  ('331024103', NULL, '2020-06-30', 1, 0, '2020-07-01', '复核：非无证行医');         -- 白塔镇 W1, overridden below
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by)
VALUES ('331024103', 1, '2.7a', 0, '复核：系有证机构医疗事故，非无证行医', '县打非办');

-- == the derived facts (W1): 横溪 2.7a 1+1 = 2, 2.7b 2; 埠头 2.7b 1; 白塔 2.7a 1 (overridden in assessment)
SELECT township_code, rule_code, occurrences, evidence FROM assessment_derived('331024', 1)
 WHERE rule_code LIKE '2.7%' ORDER BY 1, 2;
-- == each township's assessment
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024101', 1) WHERE rule_code LIKE '2.7%'; -- 2.7a 2 → 10; 2.7b 2 → 6
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024102', 1) WHERE rule_code LIKE '2.7%'; -- 2.7a 0; 2.7b 1 → 3
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024103', 1) WHERE rule_code LIKE '2.7%'; -- 2.7a 0 人工; 2.7b 0
SELECT rule_code, occurrences, deduction, source FROM assessment('331024101', 2) WHERE rule_code LIKE '2.7%';          -- W2: 2.7a 1 → 5; 2.7b 0
-- == the summary: every township also misses 2.2a (2) and 2.2b (1) = 3; 横溪 3+10+6 = 19, 埠头 3+3 = 6, 白塔 3
SELECT * FROM assessment_summary('331024', 1);                      -- 白塔 3 (1), 埠头 6 (2), 横溪 19 (3)
-- == the 复核 fact removed: 白塔 2.7a derived again, 1 → 5
DELETE FROM assessment_fact WHERE township_code = '331024103' AND rule_code = '2.7a';
SELECT rule_code, occurrences, deduction, source FROM assessment('331024103', 1) WHERE rule_code = '2.7a';
-- == a correction to an incident changes the assessment: 埠头 now 2 disabilities → 6
UPDATE incident SET disabilities = 2 WHERE id = 2;
SELECT rule_code, occurrences, deduction FROM assessment('331024102', 1) WHERE rule_code = '2.7b';
-- == township of an incident
SELECT id, incident_township(division_code, site_id) FROM incident ORDER BY id;   -- 101, 102, 101, 101, NULL, 103

-- == wrong input
SELECT try($$INSERT INTO incident (division_code, site_id, occurred_on, deaths, disabilities, reported_on) VALUES ('331024101', 1, '2020-03-01', 1, 0, '2020-03-01')$$);
SELECT try($$INSERT INTO incident (division_code, occurred_on, deaths, disabilities, reported_on) VALUES ('331024101', '2020-03-01', -1, 0, '2020-03-01')$$);
SELECT try($$INSERT INTO incident (division_code, occurred_on, deaths, disabilities, reported_on) VALUES ('331024101', '2020-03-02', 1, 0, '2020-03-01')$$);
SELECT try($$INSERT INTO incident (division_code, occurred_on, deaths, disabilities, reported_on) VALUES ('331099101', '2020-03-01', 1, 0, '2020-03-01')$$);
SELECT try($$INSERT INTO incident (division_code, occurred_on, deaths, disabilities, reported_on, case_id) VALUES ('331024101', '2020-03-01', 1, 0, '2020-03-01', 42)$$);
