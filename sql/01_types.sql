-- resident_id (§1.1) and uscc (§1.2): valid, invalid checksum, invalid format, behaviour.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == resident_id: valid (each line: input, stored form, birth date, sex, region, mask)
SELECT i AS input, i::resident_id AS id, birth_date(i::resident_id), sex(i::resident_id),
       region_code(i::resident_id), mask(i::resident_id)
  FROM (VALUES
    ('11010519491231002X'),          -- the standard's own example
    ('331024200506151231'),          -- male, 2005-06-15
    ('331024200002290027'),          -- female, leap day 2000-02-29
    ('33102420050615001X'),          -- check X
    ('33102420050615001x'),          -- lower-case x stored as X
    ('  331024200506151231 '),       -- surrounding spaces trimmed
    ('331024050615123'),             -- old 15-digit form: 19 inserted, check computed (5)
    ('999999200506151231')           -- region codes are not looked up
  ) v(i);

-- == resident_id: invalid checksum
SELECT i, try(format('SELECT %L::resident_id', i)) FROM (VALUES
    ('331024200506151232'),          -- check should be 1
    ('11010519491231002Y'),          -- Y is no check character
    ('110105194912310021')           -- check should be X
  ) v(i);

-- == resident_id: invalid format
SELECT i, try(format('SELECT %L::resident_id', i)) FROM (VALUES
    ('331024200502301231'),          -- no Feb 30
    ('331024190002290021'),          -- 1900 is no leap year
    ('331024201913011231'),          -- month 13
    ('33102420050615123'),           -- 17 digits
    ('3310242005061512311'),         -- 19 digits
    (''),                            -- empty
    ('   '),                         -- blank
    ('３３１０２４２００５０６１５１２３１'),  -- full-width digits
    ('33102420050615123１'),         -- one full-width digit at the end
    ('3310242005X6151231'),          -- X not at the end
    ('331024-20050615-1231'),        -- separators
    ('33102400000000123X')           -- date 0000-00-00
  ) v(i);

-- == resident_id: comparisons, sorting, casts
SELECT '331024200506151231'::resident_id = ' 331024200506151231'::resident_id AS eq_trimmed,
       '11010519491231002X'::resident_id < '331024200506151231'::resident_id AS lt,
       '331024200506151231'::resident_id::text AS to_text,
       'x'::text IS NOT NULL AS dummy;
CREATE TABLE people (id int, rid resident_id);
INSERT INTO people VALUES (1, '331024200506151231'), (2, '11010519491231002X'),
  (3, '331024200002290027'), (4, '33102420050615001X'), (5, NULL);
SELECT id, rid FROM people ORDER BY rid NULLS FIRST;
SELECT id FROM people WHERE rid = '33102420050615001x';
INSERT INTO people SELECT 6, '331024200506151231'::text;  -- assignment cast from text

-- == resident_id: binary COPY round trip
\copy people TO '/tmp/illegal_practice_people.bin' WITH (FORMAT binary)
CREATE TABLE people2 (LIKE people);
\copy people2 FROM '/tmp/illegal_practice_people.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE p.rid IS NOT DISTINCT FROM q.rid) AS same
  FROM people p JOIN people2 q USING (id);

-- == uscc: valid
SELECT i AS input, i::uscc AS code, authority_code(i::uscc), organization_type(i::uscc),
       region_code(i::uscc), organization_code(i::uscc), organization_code_valid(i::uscc)
  FROM (VALUES
    ('91331024MA2H3K5P3J'),
    ('91110000600037341L'),
    ('91310230MA1K314J7C'),
    ('52331024MA2K8Q1R0M'),          -- 民办非企业单位 (private non-profit hospital)
    ('91331024ma2h3k5p3j'),          -- lower case accepted
    (' 91331024MA2H3K5P3J  '),       -- trimmed
    ('12331024000000010F'),          -- 事业单位; embedded organisation code check fails: exposed, not rejected
    ('Y1331024MA2H3K5P3W')           -- letter in position 1
  ) v(i);

-- == uscc: invalid checksum
SELECT i, try(format('SELECT %L::uscc', i)) FROM (VALUES
    ('91331024MA2H3K5P3K'),          -- should be J
    ('91110000600037341M')           -- should be L
  ) v(i);

-- == uscc: invalid format
SELECT i, try(format('SELECT %L::uscc', i)) FROM (VALUES
    ('91331024MA2H3K5P3'),           -- 17 characters
    ('91331024MA2H3K5P3JJ'),         -- 19 characters
    ('91331024MA2H3K5PIJ'),          -- I is not in the alphabet
    ('91331024MA2H3K5POJ'),          -- O
    ('91331024MA2H3K5PZJ'),          -- Z
    ('91331024MA2H3K5PSJ'),          -- S
    ('91331024MA2H3K5PVJ'),          -- V
    ('９1331024MA2H3K5P3J'),         -- full-width digit
    (''),
    ('91331024-MA2H3K5P3J')
  ) v(i);

-- == uscc: comparisons, hash join, index scan
CREATE TABLE orgs (id int, code uscc);
INSERT INTO orgs VALUES (1, '91331024MA2H3K5P3J'), (2, '91110000600037341L'), (3, '52331024MA2K8Q1R0M'),
  (4, '91310230MA1K314J7C');
SELECT id, code FROM orgs ORDER BY code;
SELECT code FROM orgs WHERE code > '91110000600037341L' ORDER BY code DESC;
CREATE TABLE orgs2 AS SELECT id + 10 AS id, code FROM orgs;
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT o.id, p.id FROM orgs o JOIN orgs2 p ON o.code = p.code;
SELECT o.id, p.id FROM orgs o JOIN orgs2 p ON o.code = p.code ORDER BY o.id;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM people a JOIN people2 b ON a.rid = b.rid;
SELECT a.id, b.id FROM people a JOIN people2 b ON a.rid = b.rid ORDER BY a.id, b.id;
RESET enable_mergejoin; RESET enable_nestloop;
CREATE INDEX ON orgs (code);
CREATE INDEX ON people (rid);
CREATE INDEX ON orgs2 USING hash (code);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM orgs WHERE code = '52331024MA2K8Q1R0M';
SELECT id FROM orgs WHERE code = '52331024MA2K8Q1R0M';
EXPLAIN (COSTS OFF) SELECT id FROM people WHERE rid = '331024200002290027';
SELECT id FROM people WHERE rid = '331024200002290027';
EXPLAIN (COSTS OFF) SELECT id FROM orgs2 WHERE code = '91310230MA1K314J7C';
SELECT id FROM orgs2 WHERE code = '91310230MA1K314J7C';
RESET enable_seqscan;
SELECT DISTINCT code FROM (SELECT code FROM orgs UNION ALL SELECT code FROM orgs2) x ORDER BY 1;

-- == uscc: binary COPY round trip
\copy orgs TO '/tmp/illegal_practice_orgs.bin' WITH (FORMAT binary)
CREATE TABLE orgs3 (LIKE orgs);
\copy orgs3 FROM '/tmp/illegal_practice_orgs.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(o.code = p.code) AS same FROM orgs o JOIN orgs3 p USING (id);

-- == storage size
SELECT pg_column_size('331024200506151231'::resident_id) AS resident_id_bytes,
       pg_column_size('91331024MA2H3K5P3J'::uscc) AS uscc_bytes;

-- == B-tree deduplication: both opclasses declare btequalimage (resident_id also borrows int8's sortsupport)
SELECT c.opcname, amvalidate(c.oid) AS valid, array_agg(p.amprocnum ORDER BY p.amprocnum) AS support_procs
  FROM pg_opclass c JOIN pg_amproc p ON p.amprocfamily = c.opcfamily
 WHERE c.opcname IN ('resident_id_ops', 'uscc_ops') GROUP BY c.opcname, c.oid ORDER BY 1;   -- {1,2,4}, {1,4}
CREATE EXTENSION pageinspect SCHEMA public;
SELECT 'orgs_code_idx' AS index, allequalimage FROM public.bt_metap('orgs_code_idx')
UNION ALL SELECT 'people_rid_idx', allequalimage FROM public.bt_metap('people_rid_idx');      -- t, t
DROP EXTENSION pageinspect;
