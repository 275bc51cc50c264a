-- The tally aggregate: state I/O, combine, parallel plans, partial states (what Citus would do).
-- Runs on the data set left by 40_cases (no fresh extension).
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == the state as text: exact fen, case-mask histogram, subjects with flags
SELECT tally(s, k, f, c, p, e, r) FROM (VALUES
  (1::bigint, 4, 100.50, NULL::numeric, NULL::integer, true, false),   -- 罚款 (4), entered: mask 8196; flags 4|8192|32768 = 40964
  (2, 5, 20, 3, 2, false, true),         -- 责令改正+罚款, rectified: mask 16389; flags 5|16384|32768 = 49157
  (1, 0, NULL, NULL, NULL, false, false),-- no action: mask 0; 甲 gains nothing new
  (3, NULL, NULL, NULL, NULL, NULL, NULL) -- an inspection: subject 3 flag 65536, no case
) v(s, k, f, c, p, e, r);   -- fine=120.50 confiscation=3.00 persons=2 cases={0:1,8196:1,16389:1} subjects={1:40964,2:49157,3:65536}
SELECT tally(1, 4, 1, NULL, NULL, false, false) FROM generate_series(1, 3) WHERE false;  -- empty state, not NULL
SELECT tally_cases(s) AS cases, tally_cases(s, penalty_mask()) AS penalized, tally_subjects(s) AS subjects,
       tally_subjects(s, 65536) AS inspected, tally_subject_ids(s, 4) AS fined
  FROM (SELECT 'fine=0 confiscation=0 persons=0 cases={0:1,4:2} subjects={9:32772,3:65536,5:32768}'::tally_state) x(s);
  -- 3, 2, 3, 1, {9}
SELECT 'fine=1.5 confiscation=0 persons=0 cases={4:1,4:1} subjects={7:32772,7:32769}'::tally_state;  -- duplicates merged

-- == bad state text → 22P02
SELECT try($$SELECT 'garbage'::tally_state$$);
SELECT try($$SELECT 'fine=1.001 confiscation=0 persons=0 cases={} subjects={}'::tally_state$$);
SELECT try($$SELECT 'fine=1 confiscation=0 persons=-1 cases={} subjects={}'::tally_state$$);
SELECT try($$SELECT 'fine=1 confiscation=0 persons=0 cases={99999:1} subjects={}'::tally_state$$);
SELECT try($$SELECT 'fine=1 confiscation=0 persons=0 cases={4:0} subjects={}'::tally_state$$);
SELECT try($$SELECT 'fine=1 confiscation=0 persons=0 cases={} subjects={1:0}'::tally_state$$);
SELECT try($$SELECT 'fine=1 confiscation=0 persons=0 cases={} subjects={1:2}x'::tally_state$$);
SELECT try($$SELECT 'fine=99999999999999999999 confiscation=0 persons=0 cases={} subjects={}'::tally_state$$);
-- the text form may name its format version; only version 1 is known (22P02 naming both versions)
SELECT 'version=1 fine=1 confiscation=0 persons=0 cases={} subjects={}'::tally_state;  -- output omits version=1
SELECT try($$SELECT 'version=2 fine=1 confiscation=0 persons=0 cases={} subjects={}'::tally_state$$);
SELECT try($$SELECT 'version=x fine=1 confiscation=0 persons=0 cases={} subjects={}'::tally_state$$);
-- a stored state is checked on every read (tally_unpack): path has the same physical shape (varlena,
-- double alignment), so a binary-coercible cast hands crafted bytes to the accessors.  A path's first
-- field, its point count, lands on the version field: 3 points read as format version 3, 1 point as
-- version 1 but 32 bytes, shorter than the 56-byte header.  Both are XX001, never a misread.
BEGIN;
CREATE CAST (path AS tally_state) WITHOUT FUNCTION;
SELECT try($$SELECT tally_cases('[(0,0),(0,0),(0,0)]'::path::tally_state)$$);                          -- XX001 version 3
SELECT try($$SELECT '[(0,0),(0,0),(0,0)]'::path::tally_state::text$$);                                 -- XX001
SELECT try($$SELECT tally_subjects_union(ARRAY['[(0,0),(0,0),(0,0)]'::path::tally_state], 1)$$);       -- XX001
SELECT try($$SELECT tally_union(s) FROM (VALUES ('[(0,0),(0,0),(0,0)]'::path::tally_state)) v(s)$$);   -- XX001
SELECT try($$SELECT tally_fine_yuan('[(0,0)]'::path::tally_state)$$);                                  -- XX001 size
ROLLBACK;
-- bad input rows
SELECT try($$SELECT tally(1, 99999, NULL, NULL, NULL, false, false)$$);
SELECT try($$SELECT tally(1, 4, -5, NULL, NULL, false, false)$$);
SELECT try($$SELECT tally(1, 4, 0.001, NULL, NULL, false, false)$$);
SELECT try($$SELECT tally(1, 4, NULL, NULL, -1, false, false)$$);

-- == combine: partial states by city, written out as text, read back and merged = one pass
CREATE TEMP TABLE parts AS
  SELECT f.division_code, tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                f.entered_in_system, f.rectified)::text AS st
    FROM case_facts f GROUP BY f.division_code;
SELECT count(*) AS parts FROM parts;   -- 3: 320100, 320200, 331024
SELECT (SELECT tally_union(st::tally_state)::text FROM parts)
     = (SELECT tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                     f.entered_in_system, f.rectified)::text FROM case_facts f) AS same_as_one_pass;   -- t
SELECT tally_merge(NULL, NULL) IS NULL AS null_null, tally_merge(NULL, st::tally_state)::text = st AS null_left
  FROM parts WHERE division_code = '320100';   -- t, t
-- the same through binary COPY (send/recv)
\copy (SELECT st::tally_state FROM parts ORDER BY division_code) TO '/tmp/illegal_practice_tally_regress.bin' WITH (FORMAT binary)
CREATE TEMP TABLE parts_bin (s tally_state);
\copy parts_bin FROM '/tmp/illegal_practice_tally_regress.bin' WITH (FORMAT binary)
SELECT (SELECT string_agg(s::text, '|') FROM parts_bin) = (SELECT string_agg(st, '|' ORDER BY division_code) FROM parts) AS binary_round_trip;  -- t
-- binary input of another format version: 22P03 naming both versions (a one-row COPY file: header,
-- one field of 4 bytes holding version 2, trailer)
\! printf 'PGCOPY\n\377\r\n\000\000\000\000\000\000\000\000\000\000\001\000\000\000\004\000\000\000\002\377\377' > /tmp/illegal_practice_tally_v2.bin
\copy parts_bin FROM '/tmp/illegal_practice_tally_v2.bin' WITH (FORMAT binary)

-- == parallel plans give the same rows
CREATE TEMP TABLE serial_forms AS
  SELECT 1 AS form, to_jsonb(f) AS r FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') f
  UNION ALL SELECT 2, to_jsonb(f) FROM form_beauty_lookback('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
  UNION ALL SELECT 3, to_jsonb(f) FROM form_repeat_offenders('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
  UNION ALL SELECT 4, to_jsonb(f) FROM form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)') f;
CREATE TEMP TABLE serial_agg AS
  SELECT f.category::text AS category, tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan,
         f.persons_accountable, f.entered_in_system, f.rectified)::text AS st FROM case_facts f GROUP BY 1;
CREATE TEMP TABLE serial_simple AS
  SELECT tally(c.subject_id, 4, NULL, NULL, NULL, c.entered_in_system, false)::text AS st FROM enforcement_case c;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET min_parallel_index_scan_size = 0;
SET parallel_leader_participation = off;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
  SELECT tally(c.subject_id, 4, NULL, NULL, NULL, c.entered_in_system, false) FROM enforcement_case c;
-- case_facts (read as its owner, the definer role, under row-level security): the policy check needs no
-- InitPlan and the actions are joined, not looked up in a LATERAL subquery, so both tables can be scanned in
-- workers with their policy checks (a hash join shows it on this small data)
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF)
  SELECT tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable, f.entered_in_system, f.rectified)
    FROM case_facts f WHERE f.category = '无证行医';
RESET enable_nestloop;
RESET enable_mergejoin;
SELECT (SELECT tally(c.subject_id, 4, NULL, NULL, NULL, c.entered_in_system, false)::text FROM enforcement_case c)
     = (SELECT st FROM serial_simple) AS parallel_equals_serial;   -- t
SELECT tally_cases(s) AS cases, tally_cases(s, tally_bit('entered')) AS entered, tally_subjects(s) AS subjects
  FROM (SELECT tally(c.subject_id, 4, NULL, NULL, NULL, c.entered_in_system, false) FROM enforcement_case c) x(s);
  -- 31 cases (1–17, 20–26, 30–36), entered 1 3 6 9 10 11 20 = 7; subjects: 31 cases − (2, 4, 8, 11, 13, 14, 16, 31, 32, 33, 35, 36 repeat a subject) = 19
SELECT count(*) AS differing FROM (
  (SELECT category::text, tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
          f.entered_in_system, f.rectified)::text FROM case_facts f GROUP BY 1)
  EXCEPT SELECT * FROM serial_agg) d;   -- 0
SELECT count(*) AS differing FROM (
  (SELECT 1 AS form, to_jsonb(f) AS r FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') f
   UNION ALL SELECT 2, to_jsonb(f) FROM form_beauty_lookback('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
   UNION ALL SELECT 3, to_jsonb(f) FROM form_repeat_offenders('330000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
   UNION ALL SELECT 4, to_jsonb(f) FROM form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)') f)
  EXCEPT ALL SELECT * FROM serial_forms) d;   -- 0
-- tally_by_case (the forms' scan path): fed the rows of the case–action join, several per case, equals tally
-- over case_facts — in parallel workers (partial states serialized and combined), and with the rows of a case
-- far apart (ordered by the action, so the final function has to fold the entries of a case)
SELECT count(*) AS differing FROM (
  (SELECT c.category::text, illegal_practice_internal.tally_by_case(c.id, c.subject_id, action_bit(x.kind),
          CASE WHEN x.kind = '罚款' THEN x.amount_yuan END, CASE WHEN x.kind = '没收违法所得' THEN x.amount_yuan END,
          CASE WHEN x.kind = '追责' THEN x.persons END, c.entered_in_system, c.rectified_on IS NOT NULL)::text
     FROM enforcement_case c LEFT JOIN case_action x ON x.case_id = c.id GROUP BY 1)
  EXCEPT SELECT * FROM serial_agg) d;   -- 0
SELECT count(*) AS differing FROM (
  (SELECT q.category::text, illegal_practice_internal.tally_by_case(q.id, q.subject_id, action_bit(q.kind),
          CASE WHEN q.kind = '罚款' THEN q.amount_yuan END, CASE WHEN q.kind = '没收违法所得' THEN q.amount_yuan END,
          CASE WHEN q.kind = '追责' THEN q.persons END, q.entered_in_system, q.rectified_on IS NOT NULL ORDER BY q.kind, q.id DESC)::text
     FROM (SELECT c.*, x.kind, x.amount_yuan, x.persons FROM enforcement_case c LEFT JOIN case_action x ON x.case_id = c.id) q GROUP BY 1)
  EXCEPT SELECT * FROM serial_agg) d;   -- 0
SELECT tally_cases(illegal_practice_internal.tally_by_case(v.c, v.s, NULL, NULL, NULL, NULL, true, false), tally_bit('entered')) AS cases_entered
  FROM (VALUES (1, 10), (2, 10), (1, 10)) v(c, s);   -- 2: case 1 counted once, its rows apart
SELECT try($$SELECT illegal_practice_internal.tally_by_case(NULL, 1, 1, NULL, NULL, NULL, false, false)$$);   -- 22004
SELECT try($$SELECT illegal_practice_internal.tally_by_case(1, 1, 99999, NULL, NULL, NULL, false, false)$$);  -- 22023
SELECT * FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)');   -- the same rows as in 40_cases
RESET ALL;
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == report view for BI: only standard types, Chinese comments
SELECT month, category, institution_type, cases, penalized_subjects, fine_cases, fine_wan, cases_entered
  FROM report_cases_monthly WHERE division_code = '320100' AND month < '2020-01-01' ORDER BY month, category, institution_type;
SELECT DISTINCT format_type(a.atttypid, a.atttypmod) AS column_types FROM pg_attribute a
 WHERE a.attrelid = 'report_cases_monthly'::regclass AND a.attnum > 0 ORDER BY 1;
SELECT count(*) AS columns_without_comment FROM pg_attribute a
 WHERE a.attrelid IN ('report_cases_monthly'::regclass, 'report_inspections_monthly'::regclass, 'transfer_alerts'::regclass,
                      'fine_alerts'::regclass, 'enforcement_case'::regclass, 'case_action'::regclass, 'subject'::regclass,
                      'inspection'::regclass)
   AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL;   -- 0

-- == distinct subjects over several states without merging them (the 合计 row)
-- subject 3 has 警告 (bit 1 = 2, a penalty) in the first state only; 5 has 责令改正 (bit 0 = 1, not a penalty) in the
-- second; 7 has nothing: penalty_mask() over both = {3} = 1; with a case (bit 15 = 32768) = {3, 5, 7} = 3; NULL skipped
SELECT tally_subjects_union(ARRAY['fine=0 confiscation=0 persons=0 cases={} subjects={3:32770,7:32768}'::tally_state,
                                  NULL, 'fine=0 confiscation=0 persons=0 cases={} subjects={3:32768,5:32769}'], penalty_mask()) AS penalized,
       tally_subjects_union(ARRAY['fine=0 confiscation=0 persons=0 cases={} subjects={3:32770,7:32768}'::tally_state,
                                  'fine=0 confiscation=0 persons=0 cases={} subjects={3:32768,5:32769}'], 32768) AS with_case,
       tally_subjects(tally_union(s), penalty_mask()) AS via_union
  FROM (VALUES ('fine=0 confiscation=0 persons=0 cases={} subjects={3:32770,7:32768}'::tally_state),
               ('fine=0 confiscation=0 persons=0 cases={} subjects={3:32768,5:32769}')) v(s);   -- 1, 3, 1
SELECT tally_subjects_union(ARRAY[]::tally_state[], 1) AS empty;   -- 0

-- == the action kinds: one list in C (IP_ACTION_KINDS) gives action_bit, is_penalty, penalty_mask and the tally bits
SELECT k AS kind, action_bit(k) AS bit, is_penalty(k) AS penalty FROM unnest(enum_range(NULL::action_kind)) k;
SELECT penalty_mask() AS penalty_mask,
       penalty_mask() = (SELECT sum(action_bit(k)) FROM unnest(enum_range(NULL::action_kind)) k WHERE is_penalty(k)) AS same_set,
       action_bit(NULL) IS NULL AS strict_null;                                            -- 510 t t
SELECT proname, (SELECT lanname FROM pg_language l WHERE l.oid = prolang) AS lang, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'illegal_practice'::regnamespace AND proname IN ('action_bit', 'is_penalty', 'penalty_mask') ORDER BY 1;
-- an enum that no longer matches the C list is an error at first use in a session, never a wrong bit
-- (the next test file installs the extension afresh)
ALTER TYPE action_kind ADD VALUE '新措施';
\c
SET search_path = illegal_practice, regress, public;
SELECT try($$SELECT action_bit('罚款')$$);
SELECT try($$SELECT sum(kinds) FROM case_facts$$);
