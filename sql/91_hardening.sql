-- Extension-script hardening (§7): catalog checks over every object of the schema, and a hostile
-- search_path: objects named like ours planted in a schema ahead of pg_catalog must never run.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
-- the extension's own tables and functions (members of the extension; other tests may leave
-- scratch tables in the schema)
CREATE TEMP VIEW ext_rel AS SELECT c.* FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass
  AND d.objid = c.oid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'illegal_practice';
CREATE TEMP VIEW ext_proc AS SELECT p.* FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass
  AND d.objid = p.oid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'illegal_practice';
SELECT count(*) > 0 AS has_tables FROM ext_rel WHERE relkind = 'r';       -- t

-- == catalog: every table has row-level security enabled and forced (expect no rows)
SELECT c.relname FROM ext_rel c
 WHERE c.relkind IN ('r', 'p')
   AND NOT (c.relrowsecurity AND c.relforcerowsecurity);
-- == catalog: every table but audit_log and the derived pre-aggregation tables has the audit trigger (expect no rows)
SELECT c.relname FROM ext_rel c
 WHERE c.relkind IN ('r', 'p')  -- tally_*: derived, rebuilt from audited tables
   AND c.relname NOT IN ('audit_log', 'tally_cell', 'tally_rollup', 'tally_cell_dirty', 'tally_cell_txn',
                         'assessment_derived_cache', 'assessment_cache_dirty', 'assessment_cache_txn')
   AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'ip_audit');
-- == catalog: every table has at least one policy (expect no rows)
SELECT c.relname FROM ext_rel c
 WHERE c.relkind IN ('r', 'p')
   AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid);
-- == catalog: PUBLIC holds no privilege on any table or view (expect no rows)
SELECT c.relname FROM ext_rel c
 WHERE c.relkind IN ('r', 'p', 'v', 'm')
   AND has_table_privilege('public', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER');
-- == catalog: every SECURITY DEFINER function is owned by a NOLOGIN non-superuser, pins its
-- search_path and is not executable by PUBLIC in a schema PUBLIC can use. The list of them is
-- reviewed in 95_catalog_review; here only the exceptions (expect one: job_history_rows, owned by
-- the installing superuser because pg_cron shows a job's runs only to the role that scheduled it)
SELECT p.oid::regprocedure AS function, r.rolname AS owner, r.rolsuper, r.rolcanlogin,
       coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false) AS pinned,
       has_function_privilege('public', p.oid, 'EXECUTE') AND has_schema_privilege('public', p.pronamespace, 'USAGE') AS public_execute
  FROM ext_proc p JOIN pg_roles r ON r.oid = p.proowner
 WHERE p.prosecdef
   AND (r.rolsuper OR r.rolcanlogin OR NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
        OR (has_function_privilege('public', p.oid, 'EXECUTE') AND has_schema_privilege('public', p.pronamespace, 'USAGE')))
 ORDER BY 1;
-- audit_row() illegal_practice_definer f f t f; caller_scope() same
-- == catalog: plpgsql functions pin search_path; SQL functions have a parsed body or pin it (expect no rows)
SELECT p.oid::regprocedure FROM ext_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE (l.lanname = 'plpgsql' OR (l.lanname = 'sql' AND p.prosqlbody IS NULL))
   AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false);
-- == catalog: the DDL helpers are not executable by PUBLIC (expect three f)
SELECT p.proname, has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute FROM ext_proc p
 WHERE p.proname IN ('secure_table', 'share_table', 'masked_view') ORDER BY 1;
-- == catalog: every function, table, view and column has a COMMENT (expect no rows)
SELECT 'function ' || p.oid::regprocedure FROM ext_proc p
 WHERE obj_description(p.oid, 'pg_proc') IS NULL
UNION ALL
SELECT 'relation ' || c.relname FROM ext_rel c
 WHERE c.relkind IN ('r', 'p', 'v', 'm')
   AND obj_description(c.oid, 'pg_class') IS NULL
UNION ALL
SELECT 'column ' || c.relname || '.' || a.attname FROM ext_rel c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relkind IN ('r', 'p', 'v', 'm')
   AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL;
-- == catalog: functions used in policies and the types' comparisons are LEAKPROOF (expect no rows)
SELECT p.oid::regprocedure FROM ext_proc p
 WHERE (p.proname IN ('covers', 'covers_any', 'in_caller_scope') OR p.proname ~ '^(resident_id|uscc)_(eq|ne|lt|le|gt|ge|cmp)$')
   AND NOT p.proleakproof;
-- == catalog: what analyst and reader may read directly (reference data only; never personal columns)
SELECT c.relname, has_table_privilege('illegal_practice_analyst', c.oid, 'SELECT') AS analyst,
       has_table_privilege('illegal_practice_reader', c.oid, 'SELECT') AS reader
  FROM ext_rel c WHERE c.relkind IN ('r', 'p', 'v', 'm')
 ORDER BY 1, 2, 3;   -- case_facts is in both schemas: a full order
-- audit_log f f; calendar_exception t t; campaign t t; campaign_stage t t; division t t; reporting_window t t; user_scope f f

-- == hostile search_path: plant look-alikes that RAISE in a schema searched before pg_catalog
CREATE SCHEMA evil;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
CREATE FUNCTION evil.boom(text, text) RETURNS boolean LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'planted % ran', $1; END $$;
CREATE FUNCTION evil.covers(text, text) RETURNS boolean LANGUAGE sql RETURN evil.boom('covers', $2);
CREATE FUNCTION evil.covers_any(text[], text) RETURNS boolean LANGUAGE sql RETURN evil.boom('covers_any', $2);
CREATE FUNCTION evil.caller() RETURNS name LANGUAGE sql RETURN evil.boom('caller', '')::text;
CREATE FUNCTION evil.caller_scope() RETURNS text[] LANGUAGE sql RETURN ARRAY[evil.boom('caller_scope', '')::text];
CREATE FUNCTION evil.length(text) RETURNS integer LANGUAGE sql RETURN evil.boom('length', $1)::int;
CREATE FUNCTION evil.left(text, integer) RETURNS text LANGUAGE sql RETURN evil.boom('left', $1)::text;
CREATE FUNCTION evil.repeat(text, integer) RETURNS text LANGUAGE sql RETURN evil.boom('repeat', $1)::text;
CREATE FUNCTION evil.btrim(text) RETURNS text LANGUAGE sql RETURN evil.boom('btrim', $1)::text;
CREATE FUNCTION evil.format(text, text) RETURNS text LANGUAGE sql RETURN evil.boom('format', $1)::text;
CREATE FUNCTION evil.quote_ident(text) RETURNS text LANGUAGE sql RETURN evil.boom('quote_ident', $1)::text;
CREATE FUNCTION evil.to_jsonb(anyelement) RETURNS jsonb LANGUAGE sql AS $$ SELECT evil.boom('to_jsonb', '')::text::jsonb $$;
CREATE FUNCTION evil.pg_has_role(name, oid, text) RETURNS boolean LANGUAGE sql RETURN evil.boom('pg_has_role', $3);
CREATE FUNCTION evil.add_workdays(date, integer) RETURNS date LANGUAGE sql RETURN evil.boom('add_workdays', '')::text::date;
CREATE FUNCTION evil.text_eq(text, text) RETURNS boolean LANGUAGE sql RETURN evil.boom('operator =', $1);
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_eq);
CREATE FUNCTION evil.text_cat(text, text) RETURNS text LANGUAGE sql RETURN evil.boom('operator ||', $1)::text;
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_cat);
CREATE FUNCTION evil.int_lt(integer, integer) RETURNS boolean LANGUAGE sql RETURN evil.boom('operator <=', '');
CREATE OPERATOR evil.<= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.int_lt);
-- look-alike tables: a user_scope granting everyone 全国, a division, an audit_log
CREATE TABLE evil.user_scope (role_name text, division_code text);
INSERT INTO evil.user_scope VALUES ('ip_test_evil_clerk', '000000');
CREATE TABLE evil.division (code text, name text, level text, parent_code text);
CREATE TABLE evil.audit_log (id bigint, actor text);
GRANT ALL ON ALL TABLES IN SCHEMA evil TO PUBLIC;
SET client_min_messages = warning;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ip_test_evil_clerk') THEN
    DROP OWNED BY ip_test_evil_clerk; DROP ROLE ip_test_evil_clerk;
  END IF;
  CREATE ROLE ip_test_evil_clerk LOGIN IN ROLE illegal_practice_clerk;
END $$;
RESET client_min_messages;

SET search_path = evil, pg_catalog, illegal_practice, illegal_practice_internal, regress;
SELECT evil.boom('check: a planted object does raise', '');        -- ERROR planted check ... ran
-- CREATE EXTENSION with the hostile path
CALL regress.fresh();
INSERT INTO illegal_practice.division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'), ('331024002', '南峰街道', '乡镇', '331024');
INSERT INTO illegal_practice.user_scope VALUES ('ip_test_evil_clerk', '331024001');
SELECT illegal_practice.covers('331024', '331024001'), illegal_practice.covers_any('{331024}', '331024001'); -- t t
SELECT illegal_practice.mask_name('张三丰'), illegal_practice.mask_phone('13812345678'),
       illegal_practice.mask_address('浙江省仙居县安洲街道');                 -- 张** 138****5678 浙江省仙居县****
SELECT illegal_practice.add_workdays('2020-09-30', 1), illegal_practice.is_workday('2020-10-10'); -- 2020-10-09 t
CREATE TABLE regress.evil_demo (id bigint PRIMARY KEY, township_code text NOT NULL, name text, phone text);
SELECT 1 AS secured FROM illegal_practice_internal.secure_table('regress.evil_demo', 'township_code');   -- 1
SELECT illegal_practice_internal.masked_view('regress.evil_demo', '{"name": "name", "phone": "phone"}');  -- evil_demo_masked
INSERT INTO regress.evil_demo VALUES (1, '331024001', '张三丰', '13812345678'), (2, '331024002', '王五', '13900000003');
SET ROLE ip_test_evil_clerk;
SELECT illegal_practice.caller_scope();                                            -- {331024001}, not 000000
SELECT id, name FROM regress.evil_demo ORDER BY id;                                -- 1 only
WITH u AS (UPDATE regress.evil_demo SET name = '张三' WHERE id IN (1, 2) RETURNING id) SELECT count(*) AS updated FROM u; -- 1
RESET ROLE;
RESET search_path;  -- (the checks below compare text, which the planted = would catch)
SELECT count(*) AS audited FROM illegal_practice.audit_log WHERE table_name = 'evil_demo'; -- 3: two inserts, one update
SELECT count(*) AS nothing_in_evil_audit FROM evil.audit_log;                      -- 0

-- == cleanup
DROP TABLE regress.evil_demo CASCADE;
DROP SCHEMA evil CASCADE;
SET client_min_messages = warning;
DROP ROLE ip_test_evil_clerk;
RESET client_min_messages;
