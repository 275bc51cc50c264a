-- 加载新一年的节假日安排（国务院办公厅通知，通常每年11月发布）— template / 模板
-- Load a new year's 工作日 exceptions when the State Council publishes its notice, then mark the year
-- as covered in calendar_year. Until then is_workday()/add_workdays() answer for that year as plain
-- Monday–Friday and raise a WARNING naming the year (once per statement).
--
--   psql -d illegal_practice -v year=2027 -v source='国办发明电〔2026〕N号' -f docs/calendar-load-year.sql
--
-- Edit the two lists below first: every WEEKDAY that is a rest day (法定节假日、调休休息) goes in the
-- rest list; every SATURDAY/SUNDAY that is a working day (调休上班) goes in the work list. Weekends that are
-- rest days and weekdays that are working days are the default and are not listed.
\set ON_ERROR_STOP 1
BEGIN;
SELECT set_config('ip.load_year', :'year', true);
SET LOCAL search_path = illegal_practice, public;
INSERT INTO calendar_exception (day, workday, name)
SELECT (:'year' || '-' || d)::date, false, n
  FROM (VALUES ('01-01', '元旦')
             -- , ('02-08', '春节'), ('02-09', '春节') …
       ) rest (d, n)
UNION ALL
SELECT (:'year' || '-' || d)::date, true, n
  FROM (VALUES ('02-06', '春节调休上班')
             -- , ('09-26', '国庆节调休上班') …
       ) work (d, n);
-- sanity check: a listed rest day must be a weekday and a listed working day a weekend day
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM illegal_practice.calendar_exception e
              WHERE e.day >= make_date(current_setting('ip.load_year')::int, 1, 1)
                AND e.day <  make_date(current_setting('ip.load_year')::int + 1, 1, 1)
                AND e.workday = (extract(isodow FROM e.day) < 6)) THEN
    RAISE EXCEPTION 'a listed day does not change anything (rest day on a weekend or working day on a weekday)'
      USING ERRCODE = '23514', HINT = 'check the two lists against the notice';
  END IF;
END $$ ;
INSERT INTO calendar_year (year, source) VALUES (:'year'::int, :'source');
COMMIT;
