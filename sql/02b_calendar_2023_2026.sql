-- 工作日 2023–2026 (spec v3 §1.3), calendar_year and the WARNING for a year whose notice is not loaded.
-- Every expected value below was computed BY HAND from the spec's day lists (国办发明电〔2022〕16号,
-- 〔2023〕7号, 〔2024〕12号, 〔2025〕7号) and a wall calendar; the comment on each line is that value.
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;

-- == the years whose notice is loaded: 2019–2026 shipped
SELECT year, source FROM calendar_year ORDER BY year;
-- 2019 〔2018〕15号 · 2020 〔2019〕16号 (+〔2020〕1号) · 2021 〔2020〕27号 · 2022 〔2021〕11号 · 2023 〔2022〕16号 · 2024 〔2023〕7号 · 2025 〔2024〕12号 · 2026 〔2025〕7号

-- == every listed weekday rest day is not a working day, every listed weekend working day is one
WITH listed (y, rest, work) AS (VALUES
  (2023, '{01-02,01-23,01-24,01-25,01-26,01-27,04-05,05-01,05-02,05-03,06-22,06-23,09-29,10-02,10-03,10-04,10-05,10-06}'::text[],
         '{01-28,01-29,04-23,05-06,06-25,10-07,10-08}'::text[]),
  (2024, '{01-01,02-12,02-13,02-14,02-15,02-16,04-04,04-05,05-01,05-02,05-03,06-10,09-16,09-17,10-01,10-02,10-03,10-04,10-07}',
         '{02-04,02-18,04-07,04-28,05-11,09-14,09-29,10-12}'),
  (2025, '{01-01,01-28,01-29,01-30,01-31,02-03,02-04,04-04,05-01,05-02,05-05,06-02,10-01,10-02,10-03,10-06,10-07,10-08}',
         '{01-26,02-08,04-27,09-28,10-11}'),
  (2026, '{01-01,01-02,02-16,02-17,02-18,02-19,02-20,02-23,04-06,05-01,05-04,05-05,06-19,09-25,10-01,10-02,10-05,10-06,10-07}',
         '{01-04,02-14,02-28,05-09,09-20,10-10}'))
SELECT l.y,
       (SELECT count(*) FROM unnest(l.rest) r WHERE NOT is_workday((l.y || '-' || r)::date)) AS rest_days_off,
       (SELECT count(*) FROM unnest(l.rest) r WHERE extract(isodow FROM (l.y || '-' || r)::date) < 6) AS rest_on_weekdays,
       (SELECT count(*) FROM unnest(l.work) w WHERE is_workday((l.y || '-' || w)::date)) AS weekend_days_worked,
       (SELECT count(*) FROM unnest(l.work) w WHERE extract(isodow FROM (l.y || '-' || w)::date) >= 6) AS work_on_weekends
  FROM listed l ORDER BY l.y;
-- 2023 18 18 7 7 · 2024 19 19 8 8 · 2025 18 18 5 5 · 2026 19 19 6 6
-- and nothing else in those years is an exception: the table holds exactly those 100 days
SELECT extract(year FROM day)::int AS y, count(*) FILTER (WHERE NOT workday) AS rest, count(*) FILTER (WHERE workday) AS work
  FROM calendar_exception WHERE day >= '2023-01-01' AND day < '2027-01-01' GROUP BY 1 ORDER BY 1;
-- 2023 18 7 · 2024 19 8 · 2025 18 5 · 2026 19 6

-- == is_workday on single days
SELECT d::date, to_char(d::date, 'Dy') AS dow, is_workday(d::date) FROM (VALUES
    ('2024-02-09'),   -- Fri, 除夕: the notice only encourages rest → t
    ('2024-02-10'),   -- Sat: f
    ('2024-02-18'),   -- Sun, 春节调休上班: t
    ('2023-01-02'),   -- Mon, 元旦 (observed): f
    ('2026-01-04'),   -- Sun, 元旦调休上班: t
    ('2026-02-23'),   -- Mon, 春节: f
    ('2025-06-02'),   -- Mon, 端午节: f
    ('2025-10-09')    -- Thu, ordinary: t
  ) v(d);

-- == add_workdays across the new years
SELECT d::date, n, add_workdays(d::date, n) FROM (VALUES
    ('2025-09-30', 5),    -- 10-01..10-08 off (10-04/05 weekend), 10-09 (1), 10-10 (2), 10-11 Sat 调休 (3), 10-13 (4), 10-14 (5) → 2025-10-14
    ('2023-09-28', 5),    -- 09-29..10-06 off, 10-07 Sat 调休 (1), 10-08 Sun 调休 (2), 10-09, 10-10, 10-11 → 2023-10-11
    ('2024-02-08', 2),    -- 02-09 Fri (1), 02-10..02-17 off, 02-18 Sun 调休 (2) → 2024-02-18
    ('2025-12-31', 1),    -- 2026-01-01/02 off, 01-03 Sat, 01-04 Sun 调休 → 2026-01-04 (crosses into 2026, listed: no warning)
    ('2026-02-13', 3),    -- 02-14 Sat 调休 (1), 02-16..02-23 off, 02-24 (2), 02-25 (3) → 2026-02-25
    ('2026-09-30', 5),    -- 10-01..10-07 off, 10-08 (1), 10-09 (2), 10-10 Sat 调休 (3), 10-12 (4), 10-13 (5) → 2026-10-13
    ('2024-10-08', -1),   -- 10-07..10-01 off, 10-06/05 weekend, 09-30 → 2024-09-30
    ('2024-10-08', -2)    -- 09-30 (1), 09-29 Sun 调休 (2) → 2024-09-29
  ) v(d, n);
SELECT stage_due FROM (SELECT add_workdays('2026-06-30', 5) AS stage_due) s;   -- 07-01..07-03 (3), 07-06, 07-07 → 2026-07-07

-- == a year with no notice loaded: a WARNING naming the year, once per statement; plain Monday–Friday
SELECT is_workday('2027-01-01');                       -- WARNING 2027 once; Fri → t
SELECT count(*) FILTER (WHERE is_workday(d::date)) AS workdays
  FROM generate_series(date '2027-02-01', date '2027-02-28', interval '1 day') d;   -- ONE warning for 2027; 20 weekdays
SELECT add_workdays('2026-12-30', 3);                  -- 12-31 (1), 2027-01-01 (2, unlisted), 01-04 (3) → 2027-01-04, one WARNING 2027
SELECT is_workday('2018-06-01') AS y2018, is_workday('2031-06-02') AS y2031;   -- two WARNINGs (2018, 2031); Fri t, Mon t
SELECT is_workday('2018-12-29');                       -- listed exception (2019 notice's 调休 Saturday): t, no warning
SELECT add_workdays('2026-12-31', 0);                  -- 0 = the date itself, in 2026: no warning

-- == loading a new year (the docs' template): the exceptions, then its calendar_year row
BEGIN;
INSERT INTO calendar_exception (day, workday, name) VALUES
  ('2027-01-01', false, '元旦'), ('2027-02-06', true, '春节调休上班');   -- illustrative, not the real 2027 notice
INSERT INTO calendar_year (year, source) VALUES (2027, '示例：国办发明电〔2026〕X号');
SELECT is_workday('2027-01-01') AS jan1, is_workday('2027-02-06') AS feb6;   -- f t, no warning
ROLLBACK;

-- == calendar_year: wrong input
SELECT try($$INSERT INTO calendar_year (year, source) VALUES (2026, 'again')$$);        -- 23505 duplicate year
SELECT try($$INSERT INTO calendar_year (year, source) VALUES (1899, 'too early')$$);    -- 23514 year out of range
SELECT try($$INSERT INTO calendar_year (year, source) VALUES (2027, '  ')$$);           -- 23514 blank source
SELECT try($$INSERT INTO calendar_year (year, source) VALUES (2027, NULL)$$);           -- 23502 source required
-- shipped rows are not dumped, a user's year is
SELECT count(*) FILTER (WHERE shipped) AS shipped FROM calendar_year;                  -- 8
SELECT c.relname, x.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(cfg, cond)
  JOIN pg_class c ON c.oid = x.cfg WHERE e.extname = 'illegal_practice' AND c.relname = 'calendar_year';   -- WHERE NOT shipped
