-- The derived facts kept per (window, township) (assessment_derived_cache, 50_assessment.sql) always equal
-- the facts computed from the tables: after each kind of write that can change them, the cache is compared
-- with assessment_derived_towns() for every pair it should hold (expect 0 differing rows, every pair present).
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
CREATE FUNCTION regress.cache_check() RETURNS text LANGUAGE sql AS $$
  WITH want AS (   -- every (window, township of its campaign) pair, computed from the tables
    SELECT rw.id AS window_id, dv.code FROM reporting_window rw JOIN campaign c ON c.id = rw.campaign_id
      JOIN division dv ON dv.level = '乡镇' AND covers(c.division_code, dv.code)
  ), live AS (
    SELECT w.window_id, d.township_code, d.rule_code, d.occurrences, d.evidence
      FROM (SELECT window_id, array_agg(code) AS towns FROM want GROUP BY window_id) w,
           assessment_derived_towns(w.towns, w.window_id) d
  ), cached AS (
    SELECT c.window_id, c.township_code, u.rule_code, u.occurrences, u.evidence
      FROM assessment_derived_cache c,
           ROWS FROM (unnest(c.rule_codes), unnest(c.occurrences), unnest(c.evidences)) u (rule_code, occurrences, evidence)
  )
  SELECT format('pairs %s/%s, differing rows %s, derived rows %s',
                (SELECT count(*) FROM assessment_derived_cache c JOIN want w ON w.window_id = c.window_id AND w.code = c.township_code),
                (SELECT count(*) FROM want),
                (SELECT count(*) FROM ((TABLE live EXCEPT ALL TABLE cached) UNION ALL (TABLE cached EXCEPT ALL TABLE live)) x),
                (SELECT count(*) FROM live))
$$;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'), ('331024', '仙居县', '县', '331000'),
  ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'), ('331024103', '白塔镇', '乡镇', '331024');
INSERT INTO campaign (id, code, title, division_code, rule_set) OVERRIDING SYSTEM VALUE
VALUES (1, '仙打非办〔2020〕1号', '仙居县2020年整顿医疗秩序打击非法行医工作方案', '331024', 'xianju2020');
INSERT INTO reporting_window (id, campaign_id, name, covers, due_on) OVERRIDING SYSTEM VALUE VALUES
  (1, 1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (2, 1, '7–11月', '[2020-07-01,2020-12-01)', '2020-11-30');
SELECT cache_check();                                                          -- pairs 6/6, 0 differing (2.2a and 2.2b everywhere: 12 rows)
-- patrols, a closure, a persuasion that fails, an application and an action, an incident, a register
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES
  (1, '331024101', '甲诊所', '2020-01-05'), (2, '331024102', '乙诊所', '2020-02-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (1, '2020-01-10', true, '劝导停业'), (1, '2020-03-10', true, NULL), (2, '2020-02-05', true, NULL);
UPDATE site SET status = '自行歇业', closed_on = '2020-03-20' WHERE id = 1;
INSERT INTO joint_application (id, township_code, period, applied_on, contact, phone) OVERRIDING SYSTEM VALUE
  VALUES (1, '331024102', '[2020-02-01,2020-03-01)', '2020-03-01', '联系人', '0576-1');
INSERT INTO joint_action (id, application_id, acted_on, township_participated) OVERRIDING SYSTEM VALUE VALUES (1, 1, '2020-03-10', false);
INSERT INTO incident (division_code, site_id, occurred_on, deaths, disabilities, reported_on, description) VALUES
  ('331024', 2, '2020-04-01', 1, 0, '2020-04-02', '事件');
INSERT INTO register_submission (township_code, window_id, submitted_on) VALUES ('331024103', 1, '2020-07-10');
SELECT cache_check();                                                          -- 6/6, 0 differing
-- updates and deletes: the action now with the township, the incident moved, a patrol deleted
UPDATE joint_action SET township_participated = true WHERE id = 1;
UPDATE incident SET site_id = 1;
DELETE FROM patrol WHERE site_id = 1 AND patrolled_on = '2020-03-10';
SELECT cache_check();                                                          -- 6/6, 0 differing
-- a closed site without patrols (2.4 obligations) moved to another township: both townships change
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (3, '331024102', '丙诊所', '2019-12-01');
UPDATE site SET status = '自行歇业', closed_on = '2020-01-15' WHERE id = 3;
SELECT cache_check();                                                          -- 6/6, 0 differing
UPDATE site SET township_code = '331024103' WHERE id = 3;
SELECT cache_check();                                                          -- 6/6, 0 differing
-- the window's dates, a new window, a deleted window
UPDATE reporting_window SET covers = '[2020-01-01,2020-04-01)', due_on = '2020-04-15' WHERE id = 1;
INSERT INTO reporting_window (id, campaign_id, name, covers, due_on) OVERRIDING SYSTEM VALUE VALUES
  (3, 1, '全年', '[2020-01-01,2021-01-01)', '2021-01-15');
DELETE FROM reporting_window WHERE id = 2;
SELECT cache_check();                                                          -- 6/6, 0 differing
-- a new township; the campaign narrowed to one township (rows of the others go)
INSERT INTO division VALUES ('331024104', '田市镇', '乡镇', '331024');
SELECT cache_check();                                                          -- 8/8, 0 differing
UPDATE campaign SET division_code = '331024101' WHERE id = 1;
SELECT cache_check(), (SELECT count(*) FROM assessment_derived_cache) AS cached_pairs;   -- 2/2, 0 differing; 2
UPDATE campaign SET division_code = '331024' WHERE id = 1;
-- inside a transaction: the reader sees its own writes before they are folded in at commit
BEGIN;
INSERT INTO patrol (township_code, patrolled_on, operating, outcome) VALUES ('331024104', '2020-02-01', false, '未发现执业');
SELECT count(*) AS dirty_noted FROM assessment_cache_dirty;                    -- 1
SELECT rule_code FROM assessment_derived('331024104', 1) ORDER BY 1;           -- 2.2b only: the new patrol clears 2.2a
COMMIT;
SELECT cache_check();                                                          -- 8/8, 0 differing
SELECT rule_code FROM assessment_derived('331024104', 1) ORDER BY 1;           -- 2.2b (from the cache)
-- a load with triggers off leaves the cache stale until assessment_cache_rebuild()
SET session_replication_role = replica;
INSERT INTO patrol (township_code, patrolled_on, operating, outcome) VALUES ('331024103', '2020-02-02', false, '未发现执业');
RESET session_replication_role;
SELECT cache_check();                                                          -- 8/8, 2 differing (2.2a of 白塔镇 in windows 1 and 3, stale)
SELECT assessment_cache_rebuild() AS rebuilt, cache_check();                   -- 8; 8/8, 0 differing
