-- 工作日 (§1.3) and stage due dates (§6). Expected values computed by hand from the calendar.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == is_workday: weekdays, weekends, holidays, 调休
SELECT d::date, to_char(d::date, 'Dy') AS dow, is_workday(d::date) FROM (VALUES
    ('2020-10-09'),   -- Fri, ordinary: t
    ('2020-10-10'),   -- Sat, 调休上班: t
    ('2020-10-11'),   -- Sun: f
    ('2020-10-01'),   -- Thu, 国庆: f
    ('2020-10-08'),   -- Thu, 国庆: f
    ('2020-02-01'),   -- Sat, Spring Festival extended (and a weekend): f
    ('2020-01-19'),   -- Sun, 调休上班: t
    ('2020-06-28'),   -- Sun, 调休上班: t
    ('2020-06-25'),   -- Thu, 端午: f
    ('2019-02-02'),   -- Sat, 调休上班: t
    ('2018-12-29'),   -- Sat, 调休上班 for 2019 元旦: t
    ('2022-10-08'),   -- Sat, 调休上班: t
    ('2023-01-02'),   -- Mon, 元旦 observed (2023 shipped since spec v3): f
    ('2023-01-07')    -- Sat: f
  ) v(d);

-- == add_workdays: n > 0 strictly after, n < 0 strictly before, 0 = the date
SELECT d::date, n, add_workdays(d::date, n) FROM (VALUES
    ('2020-09-30', 5),    -- 10-09 Fri, 10-10 Sat(调休), 10-12, 10-13, 10-14
    ('2020-11-30', 5),    -- 12-01 .. 12-04, 12-07
    ('2021-06-30', 5),    -- 07-01, 07-02, 07-05, 07-06, 07-07
    ('2020-09-30', 1),    -- 10-09 (10-01..10-08 holidays, 10-03/04 weekend)
    ('2020-10-10', 0),    -- the date itself, even a weekend
    ('2020-10-14', -5),   -- 10-13, 10-12, 10-10, 10-09, 09-30
    ('2020-10-09', -1),   -- 09-30
    ('2020-01-23', 1),    -- 01-24..01-31 rest, 02-01/02 weekend, next is 02-03 Mon
    ('2019-12-27', 1),    -- Fri → Mon 12-30
    ('2019-02-01', 1)     -- Fri → Sat 02-02 (调休上班)
  ) v(d, n);

-- == add_workdays: wrong input
SELECT try($$SELECT add_workdays('infinity', 1)$$);
SELECT try($$SELECT is_workday('-infinity')$$);
SELECT try($$SELECT add_workdays('2020-01-01', 1000000)$$);
SELECT add_workdays(NULL, 1) IS NULL AS null_in_null_out;

-- == users add a year; the new rows are kept by pg_dump, the shipped ones are not
INSERT INTO calendar_exception (day, workday, name) VALUES ('2027-01-04', false, '示例');
SELECT is_workday('2027-01-04');   -- f: the exception itself answers (2027 not yet in calendar_year: no warning for a listed day)
SELECT count(*) FILTER (WHERE shipped) AS shipped, count(*) FILTER (WHERE NOT shipped) AS user_rows
  FROM calendar_exception;
SELECT c.relname, x.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(cfg, cond)
  JOIN pg_class c ON c.oid = x.cfg WHERE e.extname = 'illegal_practice' AND c.relname = 'calendar_exception';

-- == the calendar cache follows calendar_exception in the same transaction (statement trigger
-- invalidate_cache(), relcache callback): one PL/pgSQL expression evaluated before and after each change
CREATE FUNCTION pg_temp.calendar_probe() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
  out text := '';
BEGIN
  FOR i IN 1..4 LOOP
    out := out || illegal_practice.add_workdays('2025-11-07', 1)::text || ' ';
    CASE i
      WHEN 1 THEN INSERT INTO illegal_practice.calendar_exception (day, workday, name) VALUES ('2025-11-10', false, '测试');
      WHEN 2 THEN UPDATE illegal_practice.calendar_exception SET workday = true WHERE day = '2025-11-10';
      WHEN 3 THEN DELETE FROM illegal_practice.calendar_exception WHERE day = '2025-11-10';
      ELSE NULL;
    END CASE;
  END LOOP;
  RETURN out;
END $f$;
SELECT pg_temp.calendar_probe();   -- Fri 2025-11-07 (2025 shipped, no exception that week; 2023-10 has 调休 since spec v3) → 2025-11-10 (Mon), 11-11 (11-10 off), 11-10 (on again), 11-10 (deleted)
BEGIN;
INSERT INTO calendar_exception (day, workday, name) VALUES ('2025-11-10', false, '测试');
SELECT add_workdays('2025-11-07', 1) AS in_transaction;          -- 2025-11-11
ROLLBACK;
SELECT add_workdays('2025-11-07', 1) AS after_rollback;          -- 2025-11-10

-- == stage due dates: 仙居 (5 working days after each stage) and 江苏 (explicit 8月底前)
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('320000', '江苏省', '省', NULL);
INSERT INTO campaign (code, title, division_code, forms) VALUES
  ('仙打非办〔2020〕1号', '仙居县2020年整顿医疗秩序打击非法行医工作方案', '331024', '{patrol_register}'),
  ('江苏2019', '江苏省打击无证行医及非法医疗美容行为专项整治行动实施方案', '320000', '{}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', NULL, 5),
  (1, 2, '取缔打击', '[2020-09-01,2020-12-01)', NULL, 5),
  (1, 3, '常态巡查', '[2020-11-01,2021-07-01)', NULL, 5),
  (2, 1, '组织发动', '[2019-04-01,2019-05-01)', NULL, NULL),
  (2, 2, '监督检查', '[2019-05-01,2019-09-01)', '2019-08-31', NULL);
SELECT c.code, s.ordinal, s.name, stage_report_due(s.id) FROM campaign_stage s JOIN campaign c ON c.id = s.campaign_id
 ORDER BY s.id;
SELECT stage_report_due(999) IS NULL AS unknown_stage;

-- == campaign and stage constraints
SELECT try($$INSERT INTO campaign (code, title, division_code, forms) VALUES ('x', 'x', '331024', '{no_such_form}')$$);
SELECT try($$INSERT INTO campaign (code, title, division_code, forms) VALUES ('y', 'y', '331024', '{beauty_lookback}')$$);
SELECT try($$INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_on, report_due_workdays)
             VALUES (1, 9, 'both', '[2020-01-01,2020-02-01)', '2020-02-05', 5)$$);
SELECT try($$INSERT INTO campaign_stage (campaign_id, ordinal, name, period) VALUES (1, 9, 'open', '[2020-01-01,)')$$);
