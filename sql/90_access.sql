-- 权限 (§7): roles, caller(), covers_any, user_scope, secure_table on scratch tables, run AS the
-- unprivileged roles: clerk isolation, duplicate-key probe, leak probe, masked views, audit_log.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == test login roles (cluster-wide: dropped and recreated here, dropped again at the end)
SET client_min_messages = warning;
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['ip_test_clerk_a', 'ip_test_clerk_b', 'ip_test_clerk_ab', 'ip_test_team',
                           'ip_test_analyst', 'ip_test_reader', 'ip_test_admin', 'ip_test_nobody'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('DROP OWNED BY %I', r);
      EXECUTE format('DROP ROLE %I', r);
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN', r);
  END LOOP;
END $$;
GRANT illegal_practice_clerk TO ip_test_clerk_a, ip_test_clerk_b, ip_test_clerk_ab;
GRANT ip_test_team TO ip_test_clerk_ab;
GRANT illegal_practice_analyst TO ip_test_analyst;
GRANT illegal_practice_reader TO ip_test_reader;
GRANT illegal_practice_admin TO ip_test_admin;
RESET client_min_messages;

-- == group roles: NOLOGIN, never superuser or BYPASSRLS
SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname LIKE 'illegal\_practice\_%' ORDER BY 1; -- 5 rows, all f f f

-- == caller(): the role outside any SECURITY DEFINER function
SELECT caller() = session_user AS caller_is_session_user;                  -- t (no SET ROLE yet)
CREATE FUNCTION regress.who() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT illegal_practice.caller() || ' / ' || current_user $$;
ALTER FUNCTION regress.who() OWNER TO illegal_practice_definer;
SET ROLE ip_test_clerk_a;
SELECT caller(), current_user, caller() = session_user AS same;         -- ip_test_clerk_a, ip_test_clerk_a, f
SELECT regress.who();                                                   -- ip_test_clerk_a / illegal_practice_definer
RESET ROLE;

-- == covers_any: any scope covers the code; 000000 = everything; never raises
SELECT s, c, covers_any(s::text[], c) FROM (VALUES
    ('{331024001}', '331024001'),            -- t
    ('{331024001}', '331024002'),            -- f: another township
    ('{331024}', '331024002'),               -- t: county covers its townships
    ('{331024001,331024002}', '331024002'),  -- t: union
    ('{000000}', '320100'),                  -- t: 全国
    ('{000000}', 'garbage'),                 -- t: everything
    ('{}', '331024001'),                     -- f: empty scope
    ('{NULL}', '331024001'),                 -- f: NULL element ignored
    ('{NULL,331024}', '331024001'),          -- t
    ('{abc}', '331024001'),                  -- f: malformed scope
    ('{331024}', ''),                        -- f: malformed code
    ('{{331024},{331025}}', '331025001')     -- t: any shape of array
  ) v(s, c);
SELECT covers_any(NULL, '331024') IS NULL AS strict_null;                -- t
SELECT proname, proleakproof, provolatile, proparallel FROM pg_proc
 WHERE pronamespace = 'illegal_practice'::regnamespace AND proname IN ('covers', 'covers_any') ORDER BY 1; -- t i s twice

-- == user_scope and caller_scope(): the union over the caller's roles
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'), ('331024002', '南峰街道', '乡镇', '331024');
INSERT INTO user_scope VALUES ('ip_test_clerk_a', '331024001'), ('ip_test_clerk_b', '331024002'),
  ('ip_test_clerk_ab', '331024001'), ('ip_test_team', '331024002'), ('ip_test_analyst', '331024001'),
  ('ip_test_admin', '331024'), ('ip_test_no_such_role', '331024001');
SELECT try($$INSERT INTO user_scope VALUES ('x', '33102')$$);             -- 23514: malformed code
SET ROLE ip_test_clerk_a;  SELECT caller_scope();                        -- {331024001}
SET ROLE ip_test_clerk_ab; SELECT caller_scope();                        -- {331024001,331024002}: own + ip_test_team
SET ROLE ip_test_admin;    SELECT caller_scope();                        -- {331024}
SET ROLE ip_test_nobody;   SELECT try('SELECT illegal_practice.caller_scope()'); -- 42501: no group role
SET ROLE ip_test_clerk_a;  SELECT try('SELECT count(*) FROM illegal_practice.user_scope'); -- 42501
SET ROLE ip_test_admin;
SELECT try($$INSERT INTO illegal_practice.user_scope VALUES ('ip_test_x', '331024003')$$); -- ok: within 331024
SELECT try($$INSERT INTO illegal_practice.user_scope VALUES ('ip_test_x', '330000')$$);    -- 42501: beyond admin's scope
SELECT try($$INSERT INTO illegal_practice.user_scope VALUES ('ip_test_x', '000000')$$);    -- 42501
SELECT try($$DELETE FROM illegal_practice.user_scope WHERE role_name = 'ip_test_x'$$);     -- ok
RESET ROLE;

-- == in_caller_scope(code): the policy predicate; the scope is cached per statement, per caller and per transaction
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024001') AS own, in_caller_scope('331024002') AS other, in_caller_scope(NULL) IS NULL AS strict_null; -- t f t
RESET ROLE;
-- one PL/pgSQL expression (its function cache lives for the transaction) evaluated under two roles and after a scope change
CREATE FUNCTION pg_temp.scope_probe() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
  r text;
  out text := '';
BEGIN
  FOREACH r IN ARRAY ARRAY['ip_test_clerk_a', 'ip_test_admin', 'ip_test_clerk_a', 'scope+', 'ip_test_clerk_a', 'scope-', 'ip_test_clerk_a'] LOOP
    IF r = 'scope+' THEN INSERT INTO illegal_practice.user_scope VALUES ('ip_test_clerk_a', '331024002'); CONTINUE; END IF;
    IF r = 'scope-' THEN DELETE FROM illegal_practice.user_scope WHERE role_name = 'ip_test_clerk_a' AND division_code = '331024002'; CONTINUE; END IF;
    EXECUTE pg_catalog.format('SET ROLE %I', r);
    out := out || illegal_practice.in_caller_scope('331024002')::text || ' ';
    RESET ROLE;
  END LOOP;
  RETURN out;
END $f$;
SELECT pg_temp.scope_probe();   -- false true false true false: clerk_a, admin, clerk_a, clerk_a granted 331024002, revoked
-- role membership and user_scope changes inside one transaction are seen by the next call (cache.c callbacks)
BEGIN;
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024002') AS before_grant;    -- f
RESET ROLE; GRANT ip_test_team TO ip_test_clerk_a;
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024002') AS after_grant;     -- t: ip_test_team has 331024002
RESET ROLE; REVOKE ip_test_team FROM ip_test_clerk_a;
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024002') AS after_revoke;    -- f
RESET ROLE; INSERT INTO user_scope VALUES ('ip_test_clerk_a', '331024002');
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024002') AS after_insert;    -- t
RESET ROLE;
ROLLBACK;
SET ROLE ip_test_clerk_a; SELECT in_caller_scope('331024002') AS after_rollback;  -- f
RESET ROLE;
SELECT proname, provolatile, proparallel, proisstrict, proleakproof FROM pg_proc
 WHERE pronamespace = 'illegal_practice'::regnamespace AND proname = 'in_caller_scope'; -- s s t t
SET ROLE ip_test_nobody; SELECT try($$SELECT illegal_practice.in_caller_scope('331024001')$$); -- 42501: no group role
RESET ROLE;

-- == scratch data tables secured with secure_table (child follows parent) and a masked view
CREATE TABLE regress.case_demo (id bigint PRIMARY KEY, township_code text NOT NULL, name text,
  phone text UNIQUE, address text);
CREATE INDEX ON regress.case_demo (township_code);
CREATE TABLE regress.case_demo_note (id bigint PRIMARY KEY, case_id bigint NOT NULL REFERENCES regress.case_demo, body text);
SELECT secure_table('regress.case_demo', 'township_code');
SELECT secure_table('regress.case_demo_note', '(SELECT d.township_code FROM regress.case_demo d WHERE d.id = case_id)');
SELECT masked_view('regress.case_demo', '{"name": "name", "phone": "phone", "address": "address"}'); -- regress.case_demo_masked
SELECT masked_view('regress.case_demo_note', '{}');                        -- a plain definer view of a child table
SELECT try($$SELECT illegal_practice_internal.secure_table('regress.case_demo', 'nope')$$);             -- 42703
SELECT try($$SELECT illegal_practice_internal.secure_table('regress.case_demo', ' ')$$);                -- 22023
SELECT try($$SELECT illegal_practice_internal.masked_view('regress.case_demo', '{"name": "nickname"}')$$); -- 22023
SELECT try($$SELECT illegal_practice_internal.masked_view('regress.case_demo', '{"nope": "name"}')$$);     -- 42703
SELECT try($$SELECT illegal_practice_internal.masked_view('regress.case_demo', '["name"]')$$);            -- 22023
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
 WHERE c.oid IN ('regress.case_demo'::regclass, 'regress.case_demo_note'::regclass) ORDER BY 1; -- t t twice
SELECT polname, polcmd, polroles::regrole[] FROM pg_policy WHERE polrelid = 'regress.case_demo'::regclass ORDER BY 1;
INSERT INTO regress.case_demo VALUES
  (1, '331024001', '张三丰', '13812345678', '仙居县安洲街道城北路1号'),
  (2, '331024001', '李四', '0576-87797091', '仙居县安洲街道城南路2号'),
  (3, '331024002', '王五', '13900000003', '仙居县南峰街道秘密路3号'),
  (4, '331024002', '赵六', '13900000004', '仙居县南峰街道秘密路4号');
INSERT INTO regress.case_demo_note VALUES (10, 1, 'A的备注'), (30, 3, 'B的秘密备注');
ANALYZE regress.case_demo;
CREATE FUNCTION regress.leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001
  AS $$ BEGIN RAISE NOTICE 'leak: %', $1; RETURN true; END $$;

-- == clerk of township A (331024001): sees and changes only A
SET ROLE ip_test_clerk_a;
SELECT id, township_code, name, phone FROM regress.case_demo ORDER BY id;          -- rows 1, 2 only
SELECT count(*) FROM regress.case_demo WHERE township_code = '331024002';          -- 0
SELECT id, case_id, body FROM regress.case_demo_note ORDER BY id;                  -- 10 only (child follows parent)
SELECT try($$INSERT INTO regress.case_demo VALUES (5, '331024001', '孙七', '13700000005', '仙居县安洲街道东路5号')$$); -- ok
SELECT try($$UPDATE regress.case_demo SET name = '李四光' WHERE id = 2$$);        -- ok
SELECT try($$DELETE FROM regress.case_demo WHERE id = 5$$);                        -- ok
SELECT try($$INSERT INTO regress.case_demo_note VALUES (11, 1, 'A的第二条')$$);    -- ok
SELECT try($$INSERT INTO regress.case_demo VALUES (6, '331024002', '钱八', '13700000006', 'x')$$);  -- 42501: row in B
SELECT try($$UPDATE regress.case_demo SET township_code = '331024002' WHERE id = 1$$);           -- 42501: moving a row to B
SELECT try($$INSERT INTO regress.case_demo_note VALUES (31, 3, '写到B的案子下')$$);                -- 42501: parent in B
WITH u AS (UPDATE regress.case_demo SET name = '改' WHERE id = 3 RETURNING id) SELECT count(*) AS b_rows_updated FROM u; -- 0
WITH d AS (DELETE FROM regress.case_demo WHERE id = 4 RETURNING id) SELECT count(*) AS b_rows_deleted FROM d;         -- 0
WITH d AS (DELETE FROM regress.case_demo_note WHERE id = 30 RETURNING id) SELECT count(*) AS b_notes_deleted FROM d;  -- 0
-- duplicate-key probes on B-only values: the error names the constraint but carries no row data (no DETAIL)
SELECT try($$INSERT INTO regress.case_demo VALUES (6, '331024001', '探', '13900000003', 'x')$$);  -- 23505 case_demo_phone_key, no detail
SELECT try($$INSERT INTO regress.case_demo VALUES (3, '331024001', '探', '13700000007', 'x')$$);  -- 23505 case_demo_pkey, no detail
SELECT try($$INSERT INTO regress.case_demo VALUES (3, '331024001', '探', '13700000007', 'x')
             ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING name$$);             -- 42501: B's row not updatable
-- leak probe: a cheap non-LEAKPROOF function in WHERE only ever receives A's values
SELECT count(*) FROM regress.case_demo WHERE regress.leak(name);                    -- NOTICE 张三丰, 李四光; 2
SELECT count(*) FROM regress.case_demo WHERE regress.leak(phone) AND township_code = '331024002'; -- no NOTICE; 0
SELECT count(*) FROM regress.case_demo_note WHERE regress.leak(body);               -- NOTICE A的备注, A的第二条; 2
SET enable_seqscan = off;
SELECT count(*) FROM regress.case_demo WHERE id = 3 AND regress.leak(name);         -- no NOTICE; 0
-- the scope check in_caller_scope() (scope cached once per statement, no InitPlan) comes before the user's leaky qual; index scans stay
EXPLAIN (COSTS OFF) SELECT * FROM regress.case_demo WHERE regress.leak(name);
EXPLAIN (COSTS OFF) SELECT * FROM regress.case_demo WHERE id = 3;
RESET enable_seqscan;
-- pg_stats hides tables under row-level security
SELECT count(*) AS stats_rows FROM pg_stats WHERE tablename = 'case_demo';          -- 0
-- no way into the audit log or the machinery
SELECT try('SELECT count(*) FROM illegal_practice.audit_log');                      -- 42501
SELECT try($$INSERT INTO illegal_practice.audit_log (actor, session_actor, table_name, op) VALUES ('x', 'x', 'x', 'INSERT')$$); -- 42501
SELECT try('SELECT illegal_practice_internal.audit_row()');                                  -- 42501
SELECT try($$SELECT illegal_practice_internal.secure_table('regress.case_demo', 'name')$$);  -- 42501
SELECT try('SELECT count(*) FROM regress.case_demo_masked');                        -- 42501: the masked view is for analysts
-- reference data: readable, not writable
SELECT count(*) FROM division;                                                      -- 5
SELECT try($$INSERT INTO illegal_practice.division VALUES ('331024003', '福应街道', '乡镇', '331024')$$); -- 42501
RESET ROLE;

-- B's rows are untouched (as superuser)
SELECT id, name, phone FROM regress.case_demo WHERE id IN (3, 4) ORDER BY id;           -- 3 王五 13900000003, 4 赵六 13900000004
SELECT id, body FROM regress.case_demo_note WHERE id = 30;                           -- 30 B的秘密备注

-- == clerk of township B sees only B
SET ROLE ip_test_clerk_b;
SELECT id, township_code, name FROM regress.case_demo ORDER BY id;                 -- 3, 4
RESET ROLE;

-- == analyst (scope 331024001): masked view only, rows within scope only
SET ROLE ip_test_analyst;
SELECT * FROM regress.case_demo_masked ORDER BY id;
-- 1 331024001 张** 138****5678 仙居县安洲街******
-- 2 331024001 李** 0576-****7091 仙居县安洲街******   (name is 李四光 now)
SELECT count(*) FROM regress.case_demo_masked WHERE regress.leak(name);            -- NOTICE 张**, 李**; 2
SELECT try('SELECT count(*) FROM regress.case_demo');                              -- 42501: base table closed
SELECT try('SELECT count(*) FROM regress.case_demo_note');                         -- 42501
SELECT id, case_id, body FROM regress.case_demo_note_masked ORDER BY id;           -- 10 A的备注, 11 A的第二条 (not 30)
SELECT try($$INSERT INTO regress.case_demo_masked (id, township_code) VALUES (9, '331024001')$$); -- 42501
SELECT count(*) AS stats_rows FROM pg_stats WHERE tablename = 'case_demo';          -- 0
SELECT try('SELECT count(*) FROM illegal_practice.audit_log');                      -- 42501
RESET ROLE;
SELECT count(*) > 0 AS superuser_sees_stats FROM pg_stats WHERE tablename = 'case_demo'; -- t

-- == reader: neither data nor masked views; reference data yes
SET ROLE ip_test_reader;
SELECT try('SELECT count(*) FROM regress.case_demo');                              -- 42501
SELECT try('SELECT count(*) FROM regress.case_demo_masked');                       -- 42501
SELECT count(*) FROM division;                                                     -- 5
RESET ROLE;

-- == admin (scope 331024): reads and writes the county, reads the audit log, cannot write it
SET ROLE ip_test_admin;
SELECT id, township_code FROM regress.case_demo ORDER BY id;                        -- 1, 2, 3, 4
SELECT try($$UPDATE regress.case_demo SET phone = '13900000033' WHERE id = 3$$);   -- ok
SELECT try($$INSERT INTO regress.case_demo VALUES (7, '331025001', '外县', '13700000007', 'x')$$); -- 42501: outside the county
SELECT count(*) > 0 AS admin_reads_audit FROM illegal_practice.audit_log;           -- t
SELECT try('DELETE FROM illegal_practice.audit_log');                               -- 42501
SELECT try($$UPDATE illegal_practice.audit_log SET actor = 'x'$$);                  -- 42501
SELECT try($$INSERT INTO illegal_practice.audit_log (actor, session_actor, table_name, op) VALUES ('x', 'x', 'x', 'INSERT')$$); -- 42501
SELECT try($$INSERT INTO illegal_practice.division VALUES ('331024003', '福应街道', '乡镇', '331024')$$); -- ok: within scope
SELECT try($$INSERT INTO illegal_practice.division VALUES ('331025', '外县', '县', '331000')$$);          -- 42501
RESET ROLE;

-- == the audit trail: actor = the outer role, session_actor = session_user
SELECT CASE WHEN actor = session_user THEN '(session user)' ELSE actor END AS actor,
       session_actor = session_user AS session_ok, table_name, op, row_id,
       old ->> 'name' AS old_name, new ->> 'name' AS new_name, new ->> 'phone' AS new_phone
  FROM audit_log WHERE table_name IN ('case_demo', 'case_demo_note', 'user_scope', 'division') AND row_id NOT LIKE '33%'
 ORDER BY id;
SELECT actor, table_name, op, row_id FROM audit_log WHERE table_name = 'division' AND actor <> session_user; -- admin 331024003

-- == masks (§7): keep the character count, never raise, NULL gives NULL
SELECT v, mask_name(v) FROM (VALUES ('张三丰'), ('李四'), ('王'), (''), ('  欧阳娜娜 '), ('阿依古丽·买买提'), ('Zhang San'), (NULL)) t(v);
-- 张**, 李*, *, '', 欧***, 阿*******, Z********, NULL
SELECT v, mask_phone(v) FROM (VALUES ('13812345678'), ('0576-87797091'), ('010-1234567'), ('0576-8779709'),
  ('057687797091'), ('+86 138 1234 5678'), ('12345'), ('110'), ('1'), (''), ('张三 13812345678'), ('１３８１２３４５６７８'), (NULL)) t(v);
-- 138****5678, 0576-****7091, 010-***4567, 0576-***9709, ********7091, +** *** **** 5678, ***45, **0, *, '',
-- ** *******5678 (a name in the phone field is hidden), ***********, NULL
SELECT v, mask_address(v) FROM (VALUES ('浙江省仙居县安洲街道'), ('仙居县'), ('仙居县安洲街'), (''), (NULL)) t(v);
-- 浙江省仙居县****, 仙居县, 仙居县安洲街, '', NULL
SELECT mask('331024200506151231'::resident_id);                                     -- 331024********1231
SELECT mask_phone(repeat('9', 100000)) = repeat('*', 99996) || '9999' AS long_ok;   -- t
SELECT proname, provolatile, proparallel, proisstrict FROM pg_proc
 WHERE pronamespace = 'illegal_practice'::regnamespace AND (proname LIKE 'mask\_%' OR proname = 'mask') ORDER BY 1, 2; -- i s t each

-- == cleanup (roles are cluster-wide)
DROP TABLE regress.case_demo_note, regress.case_demo CASCADE;
DROP FUNCTION regress.leak(text), regress.who();
DELETE FROM user_scope;
SET client_min_messages = warning;
DROP ROLE ip_test_clerk_a, ip_test_clerk_b, ip_test_clerk_ab, ip_test_team, ip_test_analyst, ip_test_reader,
  ip_test_admin, ip_test_nobody;
RESET client_min_messages;
