-- tick() snapshots per submitter (spec v3 §6): the campaign's division and each division whose parent
-- it is (仙居's townships, 江苏's cities), once; a NOTICE per stage while catching up.
-- Expected values HAND-COMPUTED from the spec text and the data below (written on each line).
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000'), ('320200', '无锡市', '市', '320000');
INSERT INTO campaign (id, code, title, division_code, forms) OVERRIDING SYSTEM VALUE VALUES
  (1, '仙打非办〔2020〕1号', '仙居县工作方案', '331024', '{patrol_summary,patrol_register}'),
  (2, '江苏2019', '江苏省实施方案', '320000', '{unlicensed_summary}');
INSERT INTO campaign_stage (id, campaign_id, ordinal, name, period, report_due_on, report_due_workdays) OVERRIDING SYSTEM VALUE VALUES
  (1, 1, 1, '巡查复查', '[2020-06-01,2020-10-01)', NULL, 5),
  (2, 1, 2, '取缔打击', '[2020-09-01,2020-12-01)', NULL, 5),
  (3, 2, 2, '监督检查', '[2019-05-01,2019-09-01)', '2019-08-31', NULL);
INSERT INTO site (township_code, name, found_on) VALUES ('331024101', '甲诊所', '2020-06-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-06-10', true, '劝导停业');
INSERT INTO patrol (township_code, patrolled_on, operating) VALUES ('331024102', '2020-06-12', false);
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on, decided_on) VALUES
  ('320100', '无证行医', '西医', '某甲', '南京市某路1号', '2019-06-01', '2019-06-10');
INSERT INTO case_action (case_id, kind, amount_yuan) VALUES (1, '罚款', 30000);

-- == catching up two stages: one NOTICE each, 江苏 (ends 2019-09-01) first
SELECT stage_id, form, division_code, rows FROM tick('2020-10-01');
-- NOTICE stage 3 监督检查 (江苏2019): 3 snapshots · NOTICE stage 1 巡查复查 (仙打非办〔2020〕1号): 6 snapshots
-- 3 unlicensed_summary 320000 6 · 320100 6 · 320200 6
-- 1 patrol_summary 331024 3 (横溪镇, 埠头镇, 合计) · 331024101 2 (横溪镇, 合计) · 331024102 2
-- 1 patrol_register 331024 1 · 331024101 1 · 331024102 0
SELECT division_code, payload -> 0 ->> 'fine_count' AS xiyi_fines, payload -> 5 ->> 'fine_wan' AS total_wan
  FROM stage_report WHERE form = 'unlicensed_summary' ORDER BY division_code;
-- 320000 1 3.0000 · 320100 1 3.0000 · 320200 0 0.0000
SELECT division_code, payload -> 0 ->> 'township' AS first_row, payload -> -1 ->> 'patrols' AS total_patrols
  FROM stage_report WHERE form = 'patrol_summary' ORDER BY division_code;
-- 331024 横溪镇 2 · 331024101 横溪镇 1 · 331024102 埠头镇 1
SELECT count(*) FROM tick('2020-10-02');   -- 0, and no NOTICE: every snapshot already taken
-- == a later change never alters a snapshot; the next stage is snapshotted on its own end
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-09-30', true, '拒不整改');
SELECT stage_id, form, division_code, rows FROM tick('2020-12-01');
-- one stage only (no catching up): no NOTICE; patrol_summary 331024 3, 331024101 2, 331024102 2; patrol_register 331024 1 (09-30), 331024101 1, 331024102 0
SELECT payload -> -1 ->> 'patrols' AS stage1_total FROM stage_report WHERE stage_id = 1 AND form = 'patrol_summary' AND division_code = '331024';   -- still 2
SELECT stage_id, count(*) FROM stage_report GROUP BY stage_id ORDER BY 1;   -- 1 6 · 2 6 · 3 3
