-- 05_output.sql — text output shared by every form: CSV fields and lines (RFC 4180), document dates.

-- ===== CSV =====
-- A text that a spreadsheet would take for a formula (=, +, -, @, TAB or CR first, and not a plain
-- number) gets a leading ' (OWASP CSV injection), masked or not; then RFC 4180 quoting.
CREATE FUNCTION illegal_practice_internal.csv_field(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN value IS NULL THEN ''
              ELSE (SELECT CASE WHEN x.v ~ '[",\r\n]' THEN '"' || pg_catalog.replace(x.v, '"', '""') || '"' ELSE x.v END
                      FROM (SELECT CASE WHEN value ~ '^[-=+@\t\r]' AND value !~ '^[-+]?[0-9]+([.][0-9]+)?$'
                                        THEN '''' || value ELSE value END AS v) x) END;
COMMENT ON FUNCTION illegal_practice_internal.csv_field(text) IS
  'CSV 字段（RFC 4180）：含逗号、双引号或换行时加双引号，内部双引号写两次；NULL 为空字段；'
  '以 = + - @ 制表符或回车开头且不是数字的文本前加单引号 ''（防止电子表格把它当公式执行）';

CREATE FUNCTION illegal_practice_internal.csv_line(VARIADIC fields text[]) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT pg_catalog.string_agg(illegal_practice_internal.csv_field(f), ',' ORDER BY n)
            FROM pg_catalog.unnest(fields) WITH ORDINALITY AS u(f, n));
COMMENT ON FUNCTION illegal_practice_internal.csv_line(text[]) IS 'CSV 一行（RFC 4180：含逗号、引号、换行的字段加双引号，引号加倍；NULL 为空）';

CREATE FUNCTION @extschema@.csv_bom(bom boolean) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN bom THEN pg_catalog.chr(65279) ELSE '' END;   -- chr(), not U&'': the script must parse in any database encoding, so that 00_header can refuse it
COMMENT ON FUNCTION @extschema@.csv_bom(boolean) IS
  'CSV 文件开头：bom 为真时返回 UTF-8 字节顺序标记 U+FEFF（Excel、WPS 在中文 Windows 上据此按 UTF-8 打开，否则按 GBK 显示成乱码），否则为空串';

-- ===== dates as documents write them =====
CREATE FUNCTION illegal_practice_internal.letter_date(day date) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.to_char(day, 'FMYYYY') || '年' || pg_catalog.to_char(day, 'FMMM') || '月'
         || pg_catalog.to_char(day, 'FMDD') || '日';
COMMENT ON FUNCTION illegal_practice_internal.letter_date(date) IS '公文日期写法：2020年7月1日（月、日不补零）';

CREATE FUNCTION illegal_practice_internal.period_years(period daterange) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN pg_catalog.isempty(period) OR pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period) THEN ''
              WHEN pg_catalog.date_part('year', pg_catalog.lower(period)) = pg_catalog.date_part('year', pg_catalog.upper(period) - 1)
                THEN pg_catalog.date_part('year', pg_catalog.lower(period))::text OPERATOR(pg_catalog.||) '年'
              ELSE pg_catalog.date_part('year', pg_catalog.lower(period))::text OPERATOR(pg_catalog.||) '-'
                   OPERATOR(pg_catalog.||) pg_catalog.date_part('year', pg_catalog.upper(period) - 1)::text OPERATOR(pg_catalog.||) '年' END;
COMMENT ON FUNCTION illegal_practice_internal.period_years(daterange) IS '期间所跨年份，如 [2017-01-01,2019-01-01) → 2017-2018年（附表2 表头用）';
