-- The catalogue-driven access suite (issue 16, spec §7): the sample data of two provinces (浙江/仙居县
-- with its townships, 江苏 with its cities) plus marked rows; roles clerk / analyst / reader / admin at
-- township (331024001), county (331024), city (320100) and national (000000) scope, and one login role
-- with no scope. For EVERY relation of the extension schema a role may SELECT, and EVERY read function
-- (SECURITY DEFINER, owned by the definer) it may EXECUTE — both enumerated from the catalogue, not
-- listed here — every row and every value returned is checked:
--   * scope: the planted marker 标记<code> (in unit names, causes, channels, summaries, …) never names a
--     division outside the caller's scope — in any column, masked or not, including audit_log old/new;
--   * masks (§7): analysts and readers never receive a planted raw personal value (a full name, a
--     resident id, a mobile number, an address past its sixth character).
-- A new relation or read function is probed without anyone adding it; one whose arguments the suite
-- cannot fill is listed (and fails the test) until its parameter names are mapped below.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
SET client_min_messages = warning;
\set ECHO none
\i sample/00_divisions.sql
\i sample/01_campaigns.sql
\i sample/20_patrol.sql
\i sample/40_cases.sql
\i sample/50_supervision.sql
\i sample/60_schedule.sql
\set ECHO all
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
DO $$
DECLARE g text; l text;
BEGIN
  FOREACH g IN ARRAY ARRAY['clerk', 'analyst', 'reader', 'admin'] LOOP
    FOREACH l IN ARRAY ARRAY['township', 'county', 'city', 'national'] LOOP
      EXECUTE format('DROP ROLE IF EXISTS %I', 'ip_c_' || g || '_' || l);
      EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', 'ip_c_' || g || '_' || l, 'illegal_practice_' || g);
      INSERT INTO user_scope VALUES ('ip_c_' || g || '_' || l,
        CASE l WHEN 'township' THEN '331024001' WHEN 'county' THEN '331024' WHEN 'city' THEN '320100' ELSE '000000' END);
    END LOOP;
  END LOOP;
  DROP ROLE IF EXISTS ip_c_none;
  CREATE ROLE ip_c_none LOGIN IN ROLE illegal_practice_clerk;        -- no user_scope row at all
END $$;
RESET client_min_messages;

-- marked rows: every division level, every kind of data table (values by hand: one of each)
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024001', '标记331024001诊所', '浙江省仙居县标记331024001', '13812345678', '西医', '2020-06-01'),
  ('331024101', '标记331024101诊所', '浙江省仙居县标记331024101', '13912345678', '中医', '2020-06-01');
INSERT INTO practitioner (site_id, name, resident_id, in_charge)
  SELECT id, '诸葛孔明', '331024200506151231', true FROM site WHERE name = '标记331024001诊所';
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed, note)
  SELECT township_code, id, '2020-06-10', '司马仲达', true, '责令限期整改', false, '标记' || township_code FROM site WHERE name LIKE '标记%诊所';
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, subject_resident_id, cause, filed_on) VALUES
  ('331024101', '无证行医', '西医', '标记331024101某', '浙江省仙居县标记331024101', NULL, '标记331024101', '2020-05-01'),
  ('320100', '无证行医', '西医', '标记320100某', '江苏省南京市标记320100', NULL, '标记320100', '2019-05-01'),
  ('320300', '无证行医', '西医', '标记320300某', '江苏省徐州市标记320300', NULL, '标记320300', '2019-05-01');
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on)
  SELECT id, '罚款', 1000, filed_on + 5 FROM enforcement_case WHERE cause LIKE '标记%';
INSERT INTO tip (division_code, received_on, channel, real_name, reporter_name, reporter_phone, content) VALUES
  ('331024001', '2020-06-01', '标记331024001', true, '诸葛孔明', '13812345678', '标记331024001'),
  ('320100', '2019-06-01', '标记320100', false, NULL, NULL, '标记320100');
INSERT INTO institution (division_code, name, institution_type, kind, address) VALUES
  ('320100', '标记320100医院', '西医', '医院', '江苏省南京市标记320100');
SET client_min_messages = warning;
SELECT count(*) > 0 AS snapshots_taken FROM tick('2021-12-31');  -- the stage snapshots of both campaigns exist too
RESET client_min_messages;

-- the planted raw personal values: a full name, a resident id, a mobile number, an address tail
CREATE TABLE regress.raw_personal (v text);
INSERT INTO regress.raw_personal VALUES ('诸葛孔明'), ('司马仲达'), ('331024200506151231'), ('13812345678'), ('13912345678'),
  ('仙居县标记331024001');
GRANT SELECT ON regress.raw_personal TO PUBLIC;
-- the roles of the suite and their scopes
CREATE TABLE regress.suite_role (r text PRIMARY KEY, scope text[], masked boolean);
INSERT INTO regress.suite_role
  SELECT rolname, coalesce((SELECT array_agg(division_code) FROM user_scope WHERE role_name = rolname), '{}'),
         rolname ~ '_(analyst|reader)_'
    FROM pg_roles WHERE rolname ~ '^ip_c_';

-- every relation of the schema, every role of the suite: what it may read, and what it gets
CREATE TABLE regress.probe (r text, obj text, kind text, rows bigint, outside text[], raw text[], err text, seen text[]);
CREATE FUNCTION regress.probe_relations() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  sr record; rel record; n bigint; outside text[]; raw text[]; seen text[]; st text; m text;
BEGIN
  FOR sr IN SELECT * FROM regress.suite_role ORDER BY r LOOP
    FOR rel IN SELECT c.oid::regclass::text AS name FROM pg_class c
                WHERE c.relnamespace = 'illegal_practice'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND has_table_privilege(sr.r, c.oid, 'SELECT') ORDER BY 1 LOOP
      BEGIN
        EXECUTE format('SET LOCAL ROLE %I', sr.r);
        EXECUTE format($q$
          SELECT count(*),
                 (SELECT array_agg(DISTINCT k.m[1]) FROM %1$s t2, regexp_matches(to_jsonb(t2)::text, '标记([0-9]{6,9})', 'g') AS k(m)
                   WHERE NOT illegal_practice.covers_any($1, k.m[1])),
                 (SELECT array_agg(DISTINCT k.m[1]) FROM %1$s t4, regexp_matches(to_jsonb(t4)::text, '标记([0-9]{6,9})', 'g') AS k(m)),
                 (SELECT array_agg(DISTINCT p.v) FROM %1$s t3, regress.raw_personal p
                   WHERE $2 AND strpos(to_jsonb(t3)::text, p.v) > 0)
            FROM %1$s t$q$, rel.name)
          INTO n, outside, seen, raw USING sr.scope, sr.masked;
        RESET ROLE;
        INSERT INTO regress.probe VALUES (sr.r, rel.name, 'relation', n, outside, raw, NULL, seen);
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
        INSERT INTO regress.probe VALUES (sr.r, rel.name, 'relation', NULL, NULL, NULL, st || ': ' || m);
      END;
    END LOOP;
  END LOOP;
END $$;

-- the read API: every SECURITY DEFINER function of the definer a role may execute, called with the
-- arguments its parameter names ask for; division arguments once per province (and per township)
CREATE TABLE regress.arg_value (name text, val text);
INSERT INTO regress.arg_value VALUES
  ('division_code', '330000'), ('division_code', '320000'), ('division_code', '331024001'), ('scope', '330000'), ('scope', '320000'),
  ('township_code', '331024001'), ('township_code', '331024101'),
  ('period', '[2019-01-01,2021-01-01)'), ('current', '[2019-01-01,2021-01-01)'), ('prior', '[2017-01-01,2019-01-01)'),
  ('as_of', '2020-12-31'), ('month', '2020-11-01'), ('window_id', '1'), ('campaign_id', '1'), ('campaign_id', '2'), ('application_id', '1'), ('bom', 'true'), ('unit', '测试单位'), ('filled_on', '2020-12-31'), ('rule_set', '示例省2020');
CREATE TABLE regress.call (fn regprocedure, sql text);
CREATE FUNCTION regress.plan_calls() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  p record; names text[]; nreq integer; combos text[]; nc text[]; a text; v record; i integer;
BEGIN
  FOR p IN SELECT f.oid, f.oid::regprocedure AS sig, f.proname, f.proargnames, f.pronargs, f.pronargdefaults, f.proargtypes
             FROM pg_proc f WHERE f.pronamespace = 'illegal_practice'::regnamespace AND f.prosecdef
              AND f.proowner = 'illegal_practice_definer'::regrole AND f.prorettype <> 'trigger'::regtype
              AND EXISTS (SELECT FROM unnest(ARRAY['illegal_practice_admin', 'illegal_practice_clerk', 'illegal_practice_analyst',
                                                   'illegal_practice_reader']) g WHERE has_function_privilege(g, f.oid, 'EXECUTE')) LOOP
    names := coalesce(p.proargnames[1:p.pronargs], '{}');
    nreq := p.pronargs - p.pronargdefaults;
    combos := ARRAY[''];
    FOR i IN 1 .. p.pronargs LOOP
      a := names[i];
      IF EXISTS (SELECT FROM regress.arg_value WHERE name = a) THEN
        nc := '{}';
        FOR v IN SELECT val FROM regress.arg_value WHERE name = a LOOP
          nc := nc || (SELECT array_agg(c || CASE WHEN c = '' THEN '' ELSE ', ' END || format('%I => %L', a, v.val)) FROM unnest(combos) c);
        END LOOP;
        combos := nc;
      ELSIF i <= nreq THEN
        combos := NULL;                   -- a required argument the suite cannot fill: not probed (listed below)
        EXIT;
      END IF;
    END LOOP;
    IF combos IS NULL THEN
      INSERT INTO regress.call VALUES (p.sig, NULL);
    ELSE
      INSERT INTO regress.call SELECT p.sig, format('SELECT count(*), string_agg(to_jsonb(x)::text, '' '') FROM illegal_practice.%I(%s) x', p.proname, c)
        FROM unnest(combos) c;
    END IF;
  END LOOP;
END $$;
SELECT plan_calls();
CREATE FUNCTION regress.probe_functions() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  sr record; c record; n bigint; body text; outside text[]; raw text[]; seen text[]; st text; m text;
BEGIN
  FOR sr IN SELECT * FROM regress.suite_role ORDER BY r LOOP
    FOR c IN SELECT * FROM regress.call WHERE sql IS NOT NULL AND has_function_privilege(sr.r, fn, 'EXECUTE') ORDER BY fn::text, sql LOOP
      BEGIN
        EXECUTE format('SET LOCAL ROLE %I', sr.r);
        EXECUTE c.sql INTO n, body;
        RESET ROLE;
        SELECT array_agg(DISTINCT k.m[1]) INTO outside FROM regexp_matches(coalesce(body, ''), '标记([0-9]{6,9})', 'g') AS k(m)
         WHERE NOT illegal_practice.covers_any(sr.scope, k.m[1]);
        SELECT array_agg(DISTINCT k.m[1]) INTO seen FROM regexp_matches(coalesce(body, ''), '标记([0-9]{6,9})', 'g') AS k(m);
        SELECT array_agg(DISTINCT p.v) INTO raw FROM regress.raw_personal p WHERE sr.masked AND strpos(coalesce(body, ''), p.v) > 0;
        INSERT INTO regress.probe VALUES (sr.r, c.sql, 'function', n, outside, raw, NULL, seen);
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
        INSERT INTO regress.probe VALUES (sr.r, c.sql, 'function', NULL, NULL, NULL, st || ': ' || m);
      END;
    END LOOP;
  END LOOP;
END $$;
SELECT probe_relations(), probe_functions();

-- == read functions whose arguments the suite cannot fill (expect no rows: map their parameter names)
SELECT fn FROM regress.call WHERE sql IS NULL ORDER BY 1;
-- == every value inside the caller's scope: markers of divisions outside it (expect no rows)
SELECT r, kind, obj, outside FROM regress.probe WHERE outside IS NOT NULL ORDER BY 1, 2, 3;
-- == masks (§7): raw personal values reaching an analyst or reader (expect no rows)
SELECT r, kind, obj, raw FROM regress.probe WHERE raw IS NOT NULL ORDER BY 1, 2, 3;
-- == errors (expect only the refusals listed: a relation a role may SELECT never fails; a read function
-- refuses only what the caller may not have — no XX000, no crash)
SELECT kind, left(err, 5) AS sqlstate, regexp_replace(err, '[0-9]+', 'N', 'g') AS err, count(*) AS probes, count(DISTINCT r) AS roles
  FROM regress.probe WHERE err IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- == the probes: per role, relations and function calls probed, and rows seen (the scope at work:
-- the role with no scope sees no row of a data table; wider scopes see more)
SELECT r, count(*) FILTER (WHERE kind = 'relation') AS relations, count(*) FILTER (WHERE kind = 'function') AS calls,
       count(*) FILTER (WHERE err IS NOT NULL) AS refused, sum(rows) FILTER (WHERE kind = 'relation') AS relation_rows
  FROM regress.probe GROUP BY r ORDER BY r;
-- a role with no scope reads no row of any scoped relation (reference data and the roll-up status only)
SELECT obj, rows FROM regress.probe WHERE r = 'ip_c_none' AND kind = 'relation' AND rows > 0 ORDER BY 1;
-- the markers each role did see (the suite is not vacuous: each role sees its own divisions' rows;
-- analysts and readers see the markers that sit in unmasked columns only)
SELECT r, (SELECT array_agg(DISTINCT x ORDER BY x) FROM regress.probe p2, unnest(p2.seen) x WHERE p2.r = p.r AND p2.kind = 'relation') AS in_relations,
       (SELECT array_agg(DISTINCT x ORDER BY x) FROM regress.probe p2, unnest(p2.seen) x WHERE p2.r = p.r AND p2.kind = 'function') AS in_functions
  FROM (SELECT DISTINCT r FROM regress.probe) p ORDER BY r;
SELECT count(*) AS probes FROM regress.probe;
