-- 行政区划 (§1.4): covers() from the code's shape, the division table's checks.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == covers: one case per line (scope, code, expected by the prefix rule)
SELECT s, c, covers(s, c) FROM (VALUES
    ('330000', '330000'),      -- t: itself
    ('330000', '331024'),      -- t: 省 prefix 33
    ('330000', '331024001'),   -- t
    ('331000', '331024'),      -- t: 市 prefix 3310
    ('331000', '331124'),      -- f
    ('331024', '331024001'),   -- t: 县 prefix 331024
    ('331024', '331025001'),   -- f
    ('331024001', '331024001'),-- t: 乡镇 only itself
    ('331024001', '331024002'),-- f
    ('331024001', '331024'),   -- f: a township does not cover its county
    ('331024', '331000'),      -- f: a county does not cover its city
    ('441900', '441900003'),   -- t: 东莞 (市 without counties)
    ('320000', '331024'),      -- f
    ('33', '331024'),          -- f: malformed scope
    ('331024', 'abc'),         -- f: malformed code
    ('', ''),                  -- f
    ('3310240011', '3310240011') -- f: 10 digits
  ) v(s, c);
SELECT covers(NULL, '331024') IS NULL AS strict;
SELECT p.proleakproof, p.provolatile, p.proparallel FROM pg_proc p WHERE p.oid = 'illegal_practice.covers'::regproc;

-- == division_level_of
SELECT c, division_level_of(c) FROM (VALUES ('330000'), ('331000'), ('331024'), ('331024001'), ('33102'), ('x')) v(c);

-- == division table
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024');
SELECT try($$INSERT INTO division VALUES ('33102', '坏代码', '县', '331000')$$);
SELECT try($$INSERT INTO division VALUES ('331025', '错级别', '市', '331000')$$);
SELECT try($$INSERT INTO division VALUES ('331024002', '错上级', '乡镇', '331000001')$$);
SELECT try($$INSERT INTO division VALUES ('331124001', '不归属', '乡镇', '331024')$$);
SELECT try($$INSERT INTO division VALUES ('331024001', '重复', '乡镇', '331024')$$);
SELECT code, name FROM division WHERE covers('331000', code) ORDER BY code;
