-- 考核细则 (附件3, spec §4), rule_set xianju2020. Window W = 1–6月 [2020-01-01,2020-07-01), due 2020-07-15.
-- Each township below is built to break exactly the clauses named; expected deductions are hand-computed.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == scoring arithmetic (C): flag once, per occurrence multiplied, cap
SELECT p, per, n, cap, rule_deduction(p, per, n, cap) FROM (VALUES
    (2::numeric, false, 0, NULL::numeric),   -- 0: not broken
    (2, false, 1, NULL),                     -- 2: flag
    (2, false, 5, NULL),                     -- 2: flag counts once
    (3, true, 1, NULL),                      -- 3
    (3, true, 4, NULL),                      -- 12: 3 × 4
    (3, true, 4, 10),                        -- 10: capped (最高扣10分)
    (0.5, true, 3, NULL),                    -- 1.5: exact numeric
    (5, true, 2, 20)                         -- 10: under the cap
  ) v(p, per, n, cap);
SELECT total_deduction(p, per, n, cap) FROM (VALUES   -- 2 + 12 + 10 + 0 = 24
    (2::numeric, false, 3, NULL::numeric), (3, true, 4, NULL), (3, true, 4, 10), (1, false, 0, NULL)) v(p, per, n, cap);
SELECT total_deduction(p, per, n, cap) FROM (VALUES (2::numeric, false, 3, NULL::numeric)) v(p, per, n, cap) WHERE false; -- 0
SELECT score_after(100, 24), score_after(10, 24), score_after(NULL, 24);   -- 76, 0 (扣完为止), NULL
SELECT try($$SELECT rule_deduction(1, true, -1)$$);
SELECT try($$SELECT rule_deduction(-1, true, 1)$$);
SELECT rule_deduction(NULL, true, 1) IS NULL AS null_points;

-- == the shipped rule set
SELECT code, clause, points, per_occurrence, derived FROM assessment_rule WHERE rule_set = 'xianju2020' ORDER BY code;

-- == data: county 331024, ten townships, campaign with windows
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'),
  ('331024001', '安洲街道', '乡镇', '331024'), ('331024002', '南峰街道', '乡镇', '331024'),
  ('331024003', '福应街道', '乡镇', '331024'), ('331024101', '横溪镇', '乡镇', '331024'),
  ('331024102', '埠头镇', '乡镇', '331024'), ('331024103', '白塔镇', '乡镇', '331024'),
  ('331024104', '田市镇', '乡镇', '331024'), ('331024105', '官路镇', '乡镇', '331024'),
  ('331024106', '下各镇', '乡镇', '331024');
INSERT INTO campaign (code, title, division_code, rule_set) VALUES ('仙打非办〔2020〕1号', '方案', '331024', 'xianju2020');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES
  (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (1, '7–11月', '[2020-07-01,2020-12-01)', '2020-11-30');
-- baseline for "clean" townships: an area sweep in W and the register handed in on time
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
SELECT c, NULL, '2020-03-01', '巡查员甲', false, NULL, false
  FROM unnest(ARRAY['331024001', '331024003', '331024101', '331024102', '331024103', '331024104', '331024106']) c;
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
SELECT c, 1, '填表人', '2020-07-01', '0576-87797091', '审核人', true, '2020-07-10'
  FROM unnest(ARRAY['331024001', '331024101', '331024102', '331024103', '331024104', '331024105']) c;
-- 福应街道 hands in late (07-16 > 07-15): 2.2b
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
VALUES ('331024003', 1, '填表人', '2020-07-16', '0576-87797091', '审核人', true, '2020-07-16');

-- 横溪镇 (101): site 甲诊所 operating twice, never persuaded → 2.3a.
-- site 乙诊所 ordered to rectify (ok for 2.3a), found operating again 03-10 (persuasion failed), applied 03-20 → no 2.3b.
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024101', '甲诊所', '横溪镇某村1号', '13800000001', '西医', '2020-02-01'),
  ('331024101', '乙诊所', '横溪镇某村2号', '13800000002', '中医', '2020-01-10');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed) VALUES
  ('331024101', 1, '2020-03-05', '巡查员甲', true, NULL, false),
  ('331024101', 1, '2020-04-05', '巡查员甲', true, NULL, false),
  ('331024101', 2, '2020-02-10', '巡查员甲', true, '责令限期整改', false),
  ('331024101', 2, '2020-03-10', '巡查员甲', true, NULL, true);
INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
VALUES ('331024101', '[2020-02-01,2020-03-16)', '2020-03-20', '联系人', '13800000009');

-- 埠头镇 (102): 丙诊所 persuaded 02-01 (劝导停业), refuses 03-01 (拒不整改); the only application (02-15)
-- is before the failure → 2.3b, f = 03-01.
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024102', '丙诊所', '埠头镇某街3号', '13800000003', '口腔', '2020-01-05');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed) VALUES
  ('331024102', 3, '2020-02-01', '巡查员乙', true, '劝导停业', false),
  ('331024102', 3, '2020-03-01', '巡查员乙', true, '拒不整改', true);
INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
VALUES ('331024102', '[2020-01-01,2020-02-10)', '2020-02-15', '联系人', '13800000008');

-- 白塔镇 (103): joint action 04-15 without the township → 2.3c; the 07-05 one is outside W.
INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
VALUES ('331024103', '[2020-03-01,2020-03-31)', '2020-04-01', '联系人', '13800000007');
INSERT INTO joint_action (application_id, acted_on, township_participated, note) VALUES
  (3, '2020-04-15', false, NULL), (3, '2020-07-05', false, NULL);

-- 田市镇 (104): 丁诊所 banned (已取缔) on 02-10. Months wholly in W starting after 02-10: 03, 04, 05, 06;
-- patrolled in 03 and 05 → 04 and 06 missing → 2.4 (2 occurrences, flag: 1 point).
INSERT INTO site (township_code, name, address, phone, institution_type, status, found_on, closed_on) VALUES
  ('331024104', '丁诊所', '田市镇某路4号', '13800000004', '医疗美容', '已取缔', '2019-06-01', '2020-02-10');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed) VALUES
  ('331024104', 4, '2020-03-15', '巡查员丙', false, '未发现执业', false),
  ('331024104', 4, '2020-05-20', '巡查员丙', false, '未发现执业', false);

-- 官路镇 (105): no patrol at all (2.2a derived) but the county's 复核 clears it (fact 0);
-- manual facts 1.1 ×1 (1), 2.5 ×2 (6), 2.7b ×1 (3) → 10.
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by) VALUES
  ('331024105', 1, '2.2a', 0, '复核：纸质巡查记录齐全', '县打非办'),
  ('331024105', 1, '1.1', 1, '未发文', '县打非办'),
  ('331024105', 1, '2.5', 2, '两起负面报道', '县打非办'),
  ('331024105', 1, '2.7b', 1, '一人伤残', '县打非办');

-- 下各镇 (106), several clauses at once: no register (2.2b 1); 戊 and 己 operating, never persuaded
-- (2.3a flag: 2 once); 庚 ordered 04-01, refuses 05-01, no application (2.3b 1); 暗访 found 3 places (2.6: 3×1).
-- Expected total 1 + 2 + 1 + 3 = 7.
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024106', '戊诊所', '下各镇5号', '13800000005', '西医', '2020-02-01'),
  ('331024106', '己诊所', '下各镇6号', '13800000006', '西医', '2020-02-01'),
  ('331024106', '庚诊所', '下各镇7号', '13800000010', '其他', '2020-02-01');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed) VALUES
  ('331024106', 5, '2020-02-20', '巡查员丁', true, NULL, false),
  ('331024106', 6, '2020-02-21', '巡查员丁', true, NULL, false),
  ('331024106', 7, '2020-04-01', '巡查员丁', true, '责令限期整改', false),
  ('331024106', 7, '2020-05-01', '巡查员丁', true, '拒不整改', true);
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by)
VALUES ('331024106', 1, '2.6', 3, '省暗访组发现3家', '县打非办');

-- == one township per clause (only the non-zero rows)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024001', 1) WHERE deduction > 0; -- none
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024002', 1) WHERE deduction > 0; -- 2.2a 2, 2.2b 1 (no data)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024003', 1) WHERE deduction > 0; -- 2.2b 1 (late)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024101', 1) WHERE deduction > 0; -- 2.3a 2 (甲诊所)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024102', 1) WHERE deduction > 0; -- 2.3b 1 (丙诊所 03-01)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024103', 1) WHERE deduction > 0; -- 2.3c 2 (04-15)
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024104', 1) WHERE deduction > 0; -- 2.4 ×2 → 1
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024105', 1) WHERE deduction > 0 OR source = '人工'; -- 1.1 1, 2.2a 0 人工, 2.5 6, 2.7b 3
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024106', 1) WHERE deduction > 0; -- 2.2b 1, 2.3a 2 (戊、己), 2.3b 1 (庚), 2.6 3

-- == a whole township, every row (下各镇: total 7)
SELECT rule_code, clause, occurrences, deduction, source FROM assessment('331024106', 1);
SELECT sum(deduction) AS total FROM assessment('331024106', 1);   -- 7

-- == summary and ranking with ties: 0 → 1; 1,1,1 → 2; 2,2 → 5; 3 → 7; 7 → 8; 10 → 9
SELECT * FROM assessment_summary('331024', 1);
SELECT * FROM assessment_summary('331024002', 1);                 -- a township alone: 3, rank 1

-- == the 复核 trail: correct a fact, the row keeps who and when
UPDATE assessment_fact SET occurrences = 1, evidence = '复核：一起属实' WHERE township_code = '331024105' AND rule_code = '2.5';
SELECT rule_code, occurrences, deduction, source, evidence FROM assessment('331024105', 1) WHERE rule_code = '2.5'; -- 3
DELETE FROM assessment_fact WHERE township_code = '331024105' AND rule_code = '2.2a';
SELECT rule_code, occurrences, deduction, source FROM assessment('331024105', 1) WHERE rule_code = '2.2a';  -- derived again: 1, 2, 自动

-- == second window 7–11月: nobody patrolled or handed in; 田市镇's 丁诊所 unpatrolled Jul–Nov (2.4)
SELECT township_code, deduction, rank FROM assessment_summary('331024', 2) ORDER BY township_code;

-- == wrong input
SELECT try($$SELECT * FROM assessment('331024', 1)$$);
SELECT try($$SELECT * FROM assessment('331024999', 1)$$);
SELECT try($$SELECT * FROM assessment('331024001', 99)$$);
SELECT try($$INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024001', 1, '9.9', 1)$$);
SELECT try($$INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024', 1, '2.5', 1)$$);
SELECT try($$INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024001', 1, '2.5', -1)$$);
SELECT try($$INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024106', 1, '2.6', 1)$$);

-- == another county's rule set: per-item cap and a base score (扣完为止)
INSERT INTO assessment_rule_set (rule_set, title, base_score) VALUES ('demo2021', '示例县考核细则', 10);
INSERT INTO assessment_rule (rule_set, code, section, clause, points, per_occurrence, derived, max_points) VALUES
  ('demo2021', '1', '一', '每发现一家无证行医点扣2分，最高扣6分', 2, true, false, 6),
  ('demo2021', '2.2a', '二', '未开展排查', 5, false, true, NULL);
INSERT INTO campaign (code, title, division_code, rule_set) VALUES ('示例县〔2021〕1号', '示例', '331024', 'demo2021');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES (2, '全年', '[2021-01-01,2022-01-01)', '2022-01-15');
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024001', 3, '1', 4);
SELECT rule_code, occurrences, deduction, source FROM assessment('331024001', 3);   -- 1: 4×2=8 capped 6; 2.2a: 5
SELECT score_after(s.base_score, sum(a.deduction)) AS score                          -- 10 − 11 → 0
  FROM assessment('331024001', 3) a, assessment_rule_set s WHERE s.rule_set = 'demo2021' GROUP BY s.base_score;
