-- 11_calendar.sql — 工作日 (§1.3): calendar_exception with 2018-12-29 … 2026 shipped, calendar_year (the years whose
-- notice is loaded), the C functions (a WARNING for a day of a year not in calendar_year), today().
CREATE TABLE @extschema@.calendar_exception (
  day     date PRIMARY KEY,
  workday boolean NOT NULL,
  name    text NOT NULL DEFAULT '',
  shipped boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.calendar_exception IS
  '工作日例外：法定节假日中的工作日（workday=false）与调休上班的周末（workday=true）；其余周一至周五为工作日。用户可自行添加年份';
COMMENT ON COLUMN @extschema@.calendar_exception.day IS '日期';
COMMENT ON COLUMN @extschema@.calendar_exception.workday IS '是否工作日';
COMMENT ON COLUMN @extschema@.calendar_exception.name IS '说明（节日名或调休）';
COMMENT ON COLUMN @extschema@.calendar_exception.shipped IS '是否扩展自带（自带行不进入 pg_dump；用户添加的行会）';
SELECT illegal_practice_internal.share_table('@extschema@.calendar_exception', NULL, ARRAY['day']);
CREATE TRIGGER calendar_exception_invalidate_cache
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_exception
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION @extschema@.invalidate_cache();

INSERT INTO @extschema@.calendar_exception (day, workday, name, shipped) VALUES
  ('2018-12-29', true, '元旦调休上班', true),
  ('2019-01-01', false, '元旦', true),
  ('2019-02-02', true, '春节调休上班', true),
  ('2019-02-03', true, '春节调休上班', true),
  ('2019-02-04', false, '春节', true),
  ('2019-02-05', false, '春节', true),
  ('2019-02-06', false, '春节', true),
  ('2019-02-07', false, '春节', true),
  ('2019-02-08', false, '春节', true),
  ('2019-04-05', false, '清明节', true),
  ('2019-04-28', true, '调休上班', true),
  ('2019-05-01', false, '劳动节', true),
  ('2019-05-02', false, '劳动节', true),
  ('2019-05-03', false, '劳动节', true),
  ('2019-05-05', true, '劳动节调休上班', true),
  ('2019-06-07', false, '端午节', true),
  ('2019-09-13', false, '中秋节', true),
  ('2019-09-29', true, '调休上班', true),
  ('2019-10-01', false, '国庆节', true),
  ('2019-10-02', false, '国庆节', true),
  ('2019-10-03', false, '国庆节', true),
  ('2019-10-04', false, '国庆节', true),
  ('2019-10-07', false, '国庆节', true),
  ('2019-10-12', true, '国庆节调休上班', true),
  ('2020-01-01', false, '元旦', true),
  ('2020-01-19', true, '春节调休上班', true),
  ('2020-01-24', false, '春节', true),
  ('2020-01-27', false, '春节', true),
  ('2020-01-28', false, '春节', true),
  ('2020-01-29', false, '春节', true),
  ('2020-01-30', false, '春节', true),
  ('2020-01-31', false, '春节', true),
  ('2020-04-06', false, '清明节', true),
  ('2020-04-26', true, '调休上班', true),
  ('2020-05-01', false, '劳动节', true),
  ('2020-05-04', false, '劳动节', true),
  ('2020-05-05', false, '劳动节', true),
  ('2020-05-09', true, '劳动节调休上班', true),
  ('2020-06-25', false, '端午节', true),
  ('2020-06-26', false, '端午节', true),
  ('2020-06-28', true, '端午节调休上班', true),
  ('2020-09-27', true, '调休上班', true),
  ('2020-10-01', false, '国庆节、中秋节', true),
  ('2020-10-02', false, '国庆节', true),
  ('2020-10-05', false, '国庆节', true),
  ('2020-10-06', false, '国庆节', true),
  ('2020-10-07', false, '国庆节', true),
  ('2020-10-08', false, '国庆节', true),
  ('2020-10-10', true, '国庆节调休上班', true),
  ('2021-01-01', false, '元旦', true),
  ('2021-02-07', true, '春节调休上班', true),
  ('2021-02-11', false, '春节', true),
  ('2021-02-12', false, '春节', true),
  ('2021-02-15', false, '春节', true),
  ('2021-02-16', false, '春节', true),
  ('2021-02-17', false, '春节', true),
  ('2021-02-20', true, '春节调休上班', true),
  ('2021-04-05', false, '清明节', true),
  ('2021-04-25', true, '调休上班', true),
  ('2021-05-03', false, '劳动节', true),
  ('2021-05-04', false, '劳动节', true),
  ('2021-05-05', false, '劳动节', true),
  ('2021-05-08', true, '劳动节调休上班', true),
  ('2021-06-14', false, '端午节', true),
  ('2021-09-18', true, '调休上班', true),
  ('2021-09-20', false, '中秋节', true),
  ('2021-09-21', false, '中秋节', true),
  ('2021-09-26', true, '调休上班', true),
  ('2021-10-01', false, '国庆节', true),
  ('2021-10-04', false, '国庆节', true),
  ('2021-10-05', false, '国庆节', true),
  ('2021-10-06', false, '国庆节', true),
  ('2021-10-07', false, '国庆节', true),
  ('2021-10-09', true, '国庆节调休上班', true),
  ('2022-01-03', false, '元旦', true),
  ('2022-01-29', true, '春节调休上班', true),
  ('2022-01-30', true, '春节调休上班', true),
  ('2022-01-31', false, '春节', true),
  ('2022-02-01', false, '春节', true),
  ('2022-02-02', false, '春节', true),
  ('2022-02-03', false, '春节', true),
  ('2022-02-04', false, '春节', true),
  ('2022-04-02', true, '调休上班', true),
  ('2022-04-04', false, '清明节', true),
  ('2022-04-05', false, '清明节', true),
  ('2022-04-24', true, '调休上班', true),
  ('2022-05-02', false, '劳动节', true),
  ('2022-05-03', false, '劳动节', true),
  ('2022-05-04', false, '劳动节', true),
  ('2022-05-07', true, '劳动节调休上班', true),
  ('2022-06-03', false, '端午节', true),
  ('2022-09-12', false, '中秋节', true),
  ('2022-10-03', false, '国庆节', true),
  ('2022-10-04', false, '国庆节', true),
  ('2022-10-05', false, '国庆节', true),
  ('2022-10-06', false, '国庆节', true),
  ('2022-10-07', false, '国庆节', true),
  ('2022-10-08', true, '国庆节调休上班', true),
  ('2022-10-09', true, '国庆节调休上班', true),
  -- 2023–2026 (spec v3 §1.3): 国办发明电〔2022〕16号, 〔2023〕7号, 〔2024〕12号, 〔2025〕7号
  ('2023-01-02', false, '元旦', true),
  ('2023-01-23', false, '春节', true),
  ('2023-01-24', false, '春节', true),
  ('2023-01-25', false, '春节', true),
  ('2023-01-26', false, '春节', true),
  ('2023-01-27', false, '春节', true),
  ('2023-01-28', true, '春节调休上班', true),
  ('2023-01-29', true, '春节调休上班', true),
  ('2023-04-05', false, '清明节', true),
  ('2023-04-23', true, '劳动节调休上班', true),
  ('2023-05-01', false, '劳动节', true),
  ('2023-05-02', false, '劳动节', true),
  ('2023-05-03', false, '劳动节', true),
  ('2023-05-06', true, '劳动节调休上班', true),
  ('2023-06-22', false, '端午节', true),
  ('2023-06-23', false, '端午节', true),
  ('2023-06-25', true, '端午节调休上班', true),
  ('2023-09-29', false, '中秋节', true),
  ('2023-10-02', false, '国庆节', true),
  ('2023-10-03', false, '国庆节', true),
  ('2023-10-04', false, '国庆节', true),
  ('2023-10-05', false, '国庆节', true),
  ('2023-10-06', false, '国庆节', true),
  ('2023-10-07', true, '国庆节调休上班', true),
  ('2023-10-08', true, '国庆节调休上班', true),
  ('2024-01-01', false, '元旦', true),
  ('2024-02-04', true, '春节调休上班', true),
  ('2024-02-12', false, '春节', true),
  ('2024-02-13', false, '春节', true),
  ('2024-02-14', false, '春节', true),
  ('2024-02-15', false, '春节', true),
  ('2024-02-16', false, '春节', true),
  ('2024-02-18', true, '春节调休上班', true),
  ('2024-04-04', false, '清明节', true),
  ('2024-04-05', false, '清明节', true),
  ('2024-04-07', true, '清明节调休上班', true),
  ('2024-04-28', true, '劳动节调休上班', true),
  ('2024-05-01', false, '劳动节', true),
  ('2024-05-02', false, '劳动节', true),
  ('2024-05-03', false, '劳动节', true),
  ('2024-05-11', true, '劳动节调休上班', true),
  ('2024-06-10', false, '端午节', true),
  ('2024-09-14', true, '中秋节调休上班', true),
  ('2024-09-16', false, '中秋节', true),
  ('2024-09-17', false, '中秋节', true),
  ('2024-09-29', true, '国庆节调休上班', true),
  ('2024-10-01', false, '国庆节', true),
  ('2024-10-02', false, '国庆节', true),
  ('2024-10-03', false, '国庆节', true),
  ('2024-10-04', false, '国庆节', true),
  ('2024-10-07', false, '国庆节', true),
  ('2024-10-12', true, '国庆节调休上班', true),
  ('2025-01-01', false, '元旦', true),
  ('2025-01-26', true, '春节调休上班', true),
  ('2025-01-28', false, '春节', true),
  ('2025-01-29', false, '春节', true),
  ('2025-01-30', false, '春节', true),
  ('2025-01-31', false, '春节', true),
  ('2025-02-03', false, '春节', true),
  ('2025-02-04', false, '春节', true),
  ('2025-02-08', true, '春节调休上班', true),
  ('2025-04-04', false, '清明节', true),
  ('2025-04-27', true, '劳动节调休上班', true),
  ('2025-05-01', false, '劳动节', true),
  ('2025-05-02', false, '劳动节', true),
  ('2025-05-05', false, '劳动节', true),
  ('2025-06-02', false, '端午节', true),
  ('2025-09-28', true, '国庆节调休上班', true),
  ('2025-10-01', false, '国庆节、中秋节', true),
  ('2025-10-02', false, '国庆节、中秋节', true),
  ('2025-10-03', false, '国庆节、中秋节', true),
  ('2025-10-06', false, '国庆节、中秋节', true),
  ('2025-10-07', false, '国庆节、中秋节', true),
  ('2025-10-08', false, '国庆节、中秋节', true),
  ('2025-10-11', true, '国庆节调休上班', true),
  ('2026-01-01', false, '元旦', true),
  ('2026-01-02', false, '元旦', true),
  ('2026-01-04', true, '元旦调休上班', true),
  ('2026-02-14', true, '春节调休上班', true),
  ('2026-02-16', false, '春节', true),
  ('2026-02-17', false, '春节', true),
  ('2026-02-18', false, '春节', true),
  ('2026-02-19', false, '春节', true),
  ('2026-02-20', false, '春节', true),
  ('2026-02-23', false, '春节', true),
  ('2026-02-28', true, '春节调休上班', true),
  ('2026-04-06', false, '清明节', true),
  ('2026-05-01', false, '劳动节', true),
  ('2026-05-04', false, '劳动节', true),
  ('2026-05-05', false, '劳动节', true),
  ('2026-05-09', true, '劳动节调休上班', true),
  ('2026-06-19', false, '端午节', true),
  ('2026-09-20', true, '国庆节调休上班', true),
  ('2026-09-25', false, '中秋节', true),
  ('2026-10-01', false, '国庆节', true),
  ('2026-10-02', false, '国庆节', true),
  ('2026-10-05', false, '国庆节', true),
  ('2026-10-06', false, '国庆节', true),
  ('2026-10-07', false, '国庆节', true),
  ('2026-10-10', true, '国庆节调休上班', true);

-- 2020: the Spring Festival holiday was extended to 02-02 for COVID-19 (国办发明电〔2020〕1号);
-- 02-01 and 02-02 are a weekend and so rest days already.

SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_exception', 'WHERE NOT shipped');

-- the years whose State Council notice is loaded (spec §1.3): a day of another year, not itself an
-- exception, is counted as plain Monday–Friday with a WARNING naming the year (calendar.c)
CREATE TABLE @extschema@.calendar_year (
  year    integer PRIMARY KEY,
  source  text NOT NULL,
  shipped boolean NOT NULL DEFAULT false,
  CONSTRAINT calendar_year_in_range CHECK (year BETWEEN 1949 AND 9999),
  CONSTRAINT calendar_year_source_not_blank CHECK (pg_catalog.btrim(source) <> '')
);
COMMENT ON TABLE @extschema@.calendar_year IS
  '已载入节假日安排的年份：每年国务院办公厅通知（通常11月发布）的例外日载入 calendar_exception 后在此登记；未登记年份的日期按周一至周五计算并给出警告（模板见 docs/calendar-load-year.sql）';
COMMENT ON COLUMN @extschema@.calendar_year.year IS '年份';
COMMENT ON COLUMN @extschema@.calendar_year.source IS '依据（通知文号）';
COMMENT ON COLUMN @extschema@.calendar_year.shipped IS '是否扩展自带（自带行不进入 pg_dump；用户添加的行会）';
SELECT illegal_practice_internal.share_table('@extschema@.calendar_year', NULL, ARRAY['year']);
INSERT INTO @extschema@.calendar_year (year, source, shipped) VALUES
  (2019, '国办发明电〔2018〕15号', true),
  (2020, '国办发明电〔2019〕16号；春节假期延长：国办发明电〔2020〕1号', true),
  (2021, '国办发明电〔2020〕27号', true),
  (2022, '国办发明电〔2021〕11号', true),
  (2023, '国办发明电〔2022〕16号', true),
  (2024, '国办发明电〔2023〕7号', true),
  (2025, '国办发明电〔2024〕12号', true),
  (2026, '国办发明电〔2025〕7号', true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_year', 'WHERE NOT shipped');
-- the C functions cache the listed years too: a change drops the cache in every backend (cache.c)
CREATE TRIGGER calendar_year_invalidate_cache
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_year
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION @extschema@.invalidate_cache();

CREATE FUNCTION @extschema@.is_workday(date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_is_workday' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_workday(date) IS
  '是否工作日：周一至周五，除去法定节假日，加上调休上班的周末（读 calendar_exception）；未在 calendar_year 登记的年份按周一至周五计算并警告（每条语句每年一次）';
CREATE FUNCTION @extschema@.add_workdays(date, integer) RETURNS date
  AS 'MODULE_PATHNAME', 'ip_add_workdays' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_workdays(date, integer) IS
  '工作日推算：n>0 为该日之后第n个工作日，n<0 为之前第|n|个工作日，n=0 为该日本身；经过未在 calendar_year 登记的年份时警告（每条语句每年一次）';

-- ===== today =====
CREATE FUNCTION @extschema@.today() RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (pg_catalog.now() AT TIME ZONE @extschema@.setting('timezone'))::date;
COMMENT ON FUNCTION @extschema@.today() IS
  '今天：按设置 illegal_practice.timezone（默认 Asia/Shanghai，北京时间）计算的日期，而不是服务器的 UTC 日期';


-- ===== plausible dates =====
-- A business date before the People's Republic (1949-10-01) or more than a year after today is a
-- typing or conversion error (an Excel serial read as 2173, a year 2O20): it would freeze a site's
-- status or fall outside every form. Trigger arguments: the date columns to check.
CREATE FUNCTION illegal_practice_internal.plausible_dates() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  c text;
  d date;
  hi date := @extschema@.today() + 366;
BEGIN
  FOREACH c IN ARRAY TG_ARGV LOOP
    d := (pg_catalog.to_jsonb(NEW) ->> c)::date;
    IF d IS NOT NULL AND (d < date '1949-10-01' OR d > hi) THEN
      RAISE EXCEPTION '%.% % is not a plausible date', TG_TABLE_NAME, c, d
        USING ERRCODE = '22008', DETAIL = 'dates run from 1949-10-01 to one year after today',
              HINT = 'check the year; an Excel day number must be converted to a date first';
    END IF;
  END LOOP;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.plausible_dates() IS
  '触发器：业务日期须在 1949-10-01 至今天之后一年之间，否则报 22008（参数为要检查的日期列）';
REVOKE ALL ON FUNCTION illegal_practice_internal.plausible_dates() FROM PUBLIC;
