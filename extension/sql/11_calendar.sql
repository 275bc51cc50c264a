-- 11_calendar.sql — 工作日 (§1.3): calendar_exception with 2018-12-29 … 2022 shipped, and the C functions.
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
  ('2022-10-09', true, '国庆节调休上班', true);
-- 2020: the Spring Festival holiday was extended to 02-02 for COVID-19 (国办发明电〔2020〕1号);
-- 02-01 and 02-02 are a weekend and so rest days already.

SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_exception', 'WHERE NOT shipped');

CREATE FUNCTION @extschema@.is_workday(date) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_is_workday' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_workday(date) IS
  '是否工作日：周一至周五，除去法定节假日，加上调休上班的周末（读 calendar_exception）';
CREATE FUNCTION @extschema@.add_workdays(date, integer) RETURNS date
  AS 'MODULE_PATHNAME', 'ip_add_workdays' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_workdays(date, integer) IS
  '工作日推算：n>0 为该日之后第n个工作日，n<0 为之前第|n|个工作日，n=0 为该日本身';

-- ===== today =====
CREATE FUNCTION @extschema@.today() RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (pg_catalog.now() AT TIME ZONE @extschema@.setting('timezone'))::date;
COMMENT ON FUNCTION @extschema@.today() IS
  '今天：按设置 illegal_practice.timezone（默认 Asia/Shanghai，北京时间）计算的日期，而不是服务器的 UTC 日期';

