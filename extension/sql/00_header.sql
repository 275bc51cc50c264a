-- illegal_practice 1.0 — assembled from extension/sql/NN_*.sql in name order.
-- Every object is created in @extschema@ (illegal_practice) and every reference is
-- schema-qualified, so a hostile search_path cannot substitute objects.
\echo Use "CREATE EXTENSION illegal_practice" to load this file. \quit

-- A UTF8 database only (names are masked and normalised character by character). With the library
-- preloaded, encoding_guard.c refuses CREATE EXTENSION before the script is converted; here the
-- databases the conversion lets through (SQL_ASCII converts nothing) are refused.
DO $$
BEGIN
  IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.<>) 'UTF8' THEN
    RAISE EXCEPTION 'illegal_practice needs a UTF8 database, and database "%" has encoding %',
                    pg_catalog.current_database(), pg_catalog.getdatabaseencoding()
      USING ERRCODE = '0A000',
            DETAIL = 'Names, addresses and the forms'' Chinese text are stored, masked and compared character by character in UTF-8.',
            HINT = pg_catalog.format('CREATE DATABASE %I ENCODING ''UTF8'' TEMPLATE template0; clients may still use GBK (client_encoding).',
                                     pg_catalog.current_database());
  END IF;
END $$;

-- Machinery that users never call (trigger functions, pre-aggregation upkeep, declaration helpers)
-- lives in illegal_practice_internal. Only the two owner roles below have USAGE on it, so the users'
-- roles can execute none of its functions nor read any of its views (91_hardening checks it).
CREATE SCHEMA illegal_practice_internal;
COMMENT ON SCHEMA illegal_practice_internal IS '打击非法行医扩展的内部对象（触发器函数、预聚合维护、声明辅助函数）；用户角色不可执行';
REVOKE ALL ON SCHEMA illegal_practice_internal FROM PUBLIC;

-- ===== roles =====
-- illegal_practice_admin/clerk/analyst/reader are the users' group roles (spec §7).
-- illegal_practice_definer owns the read API (forms, assessment, deadlines, report views): it reads
--   the tables with the caller's scope (its policies call in_caller_scope()).
-- illegal_practice_tally owns the pre-aggregation upkeep: it reads every case whoever writes, so the
--   cells never depend on the writer's scope (32_preaggregation.sql).
-- Roles are cluster-wide: they are created when missing and OUTLIVE DROP EXTENSION (and are
-- shared by every database of the cluster). A pre-existing role with SUPERUSER or BYPASSRLS
-- would silently defeat row-level security, so the script refuses to install then.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['illegal_practice_admin', 'illegal_practice_clerk', 'illegal_practice_analyst',
                           'illegal_practice_reader', 'illegal_practice_definer', 'illegal_practice_tally'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', r);
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r AND (rolsuper OR rolbypassrls)) THEN
      RAISE EXCEPTION 'role % exists with SUPERUSER or BYPASSRLS', r
        USING ERRCODE = '42501', DETAIL = 'such a role would bypass the extension''s row-level security',
              HINT = pg_catalog.format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS, then CREATE EXTENSION again', r);
    END IF;
  END LOOP;
  -- the owners of SECURITY DEFINER objects must never log in
  FOREACH r IN ARRAY ARRAY['illegal_practice_definer', 'illegal_practice_tally'] LOOP
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r AND rolcanlogin) THEN
      RAISE EXCEPTION 'role % can log in', r
        USING ERRCODE = '42501', HINT = pg_catalog.format('ALTER ROLE %I NOLOGIN, then CREATE EXTENSION again', r);
    END IF;
  END LOOP;
END $$;
GRANT USAGE ON SCHEMA @extschema@ TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
  illegal_practice_reader, illegal_practice_definer;
GRANT USAGE ON SCHEMA illegal_practice_internal TO illegal_practice_definer, illegal_practice_tally;
GRANT USAGE ON SCHEMA @extschema@ TO illegal_practice_tally;

-- DROP EXTENSION leaves the schema @extschema@ behind (CREATE EXTENSION made it from the control file,
-- so it is not a member), and the grants above would keep the roles from being dropped ("privileges
-- for schema illegal_practice"). At the start of a DROP EXTENSION naming illegal_practice the grants go;
-- if the extension is still there when the command ends (it dropped another one), they come back. A
-- failed DROP rolls the revoke back with it.
CREATE FUNCTION illegal_practice_internal.drop_extension_start() RETURNS event_trigger
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF pg_catalog.current_query() ~* 'illegal_practice' THEN
    REVOKE ALL ON SCHEMA @extschema@ FROM illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
      illegal_practice_reader, illegal_practice_definer, illegal_practice_tally;
    PERFORM pg_catalog.set_config('ip_drop.revoked', 'on', true);
  END IF;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.drop_extension_start() IS
  '事件触发器：DROP EXTENSION illegal_practice 开始时收回各角色对模式 illegal_practice 的权限（模式由 CREATE EXTENSION 建立，删除扩展后仍在），使角色可以删除';
REVOKE ALL ON FUNCTION illegal_practice_internal.drop_extension_start() FROM PUBLIC;
CREATE EVENT TRIGGER illegal_practice_drop_start ON ddl_command_start WHEN TAG IN ('DROP EXTENSION')
  EXECUTE FUNCTION illegal_practice_internal.drop_extension_start();

CREATE FUNCTION illegal_practice_internal.drop_extension_end() RETURNS event_trigger
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF pg_catalog.current_setting('ip_drop.revoked', true) OPERATOR(pg_catalog.=) 'on' THEN
    GRANT USAGE ON SCHEMA @extschema@ TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
      illegal_practice_reader, illegal_practice_definer, illegal_practice_tally;
    PERFORM pg_catalog.set_config('ip_drop.revoked', '', true);
  END IF;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.drop_extension_end() IS
  '事件触发器：DROP EXTENSION 结束时扩展仍在（删除的是别的扩展），把开始时收回的模式权限还给各角色';
REVOKE ALL ON FUNCTION illegal_practice_internal.drop_extension_end() FROM PUBLIC;
CREATE EVENT TRIGGER illegal_practice_drop_end ON ddl_command_end WHEN TAG IN ('DROP EXTENSION')
  EXECUTE FUNCTION illegal_practice_internal.drop_extension_end();
