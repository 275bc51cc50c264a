-- tick() over the real look-back forms: 附表2/附表3 take (division, campaign.lookback_prior, stage period).
-- Expected values computed by hand from spec §3 and §6.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000');
INSERT INTO campaign (code, title, division_code, forms, lookback_prior) VALUES
  ('江苏2019', '江苏省实施方案', '320000', '{beauty_lookback,repeat_offenders,unlicensed_summary}', '[2017-01-01,2019-01-01)');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on) VALUES
  (1, 2, '监督检查', '[2019-05-01,2019-09-01)', '2019-08-31');
-- one 医疗美容 subject: penalised in the prior period, caught again inside the stage
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                              subject_uscc, cause, filed_on, decided_on) VALUES
  ('320100', '无证行医', '医疗美容', '示例美容工作室', '南京市示例路1号', '91331024MA2H3K5P3J', '擅自开展医疗美容', '2018-03-01', '2018-03-10'),
  ('320100', '无证行医', '医疗美容', '示例美容工作室', '南京市示例路1号', '91331024MA2H3K5P3J', '再次擅自开展医疗美容', '2019-06-01', '2019-06-10');
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '罚款', 5000), (2, '罚款', 50000);

-- == tick on the stage end writes the three forms, in campaign.forms order
SELECT stage_id, form, division_code, rows FROM tick('2019-09-01');
-- 2 beauty_lookback 320000 2 (rows 无证行医, 医疗机构) | repeat_offenders 1 (the one re-offender) | unlicensed_summary 6;
-- each also for the city 320100 (v3: a snapshot per submitter), with the same rows (the case is 南京's)
SELECT form, payload -> 0 ->> 'row_label' AS label, payload -> 0 ->> 'prior_penalized_units' AS prior_units,
       payload -> 0 ->> 'reoffending_units' AS reoffending, payload -> 0 ->> 'fine_wan' AS fine_wan
  FROM stage_report WHERE form = 'beauty_lookback' ORDER BY division_code;
-- 无证行医: prior penalised 1, re-offending 1, current fine 50000 yuan = 5.0000 万元
SELECT payload -> 0 ->> 'seq' AS seq, payload -> 0 ->> 'subject_name' AS subject, payload -> 0 ->> 'first_cause' AS first_cause,
       payload -> 0 ->> 'second_cause' AS second_cause
  FROM stage_report WHERE form = 'repeat_offenders' ORDER BY division_code;
-- 1, 示例美容工作室, 擅自开展医疗美容, 再次擅自开展医疗美容
SELECT payload -> 2 ->> 'institution_type' AS row3, payload -> 2 ->> 'fine_count' AS fine_count, payload -> 2 ->> 'fine_wan' AS fine_wan
  FROM stage_report WHERE form = 'unlicensed_summary' ORDER BY division_code;
-- row 3 = 医疗美容: the current case (decided 2019-06-10, in the stage): 1 fine case, 5.0000 万元

-- == a later change does not alter the snapshot
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (2, '没收违法所得', 8000);
SELECT count(*) FROM tick('2019-10-01');   -- 0: already taken
SELECT payload -> 0 ->> 'confiscation_wan' AS confiscation_wan FROM stage_report WHERE form = 'beauty_lookback' ORDER BY division_code;   -- still 0.0000 (both)
SELECT confiscation_wan FROM form_beauty_lookback('320000', '[2017-01-01,2019-01-01)', '[2019-05-01,2019-09-01)') LIMIT 1;   -- live form: 8000 yuan = 0.8000
