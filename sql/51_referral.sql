-- 案件移送 (spec §8) with the 国务院令第310号 clocks (calendar days, start day not counted):
-- 移送审批 reported_on + 3 · 移送交接 approved_on + 1 (24 hours) · 立案审查 coalesce(received_on, referred_on) + 3.
-- A beauty salon referred by the market regulator that becomes a case.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024');

-- == the salon → case path (仙居 三(一)3)
INSERT INTO institution (division_code, name, uscc, institution_type, kind, licensed, address) VALUES
  ('331024101', '示例丁美容生活馆', '91331024MA2H3K5P3J', '医疗美容', '生活美容场所', false, '横溪镇示例路8号');
INSERT INTO institution_inspection (institution_id, inspected_on, kind, agency, inspector, findings)
VALUES (1, '2020-06-20', '定期抽查', '市场监管', '市场监管员甲', '店内为顾客注射玻尿酸');
-- subject, uscc and division taken from the institution
INSERT INTO referral (from_agency, to_agency, referred_on, subject_name, institution_id, reason)
VALUES ('市场监管', '卫生健康', '2020-06-22', NULL, 1, '涉嫌未取得《医疗机构执业许可证》开展注射美容');
SELECT id, division_code, subject_name, subject_uscc::text, case_id FROM referral;   -- 331024101, 示例丁美容生活馆, 91331024MA2H3K5P3J, NULL
SELECT referral_to_case(1, '无证行医', '2020-06-24');                                  -- 1
SELECT id, division_code, category, institution_type, subject_name, subject_address, subject_uscc::text, cause, filed_on
  FROM enforcement_case;                                                                -- 331024101 无证行医 医疗美容 … 2020-06-24
SELECT case_id, received_on, result, result_on FROM referral WHERE id = 1;             -- 1, 2020-06-22, 已立案, 2020-06-24
SELECT s.name, s.uscc::text FROM enforcement_case c JOIN subject s ON s.id = c.subject_id;  -- subject resolved (§5.1)
-- fined ¥60,000 and banned: the case shows in 附表1, row 医疗美容: 1 unit, 1 fine, 6.0000 万元, 1 ban
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES (1, '罚款', 60000, '2020-07-01'), (1, '取缔', NULL, '2020-07-01');
SELECT institution_type, penalized_units, fine_count, fine_wan, ban_count
  FROM form_unlicensed_summary('331024', '[2020-01-01,2021-01-01)') WHERE institution_type IN ('医疗美容', '合计');
SELECT try($$SELECT referral_to_case(1)$$);                                            -- already a case
SELECT try($$SELECT referral_to_case(99)$$);
-- an administrative referral has no 310号 clock
SELECT count(*) AS clocks FROM referral_deadlines('2020-07-10');                       -- 0

-- == criminal transfers to 公安 (江苏 四(三) 不能以罚代刑)
-- 2: reported 07-01, approved 07-03 (due 07-04, on time), handed over 07-06 (due 07-04: late), received 07-06,
--    no decision yet (due 07-09)
-- 3: reported 07-01, approved 07-02, handed over 07-02 (due 07-03), filed 07-05 (due 07-05): all on time
-- 4: reported 07-20, not approved on 07-21: only the approval clock (due 07-23)
-- 5: 卫生健康 → 公安 about the salon's case, only referred_on 08-01 known (division from the case): due 08-04
INSERT INTO referral (division_code, from_agency, to_agency, reported_on, approved_on, approved, referred_on, subject_name, reason, received_on, result, result_on) VALUES
  ('331024', '卫生健康', '公安', '2020-07-01', '2020-07-03', true, '2020-07-06', '王某某', '两次行政处罚后再次非法行医', '2020-07-06', NULL, NULL),
  ('331024', '卫生健康', '公安', '2020-07-01', '2020-07-02', true, '2020-07-02', '李某某', '非法行医致人伤残', '2020-07-02', '立案', '2020-07-05'),
  ('331024', '卫生健康', '公安', '2020-07-20', '2020-07-21', false, NULL, '赵某某', '涉嫌非法行医', NULL, '不批准：证据不足', NULL);
INSERT INTO referral (from_agency, to_agency, referred_on, subject_name, case_id, reason)
VALUES ('卫生健康', '公安', '2020-08-01', '示例丁美容生活馆', 1, '非法医疗美容致人伤残');
SELECT id, division_code FROM referral WHERE id = 5;                                   -- 331024101 (from case 1)

-- as of 2020-07-10 (hand-computed, ordered by due, referral, step):
--   #3 移送交接 07-03 done 07-02 已完成 · #2 移送审批 07-04 done 07-03 已完成 · #2 移送交接 07-04 done 07-06 逾期完成
--   #3 移送审批 07-04 done 07-02 已完成 · #3 立案审查 07-05 done 07-05 已完成 · #2 立案审查 07-09 — 已逾期 (overdue)
--   #4 (reported 07-20) and #5 (referred 08-01) have not started
SELECT * FROM referral_deadlines('2020-07-10');
-- as of 2020-07-08: #2 立案审查 due 07-09 ≤ add_workdays(07-08, 3) = 07-13 → 即将到期
SELECT reference, due_on, status FROM referral_deadlines('2020-07-08') WHERE kind = '立案审查';
-- as of 2020-07-02: #2 审批 done 07-03 is in the future → not done, due 07-04 ≤ 07-07 → 即将到期;
--   #3 审批 done 07-02 已完成, 交接 done 07-02 已完成, 立案审查 due 07-05 not done → 即将到期
SELECT reference, kind, due_on, done_on, status FROM referral_deadlines('2020-07-02');
-- as of 2020-06-20: nothing started → no rows
SELECT count(*) FROM referral_deadlines('2020-06-20');                                -- 0
-- as of 2020-08-10: #2 交接 逾期完成, 立案审查 still 已逾期; #4 审批 已完成 (no 交接: not approved); #5 立案审查 due 08-04 → 已逾期
SELECT division_code, kind, reference, due_on, status FROM referral_deadlines('2020-08-10') WHERE reference LIKE '移送#4 %' OR status <> '已完成';
-- #6: 市场监管 → 公安, reported 06-26 (端午 rest day), not yet decided: due 06-29;
--     add_workdays(06-26, 3) = 06-28 (调休 Sunday), 06-29, 06-30 → 06-30 ≥ due → 即将到期
INSERT INTO referral (division_code, from_agency, to_agency, reported_on, subject_name) VALUES ('331024', '市场监管', '公安', '2020-06-26', '钱某某');
SELECT reference, due_on, status FROM referral_deadlines('2020-06-26');
-- the five statuses of §6 (a 3-calendar-day clock is never 未到期 once started: 3 days ≤ 3 working days)
SELECT deadline_status('2020-07-04', '2020-07-03', '2020-07-10') AS done,      -- 已完成
       deadline_status('2020-07-04', '2020-07-06', '2020-07-10') AS late,      -- 逾期完成
       deadline_status('2020-07-04', NULL, '2020-07-05') AS overdue,           -- 已逾期
       deadline_status('2020-07-04', '2020-07-06', '2020-07-05') AS future_done, -- 已逾期 (done after as_of = not done)
       deadline_status('2020-07-10', NULL, '2020-07-06') AS not_yet,           -- 未到期: add_workdays(07-06 Mon, 3) = 07-09 < 07-10
       deadline_status('2020-07-09', NULL, '2020-07-06') AS soon2;             -- 即将到期 (07-09 ≤ 07-09)
-- the column types deadlines() unions: text, text, text, date, date, text
SELECT string_agg(format_type(t, NULL), ', ' ORDER BY n) FROM pg_proc p, unnest(p.proallargtypes) WITH ORDINALITY u(t, n)
 WHERE p.oid = 'referral_deadlines'::regproc AND n > 1;

-- == open referrals (demo list)
SELECT referral_id, from_agency, to_agency, subject_name, next_step, due_on, status FROM open_referrals('331024', '2020-07-10');  -- #2 立案审查 07-09 已逾期; #6 移送审批 06-29 已逾期
SELECT referral_id, next_step, due_on, status FROM open_referrals('331024', '2020-07-02');  -- #6 06-29, #2 审批 07-04, #3 立案审查 07-05

-- == agency names are normalised: 县市场监督管理局 → 市场监管, 仙居县卫健局 → 卫生健康, 县公安局 → 公安, 县人民检察院 → 司法机关
SELECT normalize_agency('仙居县市场监督管理局') AS a, normalize_agency('仙居县卫健局') AS b,
       normalize_agency('县公安局') AS c, normalize_agency('县人民检察院') AS d, normalize_agency(' 工商 ') AS e;  -- 市场监管, 卫生健康, 公安, 司法机关, 工商
INSERT INTO institution_inspection (institution_id, inspected_on, kind, agency) VALUES (1, '2020-09-01', '定期抽查', '仙居县市场监督管理局');
SELECT agency FROM institution_inspection WHERE id = 2;                                -- 市场监管

-- == wrong input
SELECT try($$INSERT INTO referral (from_agency, to_agency, referred_on, subject_name) VALUES ('卫生健康局', '卫生健康', '2020-01-01', '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, referred_on, subject_name) VALUES ('工商', '卫生健康', '2020-01-01', '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, subject_name) VALUES ('卫生健康', '公安', '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, referred_on, received_on, subject_name) VALUES ('卫生健康', '公安', '2020-01-05', '2020-01-04', '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, reported_on, approved, subject_name) VALUES ('卫生健康', '公安', '2020-01-05', true, '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, referred_on, result_on, subject_name) VALUES ('卫生健康', '公安', '2020-01-05', '2020-01-01', '某')$$);
SELECT try($$INSERT INTO referral (from_agency, to_agency, referred_on, subject_name) VALUES ('卫生健康', '公安', '2020-01-05', NULL)$$);
