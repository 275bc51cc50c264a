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
-- 01_types.sql — the identifier types resident_id (§1.1) and uscc (§1.2).

-- ===== type resident_id =====
CREATE TYPE @extschema@.resident_id;
CREATE FUNCTION @extschema@.resident_id_in(cstring) RETURNS @extschema@.resident_id
  AS 'MODULE_PATHNAME', 'resident_id_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.resident_id_out(@extschema@.resident_id) RETURNS cstring
  AS 'MODULE_PATHNAME', 'resident_id_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.resident_id_recv(internal) RETURNS @extschema@.resident_id
  AS 'MODULE_PATHNAME', 'resident_id_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.resident_id_send(@extschema@.resident_id) RETURNS bytea
  AS 'MODULE_PATHNAME', 'resident_id_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.resident_id (
  INPUT = @extschema@.resident_id_in, OUTPUT = @extschema@.resident_id_out,
  RECEIVE = @extschema@.resident_id_recv, SEND = @extschema@.resident_id_send,
  INTERNALLENGTH = 8, PASSEDBYVALUE, ALIGNMENT = double,
  STORAGE = plain, CATEGORY = 'S'
);
COMMENT ON TYPE @extschema@.resident_id IS '居民身份证号码（GB 11643-1999），按17位数字以8字节存储，校验位在输出时计算';
COMMENT ON FUNCTION @extschema@.resident_id_in(cstring) IS 'resident_id 文本输入：校验长度、字符、校验位，错误时报 22P02';
COMMENT ON FUNCTION @extschema@.resident_id_out(@extschema@.resident_id) IS 'resident_id 文本输出（18位，大写）';
COMMENT ON FUNCTION @extschema@.resident_id_recv(internal) IS 'resident_id 二进制输入（18位文本，同样校验）';
COMMENT ON FUNCTION @extschema@.resident_id_send(@extschema@.resident_id) IS 'resident_id 二进制输出（18位文本）';

CREATE FUNCTION @extschema@.resident_id_cmp(@extschema@.resident_id, @extschema@.resident_id) RETURNS integer
  AS 'MODULE_PATHNAME', 'resident_id_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_cmp(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 比较（btree 支持函数），与文本顺序一致';
CREATE FUNCTION @extschema@.resident_id_hash(@extschema@.resident_id) RETURNS integer
  AS 'MODULE_PATHNAME', 'resident_id_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_hash(@extschema@.resident_id) IS 'resident_id 哈希（hash 支持函数）';
CREATE FUNCTION @extschema@.resident_id_hash_extended(@extschema@.resident_id, bigint) RETURNS bigint
  AS 'MODULE_PATHNAME', 'resident_id_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_hash_extended(@extschema@.resident_id, bigint) IS 'resident_id 带种子的64位哈希（hash 支持函数）';
CREATE FUNCTION @extschema@.resident_id_eq(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_eq(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 相等';
CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE FUNCTION @extschema@.resident_id_ne(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_ne(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 不等';
CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE FUNCTION @extschema@.resident_id_lt(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_lt(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 小于';
CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE FUNCTION @extschema@.resident_id_le(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_le(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 小于等于';
CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE FUNCTION @extschema@.resident_id_gt(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_gt(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 大于';
CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE FUNCTION @extschema@.resident_id_ge(@extschema@.resident_id, @extschema@.resident_id) RETURNS boolean
  AS 'MODULE_PATHNAME', 'resident_id_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.resident_id_ge(@extschema@.resident_id, @extschema@.resident_id) IS 'resident_id 大于等于';
CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.resident_id, RIGHTARG = @extschema@.resident_id, FUNCTION = @extschema@.resident_id_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR CLASS @extschema@.resident_id_ops DEFAULT FOR TYPE @extschema@.resident_id USING btree AS
  OPERATOR 1 @extschema@.< , OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> ,
  FUNCTION 1 @extschema@.resident_id_cmp(@extschema@.resident_id, @extschema@.resident_id),
  FUNCTION 2 pg_catalog.btint8sortsupport(internal),
  FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.resident_id_hash_ops DEFAULT FOR TYPE @extschema@.resident_id USING hash AS
  OPERATOR 1 @extschema@.= ,
  FUNCTION 1 @extschema@.resident_id_hash(@extschema@.resident_id),
  FUNCTION 2 @extschema@.resident_id_hash_extended(@extschema@.resident_id, bigint);
CREATE CAST (text AS @extschema@.resident_id) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.resident_id AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS @extschema@.resident_id) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.resident_id AS varchar) WITH INOUT AS ASSIGNMENT;

-- ===== type uscc =====
CREATE TYPE @extschema@.uscc;
CREATE FUNCTION @extschema@.uscc_in(cstring) RETURNS @extschema@.uscc
  AS 'MODULE_PATHNAME', 'uscc_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_out(@extschema@.uscc) RETURNS cstring
  AS 'MODULE_PATHNAME', 'uscc_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_recv(internal) RETURNS @extschema@.uscc
  AS 'MODULE_PATHNAME', 'uscc_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_send(@extschema@.uscc) RETURNS bytea
  AS 'MODULE_PATHNAME', 'uscc_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.uscc (
  INPUT = @extschema@.uscc_in, OUTPUT = @extschema@.uscc_out,
  RECEIVE = @extschema@.uscc_recv, SEND = @extschema@.uscc_send,
  INTERNALLENGTH = 12,  ALIGNMENT = int4,
  STORAGE = plain, CATEGORY = 'S'
);
COMMENT ON TYPE @extschema@.uscc IS '统一社会信用代码（GB 32100-2015），以12字节存储，校验位在输出时计算';
COMMENT ON FUNCTION @extschema@.uscc_in(cstring) IS 'uscc 文本输入：校验长度、字符、校验位，错误时报 22P02';
COMMENT ON FUNCTION @extschema@.uscc_out(@extschema@.uscc) IS 'uscc 文本输出（18位，大写）';
COMMENT ON FUNCTION @extschema@.uscc_recv(internal) IS 'uscc 二进制输入（18位文本，同样校验）';
COMMENT ON FUNCTION @extschema@.uscc_send(@extschema@.uscc) IS 'uscc 二进制输出（18位文本）';

CREATE FUNCTION @extschema@.uscc_cmp(@extschema@.uscc, @extschema@.uscc) RETURNS integer
  AS 'MODULE_PATHNAME', 'uscc_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_cmp(@extschema@.uscc, @extschema@.uscc) IS 'uscc 比较（btree 支持函数），与文本顺序一致';
CREATE FUNCTION @extschema@.uscc_hash(@extschema@.uscc) RETURNS integer
  AS 'MODULE_PATHNAME', 'uscc_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_hash(@extschema@.uscc) IS 'uscc 哈希（hash 支持函数）';
CREATE FUNCTION @extschema@.uscc_hash_extended(@extschema@.uscc, bigint) RETURNS bigint
  AS 'MODULE_PATHNAME', 'uscc_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_hash_extended(@extschema@.uscc, bigint) IS 'uscc 带种子的64位哈希（hash 支持函数）';
CREATE FUNCTION @extschema@.uscc_eq(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_eq(@extschema@.uscc, @extschema@.uscc) IS 'uscc 相等';
CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE FUNCTION @extschema@.uscc_ne(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_ne(@extschema@.uscc, @extschema@.uscc) IS 'uscc 不等';
CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE FUNCTION @extschema@.uscc_lt(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_lt(@extschema@.uscc, @extschema@.uscc) IS 'uscc 小于';
CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE FUNCTION @extschema@.uscc_le(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_le(@extschema@.uscc, @extschema@.uscc) IS 'uscc 小于等于';
CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE FUNCTION @extschema@.uscc_gt(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_gt(@extschema@.uscc, @extschema@.uscc) IS 'uscc 大于';
CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE FUNCTION @extschema@.uscc_ge(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.uscc_ge(@extschema@.uscc, @extschema@.uscc) IS 'uscc 大于等于';
CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc, FUNCTION = @extschema@.uscc_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR CLASS @extschema@.uscc_ops DEFAULT FOR TYPE @extschema@.uscc USING btree AS
  OPERATOR 1 @extschema@.< , OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> ,
  FUNCTION 1 @extschema@.uscc_cmp(@extschema@.uscc, @extschema@.uscc),
  FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.uscc_hash_ops DEFAULT FOR TYPE @extschema@.uscc USING hash AS
  OPERATOR 1 @extschema@.= ,
  FUNCTION 1 @extschema@.uscc_hash(@extschema@.uscc),
  FUNCTION 2 @extschema@.uscc_hash_extended(@extschema@.uscc, bigint);
CREATE CAST (text AS @extschema@.uscc) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.uscc AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (varchar AS @extschema@.uscc) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.uscc AS varchar) WITH INOUT AS ASSIGNMENT;

-- ===== accessors =====
CREATE FUNCTION @extschema@.birth_date(@extschema@.resident_id) RETURNS date
  AS 'MODULE_PATHNAME', 'resident_id_birth_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.birth_date(@extschema@.resident_id) IS '出生日期（第7–14位）';
CREATE FUNCTION @extschema@.sex(@extschema@.resident_id) RETURNS text
  AS 'MODULE_PATHNAME', 'resident_id_sex' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sex(@extschema@.resident_id) IS '性别：顺序码奇数为男，偶数为女';
CREATE FUNCTION @extschema@.region_code(@extschema@.resident_id) RETURNS text
  AS 'MODULE_PATHNAME', 'resident_id_region_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.region_code(@extschema@.resident_id) IS '地址码（前6位，首次登记地）';
CREATE FUNCTION @extschema@.mask(@extschema@.resident_id) RETURNS text
  AS 'MODULE_PATHNAME', 'resident_id_mask' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mask(@extschema@.resident_id) IS '脱敏：保留前6位和后4位，如 331024********1231';
CREATE FUNCTION @extschema@.authority_code(@extschema@.uscc) RETURNS text
  AS 'MODULE_PATHNAME', 'uscc_authority_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.authority_code(@extschema@.uscc) IS '登记管理部门码（第1位）';
CREATE FUNCTION @extschema@.organization_type(@extschema@.uscc) RETURNS text
  AS 'MODULE_PATHNAME', 'uscc_organization_type' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.organization_type(@extschema@.uscc) IS '机构类别名称（第1–2位，如 12 → 事业单位），未知代码返回 NULL';
CREATE FUNCTION @extschema@.region_code(@extschema@.uscc) RETURNS text
  AS 'MODULE_PATHNAME', 'uscc_region_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.region_code(@extschema@.uscc) IS '登记管理机关行政区划码（第3–8位）';
CREATE FUNCTION @extschema@.organization_code(@extschema@.uscc) RETURNS text
  AS 'MODULE_PATHNAME', 'uscc_organization_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.organization_code(@extschema@.uscc) IS '组织机构代码（第9–17位，GB 11714）';
CREATE FUNCTION @extschema@.organization_code_valid(@extschema@.uscc) RETURNS boolean
  AS 'MODULE_PATHNAME', 'uscc_organization_code_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.organization_code_valid(@extschema@.uscc) IS '内嵌组织机构代码的校验码是否正确（GB 11714，仅提示，不拒收）';
-- 02_enums.sql — the spec §2 enums. Labels exactly as the forms print them; enum order is form row order.
CREATE TYPE @extschema@.division_level AS ENUM ('省', '市', '县', '乡镇');
COMMENT ON TYPE @extschema@.division_level IS '行政区划级别：省、市、县、乡镇';
CREATE TYPE @extschema@.institution_type AS ENUM ('西医', '中医', '医疗美容', '口腔', '其他');
COMMENT ON TYPE @extschema@.institution_type IS '机构类型（附表1行顺序）';
CREATE TYPE @extschema@.qualification AS ENUM
  ('无', '村防保员', '村公共卫生联系员', '乡村医生', '执业助理医师', '执业医师', '护士', '药士', '药师', '其他');
COMMENT ON TYPE @extschema@.qualification IS '从医资格（附件1 注）';
CREATE TYPE @extschema@.site_status AS ENUM ('在营', '限期整改', '已停业', '自行歇业', '已取缔', '已取得许可');
COMMENT ON TYPE @extschema@.site_status IS '无证行医场所状态';
CREATE TYPE @extschema@.patrol_outcome AS ENUM ('未发现执业', '责令限期整改', '劝导停业', '拒不整改', '已取缔');
COMMENT ON TYPE @extschema@.patrol_outcome IS '巡查处理结果';
CREATE TYPE @extschema@.case_category AS ENUM
  ('无证行医', '医疗机构违法执业', '非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠', '其他');
COMMENT ON TYPE @extschema@.case_category IS '案件类别';
CREATE TYPE @extschema@.action_kind AS ENUM
  ('责令改正', '警告', '罚款', '没收违法所得', '没收药品器械', '责令停业整顿', '吊销执业许可', '吊销执业证书',
   '取缔', '移送司法机关', '移送相关部门', '法院判决', '追责');
COMMENT ON TYPE @extschema@.action_kind IS '案件处理措施';

-- The penalty set and the tally bits of the action kinds are defined once, in C (IP_ACTION_KINDS in
-- extension/include/illegal_practice.h, checked against this enum at first use): is_penalty() here,
-- action_bit() (30_cases.sql) and penalty_mask() (31_tally.sql) read that list.
CREATE FUNCTION @extschema@.is_penalty(@extschema@.action_kind) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_is_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.is_penalty(@extschema@.action_kind) IS
  '是否行政处罚措施：警告、罚款、没收违法所得、没收药品器械、责令停业整顿、吊销执业许可、吊销执业证书、取缔（责令改正不是处罚）';
-- 03_access.sql — who is asking and what they may see (spec §7): caller(), the scope predicate,
-- the masks, the audit log, and the declarations every table makes right after itself:
-- secure_table() / share_table() (row-level security, policies, grants, audit trigger) and
-- masked_view() (the analyst's masked view). The scope of each role is in 10_division.sql (user_scope).
--
-- Restore mode: every trigger of the extension carries
--   WHEN (current_setting('row_security') <> 'off')
-- pg_dump's output (plain, or through pg_restore) sets row_security = off, and only a role that
-- bypasses row-level security can write a data table in that mode; the dump already holds what the
-- triggers wrote (audit log, subjects, status history, roll-ups), so a stock restore replays the rows
-- as they are, and the audit trigger does not meet audit_log's forced row-level security.

CREATE FUNCTION @extschema@.caller() RETURNS name
  AS 'MODULE_PATHNAME', 'ip_caller' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.caller() IS
  '调用者：任何 SECURITY DEFINER 函数之外生效的角色（登录角色或 SET ROLE 所设角色）；安全定义者函数与视图中仍为真实用户';

CREATE FUNCTION @extschema@.mask_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE  -- not STRICT, so that it is inlined (NULL gives NULL all the same)
  RETURN CASE WHEN pg_catalog.length(pg_catalog.btrim(name)) <= 1
              THEN pg_catalog.repeat('*', pg_catalog.length(pg_catalog.btrim(name)))
              ELSE pg_catalog.left(pg_catalog.btrim(name), 1)
                   || pg_catalog.repeat('*', pg_catalog.length(pg_catalog.btrim(name)) - 1) END;
COMMENT ON FUNCTION @extschema@.mask_name(text) IS
  '姓名脱敏：保留第一个字，其余每字一个 *（张三丰 → 张**，李四 → 李*）；单字姓名全部遮盖（王 → *）；去首尾空格；NULL 得 NULL';

CREATE FUNCTION @extschema@.mask_phone(phone text) RETURNS text
  AS 'MODULE_PATHNAME', 'ip_mask_phone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mask_phone(text) IS
  '电话脱敏：手机 13812345678 → 138****5678；座机 0576-87797091 → 0576-****7091；'
  '其他格式：除分隔符（空格 - + 括号）和最后 min(4, 数字个数/2) 位数字外全部为 *；NULL 得 NULL';

CREATE FUNCTION @extschema@.mask_address(address text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.left(address, 6) || pg_catalog.repeat('*', pg_catalog.length(address) - 6);
COMMENT ON FUNCTION @extschema@.mask_address(text) IS
  '地址脱敏：保留前6个字，其余每字一个 *（浙江省仙居县安洲街道 → 浙江省仙居县****）；不超过6字的原样返回；NULL 得 NULL';

-- one mapping from a mask kind to its mask, used by the masked views and the snapshot mask
CREATE FUNCTION @extschema@.mask_value(kind text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE kind
           WHEN 'name' THEN (SELECT pg_catalog.string_agg(@extschema@.mask_name(x), '、' ORDER BY o)
                               FROM pg_catalog.unnest(pg_catalog.string_to_array(value, '、')) WITH ORDINALITY AS u(x, o))
           WHEN 'phone' THEN @extschema@.mask_phone(value)
           WHEN 'address' THEN @extschema@.mask_address(value)
           WHEN 'resident_id' THEN @extschema@.mask(value::@extschema@.resident_id)
           WHEN 'hide' THEN NULL END;
COMMENT ON FUNCTION @extschema@.mask_value(text, text) IS
  '按脱敏方式脱敏一个值：name（姓名，多个以、分隔逐个脱敏）、phone、address、resident_id、hide（隐去）；其他方式得 NULL；NULL 得 NULL';


-- Who may see personal data: superusers and members of the admin and clerk roles.
-- Analysts, readers and everyone else get masked values from every form and view.
CREATE FUNCTION @extschema@.sees_personal() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(bool_or(r.rolsuper OR r.rolbypassrls
                  OR pg_catalog.pg_has_role(r.oid, 'illegal_practice_admin', 'MEMBER')
                  OR pg_catalog.pg_has_role(r.oid, 'illegal_practice_clerk', 'MEMBER')), false)
    FROM pg_catalog.pg_roles r WHERE r.rolname = @extschema@.caller();
END;
COMMENT ON FUNCTION @extschema@.sees_personal() IS
  '调用者能否看到个人信息原文：超级用户、管理员、录入员可以；分析员、只读（BI）角色及其他角色只能看到脱敏值';

CREATE FUNCTION @extschema@.pii_name(name text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN name IS NULL OR @extschema@.sees_personal() THEN name
              ELSE (SELECT pg_catalog.string_agg(@extschema@.mask_name(x), '、' ORDER BY o)
                      FROM pg_catalog.unnest(pg_catalog.string_to_array(name, '、')) WITH ORDINALITY AS u(x, o)) END;
COMMENT ON FUNCTION @extschema@.pii_name(text) IS '姓名（多个以、分隔）：有权限者看原文，否则逐个脱敏';
CREATE FUNCTION @extschema@.pii_phone(phone text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN phone IS NULL OR @extschema@.sees_personal() THEN phone ELSE @extschema@.mask_phone(phone) END;
COMMENT ON FUNCTION @extschema@.pii_phone(text) IS '电话：有权限者看原文，否则脱敏';
CREATE FUNCTION @extschema@.pii_address(address text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN address IS NULL OR @extschema@.sees_personal() THEN address ELSE @extschema@.mask_address(address) END;
COMMENT ON FUNCTION @extschema@.pii_address(text) IS '地址：有权限者看原文，否则只保留前6个字';


-- ===== who is asking =====
CREATE FUNCTION @extschema@.covers_any(scopes text[], code text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_covers_any' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.covers_any(text[], text) IS
  '辖区集合是否包含 code：任一辖区 covers(辖区, code) 即真；含 000000（全国）则包含一切；从不报错';

-- The policy predicate: caller_scope() computed once per statement and kept by the C function
-- (not an InitPlan: PostgreSQL 15 runs no query level that has an InitPlan in parallel workers).
CREATE FUNCTION @extschema@.in_caller_scope(code text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_in_caller_scope' LANGUAGE C STABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.in_caller_scope(text) IS
  '行级安全策略的条件：covers_any(caller_scope(), code)；caller_scope() 每条语句只查一次（缓存在函数调用信息中，按调用者、事务、语句失效），策略不需要 InitPlan，因此可以并行执行';
REVOKE ALL ON FUNCTION @extschema@.in_caller_scope(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.in_caller_scope(text) TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer;

-- The policy predicate every scoped table uses.
CREATE FUNCTION illegal_practice_internal.scope_predicate(scope_expr text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.format('@extschema@.in_caller_scope(%s)', scope_expr);
COMMENT ON FUNCTION illegal_practice_internal.scope_predicate(text) IS
  '生成行级安全策略的条件文本：in_caller_scope(区划表达式)';

-- ===== audit_log =====
CREATE TABLE @extschema@.audit_log (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
  actor         text NOT NULL,
  session_actor text NOT NULL,
  table_name    text NOT NULL,
  op            text NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
  row_id        text,
  old           jsonb,
  new           jsonb,
  division_code text
);
CREATE INDEX audit_log_table_row_idx ON @extschema@.audit_log (table_name, row_id);
CREATE INDEX audit_log_at_idx ON @extschema@.audit_log (at);
CREATE INDEX audit_log_division_idx ON @extschema@.audit_log (division_code);
COMMENT ON TABLE @extschema@.audit_log IS '审计日志：每张数据表的每次增删改，由触发器写入；任何角色不能直接写，管理员只能读本辖区内各行的记录';
COMMENT ON COLUMN @extschema@.audit_log.id IS '编号';
COMMENT ON COLUMN @extschema@.audit_log.at IS '时间';
COMMENT ON COLUMN @extschema@.audit_log.actor IS '操作者：生效角色（SECURITY DEFINER 函数之外的角色，caller()）';
COMMENT ON COLUMN @extschema@.audit_log.session_actor IS '会话用户（session_user，登录身份）';
COMMENT ON COLUMN @extschema@.audit_log.table_name IS '表名';
COMMENT ON COLUMN @extschema@.audit_log.op IS '操作：INSERT / UPDATE / DELETE';
COMMENT ON COLUMN @extschema@.audit_log.row_id IS '行标识（主键值，多列以 / 连接）';
COMMENT ON COLUMN @extschema@.audit_log.old IS '修改前的整行（INSERT 为空）';
COMMENT ON COLUMN @extschema@.audit_log.new IS '修改后的整行（DELETE 为空）';
COMMENT ON COLUMN @extschema@.audit_log.division_code IS '该行所属区划（表的辖区表达式在修改时的值；全国性参考数据为 000000）；管理员按它只读本辖区的记录';
ALTER TABLE @extschema@.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.audit_log FORCE ROW LEVEL SECURITY;
-- an admin reads the log of rows inside their own scope only (a row of no known division: national admins only)
CREATE POLICY audit_log_admin_read ON @extschema@.audit_log FOR SELECT TO illegal_practice_admin
  USING (@extschema@.in_caller_scope(coalesce(division_code, '')));
CREATE POLICY audit_log_trigger_write ON @extschema@.audit_log FOR INSERT TO illegal_practice_definer WITH CHECK (true);
GRANT SELECT ON @extschema@.audit_log TO illegal_practice_admin;
GRANT INSERT ON @extschema@.audit_log TO illegal_practice_definer;

-- Statement-level triggers with transition tables (ip_audit on INSERT: new_rows; ip_audit_update:
-- old_rows and new_rows; ip_audit_delete: old_rows): one INSERT … SELECT per statement, not a
-- function call and an INSERT per row (issue 20: a bulk load of 1M cases). Trigger arguments:
-- optionally first 'scope=<expression>' (the table's scope expression: a division column or a
-- subquery on the parent row, evaluated on the changed row), then the key columns (default id);
-- row_id joins their values with '/'. An UPDATE that changes nothing is not logged. The rows of an
-- UPDATE's two transition tables are paired by position: PostgreSQL appends a row's old and new
-- versions to them together (AfterTriggerSaveEvent), and a scan of a transition table returns its
-- rows in that order; the audit rows follow the order the statement changed its rows.
CREATE FUNCTION illegal_practice_internal.audit_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  keys text[] := CASE WHEN TG_NARGS = 0 THEN ARRAY['id'] ELSE TG_ARGV END;
  expr text;
  rid text := 'CASE WHEN pg_catalog.cardinality($3) = 1 THEN coalesce(%1$s ->> $3[1], '''') '
              'ELSE pg_catalog.array_to_string(ARRAY(SELECT coalesce(%1$s ->> k.k, '''') '
              'FROM pg_catalog.unnest($3) WITH ORDINALITY AS k (k, i) ORDER BY k.i), ''/'') END';
BEGIN
  IF TG_NARGS > 0 AND TG_ARGV[0] LIKE 'scope=%' THEN
    expr := pg_catalog.substr(TG_ARGV[0], 7);
    keys := CASE WHEN TG_NARGS = 1 THEN ARRAY['id'] ELSE TG_ARGV[1:] END;
  END IF;
  IF expr IS NULL OR expr ~ '^[a-z_][a-z0-9_]*$' THEN
    -- no scope or a division column: static statements (planned once per table and session)
    IF TG_OP = 'INSERT' THEN
      INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new, division_code)
      SELECT @extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP,
             CASE WHEN pg_catalog.cardinality(keys) = 1 THEN coalesce(x.j ->> keys[1], '')
                  ELSE pg_catalog.array_to_string(ARRAY(SELECT coalesce(x.j ->> k.k, '') FROM pg_catalog.unnest(keys) WITH ORDINALITY AS k (k, i)
                                                         ORDER BY k.i), '/') END,
             NULL, x.j, x.j ->> expr
        FROM (SELECT pg_catalog.to_jsonb(r) AS j FROM new_rows r) x;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new, division_code)
      SELECT @extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP,
             CASE WHEN pg_catalog.cardinality(keys) = 1 THEN coalesce(x.j ->> keys[1], '')
                  ELSE pg_catalog.array_to_string(ARRAY(SELECT coalesce(x.j ->> k.k, '') FROM pg_catalog.unnest(keys) WITH ORDINALITY AS k (k, i)
                                                         ORDER BY k.i), '/') END,
             x.j, NULL, x.j ->> expr
        FROM (SELECT pg_catalog.to_jsonb(r) AS j FROM old_rows r) x;
    ELSE
      INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new, division_code)
      SELECT @extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP,
             CASE WHEN pg_catalog.cardinality(keys) = 1 THEN coalesce(n.j ->> keys[1], '')
                  ELSE pg_catalog.array_to_string(ARRAY(SELECT coalesce(n.j ->> k.k, '') FROM pg_catalog.unnest(keys) WITH ORDINALITY AS k (k, i)
                                                         ORDER BY k.i), '/') END,
             o.j, n.j, n.j ->> expr
        FROM (SELECT pg_catalog.row_number() OVER () AS i, pg_catalog.to_jsonb(r) AS j FROM old_rows r) o
        JOIN (SELECT pg_catalog.row_number() OVER () AS i, pg_catalog.to_jsonb(r) AS j FROM new_rows r) n ON n.i = o.i
       WHERE o.j <> n.j             -- nothing changed: nothing to log
       ORDER BY n.i;
    END IF;
  ELSE
    -- a constant or a subquery on the parent row, evaluated on each row (aliased as the table, as in the policy)
    IF TG_OP IN ('INSERT', 'DELETE') THEN
      EXECUTE pg_catalog.format(
        'INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new, division_code) '
        'SELECT @extschema@.caller(), session_user, $1, $2, ' || pg_catalog.format(rid, 'x.j') || ', %3$s, %4$s, x.d '
        'FROM (SELECT pg_catalog.to_jsonb(%1$I) AS j, (%2$s)::text AS d FROM %5$I AS %1$I) x',
        TG_TABLE_NAME, expr, CASE WHEN TG_OP = 'DELETE' THEN 'x.j' ELSE 'NULL' END,
        CASE WHEN TG_OP = 'INSERT' THEN 'x.j' ELSE 'NULL' END, CASE WHEN TG_OP = 'INSERT' THEN 'new_rows' ELSE 'old_rows' END)
        USING TG_TABLE_NAME, TG_OP, keys;
    ELSE
      EXECUTE pg_catalog.format(
        'INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new, division_code) '
        'SELECT @extschema@.caller(), session_user, $1, $2, ' || pg_catalog.format(rid, 'n.j') || ', o.j, n.j, n.d '
        'FROM (SELECT pg_catalog.row_number() OVER () AS i, pg_catalog.to_jsonb(r) AS j FROM old_rows r) o '
        'JOIN (SELECT pg_catalog.row_number() OVER () AS i, pg_catalog.to_jsonb(%1$I) AS j, (%2$s)::text AS d FROM new_rows AS %1$I) n '
        'ON n.i = o.i WHERE o.j <> n.j ORDER BY n.i',
        TG_TABLE_NAME, expr)
        USING TG_TABLE_NAME, TG_OP, keys;
    END IF;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.audit_row() IS
  '审计触发器（语句级，使用转换表 new_rows / old_rows）：把语句增删改的每一行写入 audit_log，每条语句一次插入（操作者 = caller()，会话用户 = session_user，区划 = 表的辖区表达式之值）；'
  '参数：可选的 scope=辖区表达式，然后为主键列名（默认 id）；未改变任何值的 UPDATE 不记录';
ALTER FUNCTION illegal_practice_internal.audit_row() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.audit_row() FROM PUBLIC;

-- the three audit triggers of a table (args: the arguments of audit_row(), already quoted; NULL: none)
CREATE FUNCTION illegal_practice_internal.audit_triggers(tbl regclass, args text) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS ip_audit ON %s', tbl);
  EXECUTE format('DROP TRIGGER IF EXISTS ip_audit_update ON %s', tbl);
  EXECUTE format('DROP TRIGGER IF EXISTS ip_audit_delete ON %s', tbl);
  IF args IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TRIGGER ip_audit AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                 'WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') '
                 'EXECUTE FUNCTION illegal_practice_internal.audit_row(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER ip_audit_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
                 'WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') '
                 'EXECUTE FUNCTION illegal_practice_internal.audit_row(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER ip_audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT '
                 'WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') '
                 'EXECUTE FUNCTION illegal_practice_internal.audit_row(%s)', tbl, args);
END $$;
COMMENT ON FUNCTION illegal_practice_internal.audit_triggers(regclass, text) IS
  '给表挂三个语句级审计触发器（ip_audit 插入、ip_audit_update 更新、ip_audit_delete 删除，均用转换表）；args 为 audit_row 的参数（已加引号），为空时只删除。仅表属主可执行';
REVOKE ALL ON FUNCTION illegal_practice_internal.audit_triggers(regclass, text) FROM PUBLIC;

-- ===== secure_table / share_table =====
-- Not SECURITY DEFINER on purpose: they run DDL (policies, grants, triggers) that only the
-- table's owner may run, so they run with the caller's rights; PUBLIC cannot execute them.
CREATE FUNCTION illegal_practice_internal.secure_table(tbl regclass, scope_expr text, personal boolean DEFAULT true,
                                          key_columns text[] DEFAULT ARRAY['id'], audited boolean DEFAULT true)
  RETURNS void LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  expr text := scope_expr;
  pred text;
  k text;
BEGIN
  IF expr IS NULL OR btrim(expr) = '' THEN
    RAISE EXCEPTION 'secure_table(%): no scope expression', tbl
      USING ERRCODE = '22023', HINT = 'give the division column, e.g. township_code, or a subquery reaching the parent row';
  END IF;
  -- a bare identifier must be a column of the table
  IF expr ~ '^[a-z_][a-z0-9_]*$' THEN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = expr AND attnum > 0 AND NOT attisdropped) THEN
      RAISE EXCEPTION 'secure_table(%): no column "%"', tbl, expr
        USING ERRCODE = '42703', HINT = 'the scope expression is a division-code column or a subquery';
    END IF;
    expr := quote_ident(expr);
  END IF;
  FOREACH k IN ARRAY key_columns LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = k AND attnum > 0 AND NOT attisdropped) THEN
      RAISE EXCEPTION 'secure_table(%): no key column "%"', tbl, k USING ERRCODE = '42703';
    END IF;
  END LOOP;
  pred := illegal_practice_internal.scope_predicate(expr);
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_clerk ON %s', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_admin ON %s', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_analyst ON %s', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_definer ON %s', tbl);
  EXECUTE format('CREATE POLICY ip_clerk ON %s FOR ALL TO illegal_practice_clerk USING (%s) WITH CHECK (%s)', tbl, pred, pred);
  EXECUTE format('CREATE POLICY ip_admin ON %s FOR ALL TO illegal_practice_admin USING (%s) WITH CHECK (%s)', tbl, pred, pred);
  EXECUTE format('CREATE POLICY ip_analyst ON %s FOR SELECT TO illegal_practice_analyst USING (%s)', tbl, pred);
  -- views and SECURITY DEFINER functions owned by the definer read with the caller's scope
  EXECUTE format('CREATE POLICY ip_definer ON %s FOR SELECT TO illegal_practice_definer USING (%s)', tbl, pred);
  EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, illegal_practice_reader, illegal_practice_analyst', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO illegal_practice_clerk, illegal_practice_admin', tbl);
  EXECUTE format('GRANT SELECT ON %s TO illegal_practice_definer', tbl);
  IF NOT personal THEN
    EXECUTE format('GRANT SELECT ON %s TO illegal_practice_analyst', tbl);
  END IF;
  PERFORM illegal_practice_internal.audit_triggers(tbl, CASE WHEN audited THEN
    quote_literal('scope=' || expr) || ', ' || (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) c) END);
END $$;
COMMENT ON FUNCTION illegal_practice_internal.secure_table(regclass, text, boolean, text[], boolean) IS
  '数据表加锁：启用并强制行级安全；录入员、管理员在辖区内读写，分析员与定义者角色在辖区内只读；授权；挂审计触发器。'
  'scope_expr 为区划列名，或取父行区划的子查询（子表随父表）；personal=false 时分析员可直接读基表；'
  'audited=false 只用于暂存表（导入作为一个事件记录）。仅表属主可执行';
REVOKE ALL ON FUNCTION illegal_practice_internal.secure_table(regclass, text, boolean, text[], boolean) FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.share_table(tbl regclass, write_scope_expr text DEFAULT NULL,
                                         key_columns text[] DEFAULT ARRAY['id'])
  RETURNS void LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  -- no write scope: national data, written only by a role whose scope is national (000000)
  expr text := coalesce(write_scope_expr, '''000000''');
  pred text := illegal_practice_internal.scope_predicate(coalesce(write_scope_expr, '''000000'''));
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_read ON %s', tbl);
  EXECUTE format('DROP POLICY IF EXISTS ip_admin_write ON %s', tbl);
  EXECUTE format('CREATE POLICY ip_read ON %s FOR SELECT TO illegal_practice_admin, illegal_practice_clerk, '
                 'illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer USING (true)', tbl);
  EXECUTE format('CREATE POLICY ip_admin_write ON %s FOR ALL TO illegal_practice_admin USING (%s) WITH CHECK (%s)', tbl, pred, pred);
  EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', tbl);
  EXECUTE format('GRANT SELECT ON %s TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, '
                 'illegal_practice_reader, illegal_practice_definer', tbl);
  EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO illegal_practice_admin', tbl);
  PERFORM illegal_practice_internal.audit_triggers(tbl,
    quote_literal('scope=' || expr) || ', ' || (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) c));
END $$;
COMMENT ON FUNCTION illegal_practice_internal.share_table(regclass, text, text[]) IS
  '参考数据表（区划、日历、专项行动等）：所有角色可读，管理员可写：给出 write_scope_expr 时只能写辖区内的行，未给出时为全国数据，只有辖区为全国（000000）的管理员可写；启用并强制行级安全，挂审计触发器。仅表属主可执行';
REVOKE ALL ON FUNCTION illegal_practice_internal.share_table(regclass, text, text[]) FROM PUBLIC;


-- masks: a JSON object column → kind, kind one of name, phone, address, resident_id, hide.
CREATE FUNCTION illegal_practice_internal.masked_view(tbl regclass, masks jsonb, view_name text DEFAULT NULL)
  RETURNS regclass LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  nsp text;
  rel text;
  vname text;
  cols text;
  k text;
  kind text;
  v regclass;
BEGIN
  SELECT n.nspname, c.relname INTO nsp, rel
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  vname := coalesce(view_name, rel || '_masked');
  IF masks IS NULL OR jsonb_typeof(masks) <> 'object' THEN
    RAISE EXCEPTION 'masked_view(%): masks must be a JSON object', tbl
      USING ERRCODE = '22023', HINT = 'e.g. {"name": "name", "phone": "phone", "address": "address", "resident_id": "resident_id"}';
  END IF;
  FOR k, kind IN SELECT key, value #>> '{}' FROM jsonb_each(masks) LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = k AND attnum > 0 AND NOT attisdropped) THEN
      RAISE EXCEPTION 'masked_view(%): no column "%"', tbl, k USING ERRCODE = '42703';
    END IF;
    IF kind IS NULL OR kind NOT IN ('name', 'phone', 'address', 'resident_id', 'hide') THEN
      RAISE EXCEPTION 'masked_view(%): unknown mask "%" for column %', tbl, kind, k
        USING ERRCODE = '22023', HINT = 'masks are name, phone, address, resident_id, hide';
    END IF;
  END LOOP;
  SELECT string_agg(
           CASE WHEN NOT masks ? a.attname THEN format('t.%1$I', a.attname)
                WHEN masks ->> a.attname = 'hide' THEN format('NULL::text AS %1$I', a.attname)
                ELSE format('@extschema@.mask_value(%2$L, t.%1$I::text) AS %1$I', a.attname, masks ->> a.attname) END,
           ', ' ORDER BY a.attnum)
    INTO cols
    FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped;
  EXECUTE format('DROP VIEW IF EXISTS %I.%I', nsp, vname);
  EXECUTE format('CREATE VIEW %I.%I WITH (security_barrier) AS SELECT %s FROM %s t', nsp, vname, cols, tbl);
  v := format('%I.%I', nsp, vname)::regclass;
  -- owned by the definer role (not a superuser): the base table's ip_definer policy then
  -- limits the rows to the caller's scope
  EXECUTE format('ALTER VIEW %s OWNER TO illegal_practice_definer', v);
  EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', v);
  EXECUTE format('GRANT SELECT ON %s TO illegal_practice_analyst, illegal_practice_admin', v);
  EXECUTE format('COMMENT ON VIEW %s IS %L', v, coalesce(obj_description(tbl, 'pg_class'), rel) || '（脱敏视图）');
  FOR k IN SELECT a.attname FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped LOOP
    EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', v, k,
                   coalesce(col_description(tbl, (SELECT attnum FROM pg_attribute WHERE attrelid = tbl AND attname = k)), k)
                   || CASE WHEN masks ? k THEN '（已脱敏）' ELSE '' END);
  END LOOP;
  RETURN v;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.masked_view(regclass, jsonb, text) IS
  '为数据表建脱敏视图（默认名 表名_masked，同一 schema）：masks 为 {列名: name|phone|address|resident_id|hide}；'
  '视图属 illegal_practice_definer，行仍按调用者辖区过滤；授权分析员与管理员读取。仅表属主可执行';
REVOKE ALL ON FUNCTION illegal_practice_internal.masked_view(regclass, jsonb, text) FROM PUBLIC;
-- 04_module.sql — what the C module gives every concept: the reader of the extension's settings
-- (GUCs registered in _PG_init, see docs/settings.md) and the trigger that tells every session to drop
-- the C caches (working-day calendar, caller's scope) when their tables change.
CREATE FUNCTION @extschema@.setting(name text) RETURNS text
  AS 'MODULE_PATHNAME', 'ip_setting' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting(text) IS
  '本扩展设置 illegal_practice.<name> 的当前值（文本）：timezone、bulk_refresh_cells、tip_investigation_workdays、tip_feedback_workdays；C 函数，调用时即加载本扩展的库，设置因此总已注册（见 docs/settings.md）';

CREATE FUNCTION @extschema@.invalidate_cache() RETURNS trigger
  AS 'MODULE_PATHNAME', 'ip_invalidate_cache' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.invalidate_cache() IS
  '语句级触发器：表（calendar_exception、user_scope）改动后通知各会话丢弃 C 缓存（工作日历、调用者辖区）：本会话在语句结束时，其他会话在提交后';
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
-- 10_division.sql — 行政区划 (§1.4): covers(), the division table and its checks.
CREATE FUNCTION @extschema@.covers(scope_code text, code text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_covers' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.covers(text, text) IS
  '辖区包含：code 是否属于 scope_code 所辖（含自身）。级别由代码形状决定：省前2位、市前4位、县前6位、乡镇9位；从不报错';

CREATE FUNCTION @extschema@.division_level_of(code text) RETURNS @extschema@.division_level
  AS 'MODULE_PATHNAME', 'ip_division_level_of' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.division_level_of(text) IS
  '由代码形状推出行政区划级别：6位以0000结尾为省，以00结尾为市，其余6位为县，9位为乡镇；格式不对返回 NULL';

-- not STRICT and no enum-to-text cast (which is only stable), so that it is inlined; NULL gives NULL
CREATE FUNCTION @extschema@.division_prefix(code text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.left(code, CASE @extschema@.division_level_of(code)
                                 WHEN '省' THEN 2 WHEN '市' THEN 4 WHEN '县' THEN 6 WHEN '乡镇' THEN 9 END);
COMMENT ON FUNCTION @extschema@.division_prefix(text) IS
  '区划代码的有效前缀（省2位、市4位、县6位、乡镇9位）：所辖代码都以它开头；格式不对返回 NULL';

CREATE FUNCTION @extschema@.division_ancestors(code text) RETURNS text[]
  AS 'MODULE_PATHNAME', 'ip_division_ancestors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.division_ancestors(text) IS
  '覆盖该代码的全部区划代码（自身、县、市、省，由近及远；即 covers(d, code) 为真的 d）；格式不对返回空数组';

CREATE TABLE @extschema@.division (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       @extschema@.division_level NOT NULL,
  parent_code text REFERENCES @extschema@.division (code) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX division_parent_idx ON @extschema@.division (parent_code);
COMMENT ON TABLE @extschema@.division IS '行政区划（GB/T 2260 县级以上6位代码，乡镇9位统计用代码）';
COMMENT ON COLUMN @extschema@.division.code IS '区划代码';
COMMENT ON COLUMN @extschema@.division.name IS '名称';
COMMENT ON COLUMN @extschema@.division.level IS '级别（须与代码形状一致）';
COMMENT ON COLUMN @extschema@.division.parent_code IS '上级区划代码';
-- reference data: every role reads it, admins write it
SELECT illegal_practice_internal.share_table('@extschema@.division', 'code', ARRAY['code']);
-- the assessment (internal, as illegal_practice_tally) reads the reference data too
CREATE POLICY ip_tally ON @extschema@.division FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.division TO illegal_practice_tally;

CREATE FUNCTION illegal_practice_internal.division_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  shape @extschema@.division_level := @extschema@.division_level_of(NEW.code);
BEGIN
  IF shape IS NULL THEN
    RAISE EXCEPTION 'invalid division code "%"', NEW.code
      USING ERRCODE = '23514', HINT = 'expected 6 digits (province/city/county) or 9 digits (township)';
  END IF;
  IF NEW.level IS DISTINCT FROM shape THEN
    RAISE EXCEPTION 'division % "%" has level %, but its code is shaped like a %', NEW.code, NEW.name, NEW.level, shape
      USING ERRCODE = '23514', DETAIL = 'level should be ' || shape,
            HINT = '6 digits ending 0000 = 省, ending 00 = 市, other 6 digits = 县, 9 digits = 乡镇';
  END IF;
  IF NEW.parent_code IS NOT NULL AND NOT (@extschema@.covers(NEW.parent_code, NEW.code) AND NEW.parent_code <> NEW.code) THEN
    RAISE EXCEPTION 'division % cannot have parent %', NEW.code, NEW.parent_code
      USING ERRCODE = '23514', DETAIL = 'a parent''s code must cover its child''s code';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.division_check() IS '触发器：校验区划代码形状、级别与上级关系';
CREATE TRIGGER division_check BEFORE INSERT OR UPDATE ON @extschema@.division
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.division_check();

-- ===== user_scope: which divisions each role covers =====
CREATE TABLE @extschema@.user_scope (
  role_name     text NOT NULL,
  division_code text NOT NULL,
  PRIMARY KEY (role_name, division_code),
  CONSTRAINT user_scope_code_shape CHECK (
    division_code = '000000' OR @extschema@.division_level_of(division_code) IS NOT NULL)
);
COMMENT ON TABLE @extschema@.user_scope IS
  '用户辖区：登录角色或组角色 → 所辖区划；用户的辖区为其所属全部角色的并集。000000 表示全国（全部数据）';
COMMENT ON COLUMN @extschema@.user_scope.role_name IS '角色名（登录角色或组角色；角色可晚于此行创建）';
COMMENT ON COLUMN @extschema@.user_scope.division_code IS '所辖区划代码（6位或9位；000000 = 全国）';
CREATE TRIGGER user_scope_invalidate_cache
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.user_scope
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION @extschema@.invalidate_cache();

ALTER TABLE @extschema@.user_scope ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.user_scope FORCE ROW LEVEL SECURITY;
-- an admin manages scopes only within their own scope (cannot grant more than they hold)
CREATE POLICY user_scope_admin ON @extschema@.user_scope FOR ALL TO illegal_practice_admin
  USING (@extschema@.in_caller_scope(division_code))
  WITH CHECK (@extschema@.in_caller_scope(division_code));
CREATE POLICY user_scope_definer ON @extschema@.user_scope FOR SELECT TO illegal_practice_definer USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.user_scope TO illegal_practice_admin;
GRANT SELECT ON @extschema@.user_scope TO illegal_practice_definer;
SELECT illegal_practice_internal.audit_triggers('@extschema@.user_scope', '''scope=division_code'', ''role_name'', ''division_code''');

CREATE FUNCTION @extschema@.caller_scope() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  -- superusers (and BYPASSRLS roles) bypass row-level security on the tables; they see
  -- everything through the definer-owned forms and views too
  SELECT CASE WHEN (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r
                     WHERE r.rolname = @extschema@.caller())
              THEN ARRAY['000000']
              ELSE (SELECT coalesce(pg_catalog.array_agg(DISTINCT us.division_code ORDER BY us.division_code), '{}')
                      FROM @extschema@.user_scope us
                      JOIN pg_catalog.pg_roles r ON r.rolname = us.role_name
                     WHERE pg_catalog.pg_has_role(@extschema@.caller(), r.oid, 'MEMBER')) END;
END;
COMMENT ON FUNCTION @extschema@.caller_scope() IS
  '调用者的辖区：超级用户为全国（000000）；否则为 user_scope 中调用者本人及其所属各角色的区划代码（去重排序）；策略经 in_caller_scope() 使用，每条语句只查一次';
ALTER FUNCTION @extschema@.caller_scope() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.caller_scope() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.caller_scope() TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer;
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
-- 12_campaign.sql — campaigns (文件), their stages (工作步骤) and reporting windows (考核资料报送期).
-- ===== report_form: the forms a stage can snapshot =====
-- One row per form, inserted in the form's own file right after its function (20_patrol.sql,
-- 33_forms.sql): which arguments it takes and which of its columns are personal. campaign.forms,
-- stage_report.form, tick()'s call and the snapshot mask all read this one list.
CREATE TABLE @extschema@.report_form (
  name       text PRIMARY KEY,
  label      text NOT NULL,
  title      text NOT NULL,
  with_prior boolean NOT NULL DEFAULT false,
  personal   jsonb NOT NULL DEFAULT '{}',
  shipped    boolean NOT NULL DEFAULT false,
  CONSTRAINT report_form_name_shape CHECK (name ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT report_form_personal_object CHECK (pg_catalog.jsonb_typeof(personal) = 'object')
);
COMMENT ON TABLE @extschema@.report_form IS '可做阶段快照的汇总表：每张表一行（表名、附件/附表号、标题、参数形式、个人信息列）';
COMMENT ON COLUMN @extschema@.report_form.name IS '表名：函数 form_<name> 去掉前缀';
COMMENT ON COLUMN @extschema@.report_form.label IS '附件/附表号，如 附表1';
COMMENT ON COLUMN @extschema@.report_form.title IS '标题';
COMMENT ON COLUMN @extschema@.report_form.with_prior IS '参数为（区划, 前期, 本期）而非（区划, 期间）：附表2、附表3';
COMMENT ON COLUMN @extschema@.report_form.personal IS '快照中的个人信息列及其脱敏方式 {列名: name|phone|address|resident_id|hide}';
COMMENT ON COLUMN @extschema@.report_form.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
SELECT illegal_practice_internal.share_table('@extschema@.report_form', NULL, ARRAY['name']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.report_form', 'WHERE NOT shipped');

CREATE FUNCTION @extschema@.known_forms() RETURNS text[]
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT coalesce(pg_catalog.array_agg(f.name ORDER BY f.name), '{}') FROM @extschema@.report_form f);
COMMENT ON FUNCTION @extschema@.known_forms() IS '阶段快照可选的汇总表名称（report_form 中的 form_ 函数名去掉前缀）';

CREATE TABLE @extschema@.campaign (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code           text NOT NULL UNIQUE,
  title          text NOT NULL,
  issuer         text,
  division_code  text NOT NULL REFERENCES @extschema@.division (code),
  issued_on      date,
  rule_set       text,
  forms          text[] NOT NULL DEFAULT '{}',
  lookback_prior daterange
);
CREATE FUNCTION illegal_practice_internal.campaign_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY NEW.forms LOOP
    IF NOT f = ANY (@extschema@.known_forms()) THEN
      RAISE EXCEPTION 'unknown form "%" in campaign %', f, NEW.code
        USING ERRCODE = '23514',
              HINT = 'forms are named without form_: ' || array_to_string(@extschema@.known_forms(), ', ');
    END IF;
  END LOOP;
  IF NEW.lookback_prior IS NULL
     AND EXISTS (SELECT FROM @extschema@.report_form r WHERE r.name = ANY (NEW.forms) AND r.with_prior) THEN
    RAISE EXCEPTION 'campaign % snapshots a look-back form but has no lookback_prior', NEW.code
      USING ERRCODE = '23514', HINT = 'set lookback_prior to the prior period, e.g. [2017-01-01,2019-01-01)';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.campaign_check() IS '触发器：校验快照表名称与“回头看”前期期间';
CREATE TRIGGER campaign_check BEFORE INSERT OR UPDATE ON @extschema@.campaign
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.campaign_check();
CREATE INDEX campaign_division_idx ON @extschema@.campaign (division_code);
COMMENT ON TABLE @extschema@.campaign IS '专项行动（一份工作方案文件）';
COMMENT ON COLUMN @extschema@.campaign.id IS '编号';
COMMENT ON COLUMN @extschema@.campaign.code IS '文号，如 仙打非办〔2020〕1号';
COMMENT ON COLUMN @extschema@.campaign.title IS '标题';
COMMENT ON COLUMN @extschema@.campaign.issuer IS '发文单位';
COMMENT ON COLUMN @extschema@.campaign.division_code IS '发文单位所辖区划';
COMMENT ON COLUMN @extschema@.campaign.issued_on IS '印发日期';
COMMENT ON COLUMN @extschema@.campaign.rule_set IS '考核细则规则集，如 xianju2020';
COMMENT ON COLUMN @extschema@.campaign.forms IS '每个阶段结束时快照的汇总表（patrol_register, patrol_summary, unlicensed_summary, two_illegal_summary, beauty_lookback, repeat_offenders）';
COMMENT ON COLUMN @extschema@.campaign.lookback_prior IS '“回头看”的前期期间（附表2/3 的 prior）';
SELECT illegal_practice_internal.share_table('@extschema@.campaign', 'division_code');
-- the assessment (internal, as illegal_practice_tally) reads the reference data too
CREATE POLICY ip_tally ON @extschema@.campaign FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.campaign TO illegal_practice_tally;

CREATE TABLE @extschema@.campaign_stage (
  id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id         bigint NOT NULL REFERENCES @extschema@.campaign (id) ON DELETE CASCADE,
  ordinal             integer NOT NULL,
  name                text NOT NULL,
  period              daterange NOT NULL,
  report_due_on       date,
  report_due_workdays integer,
  UNIQUE (campaign_id, ordinal),
  CONSTRAINT campaign_stage_period_must_be_bounded CHECK (
    NOT pg_catalog.isempty(period) AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)),
  CONSTRAINT campaign_stage_one_due_date_or_workdays CHECK (report_due_on IS NULL OR report_due_workdays IS NULL),
  CONSTRAINT campaign_stage_workdays_positive CHECK (report_due_workdays IS NULL OR report_due_workdays >= 0)
);
CREATE INDEX campaign_stage_period_idx ON @extschema@.campaign_stage USING gist (period);
COMMENT ON TABLE @extschema@.campaign_stage IS '工作步骤（阶段）；阶段可以重叠';
COMMENT ON COLUMN @extschema@.campaign_stage.id IS '编号';
COMMENT ON COLUMN @extschema@.campaign_stage.campaign_id IS '所属专项行动';
COMMENT ON COLUMN @extschema@.campaign_stage.ordinal IS '阶段序号';
COMMENT ON COLUMN @extschema@.campaign_stage.name IS '阶段名称';
COMMENT ON COLUMN @extschema@.campaign_stage.period IS '阶段期间 [起, 止)';
COMMENT ON COLUMN @extschema@.campaign_stage.report_due_on IS '报送截止日（明确日期，如“8月底前”）';
COMMENT ON COLUMN @extschema@.campaign_stage.report_due_workdays IS '阶段结束后第N个工作日内报送（如“5个工作日内”）';
SELECT illegal_practice_internal.share_table('@extschema@.campaign_stage', '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');

CREATE TABLE @extschema@.reporting_window (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES @extschema@.campaign (id) ON DELETE CASCADE,
  name        text NOT NULL,
  covers      daterange NOT NULL,
  due_on      date NOT NULL,
  UNIQUE (campaign_id, name),
  CONSTRAINT reporting_window_bounded CHECK (
    NOT pg_catalog.isempty(covers) AND NOT pg_catalog.lower_inf(covers) AND NOT pg_catalog.upper_inf(covers))
);
COMMENT ON TABLE @extschema@.reporting_window IS '考核资料报送期（仙居：1–6月 7月15日前，7–11月 11月30日前；“前”含当日）';
COMMENT ON COLUMN @extschema@.reporting_window.id IS '编号';
COMMENT ON COLUMN @extschema@.reporting_window.campaign_id IS '所属专项行动';
COMMENT ON COLUMN @extschema@.reporting_window.name IS '名称，如 1–6月';
COMMENT ON COLUMN @extschema@.reporting_window.covers IS '考核期间 [起, 止)';
COMMENT ON COLUMN @extschema@.reporting_window.due_on IS '报送截止日（含当日）';
SELECT illegal_practice_internal.share_table('@extschema@.reporting_window', '(SELECT c.division_code FROM @extschema@.campaign c WHERE c.id = campaign_id)');
-- the assessment (internal, as illegal_practice_tally) reads the reference data too
CREATE POLICY ip_tally ON @extschema@.reporting_window FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.reporting_window TO illegal_practice_tally;

CREATE FUNCTION @extschema@.stage_report_due(stage_id bigint) RETURNS date
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(s.report_due_on,
                          @extschema@.add_workdays(pg_catalog.upper(s.period) - 1, s.report_due_workdays))
            FROM @extschema@.campaign_stage s WHERE s.id = stage_id);
COMMENT ON FUNCTION @extschema@.stage_report_due(bigint) IS
  '阶段报告截止日：有明确日期用明确日期，否则为阶段最后一天之后第N个工作日；都没有则为 NULL';
-- 20_patrol.sql — 乡镇巡查工作 (仙居 工作步骤, 附件1–2; spec §2): sites and their status history,
-- practitioners, patrols, register submissions, joint applications and joint actions.
-- Status rules (spec v3 §2, documented in docs/patrol.md):
--   * a site's status history is written here, by trigger, from found_on on, ranges [from, to),
--     contiguous, without overlap, the last one open-ended and equal to site.status;
--   * it is folded in date order (site_status_refresh, once per statement), whatever the order the rows
--     arrive in: a patrol with outcome 已取缔 bans its site from that day; a patrol finding a closed site
--     (已停业, 自行歇业, 已取缔) operating sets it back to 在营; a joint action that banned a site
--     (joint_action_site) bans it from acted_on; a status set by hand (site_status_mark) stays as entered
--     and later patrols apply after it.


CREATE FUNCTION @extschema@.is_closed_status(@extschema@.site_status) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  RETURN $1 OPERATOR(pg_catalog.=) ANY (ARRAY['已停业', '自行歇业', '已取缔']::@extschema@.site_status[]);
COMMENT ON FUNCTION @extschema@.is_closed_status(@extschema@.site_status) IS
  '是否停止执业的状态（已停业、自行歇业、已取缔）：只有这些状态有 closed_on';

-- Trigger function shared by every table with a township_code: the code must name a 乡镇.
CREATE FUNCTION illegal_practice_internal.township_code_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  tcode text := NEW.township_code;
  d record;
BEGIN
  IF tcode IS NULL THEN
    RETURN NEW;   -- NOT NULL reports it
  END IF;
  SELECT v.name, v.level INTO d FROM @extschema@.division v WHERE v.code = tcode;
  IF NOT FOUND THEN
    RAISE EXCEPTION '%.township_code "%" is not a known division', TG_TABLE_NAME, tcode
      USING ERRCODE = '23503', HINT = 'add the township to division first (a 9-digit 乡镇 code)';
  END IF;
  IF d.level IS DISTINCT FROM '乡镇'::@extschema@.division_level THEN
    RAISE EXCEPTION '%.township_code "%" (%) is a %, not a 乡镇', TG_TABLE_NAME, tcode, d.name, d.level
      USING ERRCODE = '23514', DETAIL = 'township_code must name a township-level (乡镇) division',
            HINT = 'use the 9-digit code of the township, e.g. 331024101';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.township_code_check() IS
  '触发器：township_code 必须是已登记的乡镇级区划（未知代码报 23503，非乡镇报 23514）';

-- ===== site =====
CREATE TABLE @extschema@.site (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code    text NOT NULL REFERENCES @extschema@.division (code),
  name             text NOT NULL,
  address          text,
  phone            text,
  institution_type @extschema@.institution_type,
  uscc             @extschema@.uscc,
  status           @extschema@.site_status NOT NULL DEFAULT '在营',
  found_on         date,
  closed_on        date,
  status_since     date,
  CONSTRAINT site_name_not_blank CHECK (pg_catalog.btrim(name) <> ''),
  CONSTRAINT site_closed_on_needs_closing_status CHECK (closed_on IS NULL OR @extschema@.is_closed_status(status)),
  CONSTRAINT site_closing_status_needs_closed_on CHECK (closed_on IS NOT NULL OR NOT @extschema@.is_closed_status(status)),
  CONSTRAINT site_closed_after_found CHECK (closed_on >= found_on),
  CONSTRAINT site_status_since_after_found CHECK (status_since >= found_on)
);
CREATE INDEX site_township_idx ON @extschema@.site (township_code);
CREATE INDEX site_status_idx ON @extschema@.site (status);
COMMENT ON TABLE @extschema@.site IS '无证行医单位（窝点）：乡镇排查、巡查发现的非法行医场所';
COMMENT ON COLUMN @extschema@.site.id IS '编号';
COMMENT ON COLUMN @extschema@.site.township_code IS '所在乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.site.name IS '无证行医单位名称';
COMMENT ON COLUMN @extschema@.site.address IS '行医地址';
COMMENT ON COLUMN @extschema@.site.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.site.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.site.uscc IS '统一社会信用代码（如有）';
COMMENT ON COLUMN @extschema@.site.status IS '当前状态；由巡查、联合行动自动更新，历史见 site_status_history';
COMMENT ON COLUMN @extschema@.site.found_on IS '发现日期（状态历史从此日开始；为空表示不详）';
COMMENT ON COLUMN @extschema@.site.closed_on IS '停止执业日期（仅 已停业、自行歇业、已取缔 状态；取缔时为取缔日期）';
COMMENT ON COLUMN @extschema@.site.status_since IS '当前状态的起始日期（停业状态等于 closed_on；自动维护）';
SELECT illegal_practice_internal.secure_table('@extschema@.site', 'township_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.site FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.site TO illegal_practice_tally;
-- the unit name is masked as a name: an unlicensed site is often named after the person (张三诊所)
SELECT illegal_practice_internal.masked_view('@extschema@.site', '{"name": "name", "address": "address", "phone": "phone"}');

CREATE TABLE @extschema@.site_status_history (
  site_id bigint NOT NULL REFERENCES @extschema@.site (id) ON DELETE CASCADE,
  status  @extschema@.site_status NOT NULL,
  valid   daterange NOT NULL,
  PRIMARY KEY (site_id, valid),
  CONSTRAINT site_status_history_not_empty CHECK (NOT pg_catalog.isempty(valid))
);
CREATE UNIQUE INDEX site_status_history_current_idx ON @extschema@.site_status_history (site_id)
  WHERE pg_catalog.upper_inf(valid);
CREATE INDEX site_status_history_valid_idx ON @extschema@.site_status_history USING gist (valid);
COMMENT ON TABLE @extschema@.site_status_history IS
  '场所状态历史：由触发器写入；每个场所从发现日期起区间 [起, 止) 首尾相接、互不重叠，最后一段无上界且等于当前状态';
COMMENT ON COLUMN @extschema@.site_status_history.site_id IS '场所';
COMMENT ON COLUMN @extschema@.site_status_history.status IS '状态';
COMMENT ON COLUMN @extschema@.site_status_history.valid IS '该状态持续的期间 [起, 止)，当前状态无上界';
SELECT illegal_practice_internal.secure_table('@extschema@.site_status_history', '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)', true, ARRAY['site_id', 'valid']);
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.site_status_history FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.site_status_history TO illegal_practice_tally;
-- child tables: the policy reaches the parent row, which analysts cannot read directly, so they
-- read children through the definer-owned view (nothing to mask)
SELECT illegal_practice_internal.masked_view('@extschema@.site_status_history', '{}');

-- Manual statuses (spec v3 §2: "status set by hand stays as entered, and later patrols apply after it"):
-- each status a user sets on a site, or inserts it with, is kept here with its date; the history is
-- then folded from these marks, the patrols and the joint actions, in date order.
CREATE TABLE @extschema@.site_status_mark (
  id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  site_id bigint NOT NULL REFERENCES @extschema@.site (id) ON DELETE CASCADE,
  day     date,
  status  @extschema@.site_status NOT NULL
);
CREATE INDEX site_status_mark_site_idx ON @extschema@.site_status_mark (site_id, day);
COMMENT ON TABLE @extschema@.site_status_mark IS
  '手工设定的场所状态（UPDATE site SET status … 及新增场所时给出的状态）及其起始日期：与巡查、联合行动一起按日期顺序推算状态历史；手工状态保持录入值，其后的巡查在其后生效；由触发器维护';
COMMENT ON COLUMN @extschema@.site_status_mark.id IS '编号';
COMMENT ON COLUMN @extschema@.site_status_mark.site_id IS '场所';
COMMENT ON COLUMN @extschema@.site_status_mark.day IS '状态起始日期（为空表示自发现起）';
COMMENT ON COLUMN @extschema@.site_status_mark.status IS '手工设定的状态';
SELECT illegal_practice_internal.secure_table('@extschema@.site_status_mark', '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.site_status_mark', '{}');

-- site_before: validates the dates and fills closed_on / status_since of a status set by hand.
-- The refresh below writes the folded status itself (transaction-local flag), which is taken as it is.

CREATE FUNCTION illegal_practice_internal.site_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  closing boolean := @extschema@.is_closed_status(NEW.status);
  first_patrol date;
BEGIN
  IF TG_OP = 'UPDATE' AND pg_catalog.current_setting('illegal_practice_internal.site_refresh', true) = 'on' THEN
    RETURN NEW;   -- site_status_refresh writes the folded status, its start and closing date as they are
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since
     AND NEW.found_on IS NOT DISTINCT FROM OLD.found_on AND NEW.township_code IS NOT DISTINCT FROM OLD.township_code THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status
     AND NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on THEN
    NEW.closed_on := NULL;          -- a status change does not keep the closing date of the old status
  END IF;
  IF NEW.closed_on IS NOT NULL AND NOT closing THEN
    RAISE EXCEPTION 'site "%" has closed_on % but status %', NEW.name, NEW.closed_on, NEW.status
      USING ERRCODE = '23514', DETAIL = 'closed_on is only for the closing statuses 已停业, 自行歇业, 已取缔',
            HINT = 'set a closing status, or leave closed_on NULL';
  END IF;
  IF closing AND NEW.closed_on IS NULL THEN
    -- a site inserted closed without a date was closed when found; a change made now happens today
    NEW.closed_on := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.found_on, @extschema@.today())
                          ELSE @extschema@.today() END;
  END IF;
  IF NEW.closed_on < NEW.found_on THEN
    RAISE EXCEPTION 'site "%" closed on % before it was found on %', NEW.name, NEW.closed_on, NEW.found_on
      USING ERRCODE = '23514', HINT = 'closed_on must be on or after found_on';
  END IF;
  -- status_since: when the current status began
  IF TG_OP = 'UPDATE' AND NEW.found_on IS DISTINCT FROM OLD.found_on
     AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since AND OLD.status_since IS NOT DISTINCT FROM OLD.found_on THEN
    NEW.status_since := NEW.found_on;   -- the status held since found_on moves with it
  END IF;
  IF closing THEN
    NEW.status_since := NEW.closed_on;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status = '在营' OR NEW.status_since IS NULL THEN
      NEW.status_since := NEW.found_on;
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since THEN
    NEW.status_since := greatest(@extschema@.today(), NEW.found_on);
  END IF;
  IF NEW.status_since < NEW.found_on THEN
    RAISE EXCEPTION 'site "%" has status % since %, before it was found on %', NEW.name, NEW.status, NEW.status_since, NEW.found_on
      USING ERRCODE = '23514', HINT = 'a status cannot begin before found_on';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT min(p.patrolled_on) INTO first_patrol FROM @extschema@.patrol p WHERE p.site_id = NEW.id;
    IF first_patrol < NEW.found_on THEN
      RAISE EXCEPTION 'site "%" cannot be found on %: it was patrolled on %', NEW.name, NEW.found_on, first_patrol
        USING ERRCODE = '23514', HINT = 'found_on must be on or before the first patrol of the site';
    END IF;
    IF NEW.township_code IS DISTINCT FROM OLD.township_code
       AND EXISTS (SELECT 1 FROM @extschema@.patrol p WHERE p.site_id = NEW.id AND p.township_code <> NEW.township_code) THEN
      RAISE EXCEPTION 'site "%" cannot move to township %: its patrols belong to %', NEW.name, NEW.township_code, OLD.township_code
        USING ERRCODE = '23514', HINT = 'a site''s patrols must be in the site''s township';
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.site_before() IS
  '触发器：校验场所日期与状态（closed_on 仅用于停业状态、不早于发现日期），补全 closed_on 与 status_since';

-- site_after: a status given on insert or set by hand becomes a mark. A status set at d supersedes what was
-- set by hand from d on; re-dating the current status (same status, new date) moves it.
CREATE FUNCTION illegal_practice_internal.site_after() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d date := coalesce(NEW.status_since, NEW.found_on);
BEGIN
  IF pg_catalog.current_setting('illegal_practice_internal.site_refresh', true) = 'on' THEN
    RETURN NULL;   -- written by site_status_refresh itself
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> '在营' THEN
      INSERT INTO @extschema@.site_status_mark (site_id, day, status) VALUES (NEW.id, d, NEW.status);
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status OR NEW.status_since IS DISTINCT FROM OLD.status_since THEN
    DELETE FROM @extschema@.site_status_mark m
     WHERE m.site_id = NEW.id
       AND (m.day IS NULL OR m.day >= CASE WHEN NEW.status = OLD.status THEN least(d, OLD.status_since) ELSE d END);
    INSERT INTO @extschema@.site_status_mark (site_id, day, status) VALUES (NEW.id, d, NEW.status);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.site_after() IS
  '触发器：新增场所时给出的状态、手工改变的状态记入 site_status_mark（自 d 起的手工状态取代此前录入的 d 及以后的手工状态；同一状态改日期即移动其起始日）';

-- The fold, once per statement for the sites it touched (spec v3 §2: the result does not depend on how the
-- rows arrive): 在营 from found_on, then every event in date order — on one day patrols and joint actions by
-- id, then a status set by hand: a patrol with outcome 已取缔 or a joint action banning the site → 已取缔; a
-- patrol finding a closed site operating → 在营; a status set by hand → that status. Equal neighbours merge.
-- Only what differs is written (history rows, the site's status / status_since / closed_on), so the audit
-- log shows real changes only.
CREATE FUNCTION illegal_practice_internal.site_status_refresh() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ids bigint[];
  sid bigint;
  s record;
  e record;
  days date[];
  sts @extschema@.site_status[];
  cur @extschema@.site_status;
  nxt @extschema@.site_status;
  n integer;
BEGIN
  IF pg_catalog.current_setting('illegal_practice_internal.site_refresh', true) = 'on' THEN
    RETURN NULL;   -- the refresh's own UPDATE of site
  END IF;
  IF TG_TABLE_NAME = 'site' THEN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(n.id) INTO ids FROM new_rows n;
    ELSE
      SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.status, n.status_since, n.found_on) IS DISTINCT FROM (o.status, o.status_since, o.found_on);
    END IF;
  ELSIF TG_TABLE_NAME = 'patrol' THEN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT n.site_id) INTO ids FROM new_rows n
       WHERE n.site_id IS NOT NULL AND (n.operating OR n.outcome = '已取缔');
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(DISTINCT o.site_id) INTO ids FROM old_rows o
       WHERE o.site_id IS NOT NULL AND (o.operating OR o.outcome = '已取缔');
    ELSE
      SELECT array_agg(DISTINCT x.site_id) INTO ids
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       CROSS JOIN LATERAL (VALUES (o.site_id), (n.site_id)) x (site_id)
       WHERE x.site_id IS NOT NULL
         AND (o.site_id, o.patrolled_on, o.operating, o.outcome) IS DISTINCT FROM (n.site_id, n.patrolled_on, n.operating, n.outcome);
    END IF;
  ELSIF TG_TABLE_NAME = 'joint_action' THEN
    SELECT array_agg(DISTINCT js.site_id) INTO ids
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      JOIN @extschema@.joint_action_site js ON js.joint_action_id = n.id
     WHERE o.acted_on IS DISTINCT FROM n.acted_on;
  ELSIF TG_OP = 'INSERT' THEN   -- joint_action_site
    SELECT array_agg(DISTINCT n.site_id) INTO ids FROM new_rows n;
  ELSE
    SELECT array_agg(DISTINCT o.site_id) INTO ids FROM old_rows o;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  FOR sid IN SELECT DISTINCT u FROM unnest(ids) u WHERE u IS NOT NULL ORDER BY 1 LOOP
    SELECT x.id, x.found_on, x.status, x.closed_on, x.status_since INTO s
      FROM @extschema@.site x WHERE x.id = sid FOR UPDATE;
    CONTINUE WHEN NOT FOUND;
    days := ARRAY[s.found_on]; sts := ARRAY['在营'::@extschema@.site_status]; cur := '在营';
    FOR e IN
      SELECT ev.day, ev.kind, ev.status FROM (
        SELECT greatest(p.patrolled_on, s.found_on) AS day, 0 AS rnk, 0 AS src, p.id AS ord,
               CASE WHEN p.outcome = '已取缔' THEN 'ban' ELSE 'open' END AS kind, NULL::@extschema@.site_status AS status
          FROM @extschema@.patrol p
         WHERE p.site_id = sid AND (p.outcome = '已取缔' OR p.operating)
        UNION ALL
        SELECT greatest(j.acted_on, s.found_on), 0, 1, j.id, 'ban', NULL
          FROM @extschema@.joint_action_site js JOIN @extschema@.joint_action j ON j.id = js.joint_action_id
         WHERE js.site_id = sid
        UNION ALL
        SELECT greatest(m.day, s.found_on), 1, 0, m.id, 'mark', m.status
          FROM @extschema@.site_status_mark m WHERE m.site_id = sid) ev
       ORDER BY ev.day NULLS FIRST, ev.rnk, ev.src, ev.ord
    LOOP
      nxt := CASE e.kind WHEN 'ban' THEN '已取缔'
                         WHEN 'open' THEN CASE WHEN @extschema@.is_closed_status(cur) THEN '在营' ELSE cur END
                         ELSE e.status END;
      CONTINUE WHEN nxt = cur;
      n := cardinality(days);
      IF e.day IS NOT DISTINCT FROM days[n] THEN
        sts[n] := nxt;                       -- the same day: the later event wins
        IF n > 1 AND sts[n - 1] = nxt THEN   -- and may undo that day's change
          days := days[1:n - 1]; sts := sts[1:n - 1];
        END IF;
      ELSE
        days := days || e.day; sts := sts || nxt;
      END IF;
      cur := nxt;
    END LOOP;
    n := cardinality(days);
    DELETE FROM @extschema@.site_status_history h
     WHERE h.site_id = sid
       AND NOT EXISTS (SELECT 1 FROM generate_series(1, n) i
                        WHERE sts[i] = h.status AND daterange(days[i], CASE WHEN i < n THEN days[i + 1] END) = h.valid);
    INSERT INTO @extschema@.site_status_history (site_id, status, valid)
    SELECT sid, sts[i], daterange(days[i], CASE WHEN i < n THEN days[i + 1] END)
      FROM generate_series(1, n) i
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.site_status_history h
                        WHERE h.site_id = sid AND h.status = sts[i]
                          AND h.valid = daterange(days[i], CASE WHEN i < n THEN days[i + 1] END));
    IF (s.status, s.status_since, s.closed_on) IS DISTINCT FROM
       (sts[n], days[n], CASE WHEN @extschema@.is_closed_status(sts[n]) THEN days[n] END) THEN
      PERFORM pg_catalog.set_config('illegal_practice_internal.site_refresh', 'on', true);
      UPDATE @extschema@.site x
         SET status = sts[n], status_since = days[n],
             closed_on = CASE WHEN @extschema@.is_closed_status(sts[n]) THEN days[n] END
       WHERE x.id = sid;
      PERFORM pg_catalog.set_config('illegal_practice_internal.site_refresh', 'off', true);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.site_status_refresh() IS
  '语句级触发器：场所、巡查、联合行动取缔有增删改后，对受影响场所按日期顺序重算状态与状态历史——自发现日期起在营；依次应用巡查（已取缔 → 已取缔；停业场所被发现执业 → 在营）、联合行动取缔、手工设定的状态（同日手工状态在后）；与录入顺序、批量或逐条无关；只写有变化的行';
CREATE TRIGGER site_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.site
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.township_code_check();
CREATE TRIGGER site_dates BEFORE INSERT OR UPDATE OF found_on ON @extschema@.site
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.plausible_dates('found_on');
CREATE TRIGGER site_before BEFORE INSERT OR UPDATE ON @extschema@.site
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_before();
CREATE TRIGGER site_after AFTER INSERT OR UPDATE ON @extschema@.site
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_after();
CREATE TRIGGER site_status_refresh_insert AFTER INSERT ON @extschema@.site
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();
CREATE TRIGGER site_status_refresh_update AFTER UPDATE ON @extschema@.site
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();

CREATE FUNCTION @extschema@.site_status_on(site_id bigint, day date) RETURNS @extschema@.site_status
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT h.status FROM @extschema@.site_status_history h
           WHERE h.site_id = site_status_on.site_id AND h.valid OPERATOR(pg_catalog.@>) day);
COMMENT ON FUNCTION @extschema@.site_status_on(bigint, date) IS '某日场所的状态（读 site_status_history；发现之前为 NULL）';

-- ===== practitioner =====
CREATE TABLE @extschema@.practitioner (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  site_id            bigint NOT NULL REFERENCES @extschema@.site (id) ON DELETE CASCADE,
  name               text NOT NULL,
  resident_id        @extschema@.resident_id,
  in_charge          boolean NOT NULL DEFAULT false,
  school             text,
  major              text,
  qualification      @extschema@.qualification,
  treatment_subjects text,
  CONSTRAINT practitioner_name_not_blank CHECK (pg_catalog.btrim(name) <> '')
);
CREATE INDEX practitioner_site_idx ON @extschema@.practitioner (site_id);
CREATE UNIQUE INDEX practitioner_site_resident_idx ON @extschema@.practitioner (site_id, resident_id)
  WHERE resident_id IS NOT NULL;
CREATE INDEX practitioner_resident_idx ON @extschema@.practitioner (resident_id) WHERE resident_id IS NOT NULL;
COMMENT ON TABLE @extschema@.practitioner IS '无证行医场所的负责人及从业人员';
COMMENT ON COLUMN @extschema@.practitioner.id IS '编号';
COMMENT ON COLUMN @extschema@.practitioner.site_id IS '所在场所';
COMMENT ON COLUMN @extschema@.practitioner.name IS '姓名';
COMMENT ON COLUMN @extschema@.practitioner.resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.practitioner.in_charge IS '是否负责人';
COMMENT ON COLUMN @extschema@.practitioner.school IS '毕业院校';
COMMENT ON COLUMN @extschema@.practitioner.major IS '所学专业';
COMMENT ON COLUMN @extschema@.practitioner.qualification IS '从医资格';
COMMENT ON COLUMN @extschema@.practitioner.treatment_subjects IS '诊治科目';
SELECT illegal_practice_internal.secure_table('@extschema@.practitioner', '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.practitioner', '{"name": "name", "resident_id": "resident_id"}');

-- ===== patrol =====
CREATE TABLE @extschema@.patrol (
  id                       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code            text NOT NULL REFERENCES @extschema@.division (code),
  site_id                  bigint REFERENCES @extschema@.site (id),
  patrolled_on             date NOT NULL,
  inspector                text,
  operating                boolean,
  outcome                  @extschema@.patrol_outcome,
  joint_enforcement_needed boolean NOT NULL DEFAULT false,
  note                     text,
  CONSTRAINT patrol_sweep_found_nothing CHECK (
    site_id IS NOT NULL OR (operating IS NOT TRUE AND (outcome IS NULL OR outcome = '未发现执业'))),
  CONSTRAINT patrol_operating_contradicts_outcome CHECK (NOT (operating AND outcome = '未发现执业'))
);
CREATE INDEX patrol_site_day_idx ON @extschema@.patrol (site_id, patrolled_on);
CREATE INDEX patrol_township_day_idx ON @extschema@.patrol (township_code, patrolled_on);
COMMENT ON TABLE @extschema@.patrol IS '巡查记录（附件1 的一行）；site_id 为空表示未发现场所的辖区排查';
COMMENT ON COLUMN @extschema@.patrol.id IS '编号';
COMMENT ON COLUMN @extschema@.patrol.township_code IS '巡查乡镇（街道）代码；有场所时可省略，取场所所在乡镇';
COMMENT ON COLUMN @extschema@.patrol.site_id IS '巡查的场所；为空表示辖区排查未发现场所';
COMMENT ON COLUMN @extschema@.patrol.patrolled_on IS '巡查日期';
COMMENT ON COLUMN @extschema@.patrol.inspector IS '巡查人';
COMMENT ON COLUMN @extschema@.patrol.operating IS '是否发现正在执业（为空表示未记录）';
COMMENT ON COLUMN @extschema@.patrol.outcome IS '处理结果';
COMMENT ON COLUMN @extschema@.patrol.joint_enforcement_needed IS '是否要联合查处';
COMMENT ON COLUMN @extschema@.patrol.note IS '备注';
SELECT illegal_practice_internal.secure_table('@extschema@.patrol', 'township_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.patrol FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.patrol TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.patrol', '{"inspector": "name", "note": "hide"}');

CREATE FUNCTION illegal_practice_internal.patrol_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s record;
BEGIN
  IF NEW.site_id IS NULL THEN
    IF NEW.operating THEN
      RAISE EXCEPTION 'an area sweep (patrol without site) cannot have found practice operating'
        USING ERRCODE = '23514', HINT = 'record the site first and patrol it with site_id';
    END IF;
    IF NEW.outcome IS DISTINCT FROM NULL AND NEW.outcome <> '未发现执业' THEN
      RAISE EXCEPTION 'an area sweep (patrol without site) cannot have outcome %', NEW.outcome
        USING ERRCODE = '23514', HINT = 'an area sweep has outcome NULL or 未发现执业';
    END IF;
  ELSE
    SELECT x.name, x.township_code, x.found_on INTO s FROM @extschema@.site x WHERE x.id = NEW.site_id;
    IF FOUND THEN
      NEW.township_code := coalesce(NEW.township_code, s.township_code);
      IF NEW.township_code <> s.township_code THEN
        RAISE EXCEPTION 'patrol in township % cannot visit site % "%" of township %', NEW.township_code, NEW.site_id, s.name, s.township_code
          USING ERRCODE = '23514', HINT = 'a patrol''s township_code is its site''s township_code';
      END IF;
      IF NEW.patrolled_on < s.found_on THEN
        RAISE EXCEPTION 'patrol date % is before site % "%" was found (%)', NEW.patrolled_on, NEW.site_id, s.name, s.found_on
          USING ERRCODE = '23514', HINT = 'patrolled_on must be on or after the site''s found_on';
      END IF;
    ELSE
      RAISE EXCEPTION 'patrol of site % which does not exist', NEW.site_id
        USING ERRCODE = '23503', HINT = 'site_id must be an id from site, or NULL for an area sweep';
    END IF;
  END IF;
  IF NEW.operating AND NEW.outcome = '未发现执业' THEN
    RAISE EXCEPTION 'patrol found the site operating but has outcome 未发现执业'
      USING ERRCODE = '23514', HINT = 'set operating = false, or choose another outcome';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.patrol_before() IS
  '触发器：巡查须与场所同乡镇、不早于发现日期；辖区排查不能有执业发现；缺省乡镇取场所所在乡镇';

CREATE TRIGGER patrol_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.patrol
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.township_code_check();
CREATE TRIGGER patrol_dates BEFORE INSERT OR UPDATE OF patrolled_on ON @extschema@.patrol
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.plausible_dates('patrolled_on');
CREATE TRIGGER patrol_before BEFORE INSERT OR UPDATE ON @extschema@.patrol
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.patrol_before();
-- a patrol moves its site's status in date order, whatever the order the rows arrive in (site_status_refresh)
CREATE TRIGGER patrol_site_status_insert AFTER INSERT ON @extschema@.patrol
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();
CREATE TRIGGER patrol_site_status_update AFTER UPDATE ON @extschema@.patrol
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();
CREATE TRIGGER patrol_site_status_delete AFTER DELETE ON @extschema@.patrol
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();

-- ===== register_submission =====
CREATE TABLE @extschema@.register_submission (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code text NOT NULL REFERENCES @extschema@.division (code),
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id),
  filled_by     text,
  filled_on     date,
  phone         text,
  reviewed_by   text,
  sealed        boolean NOT NULL DEFAULT false,
  submitted_on  date NOT NULL,
  CONSTRAINT register_submission_filled_before_submitted CHECK (filled_on <= submitted_on)
);
CREATE INDEX register_submission_township_window_idx ON @extschema@.register_submission (township_code, window_id, submitted_on);
CREATE INDEX register_submission_window_idx ON @extschema@.register_submission (window_id);
COMMENT ON TABLE @extschema@.register_submission IS '乡镇报送的考核资料（含《非法行医巡查登记表》）';
COMMENT ON COLUMN @extschema@.register_submission.id IS '编号';
COMMENT ON COLUMN @extschema@.register_submission.township_code IS '报送乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.register_submission.window_id IS '考核资料报送期';
COMMENT ON COLUMN @extschema@.register_submission.filled_by IS '填表人';
COMMENT ON COLUMN @extschema@.register_submission.filled_on IS '填表日期';
COMMENT ON COLUMN @extschema@.register_submission.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.register_submission.reviewed_by IS '审核人';
COMMENT ON COLUMN @extschema@.register_submission.sealed IS '是否加盖单位公章';
COMMENT ON COLUMN @extschema@.register_submission.submitted_on IS '报送日期';
SELECT illegal_practice_internal.secure_table('@extschema@.register_submission', 'township_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.register_submission FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.register_submission TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.register_submission', '{"filled_by": "name", "reviewed_by": "name", "phone": "phone"}');
CREATE TRIGGER register_submission_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.register_submission
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.township_code_check();

-- ===== joint_application (附件2) =====
CREATE TABLE @extschema@.joint_application (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code   text NOT NULL REFERENCES @extschema@.division (code),
  period          daterange NOT NULL,
  sites_found     integer,
  sites_remaining integer,
  applied_on      date NOT NULL,
  contact         text,
  phone           text,
  CONSTRAINT joint_application_period_bounded CHECK (
    NOT pg_catalog.isempty(period) AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)),
  CONSTRAINT joint_application_sites_found_not_negative CHECK (sites_found >= 0),
  CONSTRAINT joint_application_sites_remaining_not_negative CHECK (sites_remaining >= 0),
  CONSTRAINT joint_application_remaining_within_found CHECK (sites_remaining <= sites_found),
  CONSTRAINT joint_application_applied_after_sweep_began CHECK (applied_on >= pg_catalog.lower(period))
);
CREATE INDEX joint_application_township_idx ON @extschema@.joint_application (township_code, applied_on);
COMMENT ON TABLE @extschema@.joint_application IS '联合执法申请函（附件2）：劝导无果后乡镇向县打非办申请协同取缔';
COMMENT ON COLUMN @extschema@.joint_application.id IS '编号';
COMMENT ON COLUMN @extschema@.joint_application.township_code IS '申请乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.joint_application.period IS '排查期间 [起, 止)';
COMMENT ON COLUMN @extschema@.joint_application.sites_found IS '发现非法行医场所数（为空则由巡查推算）';
COMMENT ON COLUMN @extschema@.joint_application.sites_remaining IS '仍不听劝告、继续行医的场所数（为空则由巡查推算）';
COMMENT ON COLUMN @extschema@.joint_application.applied_on IS '申请日期';
COMMENT ON COLUMN @extschema@.joint_application.contact IS '联系人';
COMMENT ON COLUMN @extschema@.joint_application.phone IS '联系电话';
SELECT illegal_practice_internal.secure_table('@extschema@.joint_application', 'township_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.joint_application FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.joint_application TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.joint_application', '{"contact": "name", "phone": "phone"}');
CREATE TRIGGER joint_application_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.joint_application
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.township_code_check();

CREATE FUNCTION @extschema@.joint_application_sites(application_id bigint)
  RETURNS TABLE (site_id bigint, still_operating boolean)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT f.site_id,
         coalesce((SELECT l.operating FROM @extschema@.patrol l
                    WHERE l.site_id = f.site_id AND l.patrolled_on <= a.applied_on
                    ORDER BY l.patrolled_on DESC, l.id DESC LIMIT 1), false)
    FROM @extschema@.joint_application a,
         LATERAL (SELECT DISTINCT p.site_id FROM @extschema@.patrol p
                   WHERE p.township_code = a.township_code AND p.site_id IS NOT NULL AND p.operating
                     AND p.patrolled_on OPERATOR(pg_catalog.<@) a.period) f
   WHERE a.id = joint_application_sites.application_id
   ORDER BY f.site_id;
END;
COMMENT ON FUNCTION @extschema@.joint_application_sites(bigint) IS
  '申请函推算：排查期间内有“发现执业”巡查的场所，及其在申请日（含）前最近一次巡查是否仍在执业';

CREATE FUNCTION @extschema@.joint_application_counts(application_id bigint,
    OUT sites_found integer, OUT sites_remaining integer)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(a.sites_found, (SELECT count(*)::integer FROM @extschema@.joint_application_sites(a.id))),
         coalesce(a.sites_remaining,
                  (SELECT count(*)::integer FROM @extschema@.joint_application_sites(a.id) s WHERE s.still_operating))
    FROM @extschema@.joint_application a WHERE a.id = joint_application_counts.application_id;
END;
COMMENT ON FUNCTION @extschema@.joint_application_counts(bigint) IS
  '申请函的发现场所数与仍在执业场所数：申请中填写的优先，为空时由巡查推算';
ALTER FUNCTION @extschema@.joint_application_counts(bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.joint_application_counts(bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.joint_application_counts(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.joint_application_counts(bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== joint_action, joint_action_site =====
CREATE TABLE @extschema@.joint_action (
  id                    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  application_id        bigint NOT NULL REFERENCES @extschema@.joint_application (id),
  acted_on              date NOT NULL,
  township_participated boolean NOT NULL,
  note                  text
);
CREATE INDEX joint_action_application_idx ON @extschema@.joint_action (application_id, acted_on);
COMMENT ON TABLE @extschema@.joint_action IS '县打非办组织的联合取缔打击行动（响应乡镇申请）';
COMMENT ON COLUMN @extschema@.joint_action.id IS '编号';
COMMENT ON COLUMN @extschema@.joint_action.application_id IS '所响应的联合执法申请';
COMMENT ON COLUMN @extschema@.joint_action.acted_on IS '行动日期';
COMMENT ON COLUMN @extschema@.joint_action.township_participated IS '乡镇是否组织相关部门和人员配合参与';
COMMENT ON COLUMN @extschema@.joint_action.note IS '备注';
SELECT illegal_practice_internal.secure_table('@extschema@.joint_action', '(SELECT a.township_code FROM @extschema@.joint_application a WHERE a.id = application_id)');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.joint_action FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.joint_action TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.joint_action', '{"note": "hide"}');

CREATE FUNCTION illegal_practice_internal.joint_action_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  applied date;
BEGIN
  SELECT a.applied_on INTO applied FROM @extschema@.joint_application a WHERE a.id = NEW.application_id;
  IF NEW.acted_on < applied THEN
    RAISE EXCEPTION 'joint action on % is before its application of %', NEW.acted_on, applied
      USING ERRCODE = '23514', HINT = 'acted_on must be on or after the application''s applied_on';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.joint_action_before() IS '触发器：联合行动不能早于申请日期';
CREATE TRIGGER joint_action_before BEFORE INSERT OR UPDATE ON @extschema@.joint_action
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.joint_action_before();

CREATE TABLE @extschema@.joint_action_site (
  joint_action_id bigint NOT NULL REFERENCES @extschema@.joint_action (id) ON DELETE CASCADE,
  site_id         bigint NOT NULL REFERENCES @extschema@.site (id),
  PRIMARY KEY (joint_action_id, site_id)
);
CREATE INDEX joint_action_site_site_idx ON @extschema@.joint_action_site (site_id);
COMMENT ON TABLE @extschema@.joint_action_site IS '联合行动取缔的场所（登记后场所状态改为 已取缔，取缔日期为行动日期）';
COMMENT ON COLUMN @extschema@.joint_action_site.joint_action_id IS '联合行动';
COMMENT ON COLUMN @extschema@.joint_action_site.site_id IS '被取缔的场所';
SELECT illegal_practice_internal.secure_table('@extschema@.joint_action_site', '(SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id)', true, ARRAY['joint_action_id', 'site_id']);
SELECT illegal_practice_internal.masked_view('@extschema@.joint_action_site', '{}');

CREATE FUNCTION illegal_practice_internal.joint_action_site_ban() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  act record;
  s record;
BEGIN
  SELECT j.acted_on, a.township_code INTO act
    FROM @extschema@.joint_action j JOIN @extschema@.joint_application a ON a.id = j.application_id
   WHERE j.id = NEW.joint_action_id;
  SELECT x.name, x.township_code, x.status, x.status_since, x.found_on INTO s
    FROM @extschema@.site x WHERE x.id = NEW.site_id;
  IF NOT FOUND OR act IS NULL THEN
    RETURN NEW;    -- the foreign keys report it
  END IF;
  IF s.township_code <> act.township_code THEN
    RAISE EXCEPTION 'joint action % for township % cannot ban site % "%" of township %',
                    NEW.joint_action_id, act.township_code, NEW.site_id, s.name, s.township_code
      USING ERRCODE = '23514', HINT = 'a joint action bans sites of the applying township';
  END IF;
  IF act.acted_on < s.found_on THEN
    RAISE EXCEPTION 'joint action on % is before site % "%" was found (%)', act.acted_on, NEW.site_id, s.name, s.found_on
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.joint_action_site_ban() IS
  '触发器：联合行动取缔的场所须属申请乡镇、行动日期不早于发现日期（取缔由 site_status_refresh 按日期顺序记入状态历史）';
CREATE TRIGGER joint_action_site_ban BEFORE INSERT ON @extschema@.joint_action_site
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.joint_action_site_ban();
-- a joint action bans its sites from acted_on: registered, removed or re-dated, the sites are refolded
CREATE TRIGGER joint_action_site_status_insert AFTER INSERT ON @extschema@.joint_action_site
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();
CREATE TRIGGER joint_action_site_status_delete AFTER DELETE ON @extschema@.joint_action_site
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();
CREATE TRIGGER joint_action_site_status_update AFTER UPDATE ON @extschema@.joint_action
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.site_status_refresh();

-- ===== forms: 附件1 非法行医巡查登记表 (+ CSV), 附件2 联合执法申请函, the monthly patrols owed =====
-- 附件1 非法行医巡查登记表 (form_patrol_register + CSV), 附件2 联合执法申请函,
-- and the monthly patrols owed for banned / self-closed sites (考核细则 二、4).

CREATE FUNCTION illegal_practice_internal.patrol_division_arg(division_code text) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF division_code IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.division d WHERE d.code = division_code) THEN
    RAISE EXCEPTION 'unknown division code "%"', division_code
      USING ERRCODE = '22023', HINT = 'pass a code from division: a province, city, county or township';
  END IF;
  RETURN division_code;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.patrol_division_arg(text) IS '参数检查：区划代码须在 division 中，否则报 22023';

-- The one argument check of every form (and its CSV/HTML twin), the deadlines and the assessment:
-- a division code that is in table division, and bounded, non-empty periods with finite bounds.
CREATE FUNCTION @extschema@.form_args(division_code text, VARIADIC periods daterange[] DEFAULT '{}') RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p daterange;
  d text;
BEGIN
  SELECT v.name INTO d FROM @extschema@.division v WHERE v.code = division_code;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown division code "%"', division_code
      USING ERRCODE = '22023', HINT = 'pass a code from division: a province, city, county or township';
  END IF;
  FOREACH p IN ARRAY coalesce(periods, ARRAY[NULL::daterange]) LOOP
    IF p IS NULL OR isempty(p) OR lower_inf(p) OR upper_inf(p) OR NOT isfinite(lower(p)) OR NOT isfinite(upper(p)) THEN
      RAISE EXCEPTION 'period % must be a bounded, non-empty date range', coalesce(p::text, 'NULL')
        USING ERRCODE = '22023', HINT = 'pass e.g. ''[2019-01-01,2020-01-01)''';
    END IF;
  END LOOP;
  RETURN d;
END $$;
COMMENT ON FUNCTION @extschema@.form_args(text, daterange[]) IS
  '汇总表、期限与考核的参数检查：区划代码须在 division 中，期间须有有限的上下界且非空，否则报 22023（消息中写出该值）；返回区划名称';

CREATE FUNCTION @extschema@.window_arg(window_id bigint) RETURNS bigint
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF window_id IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window w WHERE w.id = window_id) THEN
    RAISE EXCEPTION 'unknown reporting window %', coalesce(window_id::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'see table reporting_window';
  END IF;
  RETURN window_id;
END $$;
COMMENT ON FUNCTION @extschema@.window_arg(bigint) IS '参数检查：考核期间编号须在 reporting_window 中，否则报 22023';



-- ===== 附件1 =====
CREATE FUNCTION @extschema@.form_patrol_register(division_code text, period daterange)
  RETURNS TABLE (seq integer, township text, unit_name text, people text, address text, phone text,
                 school text, major text, qualification text, subjects text,
                 joint_enforcement text, patrolled_on date)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  scope text := illegal_practice_internal.patrol_division_arg(division_code);
BEGIN
  PERFORM @extschema@.form_args(division_code, period);
  RETURN QUERY
  SELECT (row_number() OVER (PARTITION BY p.township_code ORDER BY p.patrolled_on, p.id))::integer,
         d.name, @extschema@.pii_name(s.name), coalesce(@extschema@.pii_name(ppl.people), ''),
         coalesce(@extschema@.pii_address(s.address), ''), coalesce(@extschema@.pii_phone(s.phone), ''),
         coalesce(c.school, ''), coalesce(c.major, ''), coalesce(c.qualification::text, ''),
         coalesce(c.treatment_subjects, ''),
         CASE WHEN p.joint_enforcement_needed THEN '是' ELSE '否' END,
         p.patrolled_on
    FROM @extschema@.patrol p
    JOIN @extschema@.site s ON s.id = p.site_id
    JOIN @extschema@.division d ON d.code = p.township_code
    LEFT JOIN LATERAL (SELECT x.id, x.school, x.major, x.qualification, x.treatment_subjects
                         FROM @extschema@.practitioner x
                        WHERE x.site_id = s.id AND x.in_charge ORDER BY x.id LIMIT 1) c ON true
    LEFT JOIN LATERAL (SELECT string_agg(x.name, '、' ORDER BY x.id IS NOT DISTINCT FROM c.id DESC, x.id) AS people
                         FROM @extschema@.practitioner x WHERE x.site_id = s.id) ppl ON true
   WHERE @extschema@.covers(scope, p.township_code)
     AND p.patrolled_on OPERATOR(pg_catalog.<@) period
   ORDER BY p.township_code, p.patrolled_on, p.id;
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_register(text, daterange) IS
  '附件1 非法行医巡查登记表：期间内每次有场所的巡查一行（辖区排查不列）；序号按乡镇从1重排，按乡镇代码、巡查日期、编号排序；'
  '负责人排第一，其余从业人员按编号，以“、”连接；毕业院校、专业、从医资格、诊治科目取负责人（多名时取编号最小者），无则为空';
ALTER FUNCTION @extschema@.form_patrol_register(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_register(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_register(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_register(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('patrol_register', '附件1', '非法行医巡查登记表', false, '{"people": "name", "address": "address", "phone": "phone"}', true);

CREATE FUNCTION @extschema@.form_patrol_register_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) '序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期'
         || E'\n'
         || coalesce(string_agg(
              concat_ws(',', f.seq::text, illegal_practice_internal.csv_field(f.township), illegal_practice_internal.csv_field(f.unit_name),
                        illegal_practice_internal.csv_field(f.people), illegal_practice_internal.csv_field(f.address),
                        illegal_practice_internal.csv_field(f.phone), illegal_practice_internal.csv_field(f.school),
                        illegal_practice_internal.csv_field(f.major), illegal_practice_internal.csv_field(f.qualification),
                        illegal_practice_internal.csv_field(f.subjects), f.joint_enforcement,
                        pg_catalog.to_char(f.patrolled_on, 'YYYY-MM-DD')) || E'\n', '' ORDER BY f.n), '')
    FROM @extschema@.form_patrol_register(division_code, period) WITH ORDINALITY
         AS f(seq, township, unit_name, people, address, phone, school, major, qualification, subjects,
              joint_enforcement, patrolled_on, n);
END;
COMMENT ON FUNCTION @extschema@.form_patrol_register_csv(text, daterange, boolean) IS
  '附件1 的 CSV：中文表头一行，其后每行一条巡查；RFC 4180 引号规则，每行以 \n 结尾，日期为 YYYY-MM-DD；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_patrol_register_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_register_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_register_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_register_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附件2 =====
CREATE FUNCTION @extschema@.joint_application_letter(application_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a record;
  n record;
  term text;
BEGIN
  SELECT j.*, d.name AS township INTO a
    FROM @extschema@.joint_application j JOIN @extschema@.division d ON d.code = j.township_code
   WHERE j.id = application_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'joint application % does not exist', application_id
      USING ERRCODE = 'P0002', HINT = 'pass an id from joint_application';
  END IF;
  n := @extschema@.joint_application_counts(application_id);
  -- the form's 乡（镇、街道） becomes the township's own kind
  term := CASE WHEN a.township LIKE '%街道' THEN '街道' WHEN a.township LIKE '%镇' THEN '镇'
               WHEN a.township LIKE '%乡' THEN '乡' ELSE '乡（镇、街道）' END;
  RETURN concat_ws(E'\n',
    to_char(lower(a.period), 'FMYYYY') || '年打击非法行医专项行动联合执法申请函',
    '',
    '县打非办：',
    '根据县政府和县打非办有关进一步整顿医疗秩序打击非法行医工作要求，我' || term || '于'
      || illegal_practice_internal.letter_date(lower(a.period)) || '至' || illegal_practice_internal.letter_date(upper(a.period) - 1)
      || '，对本辖区内的非法行医场所进行了地毯式的排查，发现非法行医场所' || n.sites_found
      || '家，经向其宣传有关政策、法律、责令其限期整改等措施后，目前尚有' || n.sites_remaining
      || '家场所仍不听劝告，继续从事无证行医活动。',
    '经本' || term || '打非领导小组研究，决定于近期组织相关人员开展依法取缔行动，请县打非办协调卫生计生、公安、'
      || '市场监管等部门执法人员前来我' || term || '开展联合打击工作。',
    '联系人：' || coalesce(@extschema@.pii_name(a.contact), ''),
    '联系电话：' || coalesce(@extschema@.pii_phone(a.phone), ''),
    '',
    '',
    a.township || '（盖章）',
    illegal_practice_internal.letter_date(a.applied_on));
END $$;
COMMENT ON FUNCTION @extschema@.joint_application_letter(bigint) IS
  '附件2 联合执法申请函全文：排查期间（最后一天为 upper(period) - 1）、发现场所数与仍在执业场所数（未填写时由巡查推算）、联系人、电话、乡镇落款与申请日期';
ALTER FUNCTION @extschema@.joint_application_letter(bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.joint_application_letter(bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.joint_application_letter(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.joint_application_letter(bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 每月巡查（考核细则 二、4；spec v3 §4 2.4）: the ONE definition of the monthly obligation =====
-- A site closed (已取缔, 自行歇业 or 已停业; adjacent closed statuses are one closure) from a date c owes a
-- patrol in every calendar month that starts on or after c, lies wholly inside the period and throughout
-- which it stayed closed. as_of: what is known on that day (a closure that ends after as_of still runs).
CREATE FUNCTION @extschema@.closed_site_months(towns text[], period daterange, as_of date DEFAULT NULL)
  RETURNS TABLE (site_id bigint, township_code text, site_name text, status text, closed_since date,
                 month date, patrolled_on date)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  -- planned for the actual townships and dates (EXECUTE … USING), not generically
  RETURN QUERY EXECUTE $q$
  WITH cr AS MATERIALIZED (   -- the closed history rows of the townships' sites, read once
    SELECT h.site_id, h.status, h.valid, s.township_code, s.name
      FROM @extschema@.site_status_history h JOIN @extschema@.site s ON s.id = h.site_id
     WHERE @extschema@.is_closed_status(h.status)
       AND ($1 IS NULL OR s.township_code OPERATOR(pg_catalog.=) ANY ($1))
  ), runs AS (                -- closures: adjacent closed statuses are one
    SELECT cr.site_id, cr.township_code, cr.name, pg_catalog.unnest(pg_catalog.range_agg(cr.valid)) AS run
      FROM cr GROUP BY cr.site_id, cr.township_code, cr.name
  ), r AS (
    SELECT runs.site_id, runs.township_code, runs.name, pg_catalog.lower(runs.run) AS c,
           CASE WHEN pg_catalog.upper_inf(runs.run) OR pg_catalog.upper(runs.run) > $3 THEN NULL
                ELSE pg_catalog.upper(runs.run) END AS u
      FROM runs
     WHERE NOT pg_catalog.lower_inf(runs.run) AND runs.run OPERATOR(pg_catalog.&&) $2
  ), mo AS (                  -- months starting on or after c, wholly inside the period and the closure
    SELECT r.site_id, r.township_code, r.name, r.c, m.ms::date AS ms
      FROM r CROSS JOIN LATERAL pg_catalog.generate_series(
             pg_catalog.date_trunc('month', (GREATEST(r.c, $4) - 1)::timestamp) + interval '1 month',
             LEAST($5, coalesce(r.u, $5))::timestamp - interval '1 month',
             interval '1 month') AS m (ms)
  ), pm AS (                  -- each site's first patrol per month, one pass over its patrols
    SELECT p.site_id, pg_catalog.date_trunc('month', p.patrolled_on::timestamp)::date AS ms,
           pg_catalog.min(p.patrolled_on) AS first
      FROM @extschema@.patrol p
     WHERE p.site_id IN (SELECT mo.site_id FROM mo)
       AND p.patrolled_on >= coalesce($4, '-infinity'::date)
       AND p.patrolled_on < coalesce($5, 'infinity'::date)
     GROUP BY 1, 2
  )
  SELECT mo.site_id, mo.township_code, mo.name, cr.status::text, mo.c, mo.ms, pm.first
    FROM mo
    JOIN cr ON cr.site_id = mo.site_id AND cr.valid OPERATOR(pg_catalog.@>) mo.ms
    LEFT JOIN pm ON pm.site_id = mo.site_id AND pm.ms = mo.ms
   ORDER BY mo.township_code, mo.ms, mo.site_id;
  $q$ USING towns, period, as_of, lower(period), upper(period);
END
$fn$;
COMMENT ON FUNCTION @extschema@.closed_site_months(text[], daterange, date) IS
  '每月巡查义务的唯一定义（考核细则 二、4）：已取缔、自行歇业或已停业（相邻停业状态合为一次）的场所，自停业日 c 起，期间内每个起始日不早于 c、整月在期间内且整月保持停业的自然月各一行，及该月第一次巡查日期（为空表示未巡查）；towns 为乡镇代码（NULL 为全部），as_of 给出时按当日所知（as_of 之后的复业不计）';
-- SECURITY INVOKER on purpose: it reads with the rights of whoever runs it — the caller's scope when a user
-- or a definer-owned form calls it, every township when the assessment (illegal_practice_tally) does
REVOKE ALL ON FUNCTION @extschema@.closed_site_months(text[], daterange, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.closed_site_months(text[], daterange, date) TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_definer, illegal_practice_tally;

CREATE FUNCTION @extschema@.patrol_obligations(division_code text, period daterange)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, status text,
                 closed_since date, month date, due_on date, patrolled_on date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := illegal_practice_internal.patrol_division_arg(division_code);
BEGIN
  IF isempty(period) OR lower_inf(period) OR upper_inf(period) THEN
    RAISE EXCEPTION 'period % must be bounded', period
      USING ERRCODE = '22023', HINT = 'pass e.g. [2020-07-01,2020-12-01)';
  END IF;
  RETURN QUERY
  SELECT m.township_code, d.name, m.site_id, m.site_name, m.status, m.closed_since, m.month,
         (m.month + interval '1 month')::date - 1, m.patrolled_on
    FROM @extschema@.closed_site_months(
           (SELECT array_agg(v.code) FROM @extschema@.division v
             WHERE v.level = '乡镇' AND @extschema@.covers(scope, v.code)), period) m
    JOIN @extschema@.division d ON d.code = m.township_code
   ORDER BY m.township_code, m.month, m.site_id;
END $$;
COMMENT ON FUNCTION @extschema@.patrol_obligations(text, daterange) IS
  '每月巡查义务（closed_site_months）：期间内每个完整自然月，对该月开始时（含当日）已取缔、自行歇业或已停业、且整月保持停业（按 site_status_history）的场所各一行；'
  'patrolled_on 为该月第一次巡查日期，为空表示该月未巡查；due_on 为月末';
ALTER FUNCTION @extschema@.patrol_obligations(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.patrol_obligations(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.patrol_obligations(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.patrol_obligations(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.monthly_patrol_obligations(division_code text, month date)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, status text,
                 closed_since date, month date, due_on date)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT o.township_code, o.township, o.site_id, o.site_name, o.status, o.closed_since, o.month, o.due_on
    FROM @extschema@.patrol_obligations(division_code,
           daterange(date_trunc('month', month::timestamp)::date,
                     (date_trunc('month', month::timestamp) + interval '1 month')::date)) o
   WHERE o.patrolled_on IS NULL
   ORDER BY o.township_code, o.site_id;
END;
COMMENT ON FUNCTION @extschema@.monthly_patrol_obligations(text, date) IS
  '某月（传入该月任一日）应巡未巡的场所：该月开始时（含当日）已取缔、自行歇业或已停业、整月保持停业、该月没有任何巡查记录';
ALTER FUNCTION @extschema@.monthly_patrol_obligations(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.monthly_patrol_obligations(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.monthly_patrol_obligations(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.monthly_patrol_obligations(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 仙居 阶段汇总表 (四(三); spec v3 §3 form_patrol_summary) =====
CREATE FUNCTION @extschema@.form_patrol_summary(division_code text, period daterange)
  RETURNS TABLE (township_code text, township text, patrols bigint, area_sweeps bigint, sites_found bigint,
                 sites_operating bigint, ordered_count bigint, persuaded_count bigint, refused_count bigint,
                 banned_sites bigint, joint_applications bigint, joint_actions bigint,
                 closed_site_visits_owed bigint, closed_site_visits_made bigint)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := illegal_practice_internal.patrol_division_arg(division_code);
  towns text[];
  p_lo date := lower(form_patrol_summary.period);
  p_hi date := upper(form_patrol_summary.period);
BEGIN
  IF isempty(form_patrol_summary.period) OR lower_inf(form_patrol_summary.period) OR upper_inf(form_patrol_summary.period) THEN
    RAISE EXCEPTION 'period % must be a bounded, non-empty date range', form_patrol_summary.period
      USING ERRCODE = '22023', HINT = 'pass e.g. [2020-06-01,2020-10-01)';
  END IF;
  SELECT coalesce(array_agg(d.code ORDER BY d.code), '{}') INTO towns
    FROM @extschema@.division d
   WHERE d.level = '乡镇' AND @extschema@.covers(scope, d.code);
  RETURN QUERY
  WITH t AS (
    SELECT d.code, d.name FROM @extschema@.division d WHERE d.code = ANY (towns)
  ), p AS (
    SELECT x.township_code AS code, count(*) AS patrols, count(*) FILTER (WHERE x.site_id IS NULL) AS sweeps,
           count(DISTINCT x.site_id) AS found, count(DISTINCT x.site_id) FILTER (WHERE x.operating) AS operating,
           count(*) FILTER (WHERE x.outcome = '责令限期整改') AS ordered,
           count(*) FILTER (WHERE x.outcome = '劝导停业') AS persuaded,
           count(*) FILTER (WHERE x.outcome = '拒不整改') AS refused
      FROM @extschema@.patrol x
     WHERE x.township_code = ANY (towns) AND x.patrolled_on >= p_lo AND x.patrolled_on < p_hi
     GROUP BY x.township_code
  ), b AS (
    SELECT s.township_code AS code, count(DISTINCT h.site_id) AS banned
      FROM @extschema@.site_status_history h JOIN @extschema@.site s ON s.id = h.site_id
     WHERE s.township_code = ANY (towns) AND h.status = '已取缔'
       AND lower(h.valid) >= p_lo AND lower(h.valid) < p_hi
     GROUP BY s.township_code
  ), ja AS (
    SELECT a.township_code AS code, count(*) AS n FROM @extschema@.joint_application a
     WHERE a.township_code = ANY (towns) AND a.applied_on >= p_lo AND a.applied_on < p_hi
     GROUP BY a.township_code
  ), jx AS (
    SELECT a.township_code AS code, count(*) AS n
      FROM @extschema@.joint_action j JOIN @extschema@.joint_application a ON a.id = j.application_id
     WHERE a.township_code = ANY (towns) AND j.acted_on >= p_lo AND j.acted_on < p_hi
     GROUP BY a.township_code
  ), o AS (
    SELECT m.township_code AS code, count(*) AS owed, count(m.patrolled_on) AS made
      FROM @extschema@.closed_site_months(towns, form_patrol_summary.period) m GROUP BY m.township_code
  ), r AS (
    SELECT t.code, t.name, coalesce(p.patrols, 0) AS patrols, coalesce(p.sweeps, 0) AS sweeps,
           coalesce(p.found, 0) AS found, coalesce(p.operating, 0) AS operating, coalesce(p.ordered, 0) AS ordered,
           coalesce(p.persuaded, 0) AS persuaded, coalesce(p.refused, 0) AS refused, coalesce(b.banned, 0) AS banned,
           coalesce(ja.n, 0) AS apps, coalesce(jx.n, 0) AS acts, coalesce(o.owed, 0) AS owed, coalesce(o.made, 0) AS made
      FROM t LEFT JOIN p ON p.code = t.code LEFT JOIN b ON b.code = t.code LEFT JOIN ja ON ja.code = t.code
      LEFT JOIN jx ON jx.code = t.code LEFT JOIN o ON o.code = t.code
  )
  SELECT x.code, x.name, x.patrols, x.sweeps, x.found, x.operating, x.ordered, x.persuaded, x.refused, x.banned,
         x.apps, x.acts, x.owed, x.made
    FROM (SELECT 0 AS ord, r.* FROM r
          UNION ALL
          SELECT 1, NULL, '合计', coalesce(sum(r.patrols), 0)::bigint, coalesce(sum(r.sweeps), 0)::bigint,
                 coalesce(sum(r.found), 0)::bigint, coalesce(sum(r.operating), 0)::bigint, coalesce(sum(r.ordered), 0)::bigint,
                 coalesce(sum(r.persuaded), 0)::bigint, coalesce(sum(r.refused), 0)::bigint, coalesce(sum(r.banned), 0)::bigint,
                 coalesce(sum(r.apps), 0)::bigint, coalesce(sum(r.acts), 0)::bigint, coalesce(sum(r.owed), 0)::bigint,
                 coalesce(sum(r.made), 0)::bigint
            FROM r) x
   ORDER BY x.ord, x.code;
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_summary(text, daterange) IS
  '仙居阶段汇总表（四(三)“每个阶段结束后5个工作日内报送总结、典型案例和汇总表”，原文无样表）：辖区内每个乡镇一行（只计调用者权限内的数据，权限外的乡镇为0）再加合计——巡查次数（含辖区排查）、其中辖区排查、巡查场所数、发现执业场所数、责令限期整改、劝导停业、拒不整改次数、期间内变为已取缔的场所数（乡镇自行取缔与联合行动）、联合执法申请数、联合行动数、停业场所应巡查月次（每月巡查义务，整月在期间内）及其中已巡查月次';

ALTER FUNCTION @extschema@.form_patrol_summary(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_summary(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_summary(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_summary(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('patrol_summary', '阶段汇总表', '打击非法行医阶段汇总表', false, '{}', true);

CREATE FUNCTION illegal_practice_internal.visit_share(made bigint, owed bigint) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN owed IS NULL OR owed = 0 THEN ''
              ELSE pg_catalog.round(100.0 * made / owed, 1)::text OPERATOR(pg_catalog.||) '%' END;
COMMENT ON FUNCTION illegal_practice_internal.visit_share(bigint, bigint) IS '完成率：已巡查 ÷ 应巡查，百分数保留一位小数（如 44.4%）；应巡查为0时为空';


CREATE FUNCTION @extschema@.form_patrol_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom)
         OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('乡镇代码', '乡镇（街道）', '巡查次数', '其中辖区排查', '巡查场所数', '发现执业场所数',
                              '责令限期整改', '劝导停业', '拒不整改', '取缔场所数', '联合执法申请', '联合行动',
                              '停业场所应巡查月次', '已巡查月次', '巡查完成率')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.township_code, f.township, f.patrols::text, f.area_sweeps::text,
                    f.sites_found::text, f.sites_operating::text, f.ordered_count::text, f.persuaded_count::text,
                    f.refused_count::text, f.banned_sites::text, f.joint_applications::text, f.joint_actions::text,
                    f.closed_site_visits_owed::text, f.closed_site_visits_made::text,
                    illegal_practice_internal.visit_share(f.closed_site_visits_made, f.closed_site_visits_owed))
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_patrol_summary(division_code, period) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) IS
  '阶段汇总表的 CSV 导出：中文表头一行，各乡镇与合计，末列为停业场所每月巡查完成率；默认以 UTF-8 BOM 开头（bom => false 不加）';

ALTER FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_summary_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- 21_patrol_import.sql — bulk import of a township's 附件1 spreadsheet: a staging table holding the
-- form's columns as text, and import_patrol_register() which loads the good rows (creating or
-- matching sites and practitioners) and leaves the bad ones in staging with the reason.

CREATE TABLE @extschema@.patrol_register_staging (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  source            text,
  line_no           integer,
  seq               text,
  township          text,
  unit_name         text,
  people            text,
  address           text,
  phone             text,
  school            text,
  major             text,
  qualification     text,
  subjects          text,
  joint_enforcement text,
  patrolled_on      text,
  operating         text,
  outcome           text,
  inspector         text,
  error             text,
  checked_at        timestamptz,
  staged_by         name NOT NULL DEFAULT @extschema@.caller(),
  township_code     text
);
CREATE INDEX patrol_register_staging_township_idx ON @extschema@.patrol_register_staging (township_code);
COMMENT ON TABLE @extschema@.patrol_register_staging IS
  '附件1 巡查登记表导入暂存表：各列为表格原文；import_patrol_register() 导入正确的行并删除，有误的行留下并写明原因';
COMMENT ON COLUMN @extschema@.patrol_register_staging.id IS '编号';
COMMENT ON COLUMN @extschema@.patrol_register_staging.source IS '来源（文件名等，可空）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.line_no IS '表格中的行号（可空）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.seq IS '序号（原文，不导入）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.township IS '乡镇：名称或9位代码';
COMMENT ON COLUMN @extschema@.patrol_register_staging.unit_name IS '无证行医单位名称';
COMMENT ON COLUMN @extschema@.patrol_register_staging.people IS '负责人及从业人员姓名：负责人在前，以“、”“，”或“;”分隔，可写“姓名（身份证号）”';
COMMENT ON COLUMN @extschema@.patrol_register_staging.address IS '行医地址';
COMMENT ON COLUMN @extschema@.patrol_register_staging.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.patrol_register_staging.school IS '毕业院校（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.major IS '所学专业（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.qualification IS '从医资格（负责人）：无、村防保员、村公共卫生联系员、乡村医生、执业助理医师、执业医师、护士、药士、药师、其他';
COMMENT ON COLUMN @extschema@.patrol_register_staging.subjects IS '诊治科目（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.joint_enforcement IS '是否要联合查处：是 / 否（空为否）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.patrolled_on IS '巡查日期：2020-07-01、2020/7/1、2020.7.1、2020年7月1日、20200701 或 Excel 日期序号';
COMMENT ON COLUMN @extschema@.patrol_register_staging.operating IS '（附加列，可空）是否发现正在执业：是 / 否';
COMMENT ON COLUMN @extschema@.patrol_register_staging.outcome IS '（附加列，可空）处理结果：未发现执业、责令限期整改、劝导停业、拒不整改、已取缔';
COMMENT ON COLUMN @extschema@.patrol_register_staging.inspector IS '（附加列，可空）巡查人';
COMMENT ON COLUMN @extschema@.patrol_register_staging.error IS '上次导入时发现的错误（为空表示尚未导入）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.checked_at IS '上次检查时间';
COMMENT ON COLUMN @extschema@.patrol_register_staging.staged_by IS '暂存人（录入员只看到自己暂存的行和本辖区的行）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.township_code IS
  '乡镇代码（暂存时由触发器确定：9位代码原样；名称只在暂存人所在县（或其辖区）内查找，唯一时取之；否则为空）';

CREATE FUNCTION illegal_practice_internal.staging_township_set() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- a 9-digit code as it is; a name only among the townships of the caller's own counties (a
  -- township scope counts as its county, a wider scope as itself), and only when unique there --
  -- never the lowest code nationwide for a repeated name
  IF TG_OP = 'INSERT' OR NEW.township IS DISTINCT FROM OLD.township THEN
    NEW.township_code := (
      SELECT CASE WHEN pg_catalog.count(*) = 1 THEN pg_catalog.min(d.code) END
        FROM @extschema@.division d
       WHERE d.level = '乡镇'
         AND (d.code = pg_catalog.btrim(NEW.township)
              OR (d.name = pg_catalog.btrim(NEW.township)
                  AND EXISTS (SELECT FROM pg_catalog.unnest(@extschema@.caller_scope()) sc
                               WHERE sc = '000000'
                                  OR @extschema@.covers(CASE WHEN pg_catalog.length(sc) = 9 THEN pg_catalog.left(sc, 6) ELSE sc END,
                                                        d.code)))));
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.staging_township_set() IS
  '触发器：暂存行写入或改乡镇时确定其乡镇代码：9位代码原样；名称只在暂存人所在县（或其更大辖区）内查找，唯一时取之，否则为空';
REVOKE ALL ON FUNCTION illegal_practice_internal.staging_township_set() FROM PUBLIC;
CREATE TRIGGER staging_township_set BEFORE INSERT OR UPDATE ON @extschema@.patrol_register_staging
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.staging_township_set();

-- Staging churn is not audited row by row: each statement that stages or removes rows is one event
-- per township, with its count (the imported rows themselves are audited in site, patrol, …).
CREATE FUNCTION illegal_practice_internal.audit_staging() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, new, division_code)
    SELECT @extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP, pg_catalog.min(g.id) || '-' || pg_catalog.max(g.id),
           pg_catalog.jsonb_build_object('rows', pg_catalog.count(*), 'staged_by', pg_catalog.array_agg(DISTINCT g.staged_by),
                                         'township_code', g.township_code), g.township_code
      FROM new_rows g GROUP BY g.township_code;
  ELSE
    INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, division_code)
    SELECT @extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP, pg_catalog.min(g.id) || '-' || pg_catalog.max(g.id),
           pg_catalog.jsonb_build_object('rows', pg_catalog.count(*), 'staged_by', pg_catalog.array_agg(DISTINCT g.staged_by),
                                         'township_code', g.township_code), g.township_code
      FROM old_rows g GROUP BY g.township_code;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.audit_staging() IS
  '暂存表的审计：每条语句按乡镇记一条（行数、暂存人、编号范围），不逐行记录';
ALTER FUNCTION illegal_practice_internal.audit_staging() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.audit_staging() FROM PUBLIC;

-- a clerk stages rows only for townships of their own scope (or rows of no known township, which
-- only they see and the import reports); they see the rows they staged and rows of their townships
SELECT illegal_practice_internal.secure_table('@extschema@.patrol_register_staging', 'township_code', audited => false);
ALTER POLICY ip_clerk ON @extschema@.patrol_register_staging
  USING (staged_by = @extschema@.caller() OR @extschema@.in_caller_scope(township_code))
  WITH CHECK (staged_by = @extschema@.caller() AND (township_code IS NULL OR @extschema@.in_caller_scope(township_code)));
ALTER POLICY ip_admin ON @extschema@.patrol_register_staging
  USING (staged_by = @extschema@.caller() OR @extschema@.in_caller_scope(township_code))
  WITH CHECK (township_code IS NULL OR @extschema@.in_caller_scope(township_code));
CREATE TRIGGER ip_audit AFTER INSERT ON @extschema@.patrol_register_staging
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.audit_staging();
CREATE TRIGGER ip_audit_delete AFTER DELETE ON @extschema@.patrol_register_staging
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.audit_staging();
SELECT illegal_practice_internal.masked_view('@extschema@.patrol_register_staging', '{"people": "name", "address": "address", "phone": "phone"}');

CREATE FUNCTION @extschema@.parse_register_date(value text) RETURNS date
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := btrim(value);
  m text[];
BEGIN
  m := regexp_match(v, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$');
  IF m IS NULL THEN
    m := regexp_match(v, '^(\d{4})(\d{2})(\d{2})$');
  END IF;
  IF m IS NOT NULL THEN
    RETURN make_date(m[1]::integer, m[2]::integer, m[3]::integer);
  END IF;
  IF v ~ '^\d{5}$' AND v::integer BETWEEN 18172 AND 73050 THEN
    RETURN date '1899-12-30' + v::integer;   -- Excel's day number, 1949-10-01 to 2099-12-31 only (99999 is no date)
  END IF;
  RETURN NULL;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format OR numeric_value_out_of_range THEN
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.parse_register_date(text) IS
  '解析登记表中的日期（2020-07-01、2020/7/1、2020.7.1、2020年7月1日、20200701、Excel 日期序号 18172–73050 即 1949-10-01 至 2099-12-31）；无法解析或不存在的日期返回 NULL';

CREATE FUNCTION @extschema@.import_patrol_register(division_code text DEFAULT NULL)
  RETURNS TABLE (staging_id bigint, line_no integer, result text, site_id bigint, patrol_id bigint, reason text)
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r record;
  reasons text[];
  tcode text;
  tcodes text[];
  day date;
  people text[];
  pnames text[];
  pids @extschema@.resident_id[];
  item text;
  m text[];
  qual @extschema@.qualification;
  joint boolean;
  op boolean;
  oc @extschema@.patrol_outcome;
  sid bigint;
  pid bigint;
  xid bigint;
  i integer;
  msg text;
  det text;
  res text;
  done bigint[] := '{}';
  n_read integer := 0;
  n_new integer := 0;
  n_dup integer := 0;
  n_bad integer := 0;
BEGIN
  IF division_code IS NOT NULL THEN
    PERFORM @extschema@.form_args(division_code);
  END IF;
  -- only the rows the caller staged (a row planted by someone else is never imported in their name)
  FOR r IN
    SELECT g.* FROM @extschema@.patrol_register_staging g
     WHERE g.staged_by = @extschema@.caller()
     ORDER BY @extschema@.parse_register_date(g.patrolled_on) NULLS LAST, g.id
  LOOP
    n_read := n_read + 1;
    IF n_read % 1000 = 0 THEN   -- progress (spec: long operations are not silent)
      RAISE NOTICE '已检查 % 行：已导入 %，已存在 %，有误 %', n_read, n_new, n_dup, n_bad;
    END IF;
    reasons := '{}'; tcode := NULL; day := NULL; qual := NULL; joint := false; op := NULL; oc := NULL;
    pnames := '{}'; pids := '{}';
    -- 乡镇: a 9-digit code or a township name (within division_code when given)
    IF coalesce(btrim(r.township), '') = '' THEN
      reasons := reasons || '乡镇为空'::text;
    ELSE
      SELECT array_agg(d.code ORDER BY d.code) INTO tcodes FROM @extschema@.division d
       WHERE (d.code = btrim(r.township) OR d.name = btrim(r.township))
         AND (division_code IS NULL OR @extschema@.covers(division_code, d.code));
      IF tcodes IS NULL THEN
        reasons := reasons || format('未知乡镇“%s”', btrim(r.township));
      ELSIF r.township_code = ANY (tcodes) THEN
        tcode := r.township_code;      -- resolved at staging time, among the stager's own counties only
      ELSIF cardinality(tcodes) > 1 THEN
        reasons := reasons || format('乡镇“%s”不唯一（%s），请填写9位代码', btrim(r.township), array_to_string(tcodes, '、'));
      ELSIF (SELECT d.level FROM @extschema@.division d WHERE d.code = tcodes[1]) <> '乡镇' THEN
        reasons := reasons || format('“%s”不是乡镇级区划', btrim(r.township));
      ELSE
        reasons := reasons || format('乡镇“%s”不在本人辖区所在的县内，请填写9位代码', btrim(r.township));
      END IF;
    END IF;
    IF coalesce(btrim(r.unit_name), '') = '' THEN
      reasons := reasons || '无证行医单位名称为空'::text;
    END IF;
    IF coalesce(btrim(r.patrolled_on), '') = '' THEN
      reasons := reasons || '巡查日期为空'::text;
    ELSE
      day := @extschema@.parse_register_date(r.patrolled_on);
      IF day IS NULL THEN
        reasons := reasons || format('巡查日期有误“%s”（应为 2020-07-01 或 2020年7月1日 等）', btrim(r.patrolled_on));
      ELSIF day > @extschema@.today() OR day < date '1949-10-01' THEN
        reasons := reasons || format('巡查日期“%s”（%s）不在 1949-10-01 至今天之间', btrim(r.patrolled_on), day);
      END IF;
    END IF;
    -- people: the person in charge first; “姓名（身份证号）” carries a resident_id
    FOREACH item IN ARRAY coalesce(regexp_split_to_array(btrim(r.people), '\s*[、,，;；/]\s*'), '{}') LOOP
      CONTINUE WHEN item = '';
      m := regexp_match(item, '^(.*?)\s*[（(]\s*([^）)]*?)\s*[）)]$');
      IF m IS NULL THEN
        pnames := pnames || item; pids := pids || NULL::@extschema@.resident_id;
      ELSE
        BEGIN
          pids := pids || m[2]::@extschema@.resident_id;
          pnames := pnames || m[1];
        EXCEPTION WHEN invalid_text_representation THEN
          GET STACKED DIAGNOSTICS det = PG_EXCEPTION_DETAIL;
          reasons := reasons || format('%s的身份证号码有误“%s”%s', m[1], m[2], coalesce('：' || nullif(det, ''), ''));
        END;
      END IF;
    END LOOP;
    IF coalesce(btrim(r.qualification), '') <> '' THEN
      IF btrim(r.qualification) = ANY (enum_range(NULL::@extschema@.qualification)::text[]) THEN
        qual := btrim(r.qualification)::@extschema@.qualification;
      ELSE
        reasons := reasons || format('未知从医资格“%s”（应为：%s）', btrim(r.qualification),
                                     array_to_string(enum_range(NULL::@extschema@.qualification)::text[], '、'));
      END IF;
    END IF;
    CASE coalesce(btrim(r.joint_enforcement), '')
      WHEN '是' THEN joint := true;
      WHEN '否', '' THEN joint := false;
      ELSE reasons := reasons || format('是否要联合查处应为“是”或“否”，不是“%s”', btrim(r.joint_enforcement));
    END CASE;
    CASE coalesce(btrim(r.operating), '')
      WHEN '是' THEN op := true;
      WHEN '否' THEN op := false;
      WHEN '' THEN op := NULL;
      ELSE reasons := reasons || format('是否在执业应为“是”或“否”，不是“%s”', btrim(r.operating));
    END CASE;
    IF coalesce(btrim(r.outcome), '') <> '' THEN
      IF btrim(r.outcome) = ANY (enum_range(NULL::@extschema@.patrol_outcome)::text[]) THEN
        oc := btrim(r.outcome)::@extschema@.patrol_outcome;
      ELSE
        reasons := reasons || format('未知处理结果“%s”', btrim(r.outcome));
      END IF;
    END IF;

    IF cardinality(reasons) > 0 THEN
      UPDATE @extschema@.patrol_register_staging g SET error = array_to_string(reasons, '；'), checked_at = now()
       WHERE g.id = r.id;
      RETURN QUERY SELECT r.id, r.line_no, '有误'::text, NULL::bigint, NULL::bigint, array_to_string(reasons, '；');
      n_bad := n_bad + 1;
      CONTINUE;
    END IF;

    BEGIN
      -- the site: same township and name (the same address preferred), else a new site found that day
      SELECT s.id INTO sid FROM @extschema@.site s
       WHERE s.township_code = tcode AND s.name = btrim(r.unit_name)
       ORDER BY s.address IS NOT DISTINCT FROM nullif(btrim(r.address), '') DESC, s.id LIMIT 1;
      IF NOT FOUND THEN
        INSERT INTO @extschema@.site (township_code, name, address, phone, found_on)
        VALUES (tcode, btrim(r.unit_name), nullif(btrim(r.address), ''), nullif(btrim(r.phone), ''), day)
        RETURNING id INTO sid;
      ELSE
        UPDATE @extschema@.site s SET address = coalesce(s.address, nullif(btrim(r.address), '')),
                                      phone = coalesce(s.phone, nullif(btrim(r.phone), ''))
         WHERE s.id = sid AND (s.address IS NULL OR s.phone IS NULL);
      END IF;
      -- the practitioners: matched by resident_id, else by name, at that site
      FOR i IN 1 .. coalesce(cardinality(pnames), 0) LOOP
        xid := NULL;
        IF pids[i] IS NOT NULL THEN
          SELECT x.id INTO xid FROM @extschema@.practitioner x
           WHERE x.site_id = sid AND x.resident_id OPERATOR(@extschema@.=) pids[i];
        END IF;
        IF xid IS NULL THEN
          SELECT x.id INTO xid FROM @extschema@.practitioner x
           WHERE x.site_id = sid AND x.name = pnames[i] AND (pids[i] IS NULL OR x.resident_id IS NULL)
           ORDER BY x.id LIMIT 1;
        END IF;
        IF xid IS NULL THEN
          INSERT INTO @extschema@.practitioner (site_id, name, resident_id, in_charge)
          VALUES (sid, pnames[i], pids[i],
                  i = 1 AND NOT EXISTS (SELECT 1 FROM @extschema@.practitioner x WHERE x.site_id = sid AND x.in_charge))
          RETURNING id INTO xid;
        ELSIF pids[i] IS NOT NULL THEN
          UPDATE @extschema@.practitioner x SET resident_id = pids[i] WHERE x.id = xid AND x.resident_id IS NULL;
        END IF;
        IF i = 1 THEN
          UPDATE @extschema@.practitioner x
             SET school = coalesce(x.school, nullif(btrim(r.school), '')),
                 major = coalesce(x.major, nullif(btrim(r.major), '')),
                 qualification = coalesce(x.qualification, qual),
                 treatment_subjects = coalesce(x.treatment_subjects, nullif(btrim(r.subjects), ''))
           WHERE x.id = xid;
        END IF;
      END LOOP;
      -- the patrol: once per site and day
      SELECT p.id INTO pid FROM @extschema@.patrol p WHERE p.site_id = sid AND p.patrolled_on = day ORDER BY p.id LIMIT 1;
      IF FOUND THEN
        res := '已存在'; msg := '该场所当日的巡查已登记，未重复导入';
      ELSE
        INSERT INTO @extschema@.patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
        VALUES (tcode, sid, day, nullif(btrim(r.inspector), ''), op, oc, joint)
        RETURNING id INTO pid;
        res := '已导入'; msg := NULL;
      END IF;
      done := done || r.id;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
      msg := '无法导入：' || msg; res := '有误'; sid := NULL; pid := NULL;
      UPDATE @extschema@.patrol_register_staging g SET error = msg, checked_at = now() WHERE g.id = r.id;
    END;
    RETURN QUERY SELECT r.id, r.line_no, res, sid, pid, msg;
    CASE res WHEN '已导入' THEN n_new := n_new + 1; WHEN '已存在' THEN n_dup := n_dup + 1; ELSE n_bad := n_bad + 1; END CASE;
  END LOOP;
  -- the imported rows leave staging in one statement (one audit event per township)
  DELETE FROM @extschema@.patrol_register_staging g WHERE g.id = ANY (done);
  -- the summary, last: staging_id and line_no empty
  msg := format('读入 %s 行：已导入 %s 行，已存在 %s 行，有误 %s 行', n_read, n_new, n_dup, n_bad);
  RETURN QUERY SELECT NULL::bigint, NULL::integer, '合计'::text, NULL::bigint, NULL::bigint, msg;
END $$;
COMMENT ON FUNCTION @extschema@.import_patrol_register(text) IS
  '导入 patrol_register_staging：逐行校验（乡镇、单位名称、巡查日期、身份证号码、从医资格、是否要联合查处等），'
  '正确的行建立或匹配场所与从业人员、登记巡查后从暂存表删除；有误的行留在暂存表并写明原因。'
  '同一场所同一天的巡查不重复登记，可反复执行。只导入调用者本人暂存的行；乡镇取暂存时确定的代码（名称只在本人所在县内查找）；division_code 限定乡镇的范围'
  '最后一行为合计（result = 合计，reason 写明读入、已导入、已存在、有误的行数）；每 1000 行报告一次进度（NOTICE）';

-- ===== loading a file as the clerk (spec §7) =====
-- COPY FROM refuses a table with row-level security, so a clerk cannot \copy into the staging table.
-- Two paths that need no superuser and keep the staging table's policies: \copy into the view
-- patrol_register_upload (its INSTEAD OF trigger inserts each row into staging as the caller), or
-- load_patrol_register(file bytea), which detects the encoding and splits the CSV itself.

CREATE VIEW @extschema@.patrol_register_upload AS
  SELECT NULL::text AS seq, NULL::text AS township, NULL::text AS unit_name, NULL::text AS people,
         NULL::text AS address, NULL::text AS phone, NULL::text AS school, NULL::text AS major,
         NULL::text AS qualification, NULL::text AS subjects, NULL::text AS joint_enforcement,
         NULL::text AS patrolled_on, NULL::text AS operating, NULL::text AS outcome, NULL::text AS inspector,
         NULL::text AS source
   WHERE false;
COMMENT ON VIEW @extschema@.patrol_register_upload IS
  '附件1 表格上传入口（录入员可 \copy，无需超级用户）：每行写入 patrol_register_staging（暂存人为本人，'
  'line_no 为文件行号：表头为第1行）；读出为空。示例：\copy illegal_practice.patrol_register_upload '
  '(seq, township, unit_name, people, address, phone, school, major, qualification, subjects, joint_enforcement, patrolled_on) '
  'FROM ''横溪镇.csv'' WITH (FORMAT csv, HEADER, ENCODING ''GBK'')';
COMMENT ON COLUMN @extschema@.patrol_register_upload.seq IS '序号（原文，不导入）';
COMMENT ON COLUMN @extschema@.patrol_register_upload.township IS '乡镇：名称或9位代码';
COMMENT ON COLUMN @extschema@.patrol_register_upload.unit_name IS '无证行医单位名称';
COMMENT ON COLUMN @extschema@.patrol_register_upload.people IS '负责人及从业人员姓名';
COMMENT ON COLUMN @extschema@.patrol_register_upload.address IS '行医地址';
COMMENT ON COLUMN @extschema@.patrol_register_upload.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.patrol_register_upload.school IS '毕业院校（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_upload.major IS '所学专业（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_upload.qualification IS '从医资格（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_upload.subjects IS '诊治科目（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_upload.joint_enforcement IS '是否要联合查处：是 / 否';
COMMENT ON COLUMN @extschema@.patrol_register_upload.patrolled_on IS '巡查日期';
COMMENT ON COLUMN @extschema@.patrol_register_upload.operating IS '（附加列，可空）是否发现正在执业：是 / 否';
COMMENT ON COLUMN @extschema@.patrol_register_upload.outcome IS '（附加列，可空）处理结果';
COMMENT ON COLUMN @extschema@.patrol_register_upload.inspector IS '（附加列，可空）巡查人';
COMMENT ON COLUMN @extschema@.patrol_register_upload.source IS '来源（文件名等，可空）';
REVOKE ALL ON @extschema@.patrol_register_upload FROM PUBLIC;
GRANT INSERT ON @extschema@.patrol_register_upload TO illegal_practice_clerk, illegal_practice_admin;

CREATE FUNCTION illegal_practice_internal.patrol_register_upload_row() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  -- rows of one statement (one \copy) are numbered in file order; the header is line 1
  stmt text := pg_catalog.statement_timestamp()::text || '/' || pg_catalog.pg_backend_pid()::text;
  last text[] := pg_catalog.string_to_array(pg_catalog.current_setting('ip_upload.counter', true), '|');
  n integer;
  rest text[];
BEGIN
  n := CASE WHEN last[1] OPERATOR(pg_catalog.=) stmt THEN last[2]::integer + 1 ELSE 2 END;
  PERFORM pg_catalog.set_config('ip_upload.counter', stmt || '|' || n, false);
  NEW.seq := pg_catalog.ltrim(NEW.seq, pg_catalog.chr(65279));   -- a UTF-8 BOM left on the first field
  rest := ARRAY[NEW.township, NEW.unit_name, NEW.people, NEW.address, NEW.phone, NEW.school, NEW.major,
                NEW.qualification, NEW.subjects, NEW.joint_enforcement, NEW.patrolled_on, NEW.operating,
                NEW.outcome, NEW.inspector];
  -- title lines, footers (填表人：…) and blank lines fill at most the first cell; a repeated header names its columns
  IF coalesce(pg_catalog.array_to_string(rest, ''), '') ~ '^\s*$'
     OR pg_catalog.btrim(NEW.seq) OPERATOR(pg_catalog.=) '序号' THEN
    RETURN NULL;
  END IF;
  INSERT INTO @extschema@.patrol_register_staging (source, line_no, seq, township, unit_name, people, address, phone,
                                                   school, major, qualification, subjects, joint_enforcement,
                                                   patrolled_on, operating, outcome, inspector)
  VALUES (NEW.source, n, NEW.seq, NEW.township, NEW.unit_name, NEW.people, NEW.address, NEW.phone, NEW.school,
          NEW.major, NEW.qualification, NEW.subjects, NEW.joint_enforcement, NEW.patrolled_on, NEW.operating,
          NEW.outcome, NEW.inspector);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.patrol_register_upload_row() IS
  '触发器：上传入口的每行以调用者身份写入暂存表，记文件行号（表头为第1行），去掉 BOM，跳过标题行、表尾和空行';
REVOKE ALL ON FUNCTION illegal_practice_internal.patrol_register_upload_row() FROM PUBLIC;
CREATE TRIGGER upload INSTEAD OF INSERT ON @extschema@.patrol_register_upload
  FOR EACH ROW EXECUTE FUNCTION illegal_practice_internal.patrol_register_upload_row();

CREATE FUNCTION @extschema@.load_patrol_register(file bytea, encoding text DEFAULT NULL, source text DEFAULT NULL)
  RETURNS TABLE (file_encoding text, lines integer, header_line integer, rows_staged integer)
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
  enc text := upper(replace(btrim(coalesce(encoding, '')), '-', ''));
  body bytea := file;
  txt text;
  m text[];
  f text;
  fields text[] := '{}';
  line integer := 1;
  rec_line integer := 1;
  hdr integer := NULL;
  n integer := 0;
  r text[];
BEGIN
  IF file IS NULL THEN
    RAISE EXCEPTION 'file is null' USING ERRCODE = '22004', HINT = 'pass the bytes of the CSV file, e.g. decode(:''content'', ''base64'')';
  END IF;
  IF enc = 'GB2312' OR enc = 'CP936' THEN enc := 'GBK'; END IF;
  IF enc NOT IN ('', 'UTF8', 'GBK', 'GB18030') THEN
    RAISE EXCEPTION 'unknown encoding "%"', encoding
      USING ERRCODE = '22023', HINT = 'use UTF8, GBK or GB18030, or leave it out to detect UTF-8 (with or without BOM) and GBK';
  END IF;
  IF substring(body FROM 1 FOR 3) = '\xefbbbf'::bytea THEN   -- UTF-8 byte order mark (Excel's "CSV UTF-8")
    body := substring(body FROM 4);
    IF enc = '' THEN enc := 'UTF8'; END IF;
  END IF;
  IF enc = '' THEN
    BEGIN
      txt := convert_from(body, 'UTF8'); enc := 'UTF8';
    EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
      BEGIN
        txt := convert_from(body, 'GBK'); enc := 'GBK';   -- Excel / WPS "CSV (逗号分隔)" on Chinese Windows
      EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
        RAISE EXCEPTION 'the file is neither UTF-8 nor GBK'
          USING ERRCODE = '22021', HINT = 'save it from Excel or WPS as "CSV UTF-8" or "CSV (逗号分隔)", or pass encoding => ''GB18030''';
      END;
    END;
  ELSE
    BEGIN
      txt := convert_from(body, enc);
    EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
      GET STACKED DIAGNOSTICS f = MESSAGE_TEXT;
      RAISE EXCEPTION 'the file is not valid %', enc
        USING ERRCODE = '22021', DETAIL = f, HINT = 'leave encoding out to detect UTF-8 or GBK';
    END;
  END IF;

  -- split the CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks), keeping
  -- the file line each record starts on
  CREATE TEMP TABLE IF NOT EXISTS pg_temp.ip_load_rec (line integer, fields text[]) ON COMMIT DROP;
  TRUNCATE pg_temp.ip_load_rec;
  FOR m IN SELECT regexp_matches(txt, '("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|\n|\r|$)', 'g') LOOP
    f := m[1];
    IF f LIKE '"%"' AND length(f) >= 2 THEN
      f := replace(substr(f, 2, length(f) - 2), '""', '"');
      line := line + length(regexp_replace(replace(m[1], E'\r\n', E'\n'), E'[^\r\n]', '', 'g'));
    END IF;
    fields := fields || f;
    IF m[2] <> ',' THEN
      IF array_to_string(fields, '') !~ '^\s*$' THEN
        INSERT INTO pg_temp.ip_load_rec VALUES (rec_line, fields);
      END IF;
      EXIT WHEN m[2] = '';
      fields := '{}';
      line := line + 1;
      rec_line := line;
    END IF;
  END LOOP;
  lines := line - CASE WHEN txt ~ '(\r\n|\n|\r)$' THEN 1 ELSE 0 END;   -- a final line break ends the last line
  -- the header: the first of the first ten records naming 序号 or 乡镇; what comes before it is the title
  SELECT min(x.line) INTO hdr FROM (SELECT * FROM pg_temp.ip_load_rec ORDER BY line LIMIT 10) x
   WHERE btrim(x.fields[1]) = '序号' OR btrim(x.fields[2]) LIKE '乡镇%';
  FOR rec_line, r IN SELECT x.line, x.fields FROM pg_temp.ip_load_rec x WHERE x.line > coalesce(hdr, 0) ORDER BY x.line LOOP
    -- title lines and footers (填表人：…) fill at most the first cell
    CONTINUE WHEN coalesce(array_to_string(r[2:], ''), '') ~ '^\s*$';
    INSERT INTO @extschema@.patrol_register_staging (source, line_no, seq, township, unit_name, people, address, phone,
                                                     school, major, qualification, subjects, joint_enforcement,
                                                     patrolled_on, operating, outcome, inspector)
    VALUES (source, rec_line, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    n := n + 1;
    IF n % 1000 = 0 THEN
      RAISE NOTICE '已暂存 % 行（至文件第 % 行）', n, rec_line;
    END IF;
  END LOOP;
  DROP TABLE pg_temp.ip_load_rec;
  RETURN QUERY SELECT enc, lines, hdr, n;
END $$;
COMMENT ON FUNCTION @extschema@.load_patrol_register(bytea, text, text) IS
  '把附件1 表格的 CSV 文件（字节）以调用者身份放入暂存表：编码自动识别（UTF-8 带或不带 BOM、GBK），也可指定 encoding；'
  '跳过表头及其上的标题行、表尾和空行；line_no 为文件行号。录入员在 psql 中：\set f `base64 -w0 横溪镇.csv` '
  '然后 SELECT * FROM illegal_practice.load_patrol_register(decode(:''f'', ''base64''), source => ''横溪镇.csv'')';
REVOKE ALL ON FUNCTION @extschema@.load_patrol_register(bytea, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.load_patrol_register(bytea, text, text) TO illegal_practice_clerk, illegal_practice_admin;
-- 30_cases.sql — 当事人 subject, 案件 enforcement_case, 处理措施 case_action, 检查 inspection (spec §2)
-- and subject resolution (spec §5.1).

-- ===== subject identity (§5.1) =====
CREATE FUNCTION @extschema@.subject_key(name text, address text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.lower(pg_catalog.regexp_replace(normalize(coalesce(name, ''), NFKC),
                            '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]', '', 'g') COLLATE "C")
      OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||)
         pg_catalog.lower(pg_catalog.regexp_replace(normalize(coalesce(address, ''), NFKC),
                            '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]', '', 'g') COLLATE "C");
COMMENT ON FUNCTION @extschema@.subject_key(text, text) IS
  '当事人名称+地址的归一化键：NFKC 规范化、去除全部空白、ASCII 字母转小写，以 | 连接（§5.1）';

-- Ids of subjects, cases and inspections come from identity sequences with CACHE 1000: each session
-- takes its own block of ids, so concurrent writers insert on different leaf pages of the primary key.
-- Each foreign-key check reads the page of its parent's key; with one shared last page, SERIALIZABLE
-- writers in different cities became each other's pivots through those reads (review #11). Ids stay
-- unique; they are not in commit order across sessions and a session leaves a gap when it ends.
CREATE TABLE @extschema@.subject (
  id                   bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
  kind                 text NOT NULL DEFAULT '单位',
  name                 text NOT NULL,
  address              text,
  legal_representative text,
  uscc                 @extschema@.uscc UNIQUE,
  resident_id          @extschema@.resident_id UNIQUE,
  name_key             text NOT NULL GENERATED ALWAYS AS (@extschema@.subject_key(name, address)) STORED,
  CONSTRAINT subject_kind_known CHECK (kind IN ('单位', '个人')),
  CONSTRAINT subject_name_not_blank CHECK (pg_catalog.btrim(name) <> '')
);
CREATE INDEX subject_name_key_idx ON @extschema@.subject (name_key);
COMMENT ON TABLE @extschema@.subject IS '当事人（被处罚或被检查的单位、个人），跨区划共享，自动识别（§5.1）；办事员、分析员与只读用户不可读';
COMMENT ON COLUMN @extschema@.subject.id IS '编号';
COMMENT ON COLUMN @extschema@.subject.kind IS '类别：单位 或 个人';
COMMENT ON COLUMN @extschema@.subject.name IS '名称或姓名';
COMMENT ON COLUMN @extschema@.subject.address IS '地址';
COMMENT ON COLUMN @extschema@.subject.legal_representative IS '法定代表人或负责人';
COMMENT ON COLUMN @extschema@.subject.uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.subject.resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.subject.name_key IS '名称+地址归一化键（subject_key）';
-- subject: shared across divisions, written by the resolver (definer); admins read and correct it
ALTER TABLE @extschema@.subject ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.subject FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_definer ON @extschema@.subject FOR ALL TO illegal_practice_definer USING (true) WITH CHECK (true);
-- an admin reads and corrects the subjects of cases and inspections inside their scope (a national
-- admin: every subject); the registry is no national look-up for a county. The case and inspection
-- clauses are added by ALTER POLICY once those tables exist (below, after inspection).
CREATE POLICY ip_admin ON @extschema@.subject FOR ALL TO illegal_practice_admin
  USING (@extschema@.in_caller_scope('000000')) WITH CHECK (@extschema@.in_caller_scope('000000'));
REVOKE ALL ON @extschema@.subject FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON @extschema@.subject TO illegal_practice_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.subject TO illegal_practice_admin;
SELECT illegal_practice_internal.audit_triggers('@extschema@.subject', '''id''');

-- the look-up of §5.1 in C: reads the registry as it is now, under resolve_subject's per-identity
-- lock, so that it takes no SIREAD lock and misses no concurrent registration (extension/src/subject.c)
CREATE FUNCTION illegal_practice_internal.subject_find(registry regclass, uscc @extschema@.uscc,
                                                       resident_id @extschema@.resident_id, name_key text)
  RETURNS bigint AS 'MODULE_PATHNAME', 'ip_subject_find' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION illegal_practice_internal.subject_find(regclass, @extschema@.uscc, @extschema@.resident_id, text) IS
  '当事人查找（§5.1）：先按统一社会信用代码，再按身份证号，再按归一化键在代码不冲突者中取编号最小者；读当前已提交的登记'
  '（不取可串行化谓词锁）；可重复读及以上隔离级别下，若命中的当事人由并发事务登记则报 40001。只由 resolve_subject 调用';
ALTER FUNCTION illegal_practice_internal.subject_find(regclass, @extschema@.uscc, @extschema@.resident_id, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.subject_find(regclass, @extschema@.uscc, @extschema@.resident_id, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.resolve_subject(kind text, name text, address text, legal_representative text,
                                            uscc @extschema@.uscc, resident_id @extschema@.resident_id)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  found_id bigint;
  key text := @extschema@.subject_key(name, address);
  -- resolutions so far in this transaction (a transaction-local setting; empty or unset: none)
  learn boolean;
  locked integer := NULLIF(pg_catalog.current_setting('ip_subject.resolved', true), '')::integer;
BEGIN
  IF name IS NULL OR btrim(name) = '' THEN
    RAISE EXCEPTION 'cannot identify a subject without a name'
      USING ERRCODE = '23502', HINT = 'give subject_name (and uscc or resident_id when known)';
  END IF;
  -- one resolver per identity: two sessions must not both create the same subject, yet resolutions of
  -- unrelated subjects (another township's) never wait on each other. Every key the call could match
  -- or create is locked, in ascending order (no deadlock between two resolvers sharing several keys):
  -- the key itself (exclusive) under its bucket, one of 1024 (shared). Locks are held to commit, one
  -- lock-table entry each: a bulk load resolving 1M identities would need millions and fail with "out
  -- of shared memory" (issue 20). So after 256 resolutions in one transaction it takes, from then on,
  -- each key's bucket exclusively instead (at most 1024 more locks however many rows it loads); other
  -- resolvers of that bucket wait for its commit.
  IF locked IS NULL OR locked < 256 THEN
    PERFORM pg_advisory_xact_lock_shared(7341, k.b)
       FROM (SELECT DISTINCT (pg_catalog.hashtextextended(x, 7341) & 1023)::integer AS b
               FROM pg_catalog.unnest(ARRAY['uscc|' || uscc::text, 'rid|' || resident_id::text, 'key|' || key]) x
              WHERE x IS NOT NULL) k
      ORDER BY k.b;
    PERFORM pg_advisory_xact_lock(k.h)
       FROM (SELECT DISTINCT pg_catalog.hashtextextended(x, 7341) AS h
               FROM pg_catalog.unnest(ARRAY['uscc|' || uscc::text, 'rid|' || resident_id::text, 'key|' || key]) x
              WHERE x IS NOT NULL) k
      ORDER BY k.h;
    PERFORM pg_catalog.set_config('ip_subject.resolved', (coalesce(locked, 0) + 1)::text, true);
  ELSE
    PERFORM pg_advisory_xact_lock(7341, k.b)
       FROM (SELECT DISTINCT (pg_catalog.hashtextextended(x, 7341) & 1023)::integer AS b
               FROM pg_catalog.unnest(ARRAY['uscc|' || uscc::text, 'rid|' || resident_id::text, 'key|' || key]) x
              WHERE x IS NOT NULL) k
      ORDER BY k.b;
  END IF;
  -- 1. uscc  2. resident_id  3. normalised (name, address) among subjects without a conflicting code
  found_id := illegal_practice_internal.subject_find('@extschema@.subject'::regclass, resolve_subject.uscc,
                                                     resolve_subject.resident_id, key);
  -- learn: the subject found lacks a code or the legal representative this row gives
  IF found_id IS NOT NULL THEN
    SELECT ((s.uscc IS NULL AND resolve_subject.uscc IS NOT NULL) OR (s.resident_id IS NULL AND resolve_subject.resident_id IS NOT NULL)
            OR (s.legal_representative IS NULL AND resolve_subject.legal_representative IS NOT NULL)) INTO learn
      FROM @extschema@.subject s WHERE s.id = found_id;
  END IF;
  IF found_id IS NULL THEN
    INSERT INTO @extschema@.subject (kind, name, address, legal_representative, uscc, resident_id)
    VALUES (coalesce(resolve_subject.kind, CASE WHEN resolve_subject.uscc IS NULL AND resolve_subject.resident_id IS NOT NULL
                                                THEN '个人' ELSE '单位' END),
            resolve_subject.name, resolve_subject.address, resolve_subject.legal_representative,
            resolve_subject.uscc, resolve_subject.resident_id)
    RETURNING id INTO found_id;
  ELSIF learn AND (@extschema@.in_caller_scope('000000')
        OR EXISTS (SELECT FROM @extschema@.enforcement_case e WHERE e.subject_id = found_id)
        OR EXISTS (SELECT FROM @extschema@.inspection i WHERE i.subject_id = found_id)) THEN
    -- learn the codes the subject lacked, when no other subject holds them -- only for a subject the
    -- caller already has a case or inspection of (read with the caller's scope): nobody writes codes
    -- into another division's subject
    UPDATE @extschema@.subject s
       SET uscc = coalesce(s.uscc, CASE WHEN NOT EXISTS (SELECT FROM @extschema@.subject o
                                                         WHERE o.uscc OPERATOR(@extschema@.=) resolve_subject.uscc)
                                        THEN resolve_subject.uscc END),
           resident_id = coalesce(s.resident_id, CASE WHEN NOT EXISTS (SELECT FROM @extschema@.subject o
                                   WHERE o.resident_id OPERATOR(@extschema@.=) resolve_subject.resident_id)
                                                      THEN resolve_subject.resident_id END),
           legal_representative = coalesce(s.legal_representative, resolve_subject.legal_representative)
     WHERE s.id = found_id
       AND ((s.uscc IS NULL AND resolve_subject.uscc IS NOT NULL)
            OR (s.resident_id IS NULL AND resolve_subject.resident_id IS NOT NULL)
            OR (s.legal_representative IS NULL AND resolve_subject.legal_representative IS NOT NULL));
  END IF;
  RETURN found_id;
END $$;
COMMENT ON FUNCTION @extschema@.resolve_subject(text, text, text, text, @extschema@.uscc, @extschema@.resident_id) IS
  '当事人识别（§5.1）：先按统一社会信用代码，再按身份证号，再按归一化的（名称, 地址）在代码不冲突的当事人中取编号最小者；都没有则新建。'
  '匹配后补记对方缺少的代码（仅当调用者辖区内已有该当事人的案件或检查）。按身份键加锁（不是全库一把锁；同一事务识别超过 256 次后改为按 1024 个桶加锁，锁数有上限）。只由案件、检查的插入触发器调用，用户角色不可执行';
ALTER FUNCTION @extschema@.resolve_subject(text, text, text, text, @extschema@.uscc, @extschema@.resident_id) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.resolve_subject(text, text, text, text, @extschema@.uscc, @extschema@.resident_id) FROM PUBLIC;
-- no user role executes it: it would be a national existence test for an identity (the insert
-- triggers below call it as the definer)

-- A subject_id given by the writer (not resolved): it must exist, agree with the row's codes, and be
-- a subject the caller already has a case or inspection of, unless the caller's scope is national.
CREATE FUNCTION illegal_practice_internal.subject_check(subject_id bigint, uscc @extschema@.uscc,
                                                        resident_id @extschema@.resident_id)
  RETURNS void LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s record;
BEGIN
  SELECT x.uscc, x.resident_id INTO s FROM @extschema@.subject x WHERE x.id = subject_check.subject_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown subject_id %', subject_id
      USING ERRCODE = '23503', HINT = 'leave subject_id empty: the subject is identified from its codes, name and address';
  END IF;
  IF s.uscc IS NOT NULL AND uscc IS NOT NULL AND NOT s.uscc OPERATOR(@extschema@.=) uscc THEN
    RAISE EXCEPTION 'subject_id % does not match subject_uscc %', subject_id, uscc
      USING ERRCODE = '23514', DETAIL = 'the subject has another unified social credit code',
            HINT = 'leave subject_id empty: the subject is identified from its codes';
  END IF;
  IF s.resident_id IS NOT NULL AND resident_id IS NOT NULL AND NOT s.resident_id OPERATOR(@extschema@.=) resident_id THEN
    RAISE EXCEPTION 'subject_id % does not match subject_resident_id', subject_id
      USING ERRCODE = '23514', DETAIL = 'the subject has another resident id',
            HINT = 'leave subject_id empty: the subject is identified from its codes';
  END IF;
  IF NOT @extschema@.in_caller_scope('000000')
     AND NOT EXISTS (SELECT FROM @extschema@.enforcement_case e WHERE e.subject_id = subject_check.subject_id)
     AND NOT EXISTS (SELECT FROM @extschema@.inspection i WHERE i.subject_id = subject_check.subject_id) THEN
    RAISE EXCEPTION 'subject_id % is not a subject of your divisions', subject_id
      USING ERRCODE = '42501', DETAIL = 'no case or inspection inside your scope has this subject',
            HINT = 'leave subject_id empty: the subject is identified from its codes, name and address';
  END IF;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.subject_check(bigint, @extschema@.uscc, @extschema@.resident_id) IS
  '校验写入者给出的 subject_id：须存在、与本行的统一社会信用代码和身份证号不矛盾，并且调用者辖区内已有该当事人的案件或检查（全国辖区除外）';
REVOKE ALL ON FUNCTION illegal_practice_internal.subject_check(bigint, @extschema@.uscc, @extschema@.resident_id) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.subject_check(bigint, @extschema@.uscc, @extschema@.resident_id) TO illegal_practice_definer;

-- ===== enforcement_case =====
CREATE TABLE @extschema@.enforcement_case (
  id                   bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
  division_code        text NOT NULL REFERENCES @extschema@.division (code),
  category             @extschema@.case_category NOT NULL,
  institution_type     @extschema@.institution_type NOT NULL DEFAULT '其他',
  subject_id           bigint REFERENCES @extschema@.subject (id),
  subject_kind         text,
  subject_name         text NOT NULL,
  subject_address      text,
  legal_representative text,
  subject_uscc         @extschema@.uscc,
  subject_resident_id  @extschema@.resident_id,
  site_id              bigint,
  cause                text,
  filed_on             date NOT NULL,
  decided_on           date,
  rectified_on         date,
  entered_in_system    boolean NOT NULL DEFAULT false,
  case_date            date GENERATED ALWAYS AS (coalesce(decided_on, filed_on)) STORED,
  CONSTRAINT enforcement_case_subject_kind_known CHECK (subject_kind IN ('单位', '个人')),
  CONSTRAINT enforcement_case_decided_after_filed CHECK (decided_on >= filed_on),
  CONSTRAINT enforcement_case_rectified_after_filed CHECK (rectified_on >= filed_on),
  CONSTRAINT enforcement_case_dates_finite CHECK (pg_catalog.isfinite(filed_on)
    AND (decided_on IS NULL OR pg_catalog.isfinite(decided_on)) AND (rectified_on IS NULL OR pg_catalog.isfinite(rectified_on)))
);
CREATE INDEX enforcement_case_division_idx ON @extschema@.enforcement_case (division_code);
CREATE INDEX enforcement_case_subject_idx ON @extschema@.enforcement_case (subject_id);
-- by date, then division (in "C" order, so a division's prefix is a range): a period's cases within a division
CREATE INDEX enforcement_case_date_idx ON @extschema@.enforcement_case (case_date, division_code COLLATE "C");
COMMENT ON TABLE @extschema@.enforcement_case IS '行政执法案件；案件日期为 coalesce(决定日期, 立案日期)';
COMMENT ON COLUMN @extschema@.enforcement_case.id IS '编号';
COMMENT ON COLUMN @extschema@.enforcement_case.case_date IS '案件日期 = coalesce(决定日期, 立案日期)（生成列；按期间统计用它）';
COMMENT ON COLUMN @extschema@.enforcement_case.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.enforcement_case.category IS '案件类别';
COMMENT ON COLUMN @extschema@.enforcement_case.institution_type IS '机构类型（附表1 行）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_id IS '当事人编号（为空时插入时自动识别）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_kind IS '当事人类别：单位 或 个人（可空：有统一社会信用代码为单位，只有身份证号为个人，否则单位）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_name IS '被处罚对象名称或姓名';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_address IS '地址';
COMMENT ON COLUMN @extschema@.enforcement_case.legal_representative IS '法人或负责人';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.enforcement_case.site_id IS '无证行医场所编号（site）';
COMMENT ON COLUMN @extschema@.enforcement_case.cause IS '案由';
COMMENT ON COLUMN @extschema@.enforcement_case.filed_on IS '立案日期（代替违法行为发生日期）';
COMMENT ON COLUMN @extschema@.enforcement_case.decided_on IS '处罚决定日期';
COMMENT ON COLUMN @extschema@.enforcement_case.rectified_on IS '落实整改日期';
COMMENT ON COLUMN @extschema@.enforcement_case.entered_in_system IS '是否已录入信息系统';
SELECT illegal_practice_internal.secure_table('@extschema@.enforcement_case', 'division_code');
-- the pre-aggregation upkeep counts every case, whoever writes (its cells never depend on the writer's scope)
CREATE POLICY ip_tally ON @extschema@.enforcement_case FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.enforcement_case TO illegal_practice_tally;
-- UPDATE only so that preaggregate(true) may LOCK it IN SHARE MODE; no UPDATE policy, so it changes no row
GRANT UPDATE ON @extschema@.enforcement_case TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.enforcement_case', '{"subject_name": "name", "subject_address": "address", "legal_representative": "name", "subject_resident_id": "resident_id"}');

CREATE FUNCTION illegal_practice_internal.enforcement_case_resolve() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.subject_id IS NULL THEN
    NEW.subject_id := @extschema@.resolve_subject(NEW.subject_kind, NEW.subject_name, NEW.subject_address,
                        NEW.legal_representative, NEW.subject_uscc, NEW.subject_resident_id);
  ELSIF TG_OP = 'INSERT' OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
        OR NEW.subject_uscc::text IS DISTINCT FROM OLD.subject_uscc::text
        OR NEW.subject_resident_id::text IS DISTINCT FROM OLD.subject_resident_id::text THEN
    PERFORM illegal_practice_internal.subject_check(NEW.subject_id, NEW.subject_uscc, NEW.subject_resident_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.enforcement_case_resolve() IS
  '触发器：案件未给 subject_id 时按 §5.1 识别或新建当事人；给出时校验（subject_check）；以定义者角色执行，辖区仍按调用者';
ALTER FUNCTION illegal_practice_internal.enforcement_case_resolve() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.enforcement_case_resolve() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.enforcement_case_resolve() FROM PUBLIC;
CREATE TRIGGER enforcement_case_resolve BEFORE INSERT OR UPDATE ON @extschema@.enforcement_case
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.enforcement_case_resolve();
CREATE TRIGGER enforcement_case_dates BEFORE INSERT OR UPDATE OF filed_on, decided_on, rectified_on ON @extschema@.enforcement_case
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.plausible_dates('filed_on', 'decided_on', 'rectified_on');

-- ===== case_action =====
CREATE TABLE @extschema@.case_action (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES @extschema@.enforcement_case (id) ON DELETE CASCADE,
  kind        @extschema@.action_kind NOT NULL,
  amount_yuan numeric(14,2),
  persons     integer,
  acted_on    date,
  CONSTRAINT case_action_amount_not_negative CHECK (amount_yuan >= 0),
  CONSTRAINT case_action_amount_not_nan CHECK (amount_yuan <> 'NaN'::numeric),
  CONSTRAINT case_action_amount_only_for_money CHECK (amount_yuan IS NULL OR kind IN ('罚款', '没收违法所得', '没收药品器械')),
  CONSTRAINT case_action_persons_not_negative CHECK (persons >= 0),
  CONSTRAINT case_action_persons_only_for_people CHECK (persons IS NULL OR kind IN ('追责', '移送司法机关', '法院判决')),
  division_code text
);
CREATE INDEX case_action_case_idx ON @extschema@.case_action (case_id);
COMMENT ON COLUMN @extschema@.case_action.division_code IS '案件的区划代码（由触发器从案件复制，供行级安全策略直接使用）';
CREATE FUNCTION illegal_practice_internal.case_action_division() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.division_code := (SELECT e.division_code FROM @extschema@.enforcement_case e WHERE e.id = NEW.case_id);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.case_action_division() IS '触发器：措施的区划代码取自其案件';
CREATE TRIGGER case_action_division BEFORE INSERT OR UPDATE ON @extschema@.case_action
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.case_action_division();
-- amounts that would break every sum: NaN passes "amount_yuan >= 0"; refused here with a hint
CREATE FUNCTION illegal_practice_internal.case_action_values() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.amount_yuan = 'NaN'::numeric THEN
    RAISE EXCEPTION 'amount_yuan NaN is not an amount'
      USING ERRCODE = '22023', DETAIL = pg_catalog.format('case %s, action %s', NEW.case_id, NEW.kind),
            HINT = 'give the amount in yuan as a finite number, or NULL when unknown';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.case_action_values() IS '触发器：措施金额不得为 NaN（NaN 会使全部汇总失败），报 22023 并提示';
REVOKE ALL ON FUNCTION illegal_practice_internal.case_action_values() FROM PUBLIC;
CREATE TRIGGER case_action_values BEFORE INSERT OR UPDATE OF amount_yuan ON @extschema@.case_action
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.case_action_values();
CREATE TRIGGER case_action_dates BEFORE INSERT OR UPDATE OF acted_on ON @extschema@.case_action
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.plausible_dates('acted_on');
CREATE FUNCTION illegal_practice_internal.case_division_moved() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE @extschema@.case_action a SET division_code = NEW.division_code
   WHERE a.case_id = NEW.id AND a.division_code IS DISTINCT FROM NEW.division_code;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.case_division_moved() IS '触发器：案件改区划时，其措施的区划代码随之更新';
CREATE TRIGGER case_division_moved AFTER UPDATE OF division_code ON @extschema@.enforcement_case
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.case_division_moved();
COMMENT ON TABLE @extschema@.case_action IS '案件处理措施（处罚、移送、判决、追责等）；案件在期间内时其全部措施都计入';
COMMENT ON COLUMN @extschema@.case_action.id IS '编号';
COMMENT ON COLUMN @extschema@.case_action.case_id IS '所属案件';
COMMENT ON COLUMN @extschema@.case_action.kind IS '措施种类';
COMMENT ON COLUMN @extschema@.case_action.amount_yuan IS '金额（元）：仅罚款、没收违法所得、没收药品器械';
COMMENT ON COLUMN @extschema@.case_action.persons IS '人数：仅追责、移送司法机关、法院判决';
COMMENT ON COLUMN @extschema@.case_action.acted_on IS '执行日期';
-- case_action carries its case's division_code (kept by trigger): the policy reads a column, not a
-- subquery per row (the forms and the pre-aggregation read every action of a province)
SELECT illegal_practice_internal.secure_table('@extschema@.case_action', 'division_code');
-- the pre-aggregation upkeep counts every case, whoever writes (its cells never depend on the writer's scope)
CREATE POLICY ip_tally ON @extschema@.case_action FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.case_action TO illegal_practice_tally;
GRANT UPDATE ON @extschema@.case_action TO illegal_practice_tally;  -- for LOCK … IN SHARE MODE only, as above
SELECT illegal_practice_internal.masked_view('@extschema@.case_action', '{}');

-- ===== inspection =====
CREATE TABLE @extschema@.inspection (
  id                  bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1000) PRIMARY KEY,
  division_code       text NOT NULL REFERENCES @extschema@.division (code),
  category            @extschema@.case_category NOT NULL,
  subject_id          bigint REFERENCES @extschema@.subject (id),
  subject_kind        text,
  subject_name        text NOT NULL,
  subject_address     text,
  subject_uscc        @extschema@.uscc,
  subject_resident_id @extschema@.resident_id,
  inspected_on        date NOT NULL,
  CONSTRAINT inspection_subject_kind_known CHECK (subject_kind IN ('单位', '个人')),
  CONSTRAINT inspection_date_finite CHECK (pg_catalog.isfinite(inspected_on))
);
CREATE INDEX inspection_division_idx ON @extschema@.inspection (division_code);
CREATE INDEX inspection_date_idx ON @extschema@.inspection (inspected_on);
COMMENT ON TABLE @extschema@.inspection IS '检查对象记录（如两非检查）；当事人按 §5.1 识别';
COMMENT ON COLUMN @extschema@.inspection.id IS '编号';
COMMENT ON COLUMN @extschema@.inspection.division_code IS '检查区划';
COMMENT ON COLUMN @extschema@.inspection.category IS '检查所属案件类别';
COMMENT ON COLUMN @extschema@.inspection.subject_id IS '当事人编号（为空时插入时自动识别）';
COMMENT ON COLUMN @extschema@.inspection.subject_kind IS '当事人类别：单位 或 个人（可空）';
COMMENT ON COLUMN @extschema@.inspection.subject_name IS '检查对象名称';
COMMENT ON COLUMN @extschema@.inspection.subject_address IS '地址';
COMMENT ON COLUMN @extschema@.inspection.subject_uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.inspection.subject_resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.inspection.inspected_on IS '检查日期';
SELECT illegal_practice_internal.secure_table('@extschema@.inspection', 'division_code');
SELECT illegal_practice_internal.masked_view('@extschema@.inspection', '{"subject_name": "name", "subject_address": "address", "subject_resident_id": "resident_id"}');

CREATE FUNCTION illegal_practice_internal.inspection_resolve() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.subject_id IS NULL THEN
    NEW.subject_id := @extschema@.resolve_subject(NEW.subject_kind, NEW.subject_name, NEW.subject_address,
                        NULL, NEW.subject_uscc, NEW.subject_resident_id);
  ELSIF TG_OP = 'INSERT' OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
        OR NEW.subject_uscc::text IS DISTINCT FROM OLD.subject_uscc::text
        OR NEW.subject_resident_id::text IS DISTINCT FROM OLD.subject_resident_id::text THEN
    PERFORM illegal_practice_internal.subject_check(NEW.subject_id, NEW.subject_uscc, NEW.subject_resident_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.inspection_resolve() IS
  '触发器：检查记录未给 subject_id 时按 §5.1 识别或新建当事人；给出时校验（subject_check）；以定义者角色执行，辖区仍按调用者';
ALTER FUNCTION illegal_practice_internal.inspection_resolve() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.inspection_resolve() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.inspection_resolve() FROM PUBLIC;
CREATE TRIGGER inspection_resolve BEFORE INSERT OR UPDATE ON @extschema@.inspection
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.inspection_resolve();
CREATE TRIGGER inspection_dates BEFORE INSERT OR UPDATE OF inspected_on ON @extschema@.inspection
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.plausible_dates('inspected_on');
-- subject (above): a scoped admin reaches the subjects of their own cases and inspections only
ALTER POLICY ip_admin ON @extschema@.subject
  USING (@extschema@.in_caller_scope('000000')
         OR EXISTS (SELECT FROM @extschema@.enforcement_case e WHERE e.subject_id = subject.id)
         OR EXISTS (SELECT FROM @extschema@.inspection i WHERE i.subject_id = subject.id))
  WITH CHECK (@extschema@.in_caller_scope('000000')
         OR EXISTS (SELECT FROM @extschema@.enforcement_case e WHERE e.subject_id = subject.id)
         OR EXISTS (SELECT FROM @extschema@.inspection i WHERE i.subject_id = subject.id));

-- ===== one row per case, ready for the tally aggregate =====
-- C, from the one list of action kinds (IP_ACTION_KINDS, see 02_enums.sql): one call and a scan of
-- 13 OIDs per action row, cheaper than the 13-branch CASE it replaces
CREATE FUNCTION @extschema@.action_bit(kind @extschema@.action_kind) RETURNS integer
  AS 'MODULE_PATHNAME', 'ip_action_bit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.action_bit(@extschema@.action_kind) IS
  '措施在 tally 位集中的位：2^(枚举序号)，责令改正=1 … 追责=4096';

-- What an action adds to its case's money and people (附表1: 罚款 金额, 没收违法所得 金额, 追责 人数), in one
-- place: case_facts sums them per case, the scan of 附表1 feeds them to tally_by_case row by row.
-- SQL bodies, inlined into both plans.
CREATE FUNCTION illegal_practice_internal.action_fine_yuan(kind @extschema@.action_kind, amount_yuan numeric)
  RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN kind OPERATOR(pg_catalog.=) '罚款'::@extschema@.action_kind THEN amount_yuan END;
COMMENT ON FUNCTION illegal_practice_internal.action_fine_yuan(@extschema@.action_kind, numeric) IS
  '措施计入案件罚款金额的部分：罚款的金额，其余措施为 NULL';
CREATE FUNCTION illegal_practice_internal.action_confiscation_yuan(kind @extschema@.action_kind, amount_yuan numeric)
  RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN kind OPERATOR(pg_catalog.=) '没收违法所得'::@extschema@.action_kind THEN amount_yuan END;
COMMENT ON FUNCTION illegal_practice_internal.action_confiscation_yuan(@extschema@.action_kind, numeric) IS
  '措施计入案件没收违法所得金额的部分：没收违法所得的金额，其余措施为 NULL';
CREATE FUNCTION illegal_practice_internal.action_accountable_persons(kind @extschema@.action_kind, persons integer)
  RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN kind OPERATOR(pg_catalog.=) '追责'::@extschema@.action_kind THEN persons END;
COMMENT ON FUNCTION illegal_practice_internal.action_accountable_persons(@extschema@.action_kind, integer) IS
  '措施计入案件追责人数的部分：追责的人数，其余措施为 NULL';

-- The per-case facts, once: the action bit set, fine and confiscation yuan, persons held accountable.
-- A join grouped by the case (not a LATERAL subquery per case, whose outer reference parallel workers
-- cannot take); conditions on the case columns are pushed below the grouping into the case scan.
-- Owned by illegal_practice_tally, so it reads every case: the pre-aggregation upkeep uses it as it is;
-- users read it only through case_facts below, which keeps the caller's scope.
CREATE VIEW illegal_practice_internal.case_facts AS
SELECT c.id AS case_id, c.division_code, c.category, c.institution_type, c.subject_id,
       c.case_date,
       coalesce(pg_catalog.bit_or(@extschema@.action_bit(x.kind)), 0) AS kinds,
       pg_catalog.sum(illegal_practice_internal.action_fine_yuan(x.kind, x.amount_yuan)) AS fine_yuan,
       pg_catalog.sum(illegal_practice_internal.action_confiscation_yuan(x.kind, x.amount_yuan)) AS confiscation_yuan,
       (pg_catalog.sum(illegal_practice_internal.action_accountable_persons(x.kind, x.persons)))::integer AS persons_accountable,
       c.entered_in_system, c.rectified_on IS NOT NULL AS rectified
  FROM @extschema@.enforcement_case c
  LEFT JOIN @extschema@.case_action x ON x.case_id = c.id
 GROUP BY c.id, c.division_code, c.category, c.institution_type, c.subject_id, c.case_date,
          c.entered_in_system, c.rectified_on;
COMMENT ON VIEW illegal_practice_internal.case_facts IS '每件案件一行（内部实现，全部案件）：措施位集、金额、追责人数；case_facts 与预聚合维护共用';
COMMENT ON COLUMN illegal_practice_internal.case_facts.case_id IS '案件编号';
COMMENT ON COLUMN illegal_practice_internal.case_facts.division_code IS '办案区划';
COMMENT ON COLUMN illegal_practice_internal.case_facts.category IS '案件类别';
COMMENT ON COLUMN illegal_practice_internal.case_facts.institution_type IS '机构类型';
COMMENT ON COLUMN illegal_practice_internal.case_facts.subject_id IS '当事人编号';
COMMENT ON COLUMN illegal_practice_internal.case_facts.case_date IS '案件日期 coalesce(决定日期, 立案日期)';
COMMENT ON COLUMN illegal_practice_internal.case_facts.kinds IS '措施位集（action_bit 按位或）';
COMMENT ON COLUMN illegal_practice_internal.case_facts.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN illegal_practice_internal.case_facts.confiscation_yuan IS '没收违法所得金额（元）';
COMMENT ON COLUMN illegal_practice_internal.case_facts.persons_accountable IS '追责人数';
COMMENT ON COLUMN illegal_practice_internal.case_facts.entered_in_system IS '是否已录入信息系统';
COMMENT ON COLUMN illegal_practice_internal.case_facts.rectified IS '是否已落实整改';
ALTER VIEW illegal_practice_internal.case_facts OWNER TO illegal_practice_tally;
REVOKE ALL ON illegal_practice_internal.case_facts FROM PUBLIC;
GRANT SELECT ON illegal_practice_internal.case_facts TO illegal_practice_definer;

-- the caller's cases only: the scope is applied here, to the case's division (its actions share it)
CREATE VIEW @extschema@.case_facts WITH (security_invoker = true) AS
  SELECT * FROM illegal_practice_internal.case_facts f WHERE @extschema@.in_caller_scope(f.division_code);
COMMENT ON VIEW @extschema@.case_facts IS '每件案件一行：措施位集、罚款与没收违法所得金额、追责人数，供 tally 聚合';
COMMENT ON COLUMN @extschema@.case_facts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.case_facts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.case_facts.category IS '案件类别';
COMMENT ON COLUMN @extschema@.case_facts.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.case_facts.subject_id IS '当事人编号';
COMMENT ON COLUMN @extschema@.case_facts.case_date IS '案件日期 coalesce(决定日期, 立案日期)';
COMMENT ON COLUMN @extschema@.case_facts.kinds IS '措施位集（action_bit 按位或）';
COMMENT ON COLUMN @extschema@.case_facts.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.case_facts.confiscation_yuan IS '没收违法所得金额（元）';
COMMENT ON COLUMN @extschema@.case_facts.persons_accountable IS '追责人数';
COMMENT ON COLUMN @extschema@.case_facts.entered_in_system IS '是否已录入信息系统';
COMMENT ON COLUMN @extschema@.case_facts.rectified IS '是否已落实整改';
ALTER VIEW @extschema@.case_facts SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.case_facts OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.case_facts FROM PUBLIC;
GRANT SELECT ON @extschema@.case_facts TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
-- 31_tally.sql — the tally aggregate (C, extension/src/tally.c): one input row per case, every
-- counter the summary forms need, exact; its state is a real type with text and binary I/O.

CREATE TYPE @extschema@.tally_state;
CREATE FUNCTION @extschema@.tally_state_in(cstring) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tally_state_out(@extschema@.tally_state) RETURNS cstring
  AS 'MODULE_PATHNAME', 'tally_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tally_state_recv(internal) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tally_state_send(@extschema@.tally_state) RETURNS bytea
  AS 'MODULE_PATHNAME', 'tally_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.tally_state (
  INPUT = @extschema@.tally_state_in, OUTPUT = @extschema@.tally_state_out,
  RECEIVE = @extschema@.tally_state_recv, SEND = @extschema@.tally_state_send,
  INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE @extschema@.tally_state IS
  '汇总累加状态：罚没金额（分，精确）、追责人数、按措施组合计的案件数、去重的当事人及其标记；可存储、传输、合并';
COMMENT ON FUNCTION @extschema@.tally_state_in(cstring) IS
  'tally_state 文本输入：fine=元 confiscation=元 persons=N cases={掩码:案件数,…} subjects={当事人:标记,…}；格式错误报 22P02';
COMMENT ON FUNCTION @extschema@.tally_state_out(@extschema@.tally_state) IS 'tally_state 文本输出（规范顺序）';
COMMENT ON FUNCTION @extschema@.tally_state_recv(internal) IS 'tally_state 二进制输入（校验有序、去重、标记位）';
COMMENT ON FUNCTION @extschema@.tally_state_send(@extschema@.tally_state) IS 'tally_state 二进制输出';

CREATE FUNCTION @extschema@.tally_trans(@extschema@.tally_state, bigint, integer, numeric, numeric, integer, boolean, boolean)
  RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_trans(@extschema@.tally_state, bigint, integer, numeric, numeric, integer, boolean, boolean) IS
  'tally 的状态转移函数：加入一件案件（kinds 为 NULL 时为一次检查对象）';
CREATE FUNCTION @extschema@.tally_merge(@extschema@.tally_state, @extschema@.tally_state) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_merge' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_merge(@extschema@.tally_state, @extschema@.tally_state) IS
  '合并两个汇总状态（tally 的合并函数）：金额、人数、案件数相加，当事人取并集（标记按位或）';
CREATE FUNCTION @extschema@.tally_final(@extschema@.tally_state) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_final(@extschema@.tally_state) IS 'tally 的最终函数：返回规范、紧凑的状态';

CREATE AGGREGATE @extschema@.tally(subject_id bigint, kinds integer, fine_yuan numeric, confiscation_yuan numeric,
                                   persons integer, entered boolean, rectified boolean) (
  SFUNC = @extschema@.tally_trans, STYPE = @extschema@.tally_state,
  FINALFUNC = @extschema@.tally_final, COMBINEFUNC = @extschema@.tally_merge,
  INITCOND = 'fine=0.00 confiscation=0.00 persons=0 cases={} subjects={}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.tally(bigint, integer, numeric, numeric, integer, boolean, boolean) IS
  '案件汇总聚合：每行一件案件（当事人、措施位集、罚款元、没收违法所得元、追责人数、是否录入、是否整改）；kinds 为 NULL 的行为检查对象';

CREATE FUNCTION @extschema@.tally_union_trans(@extschema@.tally_state, @extschema@.tally_state) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_union_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_union_trans(@extschema@.tally_state, @extschema@.tally_state) IS
  'tally_union 的转移函数：在聚合自有的状态上就地（从尾部）归并另一个状态，容量倍增';
CREATE AGGREGATE @extschema@.tally_union(@extschema@.tally_state) (
  SFUNC = @extschema@.tally_union_trans, STYPE = @extschema@.tally_state,
  FINALFUNC = @extschema@.tally_final, COMBINEFUNC = @extschema@.tally_merge,
  INITCOND = 'fine=0.00 confiscation=0.00 persons=0 cases={} subjects={}',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.tally_union(@extschema@.tally_state) IS
  '把已保存的部分汇总状态合并为一个（如各节点、各月的状态）';

-- tally_by_case: the tally fed with the rows of cases joined with their actions (several rows per case),
-- so a parallel scan aggregates in its workers without grouping by case first (tally.c); used by the
-- forms' scan path (form_unlicensed_summary with pre-aggregation off)
CREATE FUNCTION illegal_practice_internal.tally_by_case_trans(internal, bigint, bigint, integer, numeric, numeric, integer, boolean, boolean)
  RETURNS internal AS 'MODULE_PATHNAME', 'tally_by_case_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION illegal_practice_internal.tally_by_case_trans(internal, bigint, bigint, integer, numeric, numeric, integer, boolean, boolean) IS
  'tally_by_case 的转移函数：加入案件与措施连接的一行（同一案件相邻的行并为一项）';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case_trans(internal, bigint, bigint, integer, numeric, numeric, integer, boolean, boolean) FROM PUBLIC;
CREATE FUNCTION illegal_practice_internal.tally_by_case_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'tally_by_case_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION illegal_practice_internal.tally_by_case_combine(internal, internal) IS
  'tally_by_case 的合并函数：把并行进程的各案件项接在一起（最终函数再按案件归并）';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case_combine(internal, internal) FROM PUBLIC;
CREATE FUNCTION illegal_practice_internal.tally_by_case_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'tally_by_case_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION illegal_practice_internal.tally_by_case_serialize(internal) IS 'tally_by_case 的部分状态序列化（并行进程之间传递）';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case_serialize(internal) FROM PUBLIC;
CREATE FUNCTION illegal_practice_internal.tally_by_case_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'tally_by_case_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION illegal_practice_internal.tally_by_case_deserialize(bytea, internal) IS 'tally_by_case 的部分状态反序列化';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case_deserialize(bytea, internal) FROM PUBLIC;
CREATE FUNCTION illegal_practice_internal.tally_by_case_final(internal) RETURNS @extschema@.tally_state
  AS 'MODULE_PATHNAME', 'tally_by_case_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION illegal_practice_internal.tally_by_case_final(internal) IS
  'tally_by_case 的最终函数：按案件编号排序、归并同一案件的各项，每件案件计入一次，返回汇总状态';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case_final(internal) FROM PUBLIC;
CREATE AGGREGATE illegal_practice_internal.tally_by_case(case_id bigint, subject_id bigint, kind_bit integer, fine_yuan numeric,
                                                         confiscation_yuan numeric, persons integer, entered boolean, rectified boolean) (
  SFUNC = illegal_practice_internal.tally_by_case_trans, STYPE = internal,
  FINALFUNC = illegal_practice_internal.tally_by_case_final, FINALFUNC_MODIFY = READ_WRITE,
  COMBINEFUNC = illegal_practice_internal.tally_by_case_combine,
  SERIALFUNC = illegal_practice_internal.tally_by_case_serialize, DESERIALFUNC = illegal_practice_internal.tally_by_case_deserialize,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE illegal_practice_internal.tally_by_case(bigint, bigint, integer, numeric, numeric, integer, boolean, boolean) IS
  '案件汇总聚合（内部）：每行为案件与其一项措施的连接（无措施的案件一行，措施为 NULL），同一案件的多行合并为一件案件；结果与 tally 相同';
REVOKE ALL ON FUNCTION illegal_practice_internal.tally_by_case(bigint, bigint, integer, numeric, numeric, integer, boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.tally_by_case(bigint, bigint, integer, numeric, numeric, integer, boolean, boolean) TO illegal_practice_definer;

CREATE FUNCTION @extschema@.tally_cases(@extschema@.tally_state) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_cases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_cases(@extschema@.tally_state) IS '案件总数';
CREATE FUNCTION @extschema@.tally_cases(@extschema@.tally_state, any_of integer) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_cases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_cases(@extschema@.tally_state, integer) IS
  '至少有 any_of 中一项的案件数（位 0–12 为措施，13 已录入，14 已整改）';
CREATE FUNCTION @extschema@.tally_subjects(@extschema@.tally_state) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_subjects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_subjects(@extschema@.tally_state) IS '去重当事人总数（含检查对象）';
CREATE FUNCTION @extschema@.tally_subjects_union(states @extschema@.tally_state[], any_of integer) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_subjects_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_subjects_union(@extschema@.tally_state[], integer) IS
  '多个状态合起来的去重当事人数（标志含 any_of 任一位者），等于 tally_subjects(tally_union(...), any_of)，但不构造合并状态（汇总表的合计行用）';
CREATE FUNCTION @extschema@.tally_subjects(@extschema@.tally_state, any_of integer) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_subjects' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_subjects(@extschema@.tally_state, integer) IS
  '标记含 any_of 中任一位的去重当事人数（位 0–12 有该措施的案件，13 有已录入案件，14 有已整改的处罚案件，15 有案件，16 被检查）';
CREATE FUNCTION @extschema@.tally_subject_ids(@extschema@.tally_state, any_of integer) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'tally_subject_ids' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_subject_ids(@extschema@.tally_state, integer) IS '标记含 any_of 中任一位的当事人编号（升序）';
CREATE FUNCTION @extschema@.tally_fine_yuan(@extschema@.tally_state) RETURNS numeric
  AS 'MODULE_PATHNAME', 'tally_fine_yuan' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_fine_yuan(@extschema@.tally_state) IS '罚款金额合计（元，精确）';
CREATE FUNCTION @extschema@.tally_confiscation_yuan(@extschema@.tally_state) RETURNS numeric
  AS 'MODULE_PATHNAME', 'tally_confiscation_yuan' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_confiscation_yuan(@extschema@.tally_state) IS '没收违法所得金额合计（元，精确）';
CREATE FUNCTION @extschema@.tally_persons(@extschema@.tally_state) RETURNS bigint
  AS 'MODULE_PATHNAME', 'tally_persons' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tally_persons(@extschema@.tally_state) IS '追责人数合计';

-- Bits, by name, for the any_of arguments.
CREATE FUNCTION @extschema@.action_mask(VARIADIC kinds @extschema@.action_kind[]) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(pg_catalog.bit_or(@extschema@.action_bit(k)), 0) FROM pg_catalog.unnest(kinds) AS k);
COMMENT ON FUNCTION @extschema@.action_mask(@extschema@.action_kind[]) IS '若干措施的位集（按位或）';
CREATE FUNCTION @extschema@.penalty_mask() RETURNS integer
  AS 'MODULE_PATHNAME', 'ip_penalty_mask' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.penalty_mask() IS '行政处罚措施的位集：警告、罚款、没收违法所得、没收药品器械、责令停业整顿、吊销执业许可、吊销执业证书、取缔（=510）';
CREATE FUNCTION @extschema@.tally_bit(name text) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE name WHEN 'entered' THEN 8192 WHEN 'rectified' THEN 16384
                   WHEN 'penalized_rectified' THEN 16384 WHEN 'case' THEN 32768 WHEN 'inspected' THEN 65536 END;
COMMENT ON FUNCTION @extschema@.tally_bit(text) IS
  '非措施标记位：entered（已录入，8192）、rectified（案件已整改，8192×2）、penalized_rectified（当事人有已整改的处罚案件，16384）、case（当事人有案件，32768）、inspected（当事人被检查，65536）';

CREATE FUNCTION @extschema@.yuan_to_wan(yuan numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.round(yuan * 0.0001, 4);
COMMENT ON FUNCTION @extschema@.yuan_to_wan(numeric) IS '元换算为万元：round(元 / 10000, 4)，只舍入一次，四舍五入';
-- 32_preaggregation.sql — pre-aggregation of the cases for 附表1, kept current on write, exact by construction.
--   tally_cell    one tally_state per (division, month, category, institution type) of the cases
--                 filed under exactly that division code;
--   tally_rollup  the same for every covering code (self, county, city, province: division_ancestors),
--                 the union of the cells it covers, per month and per whole year — a province-wide
--                 form over two whole years reads 2 rows per institution type.
-- The cells never depend on who writes: the upkeep runs as illegal_practice_tally, whose policies on
-- enforcement_case and case_action see every row. Readers see the roll-ups only of divisions inside
-- their scope (policy ip_definer on tally_rollup); a form asked for a larger division combines the
-- roll-ups of the scope's divisions inside it (scope_within()), or scans.
-- Writes do not refresh at once: statement-level triggers (transition tables) note the touched
-- cells in tally_cell_dirty, and one deferred constraint trigger per transaction recomputes them at
-- commit — so a bulk load of many COPY statements pays one set-based recompute, not one per statement.
-- The recompute takes per-key advisory locks (64 hash buckets, in order) before its statements'
-- snapshots, so concurrent writers never lose counts (READ COMMITTED: each statement sees every
-- transaction that committed before the lock was granted). Until its commit, a transaction that has
-- pending cells reads forms by the scan (tally_cells_usable() is false for it), so it sees its own writes.
-- Distinct subjects stay exact across cells because each state carries its subject set.

CREATE TABLE @extschema@.tally_cell (
  division_code    text COLLATE "C" NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL,
  state            @extschema@.tally_state NOT NULL,
  PRIMARY KEY (category, institution_type, month, division_code),
  CONSTRAINT tally_cell_month_first CHECK (pg_catalog.date_trunc('month', month) = month)
);
COMMENT ON TABLE @extschema@.tally_cell IS
  '预聚合单元：每个区划（案件本身的区划代码）、月份、案件类别、机构类型一个汇总状态（提交时由触发器维护）';
COMMENT ON COLUMN @extschema@.tally_cell.division_code IS '区划代码（案件的区划）';
COMMENT ON COLUMN @extschema@.tally_cell.month IS '月份（案件日期 coalesce(decided_on, filed_on) 所在月的第一天）';
COMMENT ON COLUMN @extschema@.tally_cell.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_cell.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.tally_cell.state IS '该单元全部案件的汇总状态（tally_state）';

ALTER TABLE @extschema@.tally_cell ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell TO illegal_practice_tally;

CREATE TABLE @extschema@.tally_rollup (
  division_code    text COLLATE "C" NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL,
  whole_year       boolean NOT NULL DEFAULT false,
  state            @extschema@.tally_state NOT NULL,
  PRIMARY KEY (division_code, category, whole_year, month, institution_type),
  CONSTRAINT tally_rollup_year_first CHECK (NOT whole_year OR pg_catalog.date_trunc('year', month) = month)
);
-- roll-up states are large (a province-year holds tens of thousands of subjects) and read by every
-- whole-month form: kept uncompressed (about 1.8× the space, no pglz decompression per read)
ALTER TABLE @extschema@.tally_rollup ALTER COLUMN state SET STORAGE EXTERNAL;
COMMENT ON TABLE @extschema@.tally_rollup IS
  '预聚合汇总：每个区划（含其全部下级）、月份、类别、机构类型一个汇总状态，= 其所辖预聚合单元的合并；汇总表按整月直接读取';
COMMENT ON COLUMN @extschema@.tally_rollup.division_code IS '区划代码（覆盖其下全部区划的案件）';
COMMENT ON COLUMN @extschema@.tally_rollup.month IS '月份（每月1日）；整年汇总行为该年1月1日';
COMMENT ON COLUMN @extschema@.tally_rollup.whole_year IS '是否整年汇总（= 该年12个月汇总的合并）';
COMMENT ON COLUMN @extschema@.tally_rollup.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_rollup.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.tally_rollup.state IS '所辖全部案件的汇总状态（tally_state）';

ALTER TABLE @extschema@.tally_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_rollup FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_rollup FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_rollup FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_rollup TO illegal_practice_tally;
-- readers (the definer-owned forms) see the roll-ups of divisions inside the caller's scope only
CREATE POLICY ip_definer ON @extschema@.tally_rollup FOR SELECT TO illegal_practice_definer
  USING (@extschema@.in_caller_scope(division_code));
GRANT SELECT ON @extschema@.tally_rollup TO illegal_practice_definer;

CREATE TABLE @extschema@.tally_cell_dirty (
  division_code    text NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL
);
COMMENT ON TABLE @extschema@.tally_cell_dirty IS '待重算的预聚合单元（本事务写入触及的单元，提交时重算并清空）';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.division_code IS '区划代码';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.month IS '月份（每月1日）';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.institution_type IS '机构类型';

ALTER TABLE @extschema@.tally_cell_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_dirty FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_dirty FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_dirty TO illegal_practice_tally;
-- keys only (no counts): read by tally_cells_usable() inside the forms
CREATE POLICY ip_definer ON @extschema@.tally_cell_dirty FOR SELECT TO illegal_practice_definer USING (true);
GRANT SELECT ON @extschema@.tally_cell_dirty TO illegal_practice_definer;

CREATE TABLE @extschema@.tally_cell_txn (
  xid xid8 PRIMARY KEY
);
COMMENT ON TABLE @extschema@.tally_cell_txn IS '有待重算单元的事务（每事务一行，触发一次提交时重算）';
COMMENT ON COLUMN @extschema@.tally_cell_txn.xid IS '事务号';

ALTER TABLE @extschema@.tally_cell_txn ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_txn FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_txn FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_txn FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_txn TO illegal_practice_tally;

-- the refresh finds a cell's cases by this index (one range scan per touched cell)
-- (only leak-proof comparisons, text and date, can be index conditions under row-level security)
CREATE INDEX enforcement_case_cell_idx ON @extschema@.enforcement_case (division_code, case_date);

CREATE TABLE @extschema@.tally_cell_status (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  enabled   boolean NOT NULL DEFAULT true,
  valid     boolean NOT NULL DEFAULT true,
  changed_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
INSERT INTO @extschema@.tally_cell_status DEFAULT VALUES;
COMMENT ON TABLE @extschema@.tally_cell_status IS '预聚合开关：enabled=是否随写入维护；valid=单元是否完整可用（关闭后须重建）';
COMMENT ON COLUMN @extschema@.tally_cell_status.singleton IS '单行表标记';
COMMENT ON COLUMN @extschema@.tally_cell_status.enabled IS '写入时是否维护预聚合';
COMMENT ON COLUMN @extschema@.tally_cell_status.valid IS '预聚合是否完整（汇总表只在完整时使用）';
COMMENT ON COLUMN @extschema@.tally_cell_status.changed_at IS '最近一次切换时间';

ALTER TABLE @extschema@.tally_cell_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_status FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_status FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_status FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_status TO illegal_practice_tally;
CREATE POLICY ip_read ON @extschema@.tally_cell_status FOR SELECT
  TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer USING (true);
GRANT SELECT ON @extschema@.tally_cell_status TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer;
SELECT illegal_practice_internal.audit_triggers('@extschema@.tally_cell_status', '''singleton''');

-- plpgsql: keeps its two lookups' plans for the session (a SQL function is re-planned per call)
CREATE FUNCTION @extschema@.tally_cells_usable() RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN (SELECT s.enabled AND s.valid FROM @extschema@.tally_cell_status s)
     AND NOT EXISTS (SELECT FROM @extschema@.tally_cell_dirty);
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_usable() IS
  '预聚合当前是否可用（开启、完整，且本事务没有待提交时重算的单元）';


-- whole_months / whole_years are written to be inlined into the forms' plans: not STRICT (NULL is
-- handled explicitly) and only immutable parts (date_trunc on timestamp, not on timestamptz)
CREATE FUNCTION illegal_practice_internal.whole_months(period daterange) RETURNS daterange
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN period IS NULL THEN NULL
              WHEN pg_catalog.isempty(period) OR pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period)
                THEN 'empty'::daterange
              WHEN (pg_catalog.date_trunc('month', (pg_catalog.lower(period) - 1)::timestamp) + interval '1 month')::date
                   < pg_catalog.date_trunc('month', pg_catalog.upper(period)::timestamp)::date
                THEN pg_catalog.daterange((pg_catalog.date_trunc('month', (pg_catalog.lower(period) - 1)::timestamp) + interval '1 month')::date,
                                          pg_catalog.date_trunc('month', pg_catalog.upper(period)::timestamp)::date)
              ELSE 'empty'::daterange END;
COMMENT ON FUNCTION illegal_practice_internal.whole_months(daterange) IS
  '期间内的整月部分，如 [2019-03-02,2019-06-15) → [2019-04-01,2019-06-01)：汇总表这部分用预聚合，两端零头扫描基表';

CREATE FUNCTION illegal_practice_internal.whole_years(period daterange) RETURNS date[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN period IS NULL THEN NULL ELSE
         ARRAY[(pg_catalog.date_trunc('year', (pg_catalog.lower(illegal_practice_internal.whole_months(period)) - 1)::timestamp) + interval '1 year')::date,
               pg_catalog.date_trunc('year', pg_catalog.upper(illegal_practice_internal.whole_months(period))::timestamp)::date] END;
COMMENT ON FUNCTION illegal_practice_internal.whole_years(daterange) IS
  '期间内整年部分的起止 [第一个整年的1月1日, 最后一个整年之后的1月1日)；起不小于止时没有整年；期间没有整月时为 {NULL,NULL}';

-- The scope-side of the roll-ups: the divisions whose roll-ups make up what the caller may see of
-- `code` — code itself when the caller's scope covers it, otherwise the caller's outermost scope
-- divisions inside it (disjoint, so their roll-ups add up to exactly the rows the scan would see).
-- C, from the caller scope in_caller_scope() keeps (caller.c): no query per call (the SQL version ran
-- caller_scope() twice per form, about a third of a scoped whole-month form)
CREATE FUNCTION @extschema@.scope_within(code text) RETURNS text[]
  AS 'MODULE_PATHNAME', 'ip_scope_within' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scope_within(text) IS
  '调用者在区划 code 内可见的范围：辖区包含 code 时为 {code}；否则为调用者辖区中位于 code 之内的最外层区划（互不包含）；汇总表据此合并预聚合';

-- the month of a case date: the cell key's month, written once
CREATE FUNCTION illegal_practice_internal.tally_month(day date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.date_trunc('month', day::timestamp)::date;
COMMENT ON FUNCTION illegal_practice_internal.tally_month(date) IS '预聚合单元的月份：案件日期所在月的1日';
GRANT EXECUTE ON FUNCTION illegal_practice_internal.tally_month(date) TO illegal_practice_tally;

-- the advisory lock bucket of a cell or roll-up key (independent of DateStyle and of the session)
CREATE FUNCTION illegal_practice_internal.tally_bucket(division_code text, month date, category @extschema@.case_category,
                                         institution_type @extschema@.institution_type) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.hashtext(division_code OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) (month - DATE '2000-01-01')::text
                             OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) category::text
                             OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) institution_type::text) & 63;
COMMENT ON FUNCTION illegal_practice_internal.tally_bucket(text, date, @extschema@.case_category, @extschema@.institution_type) IS
  '预聚合键的锁桶号（0–63）：重算前按桶号顺序加事务级咨询锁';

ALTER FUNCTION illegal_practice_internal.tally_bucket(text, date, @extschema@.case_category, @extschema@.institution_type) OWNER TO illegal_practice_tally;

-- one place that turns touched cases into pending cells: their (division, month, category, type)
CREATE FUNCTION illegal_practice_internal.tally_note_cases(division_codes text[], case_dates date[],
    categories @extschema@.case_category[], institution_types @extschema@.institution_type[]) RETURNS void
  LANGUAGE sql VOLATILE
BEGIN ATOMIC
  INSERT INTO @extschema@.tally_cell_dirty (division_code, month, category, institution_type)
  SELECT DISTINCT u.d, illegal_practice_internal.tally_month(u.m), u.c, u.t
    FROM ROWS FROM (pg_catalog.unnest(division_codes), pg_catalog.unnest(case_dates),
                    pg_catalog.unnest(categories), pg_catalog.unnest(institution_types)) AS u(d, m, c, t)
   WHERE u.d IS NOT NULL;
  -- once per transaction, remembered in a transaction-local setting rather than found by ON CONFLICT:
  -- the conflict probe would read the key index page every writer inserts into, and under
  -- SERIALIZABLE those reads make unrelated writers (other cities) each other's pivots
  INSERT INTO @extschema@.tally_cell_txn (xid)
  SELECT pg_catalog.pg_current_xact_id()
   WHERE pg_catalog.current_setting('ip_tally.noted_xid', true) IS DISTINCT FROM pg_catalog.pg_current_xact_id()::text
     AND pg_catalog.set_config('ip_tally.noted_xid', pg_catalog.pg_current_xact_id()::text, true) IS NOT NULL;
END;
COMMENT ON FUNCTION illegal_practice_internal.tally_note_cases(text[], date[], @extschema@.case_category[], @extschema@.institution_type[]) IS
  '把触及的案件记为待重算的预聚合单元（区划、月份、类别、机构类型），并登记本事务（提交时重算一次）';
ALTER FUNCTION illegal_practice_internal.tally_note_cases(text[], date[], @extschema@.case_category[], @extschema@.institution_type[]) OWNER TO illegal_practice_tally;

-- Recompute every pending cell and the roll-ups above it, then clear the pending set. Small sets go
-- through the indexes (cost follows the cells touched); large ones (bulk loads) in one hashed pass.
-- The pending keys this transaction gathered at the start of its flush (rows it inserted itself):
-- the flush recomputes exactly these, whatever other transactions commit meanwhile.
CREATE VIEW illegal_practice_internal.tally_cell_mine AS
  SELECT x.division_code, x.month, x.category, x.institution_type FROM @extschema@.tally_cell_dirty x
   WHERE x.xmin OPERATOR(pg_catalog.=) pg_catalog.xid(pg_catalog.pg_current_xact_id());
COMMENT ON VIEW illegal_practice_internal.tally_cell_mine IS '本事务收集的待重算单元（重算只针对它们）';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.division_code IS '区划代码';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.month IS '月份（每月1日）';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.category IS '案件类别';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.institution_type IS '机构类型';
ALTER VIEW illegal_practice_internal.tally_cell_mine OWNER TO illegal_practice_tally;
REVOKE ALL ON illegal_practice_internal.tally_cell_mine FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.tally_cells_flush_pending() RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
  b integer;
  n integer;
  -- above this many cells, one hashed pass over the tables (setting illegal_practice.bulk_refresh_cells)
  large constant integer := @extschema@.setting('bulk_refresh_cells')::integer;
BEGIN
  -- one row per touched cell from here on (each statement noted its cells separately)
  WITH d AS (DELETE FROM @extschema@.tally_cell_dirty RETURNING *)
  INSERT INTO @extschema@.tally_cell_dirty SELECT DISTINCT * FROM d;
  -- lock the buckets of every key to be rewritten (cells and roll-ups), in bucket order: no deadlock
  -- between writers, at most 64 locks however many cells a bulk load touches
  FOR b IN SELECT DISTINCT illegal_practice_internal.tally_bucket(a.d, x.month, x.category, x.institution_type)
             FROM illegal_practice_internal.tally_cell_mine x,
                  pg_catalog.unnest(@extschema@.division_ancestors(x.division_code) OPERATOR(pg_catalog.||) x.division_code) a(d)
           UNION
           SELECT DISTINCT illegal_practice_internal.tally_bucket(a.d || '/year', date_trunc('year', x.month)::date, x.category, x.institution_type)
             FROM illegal_practice_internal.tally_cell_mine x,
                  pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)
            ORDER BY 1 LOOP
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.tally_cell'), b);
  END LOOP;
  -- from here on, new statements: new snapshots that include every writer that committed before our locks
  SELECT count(*) INTO n FROM illegal_practice_internal.tally_cell_mine x;
  DELETE FROM @extschema@.tally_cell t USING illegal_practice_internal.tally_cell_mine x
   WHERE t.division_code = x.division_code AND t.month = x.month AND t.category = x.category
     AND t.institution_type = x.institution_type;
  IF n <= large THEN
    INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
    SELECT c.division_code, x.month, c.category, c.institution_type,
           @extschema@.tally(c.subject_id, c.kinds, c.fine_yuan, c.confiscation_yuan, c.persons_accountable,
                             c.entered_in_system, c.rectified)
      FROM illegal_practice_internal.tally_cell_mine x
      CROSS JOIN LATERAL (
        -- OFFSET 0 keeps the subquery lateral, so the cell's key reaches the case scan (an index range);
        -- flattened, it became a hash join over case_facts of every case, at every commit
        SELECT f.* FROM illegal_practice_internal.case_facts f
         WHERE f.division_code = x.division_code AND f.category = x.category AND f.institution_type = x.institution_type
           AND f.case_date >= x.month AND f.case_date < (x.month + interval '1 month')::date OFFSET 0) c
     GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
    SELECT c.division_code, illegal_practice_internal.tally_month(c.case_date), c.category, c.institution_type,
           @extschema@.tally(c.subject_id, c.kinds, c.fine_yuan, c.confiscation_yuan, c.persons_accountable,
                             c.entered_in_system, c.rectified)
      FROM illegal_practice_internal.case_facts c
     WHERE (c.division_code, illegal_practice_internal.tally_month(c.case_date), c.category, c.institution_type)
           IN (SELECT * FROM illegal_practice_internal.tally_cell_mine)
     GROUP BY 1, 2, 3, 4;
  END IF;
  -- the roll-ups above the touched cells: the union of the cells each one covers
  DELETE FROM @extschema@.tally_rollup r
   USING (SELECT DISTINCT a.d, x.month, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
   WHERE NOT r.whole_year
     AND r.division_code = k.d AND r.month = k.month AND r.category = k.category AND r.institution_type = k.institution_type;
  IF n <= large THEN
    INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
    SELECT k.d, k.month, k.category, k.institution_type, @extschema@.tally_union(t.state)
      FROM (SELECT DISTINCT a.d, x.month, x.category, x.institution_type,
                   @extschema@.division_prefix(a.d) AS lo
              FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
      JOIN @extschema@.tally_cell t
        ON t.category = k.category AND t.institution_type = k.institution_type AND t.month = k.month
       AND t.division_code >= k.lo AND t.division_code < k.lo || ':'       -- digits sort below ':' in "C"
       AND @extschema@.covers(k.d, t.division_code)
     GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
    SELECT a.d, t.month, t.category, t.institution_type, @extschema@.tally_union(t.state)
      FROM @extschema@.tally_cell t, pg_catalog.unnest(@extschema@.division_ancestors(t.division_code)) a(d)
     WHERE (a.d, t.month, t.category, t.institution_type) IN
           (SELECT a2.d, x.month, x.category, x.institution_type
              FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a2(d))
     GROUP BY 1, 2, 3, 4;
  END IF;
  -- the whole-year roll-ups above them: the union of the year's month roll-ups
  DELETE FROM @extschema@.tally_rollup r
   USING (SELECT DISTINCT a.d, date_trunc('year', x.month)::date AS y, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
   WHERE r.whole_year
     AND r.division_code = k.d AND r.month = k.y AND r.category = k.category AND r.institution_type = k.institution_type;
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, whole_year, state)
  SELECT k.d, k.y, k.category, k.institution_type, true, @extschema@.tally_union(r.state)
    FROM (SELECT DISTINCT a.d, date_trunc('year', x.month)::date AS y, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
    JOIN @extschema@.tally_rollup r
      ON NOT r.whole_year AND r.division_code = k.d AND r.category = k.category AND r.institution_type = k.institution_type
     AND r.month >= k.y AND r.month < (k.y + interval '1 year')::date
   GROUP BY 1, 2, 3, 4;
  -- only the keys this transaction gathered (and recomputed): keys committed meanwhile by another
  -- transaction (a REPEATABLE READ writer, which does not recompute) stay for the next flush
  DELETE FROM @extschema@.tally_cell_dirty x WHERE x.xmin OPERATOR(pg_catalog.=) pg_catalog.xid(pg_catalog.pg_current_xact_id());
  RETURN n;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_cells_flush_pending() IS
  '重算本事务待重算的预聚合单元及其上级汇总（先按桶号顺序加锁，再重算；并发写入不丢计数），返回单元数';

ALTER FUNCTION illegal_practice_internal.tally_cells_flush_pending() OWNER TO illegal_practice_tally;

-- the deferred constraint trigger: once per writing transaction, at commit. While pre-aggregation is
-- off the pending cells are kept (committed): they do no harm (the forms scan while any exist), and a
-- transaction whose snapshot predates switching it on cannot lose its writes from the roll-ups.
CREATE FUNCTION illegal_practice_internal.tally_cells_commit() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- REPEATABLE READ / SERIALIZABLE: the transaction's snapshot cannot see writers that committed
  -- after it began, so it cannot recompute shared roll-ups (a province's) exactly, and rewriting them
  -- would fail with 40001 against every other writer of the province. Its pending cells commit with
  -- it instead; the forms scan while any are pending (exact), and the next READ COMMITTED writer
  -- folds them in under the bucket locks. It reads nothing here either (not even its own
  -- tally_cell_txn row through the index every writer inserts into: SSI would make writers of
  -- different cities each other's pivots); the next READ COMMITTED writer removes that row.
  IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
    RETURN NULL;
  END IF;
  DELETE FROM @extschema@.tally_cell_txn
   WHERE xid = pg_catalog.pg_current_xact_id()
      OR xid < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());   -- rows of finished RR writers
  IF (SELECT s.enabled FROM @extschema@.tally_cell_status s)
     AND EXISTS (SELECT FROM @extschema@.tally_cell_dirty) THEN
    PERFORM illegal_practice_internal.tally_cells_flush_pending();
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_cells_commit() IS '延迟约束触发器：事务提交时一次性重算本事务触及的预聚合单元（读已提交隔离级别；可重复读/可串行化的事务留下待重算单元，由下一个读已提交的写入者重算）';
ALTER FUNCTION illegal_practice_internal.tally_cells_commit() OWNER TO illegal_practice_tally;
CREATE CONSTRAINT TRIGGER tally_cells_commit AFTER INSERT ON @extschema@.tally_cell_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_cells_commit();

CREATE FUNCTION @extschema@.tally_cells_rebuild() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
  n bigint;
  m bigint;
BEGIN
  LOCK TABLE @extschema@.tally_cell, @extschema@.tally_rollup IN EXCLUSIVE MODE;
  DELETE FROM @extschema@.tally_cell;
  DELETE FROM @extschema@.tally_rollup;
  DELETE FROM @extschema@.tally_cell_dirty;
  INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
  SELECT f.division_code, illegal_practice_internal.tally_month(f.case_date), f.category, f.institution_type,
         @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                           f.entered_in_system, f.rectified)
    FROM illegal_practice_internal.case_facts f GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE '预聚合重建 1/3：区划 × 月份 × 类别 × 机构类型，% 个单元', n;   -- progress: long on large data
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
  SELECT a.d, t.month, t.category, t.institution_type, @extschema@.tally_union(t.state)
    FROM @extschema@.tally_cell t, pg_catalog.unnest(@extschema@.division_ancestors(t.division_code)) a(d)
   GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS m = ROW_COUNT;
  RAISE NOTICE '预聚合重建 2/3：上级区划按月汇总，% 行', m;
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, whole_year, state)
  SELECT r.division_code, date_trunc('year', r.month)::date, r.category, r.institution_type, true, @extschema@.tally_union(r.state)
    FROM @extschema@.tally_rollup r
   GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS m = ROW_COUNT;
  RAISE NOTICE '预聚合重建 3/3：整年汇总，% 行', m;
  UPDATE @extschema@.tally_cell_status SET valid = true, changed_at = now();
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_rebuild() IS '从基表重建全部预聚合单元与上级汇总，并标记为完整可用；每完成一个阶段报告一次进度（NOTICE，共3个阶段）；返回单元数';

ALTER FUNCTION @extschema@.tally_cells_rebuild() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.tally_cells_rebuild() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.tally_cells_rebuild() TO illegal_practice_admin;

-- Switching on waits for every open writer (SHARE conflicts with their ROW EXCLUSIVE) and holds new
-- ones until it commits, so no write falls between the rebuild and the triggers.
CREATE FUNCTION @extschema@.preaggregate(enabled boolean) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF enabled THEN
    LOCK TABLE @extschema@.enforcement_case, @extschema@.case_action IN SHARE MODE;
    UPDATE @extschema@.tally_cell_status SET enabled = true, changed_at = now();
    RETURN '预聚合已开启并重建：' || @extschema@.tally_cells_rebuild() || ' 个单元';
  END IF;
  UPDATE @extschema@.tally_cell_status SET enabled = false, valid = false, changed_at = now();
  RETURN '预聚合已关闭：汇总表改用扫描；开启时自动重建';
END $$;
COMMENT ON FUNCTION @extschema@.preaggregate(boolean) IS
  '开关预聚合（可选：大批量导入前关闭、导入后开启）：关闭后汇总表改为扫描基表，开启时等待进行中的写入事务结束并从基表重建';
ALTER FUNCTION @extschema@.preaggregate(boolean) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.preaggregate(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.preaggregate(boolean) TO illegal_practice_admin;

-- statement-level triggers: note the cells a statement touched (always, on or off); the commit
-- trigger recomputes them
CREATE FUNCTION illegal_practice_internal.tally_case_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM illegal_practice_internal.tally_note_cases(array_agg(n.division_code), array_agg(n.case_date),
                                                       array_agg(n.category), array_agg(n.institution_type))
       FROM (SELECT DISTINCT r.division_code, r.case_date, r.category, r.institution_type FROM new_rows r) n;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM illegal_practice_internal.tally_note_cases(array_agg(o.division_code), array_agg(o.case_date),
                                                       array_agg(o.category), array_agg(o.institution_type))
       FROM (SELECT DISTINCT r.division_code, r.case_date, r.category, r.institution_type FROM old_rows r) o;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_case_changed() IS '语句级触发器：记下案件增删改触及的预聚合单元（提交时重算）';
ALTER FUNCTION illegal_practice_internal.tally_case_changed() OWNER TO illegal_practice_tally;

CREATE FUNCTION illegal_practice_internal.tally_action_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.case_id) INTO ids FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.case_id) INTO ids FROM old_rows o;
  ELSE
    SELECT array_agg(x.case_id) INTO ids FROM (SELECT n.case_id FROM new_rows n UNION SELECT o.case_id FROM old_rows o) x;
  END IF;
  PERFORM illegal_practice_internal.tally_note_cases(array_agg(c.division_code), array_agg(c.case_date),
                                                     array_agg(c.category), array_agg(c.institution_type))
     FROM @extschema@.enforcement_case c WHERE c.id = ANY (ids);
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_action_changed() IS '语句级触发器：记下处理措施增删改所属案件的预聚合单元（提交时重算）';
ALTER FUNCTION illegal_practice_internal.tally_action_changed() OWNER TO illegal_practice_tally;

CREATE TRIGGER tally_case_ins AFTER INSERT ON @extschema@.enforcement_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_case_upd AFTER UPDATE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_case_del AFTER DELETE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_action_ins AFTER INSERT ON @extschema@.case_action
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
CREATE TRIGGER tally_action_upd AFTER UPDATE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
CREATE TRIGGER tally_action_del AFTER DELETE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
-- 33_forms.sql — 江苏 summary forms 附表1–4 (spec §3) and their CSV exports.
-- Counting (§3): …单位数/户数/对象数 = distinct subjects; every other count = cases having at least
-- one action of that kind; 万元 = round(Σ yuan / 10000, 4), rounded once; 合计 sums yuan before
-- rounding and counts distinct subjects over all rows. All counters come from the tally aggregate.



-- ===== 附表1 打击无证行医情况汇总表 =====
-- The scan of 附表1 (pre-aggregation off, or this transaction's writes not yet folded in): EXECUTE with the
-- period and division as literals, so the planner estimates the real rows (a generic plan with parameters
-- guessed ~100 rows of 100,000 and chose a sort per case), and the tally runs in the parallel workers
-- (tally_by_case folds the rows of a case, so no grouping by case is needed before it). The caller's scope
-- applies as in case_facts (in_caller_scope on every case; the policies as well).
CREATE FUNCTION illegal_practice_internal.unlicensed_scan(division_code text, period daterange)
  RETURNS TABLE (it @extschema@.institution_type, s @extschema@.tally_state)
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
AS $f$
BEGIN
  IF $2 IS NULL OR pg_catalog.isempty($2) OR $1 IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE pg_catalog.format($q$
    SELECT c.institution_type,
           illegal_practice_internal.tally_by_case(c.id, c.subject_id, @extschema@.action_bit(x.kind),
             illegal_practice_internal.action_fine_yuan(x.kind, x.amount_yuan),
             illegal_practice_internal.action_confiscation_yuan(x.kind, x.amount_yuan),
             illegal_practice_internal.action_accountable_persons(x.kind, x.persons),
             c.entered_in_system, c.rectified_on IS NOT NULL)
      FROM @extschema@.enforcement_case c
      LEFT JOIN @extschema@.case_action x ON x.case_id OPERATOR(pg_catalog.=) c.id
     WHERE @extschema@.in_caller_scope(c.division_code)
       AND c.category OPERATOR(pg_catalog.=) '无证行医'
       AND @extschema@.covers(%1$L, c.division_code)
       AND c.division_code COLLATE "C" OPERATOR(pg_catalog.>=) %2$L
       AND c.division_code COLLATE "C" OPERATOR(pg_catalog.<) %3$L
       AND c.case_date OPERATOR(pg_catalog.>=) %4$L::date AND c.case_date OPERATOR(pg_catalog.<) %5$L::date
     GROUP BY c.institution_type $q$,
    $1, @extschema@.division_prefix($1), @extschema@.division_prefix($1) OPERATOR(pg_catalog.||) ':',
    coalesce(pg_catalog.lower($2), '-infinity'::date), coalesce(pg_catalog.upper($2), 'infinity'::date));
END $f$;
COMMENT ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) IS
  '附表1 的扫描路径（内部）：按实际区划与期间规划（EXECUTE），每种机构类型一个汇总状态，在并行进程内聚合；调用者辖区照常生效';
REVOKE ALL ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) TO illegal_practice_definer;

-- plpgsql: keeps one generic plan per session (a SQL function is re-planned at every call).
CREATE FUNCTION @extschema@.form_unlicensed_summary(division_code text, period daterange)
  RETURNS TABLE (institution_type text, penalized_units bigint, confiscation_count bigint, confiscation_wan numeric,
                 fine_count bigint, fine_wan numeric, ban_count bigint, transferred_cases bigint,
                 court_judgments bigint, persons_held_accountable bigint, cases_entered bigint)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET jit = off SET work_mem = '64MB' SET plan_cache_mode = force_generic_plan
AS $f$
#variable_conflict use_column
BEGIN
  PERFORM @extschema@.form_args($1, $2);
  RETURN QUERY
  WITH t AS (
    SELECT x.it, @extschema@.tally_union(x.s) AS s FROM (
      -- pre-aggregated: the whole months of the period, from the roll-ups of exactly this division —
      -- a year row for each whole year inside, month rows for the other months
      -- (the rows go straight into the outer tally_union: one merge per type, no intermediate copies)
      SELECT c.institution_type AS it, c.state AS s
        FROM @extschema@.tally_rollup c
       WHERE @extschema@.tally_cells_usable()
         -- only divisions inside the caller's scope (the policy on tally_rollup enforces it as well)
         AND c.division_code = ANY ((SELECT @extschema@.scope_within($1))::text[]) AND c.category = '无证行医'
         -- bounds computed once (scalar subqueries), not per row
         AND c.month >= (SELECT pg_catalog.lower(illegal_practice_internal.whole_months($2)))
         AND c.month < (SELECT pg_catalog.upper(illegal_practice_internal.whole_months($2)))
         AND c.whole_year = (c.month >= (SELECT (illegal_practice_internal.whole_years($2))[1]) AND c.month < (SELECT (illegal_practice_internal.whole_years($2))[2]))
      UNION ALL
      -- scanned: the days before and after the whole months (two range scans of the case-date index)
      SELECT f.institution_type,
             @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                               f.entered_in_system, f.rectified)
        FROM @extschema@.case_facts f
       WHERE @extschema@.tally_cells_usable()
         AND f.category = '无证行医'
         AND @extschema@.covers($1, f.division_code)
         AND f.case_date OPERATOR(pg_catalog.<@) $2
         -- bounds as scalar subqueries (parameters): leak-proof date comparisons on a plain column, so
         -- they stay index conditions under row-level security
         AND ((f.case_date >= (SELECT coalesce(pg_catalog.lower($2), '-infinity'::date))
               AND f.case_date < (SELECT coalesce(pg_catalog.lower(nullif(illegal_practice_internal.whole_months($2), 'empty')),
                                                  pg_catalog.upper($2), 'infinity'::date)))
           OR (f.case_date >= (SELECT pg_catalog.upper(nullif(illegal_practice_internal.whole_months($2), 'empty')))
               AND f.case_date < (SELECT coalesce(pg_catalog.upper($2), 'infinity'::date))))
         AND f.division_code COLLATE "C" >= (SELECT @extschema@.division_prefix($1))
         AND f.division_code COLLATE "C" < (SELECT @extschema@.division_prefix($1) OPERATOR(pg_catalog.||) ':')
       GROUP BY f.institution_type
      UNION ALL
      -- pre-aggregation off (or this transaction's writes not yet folded in): the parallel scan, planned
      -- for the actual period (not part of this cached generic plan; see unlicensed_scan)
      SELECT u.it, u.s FROM illegal_practice_internal.unlicensed_scan($1, $2) u
       WHERE NOT @extschema@.tally_cells_usable()
    ) x GROUP BY x.it
  ), r AS (
    SELECT k.it::text AS label, k.ord,
           coalesce(@extschema@.tally_subjects(t.s, @extschema@.penalty_mask()), 0) AS penalized_units,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('没收违法所得')), 0) AS confiscation_count,
           coalesce(@extschema@.tally_confiscation_yuan(t.s), 0) AS confiscation_yuan,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')), 0) AS fine_count,
           coalesce(@extschema@.tally_fine_yuan(t.s), 0) AS fine_yuan,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('取缔')), 0) AS ban_count,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')), 0) AS transferred_cases,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('法院判决')), 0) AS court_judgments,
           coalesce(@extschema@.tally_persons(t.s), 0) AS persons,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')), 0) AS cases_entered
      FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.institution_type)) WITH ORDINALITY AS k(it, ord)
      LEFT JOIN t ON t.it = k.it
  )
  SELECT x.label, x.penalized_units, x.confiscation_count, x.confiscation_wan, x.fine_count, x.fine_wan, x.ban_count,
         x.transferred_cases, x.court_judgments, x.persons, x.cases_entered
    FROM (
      SELECT r.ord, r.label, r.penalized_units, r.confiscation_count, @extschema@.yuan_to_wan(r.confiscation_yuan) AS confiscation_wan,
             r.fine_count, @extschema@.yuan_to_wan(r.fine_yuan) AS fine_wan, r.ban_count, r.transferred_cases, r.court_judgments,
             r.persons, r.cases_entered
        FROM r
      UNION ALL
      -- 合计: each case has one institution type, so case counts and yuan add up across the rows (yuan
      -- summed before rounding); distinct subjects are counted over all rows' subject sets together
      SELECT 6, '合计',
             coalesce((SELECT @extschema@.tally_subjects_union(pg_catalog.array_agg(t.s), @extschema@.penalty_mask()) FROM t), 0),
             pg_catalog.sum(r.confiscation_count)::bigint, @extschema@.yuan_to_wan(pg_catalog.sum(r.confiscation_yuan)),
             pg_catalog.sum(r.fine_count)::bigint, @extschema@.yuan_to_wan(pg_catalog.sum(r.fine_yuan)),
             pg_catalog.sum(r.ban_count)::bigint, pg_catalog.sum(r.transferred_cases)::bigint,
             pg_catalog.sum(r.court_judgments)::bigint, pg_catalog.sum(r.persons)::bigint, pg_catalog.sum(r.cases_entered)::bigint
        FROM r
    ) x ORDER BY x.ord;
END $f$;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) IS
  '附表1 打击无证行医情况汇总表：无证行医案件，按机构类型（西医、中医、医疗美容、口腔、其他，总是列出）加合计';
ALTER FUNCTION @extschema@.form_unlicensed_summary(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('unlicensed_summary', '附表1', '打击无证行医情况汇总表', false, '{}', true);

CREATE FUNCTION @extschema@.form_unlicensed_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('机构类型', '行政处罚单位数', '没收违法所得户次', '没收违法所得金额（万元）', '罚款户次',
                              '罚款金额（万元）', '取缔户次', '移送案件数', '法院判决案件数', '因无证行医追责人数', '信息系统录入情况')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.institution_type, f.penalized_units::text,
                    f.confiscation_count::text, f.confiscation_wan::text, f.fine_count::text, f.fine_wan::text,
                    f.ban_count::text, f.transferred_cases::text, f.court_judgments::text,
                    f.persons_held_accountable::text, f.cases_entered::text) OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_unlicensed_summary($1, $2) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) IS '附表1 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表2 打击非法医疗美容专项行动“回头看”汇总表 =====
CREATE FUNCTION @extschema@.form_beauty_lookback(division_code text, prior daterange, current daterange)
  RETURNS TABLE (row_label text, prior_penalized_units bigint, prior_rectified_units bigint, reoffending_units bigint,
                 order_correct_count bigint, warning_count bigint, suspension_count bigint, fine_count bigint,
                 fine_wan numeric, confiscation_wan numeric, license_revoked_count bigint, transferred_count bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2, $3);   -- bad arguments are errors, not zeros
  WITH cats(label, cat, ord) AS (
    VALUES ('无证行医', '无证行医'::@extschema@.case_category, 1),
           ('医疗机构', '医疗机构违法执业'::@extschema@.case_category, 2)
  ), p AS (
    SELECT f.category,
           @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                             f.entered_in_system, f.rectified) AS s
      FROM @extschema@.case_facts f
     WHERE f.institution_type = '医疗美容'
       AND f.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
     GROUP BY f.category
  ), pen AS (
    SELECT p.category,
           @extschema@.tally_subject_ids(p.s, @extschema@.penalty_mask()) AS ids,
           @extschema@.tally_subjects(p.s, @extschema@.penalty_mask()) AS penalized,
           @extschema@.tally_subjects(p.s, @extschema@.tally_bit('penalized_rectified')) AS rectified
      FROM p
  ), c AS (
    SELECT f.category,
           @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                             f.entered_in_system, f.rectified) AS s
      FROM @extschema@.case_facts f JOIN pen ON pen.category = f.category
     WHERE f.institution_type = '医疗美容'
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $3
       AND f.subject_id = ANY (pen.ids)
     GROUP BY f.category
  )
  SELECT cats.label,
         coalesce(pen.penalized, 0),
         coalesce(pen.rectified, 0),
         coalesce(@extschema@.tally_subjects(c.s), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('责令改正')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('警告')), 0),
         coalesce(@extschema@.tally_subjects(c.s, @extschema@.action_bit('责令停业整顿')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('罚款')), 0),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_fine_yuan(c.s), 0)),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_confiscation_yuan(c.s), 0)),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_mask('吊销执业许可', '吊销执业证书')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('移送司法机关')), 0)
    FROM cats LEFT JOIN pen ON pen.category = cats.cat LEFT JOIN c ON c.category = cats.cat
   ORDER BY cats.ord;
END;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) IS
  '附表2 打击非法医疗美容专项行动“回头看”汇总表：医疗美容案件；行按前期案件类别（无证行医、医疗机构违法执业）；再犯 = 前期受过处罚且本期有同类案件的当事人，其后各列统计再犯者本期同类案件';
ALTER FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('beauty_lookback', '附表2', '打击非法医疗美容专项行动“回头看”汇总表', true, '{}', true);

CREATE FUNCTION @extschema@.form_beauty_lookback_csv(division_code text, prior daterange, current daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('',
           illegal_practice_internal.period_years($2) OPERATOR(pg_catalog.||) '打击非法医疗美容专项行动处罚单位数',
           illegal_practice_internal.period_years($2) OPERATOR(pg_catalog.||) '查处后落实整改单位数',
           illegal_practice_internal.period_years($3) OPERATOR(pg_catalog.||) '“回头看”行动中发现再次开展非法医疗美容户数',
           '责令整改数', '警告数', '责令停业整顿户数', '罚款户（人）次', '罚款金额（万元）', '没收违法所得（万元）',
           '吊销行政许可资质', '移送司法机关')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.row_label, f.prior_penalized_units::text,
                    f.prior_rectified_units::text, f.reoffending_units::text, f.order_correct_count::text,
                    f.warning_count::text, f.suspension_count::text, f.fine_count::text, f.fine_wan::text,
                    f.confiscation_wan::text, f.license_revoked_count::text, f.transferred_count::text)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_beauty_lookback($1, $2, $3) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) IS
  '附表2 的 CSV 导出（首行为原表中文表头，年份取自期间）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表3 “回头看”行动中再次受处罚对象信息报告表 =====
CREATE FUNCTION @extschema@.form_repeat_offenders(division_code text, prior daterange, current daterange)
  RETURNS TABLE (seq bigint, subject_name text, address text, legal_representative text, first_cause text, second_cause text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2, $3);   -- bad arguments are errors, not zeros
  WITH pc AS (      -- prior 医疗美容 cases with a penalty action
    SELECT f.subject_id, f.category, f.case_id, f.case_date
      FROM @extschema@.case_facts f
     WHERE f.institution_type = '医疗美容'
       AND f.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
       AND (f.kinds OPERATOR(pg_catalog.&) @extschema@.penalty_mask()) <> 0
  ), cc AS (      -- current cases of the same category by those subjects
    SELECT e.subject_id, e.category, e.id AS case_id, e.case_date AS case_date
      FROM @extschema@.enforcement_case e
     WHERE e.institution_type = '医疗美容'
       AND e.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, e.division_code)
       AND e.case_date OPERATOR(pg_catalog.<@) $3
       AND EXISTS (SELECT FROM pc WHERE pc.subject_id = e.subject_id AND pc.category = e.category)
  ), first_case AS (
    SELECT DISTINCT ON (pc.subject_id) pc.subject_id, pc.case_id
      FROM pc
     WHERE EXISTS (SELECT FROM cc WHERE cc.subject_id = pc.subject_id AND cc.category = pc.category)
     ORDER BY pc.subject_id, pc.case_date, pc.case_id
  ), second_case AS (
    SELECT DISTINCT ON (cc.subject_id) cc.subject_id, cc.case_id, cc.case_date
      FROM cc ORDER BY cc.subject_id, cc.case_date, cc.case_id
  )
  SELECT pg_catalog.row_number() OVER (ORDER BY s.case_date, s.case_id),
         @extschema@.pii_name(e2.subject_name), @extschema@.pii_address(e2.subject_address),
         @extschema@.pii_name(e2.legal_representative), e1.cause, e2.cause
    FROM second_case s
    JOIN first_case f ON f.subject_id = s.subject_id
    JOIN @extschema@.enforcement_case e1 ON e1.id = f.case_id
    JOIN @extschema@.enforcement_case e2 ON e2.id = s.case_id
   ORDER BY s.case_date, s.case_id;
END;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) IS
  '附表3 再次受处罚对象信息报告表：附表2 计入的再犯当事人，每人一行，按其最早本期案件的日期、编号排序；名称、地址、负责人取该案件；第一次案由取最早的前期处罚案件';
ALTER FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('repeat_offenders', '附表3', '“回头看”行动中再次受处罚对象信息报告表', true, '{"subject_name": "name", "address": "address", "legal_representative": "name"}', true);

CREATE FUNCTION @extschema@.form_repeat_offenders_csv(division_code text, prior daterange, current daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('序号', '被处罚对象', '地址', '法人或负责人', '第一次处罚案由', '第二次处罚或拟处罚案由')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.seq::text, f.subject_name, f.address,
                    f.legal_representative, f.first_cause, f.second_cause) OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.seq), '')
    FROM @extschema@.form_repeat_offenders($1, $2, $3) AS f;
END;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) IS '附表3 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表 =====
CREATE FUNCTION @extschema@.form_two_illegal_summary(division_code text, period daterange)
  RETURNS TABLE (category text, inspected_subjects bigint, penalty_cases bigint, order_correct_count bigint,
                 warning_count bigint, fine_count bigint, fine_wan numeric, confiscation_wan numeric,
                 certificate_revoked_count bigint, referred_to_departments bigint, transferred_to_judiciary bigint,
                 cases_entered bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2);   -- bad arguments are errors, not zeros
  WITH cats(cat, ord) AS (
    VALUES ('非医学需要的胎儿性别鉴定'::@extschema@.case_category, 1),
           ('非医学需要选择性别人工终止妊娠'::@extschema@.case_category, 2)
  ), x AS (
    SELECT f.category, f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
           f.entered_in_system, f.rectified
      FROM @extschema@.case_facts f
     WHERE f.category IN ('非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
    UNION ALL      -- inspections: kinds NULL marks a subject as inspected, not a case
    SELECT i.category, i.subject_id, NULL::integer, NULL::numeric, NULL::numeric, NULL::integer, NULL::boolean, NULL::boolean
      FROM @extschema@.inspection i
     WHERE i.category IN ('非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
       AND @extschema@.covers($1, i.division_code)
       AND i.inspected_on OPERATOR(pg_catalog.<@) $2
  ), t AS (
    SELECT x.category,
           @extschema@.tally(x.subject_id, x.kinds, x.fine_yuan, x.confiscation_yuan, x.persons_accountable,
                             x.entered_in_system, x.rectified) AS s
      FROM x GROUP BY x.category
  )
  SELECT cats.cat::text,
         coalesce(@extschema@.tally_subjects(t.s, @extschema@.tally_bit('inspected')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.penalty_mask()), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('责令改正')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('警告')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')), 0),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_fine_yuan(t.s), 0)),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_confiscation_yuan(t.s), 0)),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业证书')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送相关部门')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')), 0)
    FROM cats LEFT JOIN t ON t.category = cats.cat
   ORDER BY cats.ord;
END;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) IS
  '附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表：两行（两类两非案件），检查对象数取自 inspection';
ALTER FUNCTION @extschema@.form_two_illegal_summary(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('two_illegal_summary', '附表4', '查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表', false, '{}', true);

CREATE FUNCTION @extschema@.form_two_illegal_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('案件分类', '检查对象数', '行政处罚数', '责令改正数', '警告数', '罚款户（人）次',
                              '罚款金额（万元）', '没收违法所得（万元）', '吊销执业证书数', '移送相关部门', '移送司法机关',
                              '案件信息系统录入数')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.category, f.inspected_subjects::text,
                    f.penalty_cases::text, f.order_correct_count::text, f.warning_count::text, f.fine_count::text,
                    f.fine_wan::text, f.confiscation_wan::text, f.certificate_revoked_count::text,
                    f.referred_to_departments::text, f.transferred_to_judiciary::text, f.cases_entered::text)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_two_illegal_summary($1, $2) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) IS '附表4 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- 34_alerts.sql — 移送司法机关 check (spec §5.2, 法释〔2016〕27号) and fine-range check (spec §5.3, §1.5).

CREATE FUNCTION @extschema@.subject_is_person(subject_id bigint) RETURNS boolean
  LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  RETURN (SELECT s.kind = '个人' OR s.resident_id IS NOT NULL FROM @extschema@.subject s WHERE s.id = subject_id);
COMMENT ON FUNCTION @extschema@.subject_is_person(bigint) IS
  '当事人是否为个人（类别为个人或有身份证号）；以扩展所有者身份读取 subject，只返回是/否';
ALTER FUNCTION @extschema@.subject_is_person(bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.subject_is_person(bigint) FROM PUBLIC;
-- no user role executes it (it would list every subject id); transfer_alerts calls it as the definer

CREATE FUNCTION @extschema@.transfer_alerts(scope text DEFAULT NULL)
  RETURNS TABLE (case_id bigint, division_code text, subject_id bigint, subject_name text, filed_on date,
                 earlier_penalized_cases bigint, earlier_case_ids text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  -- the earlier cases are counted in every division (the law does not stop at a county line: the
  -- internal case_facts reads every case); only the ids of those inside the caller's scope are listed
  SELECT c.id, c.division_code, c.subject_id, @extschema@.pii_name(c.subject_name), c.filed_on,
         pg_catalog.count(*),
         pg_catalog.string_agg(e.case_id::text, ',' ORDER BY e.case_id) FILTER (WHERE @extschema@.in_caller_scope(e.division_code))
    FROM @extschema@.enforcement_case c
    JOIN illegal_practice_internal.case_facts e
      ON e.subject_id = c.subject_id AND e.case_id <> c.id AND e.category = '无证行医'
     AND e.case_date < c.filed_on
     AND (e.kinds & @extschema@.penalty_mask()) <> 0
   WHERE c.category = '无证行医'
     AND ($1 IS NULL OR @extschema@.covers($1, c.division_code))
     AND (c.subject_resident_id IS NOT NULL OR c.subject_kind = '个人' OR @extschema@.subject_is_person(c.subject_id))
     AND NOT EXISTS (SELECT FROM @extschema@.case_action a WHERE a.case_id = c.id AND a.kind = '移送司法机关')
   GROUP BY c.id
  HAVING pg_catalog.count(*) >= 2
   ORDER BY c.filed_on, c.id;
END;
COMMENT ON FUNCTION @extschema@.transfer_alerts(text) IS
  '应移送未移送（§5.2）：个人在此前（案件日期早于本案立案日期）已有两件以上带行政处罚的无证行医案件，又因无证行医立案，而本案没有移送司法机关措施（法释〔2016〕27号，不能以罚代刑）；此前案件在全部区划中计数，编号只列出调用者辖区内的；scope 为空时不限区划';
ALTER FUNCTION @extschema@.transfer_alerts(text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.transfer_alerts(text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.transfer_alerts(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.transfer_alerts(text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE VIEW @extschema@.transfer_alerts WITH (security_invoker = true) AS
  SELECT * FROM @extschema@.transfer_alerts(NULL);
COMMENT ON VIEW @extschema@.transfer_alerts IS '应移送司法机关而未移送的无证行医案件（§5.2），全部区划';
COMMENT ON COLUMN @extschema@.transfer_alerts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.transfer_alerts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.transfer_alerts.subject_id IS '当事人编号';
COMMENT ON COLUMN @extschema@.transfer_alerts.subject_name IS '当事人姓名';
COMMENT ON COLUMN @extschema@.transfer_alerts.filed_on IS '立案日期';
COMMENT ON COLUMN @extschema@.transfer_alerts.earlier_penalized_cases IS '此前受行政处罚的无证行医案件数';
COMMENT ON COLUMN @extschema@.transfer_alerts.earlier_case_ids IS '此前案件编号（逗号分隔）';
ALTER VIEW @extschema@.transfer_alerts SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.transfer_alerts OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.transfer_alerts FROM PUBLIC;
GRANT SELECT ON @extschema@.transfer_alerts TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.fine_range(category @extschema@.case_category, violation_on date, illegal_income_yuan numeric,
                                       OUT min_yuan numeric, OUT max_yuan numeric, OUT basis text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT ROW(r.lo, r.hi, r.basis) FROM (SELECT
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN 0::numeric
         WHEN category = '无证行医' THEN 5 * GREATEST(coalesce(illegal_income_yuan, 0), 10000)
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN 2 * illegal_income_yuan
         ELSE 10000::numeric END AS lo,
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN 10000::numeric
         WHEN category = '无证行医' THEN 20 * GREATEST(coalesce(illegal_income_yuan, 0), 10000)
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN 6 * illegal_income_yuan
         ELSE 30000::numeric END AS hi,
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN '医疗机构管理条例第四十四条：1万元以下罚款'
         WHEN category = '无证行医' THEN '基本医疗卫生与健康促进法第九十九条：违法所得5倍以上20倍以下（不足1万元按1万元计）'
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN '人口与计划生育法第三十六条（2021年修正后第四十条）：违法所得2倍以上6倍以下'
         ELSE '人口与计划生育法第三十六条（2021年修正后第四十条）：违法所得不足1万元的，1万元以上3万元以下' END AS basis
    WHERE category IN ('无证行医', '非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')) r);
COMMENT ON FUNCTION @extschema@.fine_range(@extschema@.case_category, date, numeric) IS
  '罚款法定幅度（§1.5）：无证行医 2020-06-01 前 ≤1万元，之后违法所得5–20倍（不足1万元按1万元）；两非 违法所得≥1万元 2–6倍，否则1–3万元；其他类别无规定（NULL）';

CREATE FUNCTION @extschema@.fine_alerts(scope text DEFAULT NULL)
  RETURNS TABLE (case_id bigint, action_id bigint, division_code text, category text, filed_on date,
                 fine_yuan numeric, illegal_income_yuan numeric, min_yuan numeric, max_yuan numeric,
                 problem text, basis text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT x.case_id, x.action_id, x.division_code, x.category::text, x.filed_on, x.fine, x.income,
         (x.r).min_yuan, (x.r).max_yuan,
         CASE WHEN x.fine < (x.r).min_yuan THEN '低于法定下限' ELSE '高于法定上限' END, (x.r).basis
    FROM (SELECT c.id AS case_id, a.id AS action_id, c.division_code, c.category, c.filed_on, a.amount_yuan AS fine,
                 i.income, @extschema@.fine_range(c.category, c.filed_on, i.income) AS r
            FROM @extschema@.enforcement_case c
            JOIN @extschema@.case_action a ON a.case_id = c.id AND a.kind = '罚款' AND a.amount_yuan IS NOT NULL
           CROSS JOIN LATERAL (SELECT coalesce(pg_catalog.sum(y.amount_yuan), 0) AS income
                                 FROM @extschema@.case_action y WHERE y.case_id = c.id AND y.kind = '没收违法所得') i
           WHERE c.category IN ('无证行医', '非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
             AND ($1 IS NULL OR @extschema@.covers($1, c.division_code))) x
   WHERE x.fine < (x.r).min_yuan OR x.fine > (x.r).max_yuan
   ORDER BY x.filed_on, x.case_id, x.action_id;
END;
COMMENT ON FUNCTION @extschema@.fine_alerts(text) IS
  '罚款幅度检查（§5.3）：按案件类别与立案日期（代替违法行为日期）适用 §1.5 的幅度，以本案没收违法所得金额为违法所得，列出超出幅度的罚款措施；scope 为空时不限区划';
ALTER FUNCTION @extschema@.fine_alerts(text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.fine_alerts(text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.fine_alerts(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.fine_alerts(text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE VIEW @extschema@.fine_alerts WITH (security_invoker = true) AS
  SELECT * FROM @extschema@.fine_alerts(NULL);
COMMENT ON VIEW @extschema@.fine_alerts IS '罚款金额超出法定幅度的措施（§5.3），全部区划';
COMMENT ON COLUMN @extschema@.fine_alerts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.fine_alerts.action_id IS '罚款措施编号';
COMMENT ON COLUMN @extschema@.fine_alerts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.fine_alerts.category IS '案件类别';
COMMENT ON COLUMN @extschema@.fine_alerts.filed_on IS '立案日期';
COMMENT ON COLUMN @extschema@.fine_alerts.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.illegal_income_yuan IS '违法所得（本案没收违法所得合计，元）';
COMMENT ON COLUMN @extschema@.fine_alerts.min_yuan IS '法定下限（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.max_yuan IS '法定上限（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.problem IS '问题：低于法定下限 或 高于法定上限';
COMMENT ON COLUMN @extschema@.fine_alerts.basis IS '法律依据';
ALTER VIEW @extschema@.fine_alerts SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.fine_alerts OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.fine_alerts FROM PUBLIC;
GRANT SELECT ON @extschema@.fine_alerts TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
-- 35_reports.sql — report views for BI tools: the forms' counters by division × month × category ×
-- institution type. Columns use only text, date, bigint and numeric. Distinct-subject columns are
-- exact within a row but NOT additive across rows (a subject in two months counts in both).

CREATE VIEW @extschema@.report_cases_monthly WITH (security_invoker = true) AS
SELECT t.division_code, d.name AS division_name, t.month, t.category::text AS category,
       t.institution_type::text AS institution_type,
       @extschema@.tally_cases(t.s) AS cases,
       @extschema@.tally_subjects(t.s) AS subjects,
       @extschema@.tally_subjects(t.s, @extschema@.penalty_mask()) AS penalized_subjects,
       @extschema@.tally_cases(t.s, @extschema@.penalty_mask()) AS penalty_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('责令改正')) AS order_correct_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('警告')) AS warning_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')) AS fine_cases,
       @extschema@.tally_fine_yuan(t.s) AS fine_yuan,
       @extschema@.yuan_to_wan(@extschema@.tally_fine_yuan(t.s)) AS fine_wan,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('没收违法所得')) AS confiscation_cases,
       @extschema@.tally_confiscation_yuan(t.s) AS confiscation_yuan,
       @extschema@.yuan_to_wan(@extschema@.tally_confiscation_yuan(t.s)) AS confiscation_wan,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('没收药品器械')) AS goods_confiscated_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('责令停业整顿')) AS suspension_cases,
       @extschema@.tally_subjects(t.s, @extschema@.action_bit('责令停业整顿')) AS suspended_subjects,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业许可')) AS license_revoked_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业证书')) AS certificate_revoked_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('取缔')) AS ban_cases,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')) AS transferred_to_judiciary,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('移送相关部门')) AS referred_to_departments,
       @extschema@.tally_cases(t.s, @extschema@.action_bit('法院判决')) AS court_judgments,
       @extschema@.tally_persons(t.s) AS persons_held_accountable,
       @extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')) AS cases_entered
  FROM (SELECT f.division_code, pg_catalog.date_trunc('month', f.case_date)::date AS month, f.category, f.institution_type,
               @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                 f.entered_in_system, f.rectified) AS s
          FROM @extschema@.case_facts f
         GROUP BY 1, 2, 3, 4) t
  LEFT JOIN @extschema@.division d ON d.code = t.division_code;
COMMENT ON VIEW @extschema@.report_cases_monthly IS
  '案件月报（BI）：区划 × 月份 × 案件类别 × 机构类型；计数口径同附表（户次=案件数，单位数=去重当事人，去重数不可跨行相加）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.division_code IS '办案区划代码';
COMMENT ON COLUMN @extschema@.report_cases_monthly.division_name IS '办案区划名称';
COMMENT ON COLUMN @extschema@.report_cases_monthly.month IS '月份（当月第一天，按案件日期）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.category IS '案件类别';
COMMENT ON COLUMN @extschema@.report_cases_monthly.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.report_cases_monthly.cases IS '案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.subjects IS '当事人数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.penalized_subjects IS '行政处罚单位数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.penalty_cases IS '行政处罚案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.order_correct_cases IS '责令改正案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.warning_cases IS '警告案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_cases IS '罚款户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.fine_wan IS '罚款金额（万元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_cases IS '没收违法所得户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_yuan IS '没收违法所得金额（元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.confiscation_wan IS '没收违法所得金额（万元）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.goods_confiscated_cases IS '没收药品器械案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.suspension_cases IS '责令停业整顿案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.suspended_subjects IS '责令停业整顿户数（去重）';
COMMENT ON COLUMN @extschema@.report_cases_monthly.license_revoked_cases IS '吊销执业许可案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.certificate_revoked_cases IS '吊销执业证书案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.ban_cases IS '取缔户次';
COMMENT ON COLUMN @extschema@.report_cases_monthly.transferred_to_judiciary IS '移送司法机关案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.referred_to_departments IS '移送相关部门案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.court_judgments IS '法院判决案件数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.persons_held_accountable IS '追责人数';
COMMENT ON COLUMN @extschema@.report_cases_monthly.cases_entered IS '信息系统录入案件数';
ALTER VIEW @extschema@.report_cases_monthly SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.report_cases_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.report_cases_monthly FROM PUBLIC;
GRANT SELECT ON @extschema@.report_cases_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW @extschema@.report_inspections_monthly WITH (security_invoker = true) AS
SELECT i.division_code, d.name AS division_name, pg_catalog.date_trunc('month', i.inspected_on)::date AS month,
       i.category::text AS category, pg_catalog.count(*) AS inspections,
       pg_catalog.count(DISTINCT i.subject_id) AS inspected_subjects
  FROM @extschema@.inspection i LEFT JOIN @extschema@.division d ON d.code = i.division_code
 GROUP BY i.division_code, d.name, 3, i.category;
COMMENT ON VIEW @extschema@.report_inspections_monthly IS '检查月报（BI）：区划 × 月份 × 类别的检查次数与检查对象数（去重）';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.division_code IS '检查区划代码';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.division_name IS '检查区划名称';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.month IS '月份（当月第一天）';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.category IS '检查类别';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.inspections IS '检查次数';
COMMENT ON COLUMN @extschema@.report_inspections_monthly.inspected_subjects IS '检查对象数（去重）';
ALTER VIEW @extschema@.report_inspections_monthly SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.report_inspections_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.report_inspections_monthly FROM PUBLIC;
GRANT SELECT ON @extschema@.report_inspections_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- 40_supervision.sql — 有证医疗机构监管 (仙居 二(二)、三(一)2-3; 江苏 二(二)(三); spec §8):
-- institutions (licensed ones and the places the market regulator supervises), their inspections,
-- violations, and 不良执业行为记分 (bad-practice points) with configurable rule sets and bands.
-- No national scale exists and none is shipped: docs/supervision.md shows how to load one.

CREATE TYPE @extschema@.violation_kind AS ENUM
  ('科室出租承包', '聘用非卫生技术人员', '助理医师单独执业', '超范围执业', '出租出借证照', '医疗废物与消毒隔离',
   '违规出具医学证明', '违规临床用血', '违规开展细胞治疗', '制售假药', '违规销售终止妊娠药品', '其他');
COMMENT ON TYPE @extschema@.violation_kind IS
  '医疗机构违法违规行为种类（仙居 二(二) 七类，江苏 二(二)(三) 细胞治疗、假药，仙居 二(三) 零售药店违规销售终止妊娠药品）';

-- ===== institution =====
CREATE TABLE @extschema@.institution (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code    text NOT NULL REFERENCES @extschema@.division (code),
  name             text NOT NULL,
  uscc             @extschema@.uscc,
  licence_no       text,
  institution_type @extschema@.institution_type NOT NULL DEFAULT '其他',
  kind             text NOT NULL DEFAULT '其他',
  licensed         boolean NOT NULL DEFAULT true,
  address          text,
  CONSTRAINT institution_name_not_blank CHECK (pg_catalog.btrim(name) <> ''),
  CONSTRAINT institution_kind_not_blank CHECK (pg_catalog.btrim(kind) <> '')
);
CREATE INDEX institution_division_idx ON @extschema@.institution (division_code);
CREATE INDEX institution_uscc_idx ON @extschema@.institution (uscc);
COMMENT ON TABLE @extschema@.institution IS
  '医疗机构及市场监管部门监管的场所（生活美容场所、零售药店等）：有证机构接受双随机、年度校验等检查并记不良执业行为分';
COMMENT ON COLUMN @extschema@.institution.id IS '编号';
COMMENT ON COLUMN @extschema@.institution.division_code IS '所在区划（县或乡镇）';
COMMENT ON COLUMN @extschema@.institution.name IS '机构（场所）名称';
COMMENT ON COLUMN @extschema@.institution.uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.institution.licence_no IS '《医疗机构执业许可证》登记号（无证场所为空）';
COMMENT ON COLUMN @extschema@.institution.institution_type IS '机构类型（西医、中医、医疗美容、口腔、其他）';
COMMENT ON COLUMN @extschema@.institution.kind IS '机构类别：医院、诊所、医疗美容机构、生活美容场所、零售药店……';
COMMENT ON COLUMN @extschema@.institution.licensed IS '是否持有《医疗机构执业许可证》';
COMMENT ON COLUMN @extschema@.institution.address IS '地址';
SELECT illegal_practice_internal.secure_table('@extschema@.institution', 'division_code', false);

-- ===== institution_inspection =====
CREATE TABLE @extschema@.institution_inspection (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES @extschema@.institution (id) ON DELETE CASCADE,
  inspected_on   date NOT NULL,
  kind           text NOT NULL,
  agency         text NOT NULL DEFAULT '卫生健康',
  inspector      text,
  findings       text,
  CONSTRAINT institution_inspection_kind_not_blank CHECK (pg_catalog.btrim(kind) <> ''),
  CONSTRAINT institution_inspection_agency_known CHECK (agency IN ('市场监管', '卫生健康', '公安', '司法机关')),
  CONSTRAINT institution_inspection_date_finite CHECK (pg_catalog.isfinite(inspected_on))
);
CREATE INDEX institution_inspection_institution_idx ON @extschema@.institution_inspection (institution_id);
CREATE INDEX institution_inspection_date_idx ON @extschema@.institution_inspection (inspected_on);
COMMENT ON TABLE @extschema@.institution_inspection IS '对医疗机构（场所）的监督检查：双随机、年度校验、定期抽查、投诉核查等';
COMMENT ON COLUMN @extschema@.institution_inspection.id IS '编号';
COMMENT ON COLUMN @extschema@.institution_inspection.institution_id IS '被检查机构';
COMMENT ON COLUMN @extschema@.institution_inspection.inspected_on IS '检查日期';
COMMENT ON COLUMN @extschema@.institution_inspection.kind IS '检查方式：双随机、年度校验、定期抽查、投诉核查……';
COMMENT ON COLUMN @extschema@.institution_inspection.agency IS '检查部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.institution_inspection.inspector IS '检查人员（个人信息）';
COMMENT ON COLUMN @extschema@.institution_inspection.findings IS '检查发现';
SELECT illegal_practice_internal.secure_table('@extschema@.institution_inspection', '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.institution_inspection', '{"inspector": "name", "findings": "hide"}');

-- ===== violation =====
CREATE TABLE @extschema@.violation (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id  bigint REFERENCES @extschema@.institution_inspection (id) ON DELETE SET NULL,
  case_id        bigint REFERENCES @extschema@.enforcement_case (id) ON DELETE SET NULL,
  institution_id bigint NOT NULL REFERENCES @extschema@.institution (id) ON DELETE CASCADE,
  kind           @extschema@.violation_kind NOT NULL,
  found_on       date NOT NULL,
  note           text,
  CONSTRAINT violation_date_finite CHECK (pg_catalog.isfinite(found_on))
);
CREATE INDEX violation_institution_idx ON @extschema@.violation (institution_id, found_on);
CREATE INDEX violation_inspection_idx ON @extschema@.violation (inspection_id);
CREATE INDEX violation_case_idx ON @extschema@.violation (case_id);
COMMENT ON TABLE @extschema@.violation IS '医疗机构违法违规行为：由检查发现或案件认定，按记分规则集计不良执业行为分';
COMMENT ON COLUMN @extschema@.violation.id IS '编号';
COMMENT ON COLUMN @extschema@.violation.inspection_id IS '发现该行为的检查（可空）';
COMMENT ON COLUMN @extschema@.violation.case_id IS '认定该行为的案件（可空）';
COMMENT ON COLUMN @extschema@.violation.institution_id IS '机构（为空时取检查所属机构）';
COMMENT ON COLUMN @extschema@.violation.kind IS '违法违规行为种类';
COMMENT ON COLUMN @extschema@.violation.found_on IS '发现（认定）日期，决定计入哪个记分周期（为空时取检查日期）';
COMMENT ON COLUMN @extschema@.violation.note IS '说明';
SELECT illegal_practice_internal.secure_table('@extschema@.violation', '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.violation', '{"note": "hide"}');

CREATE FUNCTION illegal_practice_internal.violation_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  insp record;
BEGIN
  IF NEW.inspection_id IS NOT NULL THEN
    SELECT i.institution_id, i.inspected_on INTO insp FROM @extschema@.institution_inspection i WHERE i.id = NEW.inspection_id;
    IF FOUND THEN
      NEW.institution_id := coalesce(NEW.institution_id, insp.institution_id);
      NEW.found_on := coalesce(NEW.found_on, insp.inspected_on);
      IF NEW.institution_id <> insp.institution_id THEN
        RAISE EXCEPTION 'violation names institution % but inspection % was of institution %',
                        NEW.institution_id, NEW.inspection_id, insp.institution_id
          USING ERRCODE = '23514', HINT = 'leave institution_id NULL to take it from the inspection';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.violation_check() IS
  '触发器：违法行为由检查发现时，机构、日期默认取自检查，且机构须与检查一致';
CREATE TRIGGER violation_check BEFORE INSERT OR UPDATE ON @extschema@.violation
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.violation_check();

-- ===== 不良执业行为记分: rule sets and bands =====
CREATE TABLE @extschema@.practice_point_rule (
  rule_set       text NOT NULL,
  violation_kind @extschema@.violation_kind NOT NULL,
  points         numeric NOT NULL,
  note           text,
  PRIMARY KEY (rule_set, violation_kind),
  CONSTRAINT practice_point_rule_points_not_negative CHECK (points >= 0),
  CONSTRAINT practice_point_rule_set_not_blank CHECK (pg_catalog.btrim(rule_set) <> '')
);
COMMENT ON TABLE @extschema@.practice_point_rule IS
  '不良执业行为记分规则集：每种违法违规行为每次记多少分（扩展不自带全国标准，各地自行加载，如某省办法）';
COMMENT ON COLUMN @extschema@.practice_point_rule.rule_set IS '规则集代码，如 示例省2020';
COMMENT ON COLUMN @extschema@.practice_point_rule.violation_kind IS '违法违规行为种类';
COMMENT ON COLUMN @extschema@.practice_point_rule.points IS '每次记分';
COMMENT ON COLUMN @extschema@.practice_point_rule.note IS '依据条款、说明';
SELECT illegal_practice_internal.share_table('@extschema@.practice_point_rule', NULL, ARRAY['rule_set', 'violation_kind']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.practice_point_rule', '');

CREATE TABLE @extschema@.practice_point_band (
  rule_set   text NOT NULL,
  min_points numeric NOT NULL,
  band       text NOT NULL,
  measure    text,
  PRIMARY KEY (rule_set, min_points),
  UNIQUE (rule_set, band),
  CONSTRAINT practice_point_band_min_not_negative CHECK (min_points >= 0),
  CONSTRAINT practice_point_band_not_blank CHECK (pg_catalog.btrim(band) <> '')
);
COMMENT ON TABLE @extschema@.practice_point_band IS
  '记分档次阈值（按规则集配置）：周期累计分 ≥ min_points 的最高一档即机构所在档次；低于最低档为空';
COMMENT ON COLUMN @extschema@.practice_point_band.rule_set IS '规则集代码';
COMMENT ON COLUMN @extschema@.practice_point_band.min_points IS '本档下限（累计分大于等于此值）';
COMMENT ON COLUMN @extschema@.practice_point_band.band IS '档次名称，如 约谈、通报批评、暂缓校验';
COMMENT ON COLUMN @extschema@.practice_point_band.measure IS '对应处理措施';
SELECT illegal_practice_internal.share_table('@extschema@.practice_point_band', NULL, ARRAY['rule_set', 'min_points']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.practice_point_band', '');

CREATE FUNCTION @extschema@.practice_scoring_period(as_of date) RETURNS daterange
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.daterange(pg_catalog.date_trunc('year', as_of)::date,
                              (pg_catalog.date_trunc('year', as_of) + interval '1 year')::date);
COMMENT ON FUNCTION @extschema@.practice_scoring_period(date) IS
  '默认记分周期：该日期所在的自然年 [1月1日, 次年1月1日)';

CREATE FUNCTION @extschema@.practice_band(rule_set text, points numeric) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT b.band FROM @extschema@.practice_point_band b
           WHERE b.rule_set = practice_band.rule_set AND b.min_points <= practice_band.points
           ORDER BY b.min_points DESC LIMIT 1);
COMMENT ON FUNCTION @extschema@.practice_band(text, numeric) IS '累计分所在档次：下限不超过该分的最高一档；没有则为空';

CREATE FUNCTION @extschema@.practice_points(division_code text, period daterange, rule_set text)
  RETURNS TABLE (institution_id bigint, name text, points numeric, violation_count integer,
                 violations text, band text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p daterange := coalesce(period, @extschema@.practice_scoring_period(@extschema@.today()));
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
  IF rule_set IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.practice_point_rule r WHERE r.rule_set = practice_points.rule_set) THEN
    RAISE EXCEPTION 'unknown practice point rule set "%"', rule_set
      USING ERRCODE = '22023',
            HINT = coalesce('loaded rule sets: ' || (SELECT string_agg(DISTINCT r.rule_set, ', ') FROM @extschema@.practice_point_rule r),
                            'no rule set is loaded: insert one into practice_point_rule (see docs/supervision.md)');
  END IF;
  RETURN QUERY
  WITH v AS (
    SELECT x.institution_id, x.id, x.found_on, x.kind, coalesce(r.points, 0) AS pts, r.points IS NULL AS unrated
      FROM @extschema@.violation x
      LEFT JOIN @extschema@.practice_point_rule r ON r.rule_set = practice_points.rule_set AND r.violation_kind = x.kind
     WHERE x.found_on OPERATOR(pg_catalog.<@) p
  ), agg AS (
    SELECT v.institution_id, sum(v.pts) AS pts, count(*)::integer AS n,
           string_agg(v.found_on || ' ' || v.kind || ' ' || CASE WHEN v.unrated THEN '未定分值' ELSE v.pts || '分' END,
                      '；' ORDER BY v.found_on, v.id) AS list
      FROM v GROUP BY v.institution_id
  )
  SELECT i.id, i.name, coalesce(agg.pts, 0), coalesce(agg.n, 0), coalesce(agg.list, ''),
         @extschema@.practice_band(practice_points.rule_set, coalesce(agg.pts, 0))
    FROM @extschema@.institution i
    LEFT JOIN agg ON agg.institution_id = i.id
   WHERE @extschema@.covers(practice_points.division_code, i.division_code)
     AND (i.licensed OR agg.institution_id IS NOT NULL)
   ORDER BY 3 DESC, i.id;
END $$;
COMMENT ON FUNCTION @extschema@.practice_points(text, daterange, text) IS
  '不良执业行为记分：辖区内每个有证机构（及期间内有违法行为的无证场所）在记分周期内的累计分、行为次数、'
  '所依据的违法行为（日期 种类 分值）与档次；按分数从高到低。period 为空时取今天所在自然年';
ALTER FUNCTION @extschema@.practice_points(text, daterange, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.practice_points(text, daterange, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.practice_points(text, daterange, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.practice_points(text, daterange, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.practice_points(division_code text, rule_set text)
  RETURNS TABLE (institution_id bigint, name text, points numeric, violation_count integer,
                 violations text, band text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM @extschema@.practice_points(practice_points.division_code, NULL::daterange, practice_points.rule_set);
END;
COMMENT ON FUNCTION @extschema@.practice_points(text, text) IS
  '不良执业行为记分（默认记分周期：今天所在自然年，“今天”按 illegal_practice.timezone）';
ALTER FUNCTION @extschema@.practice_points(text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.practice_points(text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.practice_points(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.practice_points(text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== incident: 重大案件（事件）及时上报 (仙居 四(一)) =====
-- Deaths and disabilities caused by illegal practice; they feed 附件3 rules 2.7a/2.7b (50_assessment.sql).
-- The township of an incident: division_code when it is a township code, else the township of its site.
CREATE TABLE @extschema@.incident (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  site_id       bigint REFERENCES @extschema@.site (id),
  case_id       bigint CONSTRAINT incident_case_id_fkey REFERENCES @extschema@.enforcement_case (id),
  occurred_on   date NOT NULL,
  deaths        integer NOT NULL DEFAULT 0,
  disabilities  integer NOT NULL DEFAULT 0,
  reported_on   date NOT NULL DEFAULT @extschema@.today(),
  description   text,
  CONSTRAINT incident_deaths_not_negative CHECK (deaths >= 0),
  CONSTRAINT incident_disabilities_not_negative CHECK (disabilities >= 0),
  CONSTRAINT incident_reported_after_occurred CHECK (reported_on >= occurred_on),
  CONSTRAINT incident_dates_finite CHECK (pg_catalog.isfinite(occurred_on) AND pg_catalog.isfinite(reported_on))
);
CREATE INDEX incident_division_idx ON @extschema@.incident (division_code);
CREATE INDEX incident_site_idx ON @extschema@.incident (site_id);
CREATE INDEX incident_occurred_idx ON @extschema@.incident (occurred_on);
COMMENT ON TABLE @extschema@.incident IS
  '重大案件（非法行医致人死亡、伤残事件）上报；死亡、伤残人数自动计入所在乡镇考核 2.7a、2.7b（人工事实优先）';
COMMENT ON COLUMN @extschema@.incident.id IS '编号';
COMMENT ON COLUMN @extschema@.incident.division_code IS '发生地区划：乡镇代码，或上级区划（此时以场所所在乡镇为发生乡镇）';
COMMENT ON COLUMN @extschema@.incident.site_id IS '无证行医场所（site）';
COMMENT ON COLUMN @extschema@.incident.case_id IS '关联案件（enforcement_case）';
COMMENT ON COLUMN @extschema@.incident.occurred_on IS '发生日期（决定计入哪个考核期间）';
COMMENT ON COLUMN @extschema@.incident.deaths IS '死亡人数（考核 2.7a 每人扣5分）';
COMMENT ON COLUMN @extschema@.incident.disabilities IS '伤残人数（考核 2.7b 每人扣3分）';
COMMENT ON COLUMN @extschema@.incident.reported_on IS '上报日期';
COMMENT ON COLUMN @extschema@.incident.description IS '简要情况';
SELECT illegal_practice_internal.secure_table('@extschema@.incident', 'division_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.incident FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.incident TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.incident', '{"description": "hide"}');

CREATE FUNCTION @extschema@.incident_township(division_code text, site_id bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN @extschema@.division_level_of(division_code) = '乡镇' THEN division_code
              ELSE (SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id) END;
COMMENT ON FUNCTION @extschema@.incident_township(text, bigint) IS
  '事件发生乡镇：区划代码为乡镇时即为该乡镇，否则为场所所在乡镇（无场所时为空，不计入任何乡镇考核）';

CREATE FUNCTION illegal_practice_internal.incident_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  site_township text;
BEGIN
  IF NEW.site_id IS NOT NULL THEN
    SELECT s.township_code INTO site_township FROM @extschema@.site s WHERE s.id = NEW.site_id;
    IF FOUND AND NOT @extschema@.covers(NEW.division_code, site_township) THEN
      RAISE EXCEPTION 'incident division "%" does not cover the township % of site %', NEW.division_code, site_township, NEW.site_id
        USING ERRCODE = '23514', DETAIL = 'an incident happens where its site is',
              HINT = 'use the site''s township code, or a division that covers it';
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.incident_check() IS '触发器：有场所的事件，其区划须包含场所所在乡镇';
CREATE TRIGGER incident_check BEFORE INSERT OR UPDATE ON @extschema@.incident
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.incident_check();

-- ===== referral: 案件移送 =====
-- 案件移送 between 市场监管, 卫生健康, 公安 and 司法机关 (仙居 三(一)3; 江苏 四(三); spec §8),
-- the transfer clocks of 国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 and the referral → case path.
-- Clocks (calendar days, the start day not counted), only for a suspected crime moved from an administrative
-- agency (市场监管, 卫生健康) to 公安 or 司法机关:
--   移送审批  Art 5: the head decides within 3 days of the written report   due reported_on + 3, done approved_on
--   移送交接  Art 5: an approved transfer is handed over within 24 hours     due approved_on + 1, done referred_on
--   立案审查  Art 8: the receiving body decides whether to file within 3 days
--                    of accepting the case                                  due coalesce(received_on, referred_on) + 3,
--                                                                           done result_on
-- Status as spec §6 (已完成, 逾期完成, 已逾期, 即将到期, 未到期); a done date after as_of counts as not done.

CREATE FUNCTION @extschema@.is_agency(agency text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  RETURN agency OPERATOR(pg_catalog.=) ANY (ARRAY['市场监管', '卫生健康', '公安', '司法机关']);
COMMENT ON FUNCTION @extschema@.is_agency(text) IS '是否已知的移送部门：市场监管、卫生健康、公安、司法机关';

CREATE FUNCTION @extschema@.normalize_agency(agency text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN agency LIKE '%市场监%' THEN '市场监管'
              WHEN agency LIKE '%卫生%' OR agency LIKE '%卫健%' THEN '卫生健康'
              WHEN agency LIKE '%公安%' OR agency LIKE '%派出所%' THEN '公安'
              WHEN agency LIKE '%检察%' OR agency LIKE '%法院%' OR agency LIKE '%司法%' THEN '司法机关'
              ELSE pg_catalog.btrim(agency) END;
COMMENT ON FUNCTION @extschema@.normalize_agency(text) IS
  '部门名称归一：含“市场监”为市场监管，含“卫生/卫健”为卫生健康，含“公安/派出所”为公安，含“检察/法院/司法”为司法机关；其他原样（去首尾空格）';

CREATE FUNCTION illegal_practice_internal.institution_inspection_agency() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.agency := @extschema@.normalize_agency(NEW.agency);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.institution_inspection_agency() IS '触发器：检查部门名称归一（如 仙居县卫生健康局 → 卫生健康）';
CREATE TRIGGER institution_inspection_agency BEFORE INSERT OR UPDATE ON @extschema@.institution_inspection
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.institution_inspection_agency();

CREATE TABLE @extschema@.referral (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code  text REFERENCES @extschema@.division (code),
  from_agency    text NOT NULL,
  to_agency      text NOT NULL,
  reported_on    date,
  approved_on    date,
  approved       boolean,
  referred_on    date,
  subject_name   text NOT NULL,
  subject_uscc   @extschema@.uscc,
  institution_id bigint REFERENCES @extschema@.institution (id),
  case_id        bigint REFERENCES @extschema@.enforcement_case (id),
  reason         text,
  received_on    date,
  result         text,
  result_on      date,
  CONSTRAINT referral_from_agency_known CHECK (@extschema@.is_agency(from_agency)),
  CONSTRAINT referral_to_agency_known CHECK (@extschema@.is_agency(to_agency)),
  CONSTRAINT referral_between_agencies CHECK (from_agency <> to_agency),
  CONSTRAINT referral_dated CHECK (referred_on IS NOT NULL OR reported_on IS NOT NULL),
  CONSTRAINT referral_approved_after_report CHECK (approved_on >= reported_on),
  CONSTRAINT referral_approval_dated CHECK (approved IS NULL OR approved_on IS NOT NULL),
  CONSTRAINT referral_handed_over_after_approval CHECK (referred_on >= approved_on),
  CONSTRAINT referral_received_after_referred CHECK (received_on >= referred_on),
  CONSTRAINT referral_received_needs_referred CHECK (received_on IS NULL OR referred_on IS NOT NULL),
  CONSTRAINT referral_result_after_receipt CHECK (result_on >= coalesce(received_on, referred_on)),
  CONSTRAINT referral_result_needs_referred CHECK (result_on IS NULL OR referred_on IS NOT NULL),
  CONSTRAINT referral_subject_not_blank CHECK (pg_catalog.btrim(subject_name) <> '')
);
CREATE INDEX referral_division_idx ON @extschema@.referral (division_code);
CREATE INDEX referral_institution_idx ON @extschema@.referral (institution_id);
CREATE INDEX referral_case_idx ON @extschema@.referral (case_id);
COMMENT ON TABLE @extschema@.referral IS
  '案件移送（市场监管、卫生健康、公安、司法机关之间）；涉嫌犯罪案件移送公安、司法机关适用国务院令第310号时限';
COMMENT ON COLUMN @extschema@.referral.id IS '编号';
COMMENT ON COLUMN @extschema@.referral.division_code IS '移送机关所在区划（为空时取机构或案件的区划）';
COMMENT ON COLUMN @extschema@.referral.from_agency IS '移送部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.referral.to_agency IS '接收部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.referral.reported_on IS '移送书面报告报本机关负责人审批的日期（310号令第五条：3日内作出决定）';
COMMENT ON COLUMN @extschema@.referral.approved_on IS '负责人作出批准或不批准移送决定的日期';
COMMENT ON COLUMN @extschema@.referral.approved IS '是否批准移送（不批准的理由记入 result）';
COMMENT ON COLUMN @extschema@.referral.referred_on IS '移送日期（批准后24小时内移送）；为空表示尚未移送';
COMMENT ON COLUMN @extschema@.referral.subject_name IS '移送对象名称或姓名（个人时为个人信息；为空时取机构名称）';
COMMENT ON COLUMN @extschema@.referral.subject_uscc IS '移送对象统一社会信用代码（为空时取机构的代码）';
COMMENT ON COLUMN @extschema@.referral.institution_id IS '涉及机构（场所）';
COMMENT ON COLUMN @extschema@.referral.case_id IS '接收部门据此立案的案件（enforcement_case）';
COMMENT ON COLUMN @extschema@.referral.reason IS '移送理由（涉嫌违法事实）';
COMMENT ON COLUMN @extschema@.referral.received_on IS '接收部门接受日期（为空时按移送日期计算立案审查时限）';
COMMENT ON COLUMN @extschema@.referral.result IS '处理结果：立案、不予立案、已立案查处……';
COMMENT ON COLUMN @extschema@.referral.result_on IS '作出处理结果的日期（310号令第八条：接受后3日内决定是否立案）';
-- a referral with no division (no institution, case or explicit division) is visible to national scope only
SELECT illegal_practice_internal.secure_table('@extschema@.referral', 'coalesce(division_code, ''000000'')');
SELECT illegal_practice_internal.masked_view('@extschema@.referral', '{"subject_name": "name"}');

CREATE FUNCTION illegal_practice_internal.referral_fill() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  inst record;
BEGIN
  NEW.from_agency := @extschema@.normalize_agency(NEW.from_agency);
  NEW.to_agency := @extschema@.normalize_agency(NEW.to_agency);
  IF NEW.institution_id IS NOT NULL THEN
    SELECT i.name, i.uscc, i.division_code INTO inst FROM @extschema@.institution i WHERE i.id = NEW.institution_id;
    IF FOUND THEN
      NEW.subject_name := coalesce(NEW.subject_name, inst.name);
      NEW.subject_uscc := coalesce(NEW.subject_uscc, inst.uscc);
      NEW.division_code := coalesce(NEW.division_code, inst.division_code);
    END IF;
  END IF;
  IF NEW.division_code IS NULL AND NEW.case_id IS NOT NULL THEN
    NEW.division_code := (SELECT c.division_code FROM @extschema@.enforcement_case c WHERE c.id = NEW.case_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.referral_fill() IS
  '触发器：部门名称归一（如 县市场监督管理局 → 市场监管）；移送对象名称、统一社会信用代码、区划为空时取自机构（区划再取自案件）';
CREATE TRIGGER referral_fill BEFORE INSERT OR UPDATE ON @extschema@.referral
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.referral_fill();

CREATE FUNCTION @extschema@.is_criminal_transfer(from_agency text, to_agency text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN from_agency IN ('市场监管', '卫生健康') AND to_agency IN ('公安', '司法机关');
COMMENT ON FUNCTION @extschema@.is_criminal_transfer(text, text) IS
  '是否行政执法机关向公安、司法机关移送涉嫌犯罪案件（适用国务院令第310号时限）';



-- ===== referral → case (e.g. a beauty salon referred by 市场监管 to 卫生健康) =====
CREATE FUNCTION @extschema@.referral_to_case(referral_id bigint, category @extschema@.case_category DEFAULT '无证行医',
                                             filed_on date DEFAULT NULL, cause text DEFAULT NULL)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r record;
  inst record;
  new_case bigint;
  filed date;
BEGIN
  SELECT * INTO r FROM @extschema@.referral x WHERE x.id = referral_to_case.referral_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown referral %', referral_id USING ERRCODE = '22023', HINT = 'see table referral';
  END IF;
  IF r.case_id IS NOT NULL THEN
    RAISE EXCEPTION 'referral % already became case %', referral_id, r.case_id
      USING ERRCODE = '23505', HINT = 'one referral gives at most one case';
  END IF;
  IF r.division_code IS NULL THEN
    RAISE EXCEPTION 'referral % has no division to file the case in', referral_id
      USING ERRCODE = '23502', HINT = 'set referral.division_code or its institution_id first';
  END IF;
  filed := coalesce(referral_to_case.filed_on, r.received_on, r.referred_on);
  IF filed IS NULL THEN
    RAISE EXCEPTION 'referral % has not been handed over yet', referral_id
      USING ERRCODE = '23502', HINT = 'give filed_on, or set referred_on / received_on first';
  END IF;
  SELECT i.address, i.institution_type INTO inst FROM @extschema@.institution i WHERE i.id = r.institution_id;
  INSERT INTO @extschema@.enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                                            subject_uscc, cause, filed_on)
  VALUES (r.division_code, referral_to_case.category, coalesce(inst.institution_type, '其他'), r.subject_name, inst.address,
          r.subject_uscc, coalesce(referral_to_case.cause, r.reason), filed)
  RETURNING id INTO new_case;
  UPDATE @extschema@.referral x
     SET case_id = new_case,
         received_on = coalesce(x.received_on, x.referred_on),
         result = coalesce(x.result, '已立案'),
         result_on = coalesce(x.result_on, filed)
   WHERE x.id = referral_to_case.referral_id;
  RETURN new_case;
END $$;
COMMENT ON FUNCTION @extschema@.referral_to_case(bigint, @extschema@.case_category, date, text) IS
  '接收部门据移送立案：按移送对象（及机构地址、机构类型）新建案件（当事人自动识别），回填移送的案件编号、处理结果“已立案”与日期；返回案件编号';

-- ===== forms: 不良执业行为记分一览表, open referrals =====
-- 县卫健局打印用：医疗机构不良执业行为记分一览表 (form + CSV), and the open
-- referrals list. Columns use only text, integer, numeric and date.

CREATE FUNCTION @extschema@.form_practice_points(division_code text, period daterange, rule_set text)
  RETURNS TABLE (seq integer, division text, institution text, licence_no text, institution_type text, kind text,
                 violation_count integer, points numeric, band text, violations text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT (row_number() OVER (ORDER BY p.points DESC, p.institution_id))::integer,
         d.name, i.name, coalesce(i.licence_no, ''), i.institution_type::text, i.kind,
         p.violation_count, p.points, coalesce(p.band, ''), p.violations
    FROM @extschema@.practice_points(form_practice_points.division_code, form_practice_points.period,
                                     form_practice_points.rule_set) p
    JOIN @extschema@.institution i ON i.id = p.institution_id
    JOIN @extschema@.division d ON d.code = i.division_code
   ORDER BY 1;
END;
COMMENT ON FUNCTION @extschema@.form_practice_points(text, daterange, text) IS
  '医疗机构不良执业行为记分一览表（打印用）：序号、所在区划、机构名称、许可证登记号、机构类型、类别、违法行为次数、记分、档次、记分依据；按记分从高到低';
ALTER FUNCTION @extschema@.form_practice_points(text, daterange, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_practice_points(text, daterange, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_practice_points(text, daterange, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_practice_points(text, daterange, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE FUNCTION @extschema@.form_practice_points_csv(division_code text, period daterange, rule_set text, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('序号', '所在区划', '机构名称', '执业许可证登记号', '机构类型', '机构类别',
                              '违法行为次数', '记分', '档次', '记分依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.seq::text, f.division, f.institution, f.licence_no,
                    f.institution_type, f.kind, f.violation_count::text, f.points::text, f.band, f.violations)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.seq), '')
    FROM @extschema@.form_practice_points($1, $2, $3) f;
END;
COMMENT ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) IS
  '医疗机构不良执业行为记分一览表的 CSV 导出（首行为中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- 50_assessment.sql — 考核细则 (附件3, spec §4): rule sets, the scoring functions, manual facts.
CREATE TABLE @extschema@.assessment_rule_set (
  rule_set    text PRIMARY KEY,
  title       text NOT NULL,
  base_score  numeric CHECK (base_score IS NULL OR base_score >= 0),
  shipped     boolean NOT NULL DEFAULT false,
  division_code text NOT NULL DEFAULT '000000'
    CONSTRAINT assessment_rule_set_division_shape CHECK (division_code = '000000' OR @extschema@.division_level_of(division_code) IS NOT NULL)
);
COMMENT ON TABLE @extschema@.assessment_rule_set IS '考核细则规则集（可选）：名称与基础分（“扣完为止”时的总分）';
COMMENT ON COLUMN @extschema@.assessment_rule_set.rule_set IS '规则集代码，如 xianju2020';
COMMENT ON COLUMN @extschema@.assessment_rule_set.title IS '名称';
COMMENT ON COLUMN @extschema@.assessment_rule_set.base_score IS '基础分：得分 = 基础分 - 扣分，最低为0；NULL 表示只计扣分';

CREATE TABLE @extschema@.assessment_rule (
  rule_set       text NOT NULL,
  code           text NOT NULL,
  section        text,
  clause         text NOT NULL,
  points         numeric NOT NULL CHECK (points >= 0),
  per_occurrence boolean NOT NULL,
  derived        boolean NOT NULL DEFAULT false,
  max_points     numeric CHECK (max_points IS NULL OR max_points >= 0),
  shipped        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (rule_set, code)
);
COMMENT ON TABLE @extschema@.assessment_rule IS '考核细则条款：每条扣分规则（标志性规则扣一次，按次规则按次数扣）';
COMMENT ON COLUMN @extschema@.assessment_rule.rule_set IS '规则集，如 xianju2020';
COMMENT ON COLUMN @extschema@.assessment_rule.code IS '条款编号，如 2.3a';
COMMENT ON COLUMN @extschema@.assessment_rule.section IS '所属部分，如 （二）落实专项行动工作要求';
COMMENT ON COLUMN @extschema@.assessment_rule.clause IS '条款内容（简写）';
COMMENT ON COLUMN @extschema@.assessment_rule.points IS '扣分值';
COMMENT ON COLUMN @extschema@.assessment_rule.per_occurrence IS '是否按次扣分（每起、每家、每人）；否则发生即扣一次';
COMMENT ON COLUMN @extschema@.assessment_rule.derived IS '是否由巡查数据自动判定（否则须人工录入事实）';
COMMENT ON COLUMN @extschema@.assessment_rule.max_points IS '本条最高扣分（最高扣X分），NULL 表示不封顶';

INSERT INTO @extschema@.assessment_rule_set (rule_set, title, base_score) VALUES
  ('xianju2020', '仙居县2020年乡镇、街道打击非法行医考核细则（仙打非办〔2020〕1号 附件3）', NULL);
INSERT INTO @extschema@.assessment_rule (rule_set, code, section, clause, points, per_occurrence, derived) VALUES
  ('xianju2020', '1.1',  '（一）落实监管工作机制', '未制定下发文件、建立领导组织机构', 1, false, false),
  ('xianju2020', '1.2',  '（一）落实监管工作机制', '领导组织机构没有专人负责', 1, false, false),
  ('xianju2020', '2.1',  '（二）落实专项行动工作要求', '未纳入网格化管理等平台并列入平安综治考核', 2, false, false),
  ('xianju2020', '2.2a', '（二）落实专项行动工作要求', '未组织开展辖区内无证行医回访、排查', 2, false, true),
  ('xianju2020', '2.2b', '（二）落实专项行动工作要求', '未及时上报《非法行医巡查登记表》', 1, false, true),
  ('xianju2020', '2.3a', '（二）落实专项行动工作要求', '发现非法行医窝点，未劝导停业', 2, false, true),
  ('xianju2020', '2.3b', '（二）落实专项行动工作要求', '劝导无果又未向县打非办申请协同取缔', 1, false, true),
  ('xianju2020', '2.3c', '（二）落实专项行动工作要求', '申请后未组织配合县级联合行动', 2, false, true),
  ('xianju2020', '2.4',  '（二）落实专项行动工作要求', '未对已取缔或自行歇业的机构和人员开展每月巡查', 1, false, true),
  ('xianju2020', '2.5',  '（二）落实专项行动工作要求', '被省级及以上主要媒体负面报道经查证属实', 3, true, false),
  ('xianju2020', '2.6',  '（二）落实专项行动工作要求', '被省级暗访组发现非法行医点', 1, true, false),
  ('xianju2020', '2.7a', '（二）落实专项行动工作要求', '发生无证行医致人死亡', 5, true, true),
  ('xianju2020', '2.7b', '（二）落实专项行动工作要求', '发生无证行医致人伤残', 3, true, true);
UPDATE @extschema@.assessment_rule SET shipped = true;
UPDATE @extschema@.assessment_rule_set SET shipped = true;
COMMENT ON COLUMN @extschema@.assessment_rule.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
-- a rule belongs to its rule set's division: shipped sets (and rules of no listed set) are national
SELECT illegal_practice_internal.share_table('@extschema@.assessment_rule',
  '(SELECT s.division_code FROM @extschema@.assessment_rule_set s WHERE s.rule_set = assessment_rule.rule_set)', ARRAY['rule_set', 'code']);
-- the assessment (internal, as illegal_practice_tally) reads the reference data too
CREATE POLICY ip_tally ON @extschema@.assessment_rule FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.assessment_rule TO illegal_practice_tally;
COMMENT ON COLUMN @extschema@.assessment_rule_set.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
COMMENT ON COLUMN @extschema@.assessment_rule_set.division_code IS '制定该规则集的区划（000000 = 全国，扩展自带）：只有该区划的管理员可改此规则集及其条款';
SELECT illegal_practice_internal.share_table('@extschema@.assessment_rule_set', 'division_code', ARRAY['rule_set']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_rule', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_rule_set', 'WHERE NOT shipped');

CREATE FUNCTION @extschema@.rule_deduction(points numeric, per_occurrence boolean, occurrences integer,
                                           max_points numeric DEFAULT NULL) RETURNS numeric
  AS 'MODULE_PATHNAME', 'ip_rule_deduction' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rule_deduction(numeric, boolean, integer, numeric) IS
  '一条规则的扣分：标志性规则发生即扣 points（一次），按次规则扣 points×次数，有封顶时不超过 max_points';

CREATE FUNCTION @extschema@.total_deduction_sfunc(numeric, numeric, boolean, integer, numeric) RETURNS numeric
  AS 'MODULE_PATHNAME', 'ip_total_deduction_sfunc' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_deduction_sfunc(numeric, numeric, boolean, integer, numeric) IS
  'total_deduction 聚合的状态转移函数';
CREATE AGGREGATE @extschema@.total_deduction(points numeric, per_occurrence boolean, occurrences integer,
                                             max_points numeric) (
  SFUNC = @extschema@.total_deduction_sfunc,
  STYPE = numeric,
  COMBINEFUNC = pg_catalog.numeric_add,
  INITCOND = '0',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.total_deduction(numeric, boolean, integer, numeric) IS
  '总扣分：对任意 (规则, 次数) 行集合求扣分之和（标志性规则一次、按次规则乘次数、封顶）';

CREATE FUNCTION @extschema@.score_after(base_score numeric, deduction numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN base_score IS NULL THEN NULL ELSE GREATEST(base_score - coalesce(deduction, 0), 0) END;
COMMENT ON FUNCTION @extschema@.score_after(numeric, numeric) IS '得分 = 基础分 - 扣分，扣完为止（最低0分）；无基础分返回 NULL';

CREATE TABLE @extschema@.assessment_fact (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code text NOT NULL REFERENCES @extschema@.division (code),
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id) ON DELETE CASCADE,
  rule_code     text NOT NULL,
  occurrences   integer NOT NULL CHECK (occurrences >= 0),
  evidence      text,
  recorded_by   text NOT NULL DEFAULT CURRENT_USER,
  recorded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  UNIQUE (township_code, window_id, rule_code)
);
COMMENT ON TABLE @extschema@.assessment_fact IS '考核事实（人工录入与复核更正）：有记录时取代自动判定结果';
COMMENT ON COLUMN @extschema@.assessment_fact.id IS '编号';
COMMENT ON COLUMN @extschema@.assessment_fact.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.assessment_fact.window_id IS '考核期间';
COMMENT ON COLUMN @extschema@.assessment_fact.rule_code IS '条款编号';
COMMENT ON COLUMN @extschema@.assessment_fact.occurrences IS '发生次数（0 表示复核后确认未发生）';
COMMENT ON COLUMN @extschema@.assessment_fact.evidence IS '依据（材料、复核说明）';
COMMENT ON COLUMN @extschema@.assessment_fact.recorded_by IS '录入人';
COMMENT ON COLUMN @extschema@.assessment_fact.recorded_at IS '录入时间';
SELECT illegal_practice_internal.secure_table('@extschema@.assessment_fact', 'township_code', false);
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.assessment_fact FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.assessment_fact TO illegal_practice_tally;

CREATE FUNCTION @extschema@.window_rule_set(window_id bigint) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(c.rule_set, 'xianju2020')
            FROM @extschema@.reporting_window w JOIN @extschema@.campaign c ON c.id = w.campaign_id
           WHERE w.id = window_id);
COMMENT ON FUNCTION @extschema@.window_rule_set(bigint) IS '考核期间所属专项行动的规则集（未设置时为 xianju2020）';

CREATE FUNCTION illegal_practice_internal.assessment_fact_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  rs text := @extschema@.window_rule_set(NEW.window_id);
BEGIN
  IF @extschema@.division_level_of(NEW.township_code) IS DISTINCT FROM '乡镇' THEN
    RAISE EXCEPTION 'assessment facts are recorded per township, not for division "%"', NEW.township_code
      USING ERRCODE = '23514', HINT = 'use a 9-digit township code';
  END IF;
  IF NEW.occurrences < 0 THEN
    RAISE EXCEPTION 'occurrences must not be negative: %', NEW.occurrences
      USING ERRCODE = '23514', HINT = 'record 0 to clear a finding after 复核';
  END IF;
  IF rs IS NULL THEN
    RAISE EXCEPTION 'unknown reporting window %', coalesce(NEW.window_id::text, 'NULL')
      USING ERRCODE = '23503', HINT = 'see table reporting_window';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM @extschema@.assessment_rule r WHERE r.rule_set = rs AND r.code = NEW.rule_code) THEN
    RAISE EXCEPTION 'unknown rule "%" in rule set %', NEW.rule_code, rs
      USING ERRCODE = '23503',
            HINT = coalesce('rules: ' || (SELECT string_agg(code, ', ' ORDER BY code) FROM @extschema@.assessment_rule WHERE rule_set = rs),
                            'no reporting window ' || coalesce(NEW.window_id::text, 'NULL') || ' or no rules in its rule set: see table reporting_window');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.recorded_at := now();
    NEW.recorded_by := current_user;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_fact_check() IS '触发器：校验考核事实的乡镇与条款，更新时记录复核人和时间';
CREATE TRIGGER assessment_fact_check BEFORE INSERT OR UPDATE ON @extschema@.assessment_fact
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_fact_check();

-- ===== assessment =====
-- 考核 (附件3, spec v3 §4): derived facts from patrol work, per-township assessment, ranking, the campaign total.
-- Derived rules (computed only where the rule set marks the code derived):
--   2.2a no patrol dated in W · 2.2b no register_submission for (township, W) submitted on or before due
--   2.3a a site with an operating patrol in W and no patrol before the end of W (in W or earlier) with a handling
--        outcome 责令限期整改/劝导停业/拒不整改/已取缔
--   2.3b persuasion failed at f (拒不整改 in W, or the first operating patrol in W after a 责令限期整改/劝导停业 patrol
--        of any date) and neither a joint_application with f ≤ applied_on < end of W nor the township's own ban
--        (a patrol with outcome 已取缔 dated f … end of W)
--   2.3c a joint_action of the township's application, acted in W, without the township taking part
--   2.4  the one monthly obligation (closed_site_months, 20_patrol.sql): a month wholly inside W, starting on or
--        after the closing date c of a 已取缔/自行歇业/已停业 closure, closed throughout, without a patrol of the site
--   2.7a/2.7b deaths / disabilities of the incidents in the township (incident_township) with occurred_on in W
-- Planned per call with the real division and window (plpgsql EXECUTE … USING), not generically: the
-- townships and the window's dates are resolved first, so every scan has index-friendly (and under row-level
-- security leak-proof) conditions — township_code = ANY(…), date ranges — and the planner sees true row counts.
-- Per-site facts come from ONE hashed pass over the patrols (first/last operating find in W, handled and last
-- ban before e, first 拒不整改, first persuasion); only 2.3b's "operating after the first persuasion" probes the
-- index, and only for sites where that date is not already known. Patrols are selected by their own
-- township_code, which the patrol and site triggers keep equal to their site's.
-- Each township's facts depend only on its own rows (and the window's), so the result for a set of
-- townships is the union of the results for each: the cache below keeps them per (window, township).
CREATE FUNCTION illegal_practice_internal.assessment_derived_towns(towns text[], window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
  w record;
BEGIN
  SELECT lower(rw.covers) AS s, upper(rw.covers) AS e, rw.due_on AS d, rw.name INTO w
    FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived_towns.window_id;
  IF NOT FOUND OR towns IS NULL OR pg_catalog.cardinality(towns) = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE $q$
  WITH t AS (
    SELECT u.code FROM pg_catalog.unnest($1::text[]) AS u (code)
  ), ts AS (
    SELECT s.id, s.township_code, s.name FROM @extschema@.site s WHERE s.township_code = ANY ($1)
  ), ps AS (
    SELECT p.site_id,
           min(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS fo,
           max(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS lo,
           coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
           max(p.patrolled_on) FILTER (WHERE p.outcome = '已取缔') AS lb,
           min(p.patrolled_on) FILTER (WHERE p.outcome = '拒不整改' AND p.patrolled_on >= $2) AS fr,
           min(p.patrolled_on) FILTER (WHERE p.outcome IN ('责令限期整改', '劝导停业')) AS fpd,
           count(*) AS n
      FROM @extschema@.patrol p
     WHERE p.township_code = ANY ($1) AND p.site_id IS NOT NULL AND p.patrolled_on < $3
     GROUP BY p.site_id
  ), failed AS MATERIALIZED (   -- 2.3b: 拒不整改, or an operating patrol after the site's first persuasion
    SELECT ps.site_id, ps.lb, LEAST(ps.fr, CASE
             WHEN ps.fpd IS NULL OR NOT ps.lo >= ps.fpd OR ps.fr <= ps.fpd THEN NULL
             WHEN ps.fo > ps.fpd THEN ps.fo
             ELSE (SELECT min(p.patrolled_on) FROM @extschema@.patrol p
                    WHERE p.site_id = ps.site_id AND p.operating
                      AND p.patrolled_on >= ps.fpd AND p.patrolled_on >= $2 AND p.patrolled_on < $3
                      AND (p.patrolled_on > ps.fpd
                           OR EXISTS (SELECT 1 FROM @extschema@.patrol q
                                       WHERE q.site_id = ps.site_id AND q.patrolled_on = ps.fpd
                                         AND q.outcome IN ('责令限期整改', '劝导停业') AND q.id < p.id))) END) AS f
      FROM ps WHERE ps.fr IS NOT NULL OR ps.lo >= ps.fpd
  ), r23a AS (
    SELECT ts.township_code, ts.name || '（' || ps.fo || ' 发现执业）' AS ev, ps.fo AS f
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.fo IS NOT NULL AND NOT ps.handled
  ), r23b AS (
    SELECT ts.township_code, ts.name || '（' || fl.f || ' 劝导无果）' AS ev, fl.f
      FROM failed fl JOIN ts ON ts.id = fl.site_id
     WHERE fl.f IS NOT NULL
       AND NOT coalesce(fl.lb >= fl.f, false)   -- the township banned the site itself
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_application ja
                        WHERE ja.township_code = ts.township_code AND ja.applied_on >= fl.f AND ja.applied_on < $3)
  ), r23c AS (
    SELECT ja.township_code, '联合行动 ' || a.acted_on || '（申请 ' || ja.applied_on || '）乡镇未参与' AS ev, a.acted_on AS f
      FROM @extschema@.joint_action a
      JOIN @extschema@.joint_application ja ON ja.id = a.application_id
     WHERE ja.township_code = ANY ($1) AND a.acted_on >= $2 AND a.acted_on < $3 AND a.township_participated = false
  ), r24 AS (   -- the one monthly obligation (closed_site_months), months wholly inside W
    SELECT m.township_code, m.site_name || ' ' || pg_catalog.to_char(m.month, 'YYYY-MM') || ' 无巡查' AS ev, m.month AS f
      FROM @extschema@.closed_site_months($1, pg_catalog.daterange($2, $3)) m
     WHERE m.patrolled_on IS NULL
  ), inc AS (
    SELECT t.code AS township_code, i.id, i.occurred_on, i.deaths, i.disabilities
      FROM @extschema@.incident i
      LEFT JOIN @extschema@.site s ON s.id = i.site_id   -- incident_township(), inlined
      JOIN t ON t.code = CASE WHEN @extschema@.division_level_of(i.division_code) = '乡镇' THEN i.division_code
                              ELSE s.township_code END
     WHERE i.occurred_on >= $2 AND i.occurred_on < $3
  )
  SELECT t.code, '2.2a', 1, $5 || '内无回访、排查（巡查）记录'
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                      WHERE p.township_code = t.code AND p.patrolled_on >= $2 AND p.patrolled_on < $3)
  UNION ALL
  SELECT t.code, '2.2b', 1,
         coalesce('巡查登记表 ' || (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                                     WHERE rs.township_code = t.code AND rs.window_id = $6)
                  || ' 报送，晚于截止日 ' || $4,
                  '未报送巡查登记表（截止 ' || $4 || '）')
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.register_submission rs
                      WHERE rs.township_code = t.code AND rs.window_id = $6 AND rs.submitted_on <= $4)
  UNION ALL
  SELECT r.township_code, r.code, count(*)::integer, string_agg(r.ev, '；' ORDER BY r.f, r.ev)
    FROM (SELECT r23a.township_code, '2.3a' AS code, r23a.ev, r23a.f FROM r23a
          UNION ALL SELECT r23b.township_code, '2.3b', r23b.ev, r23b.f FROM r23b
          UNION ALL SELECT r23c.township_code, '2.3c', r23c.ev, r23c.f FROM r23c
          UNION ALL SELECT r24.township_code, '2.4', r24.ev, r24.f FROM r24) r
   GROUP BY r.township_code, r.code
  UNION ALL
  SELECT inc.township_code, '2.7a', sum(inc.deaths)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 死亡 ' || inc.deaths || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.deaths > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.deaths) > 0
  UNION ALL
  SELECT inc.township_code, '2.7b', sum(inc.disabilities)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 伤残 ' || inc.disabilities || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.disabilities > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.disabilities) > 0
  $q$ USING towns, w.s, w.e, w.d, w.name, assessment_derived_towns.window_id;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) IS
  '（内部，读全部数据）从基表现算给定乡镇在考核期间自动判定的考核事实（spec v3）：2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件致死 2.7a、致残 2.7b 人数，次数与依据；每个乡镇的结果只取决于它自己的数据';
-- not a definer: run only by the tally-owned functions below (assessment_derived_all, the cache upkeep)
ALTER FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) FROM PUBLIC;

-- ===== the derived facts kept per (window, township), exact on write =====
-- assessment_derived_cache holds assessment_derived_towns({township}, window) for the townships of each
-- window's campaign division. A writer's statement-level triggers note the townships (or windows) it
-- touched in assessment_cache_dirty; one deferred constraint trigger per transaction recomputes them at
-- commit, under per-township advisory locks (64 buckets, in order) taken before the recompute's snapshot,
-- so concurrent writers never leave a stale row (READ COMMITTED). A township without a cache row (a
-- window's campaign not covering it, data loaded with triggers off before assessment_cache_rebuild()) is
-- computed from the tables; so is everything while the transaction has its own pending changes.
-- Inputs, and what they dirty: site, patrol, register_submission, joint_application (their township_code,
-- old and new), site_status_history (its site's township), joint_action (its application's township),
-- incident (its division_code and its site's township), reporting_window (the window: every township of its
-- campaign), campaign updates (its windows), division (everything). A deleted window takes its rows with it (ON DELETE CASCADE).
CREATE TABLE illegal_practice_internal.assessment_derived_cache (
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id) ON DELETE CASCADE,
  township_code text NOT NULL,
  rule_codes    text[] NOT NULL,
  occurrences   integer[] NOT NULL,
  evidences     text[] NOT NULL,
  PRIMARY KEY (window_id, township_code)
);
COMMENT ON TABLE illegal_practice_internal.assessment_derived_cache IS
  '（内部）自动判定考核事实的预计算：每个考核期间、每个乡镇一行（= assessment_derived_towns 的结果），写入提交时重算';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.window_id IS '考核期间';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.rule_codes IS '违反的条款编号（与下两列一一对应；空数组 = 无自动判定的扣分事实）';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.occurrences IS '各条款的次数';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.evidences IS '各条款的依据';
ALTER TABLE illegal_practice_internal.assessment_derived_cache ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_derived_cache FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_derived_cache FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_derived_cache FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_derived_cache TO illegal_practice_tally;
-- pg_dump keeps it: a restore brings the cache back with the rows it was computed from (the triggers stand aside)
SELECT pg_catalog.pg_extension_config_dump('illegal_practice_internal.assessment_derived_cache', '');

CREATE TABLE illegal_practice_internal.assessment_cache_dirty (
  township_code text,
  window_id     bigint
);
COMMENT ON TABLE illegal_practice_internal.assessment_cache_dirty IS
  '（内部）本事务写入触及、待提交时重算的考核预计算：乡镇（其全部考核期间）、考核期间（其专项行动辖区的全部乡镇），两列皆空 = 全部';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_dirty.township_code IS '区划代码（重算时只取乡镇）';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_dirty.window_id IS '考核期间';
ALTER TABLE illegal_practice_internal.assessment_cache_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_cache_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_cache_dirty FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_cache_dirty FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_cache_dirty TO illegal_practice_tally;

CREATE TABLE illegal_practice_internal.assessment_cache_txn (
  xid xid8 PRIMARY KEY
);
COMMENT ON TABLE illegal_practice_internal.assessment_cache_txn IS '（内部）有待重算考核预计算的事务（每事务一行，触发一次提交时重算）';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_txn.xid IS '事务号';
ALTER TABLE illegal_practice_internal.assessment_cache_txn ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_cache_txn FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_cache_txn FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_cache_txn FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_cache_txn TO illegal_practice_tally;

-- The read: cached rows of the division's townships, the rest (and everything while this transaction has
-- pending changes of its own) computed from the tables.
CREATE FUNCTION illegal_practice_internal.assessment_derived_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
  missing text[];
BEGIN
  IF NOT EXISTS (SELECT FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived_all.window_id) THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty) THEN
    -- this transaction's own writes are not folded in yet: every township from the tables
    SELECT pg_catalog.array_agg(dv.code ORDER BY dv.code) INTO missing
      FROM @extschema@.division dv
     WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived_all.division_code, dv.code);
  ELSE
    -- the cache holds township codes only (a division change recomputes it all), so covers() selects them
    RETURN QUERY
      SELECT c.township_code, u.rule_code, u.occurrences, u.evidence
        FROM illegal_practice_internal.assessment_derived_cache c
       CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(c.rule_codes), pg_catalog.unnest(c.occurrences), pg_catalog.unnest(c.evidences)) AS u (rule_code, occurrences, evidence)
       WHERE c.window_id = assessment_derived_all.window_id AND @extschema@.covers(assessment_derived_all.division_code, c.township_code);
    SELECT pg_catalog.array_agg(dv.code ORDER BY dv.code) INTO missing
      FROM @extschema@.division dv
     WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived_all.division_code, dv.code)
       AND NOT EXISTS (SELECT FROM illegal_practice_internal.assessment_derived_cache c
                        WHERE c.window_id = assessment_derived_all.window_id AND c.township_code = dv.code);
  END IF;
  IF missing IS NOT NULL THEN
    RETURN QUERY SELECT * FROM illegal_practice_internal.assessment_derived_towns(missing, assessment_derived_all.window_id);
  END IF;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）自动判定的考核事实（spec v3）：辖区内每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件（incident）致死 2.7a、致残 2.7b 人数，次数与依据；读预计算，缺的乡镇（及本事务有未提交写入时的全部乡镇）从基表现算';
ALTER FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) TO illegal_practice_definer;

-- Recompute the pending (window, township) pairs: per-township bucket locks in order, then one
-- statement per window (a new snapshot, including every writer that committed before the locks).
-- everything: (re)compute every pair (division changes; assessment_cache_rebuild()).
CREATE FUNCTION illegal_practice_internal.assessment_cache_recompute(everything boolean) RETURNS integer
  LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
  b integer;
  w record;
  n integer := 0;
  k integer;
BEGIN
  everything := everything OR EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty x
                                       WHERE x.township_code IS NULL AND x.window_id IS NULL);
  -- the buckets of every township whose rows are rewritten, in order (all 64 for everything)
  FOR b IN SELECT g FROM pg_catalog.generate_series(0, 63) g WHERE everything
           UNION
           SELECT pg_catalog.hashtext(x.township_code) & 63 FROM illegal_practice_internal.assessment_cache_dirty x
            WHERE NOT everything AND x.township_code IS NOT NULL
           UNION
           SELECT pg_catalog.hashtext(dv.code) & 63
             FROM illegal_practice_internal.assessment_cache_dirty x
             JOIN @extschema@.reporting_window rw ON rw.id = x.window_id
             JOIN @extschema@.campaign c ON c.id = rw.campaign_id
             JOIN @extschema@.division dv ON dv.level = '乡镇' AND @extschema@.covers(c.division_code, dv.code)
            WHERE NOT everything AND x.township_code IS NULL
           ORDER BY 1 LOOP
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.assessment_cache'), b);
  END LOOP;
  -- from here on, new statements: snapshots that include every writer that committed before our locks
  IF everything THEN
    DELETE FROM illegal_practice_internal.assessment_derived_cache;
  ELSE   -- every row of a noted window (its campaign's division may have changed), every row of a noted township
    DELETE FROM illegal_practice_internal.assessment_derived_cache c
     WHERE c.window_id IN (SELECT x.window_id FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.township_code IS NULL)
        OR c.township_code IN (SELECT x.township_code FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.window_id IS NULL);
  END IF;
  FOR w IN SELECT rw.id AS window_id, pg_catalog.array_agg(dv.code ORDER BY dv.code) AS towns
             FROM @extschema@.reporting_window rw
             JOIN @extschema@.campaign c ON c.id = rw.campaign_id
             JOIN @extschema@.division dv ON dv.level = '乡镇' AND @extschema@.covers(c.division_code, dv.code)
            WHERE everything
               OR rw.id IN (SELECT x.window_id FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.township_code IS NULL)
               OR dv.code IN (SELECT x.township_code FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.window_id IS NULL)
            GROUP BY rw.id ORDER BY rw.id LOOP
    INSERT INTO illegal_practice_internal.assessment_derived_cache (window_id, township_code, rule_codes, occurrences, evidences)
    SELECT w.window_id, t.code,
           coalesce(pg_catalog.array_agg(d.rule_code ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}'),
           coalesce(pg_catalog.array_agg(d.occurrences ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}'),
           coalesce(pg_catalog.array_agg(d.evidence ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}')
      FROM pg_catalog.unnest(w.towns) AS t (code)
      LEFT JOIN illegal_practice_internal.assessment_derived_towns(w.towns, w.window_id) d ON d.township_code = t.code
     GROUP BY t.code;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END LOOP;
  DELETE FROM illegal_practice_internal.assessment_cache_dirty;
  RETURN n;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) IS
  '（内部）重算本事务待重算的考核预计算（everything 为真时全部重算）：先按乡镇桶号顺序加锁，再按考核期间逐个现算；返回行数';
ALTER FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.assessment_cache_commit() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  DELETE FROM illegal_practice_internal.assessment_cache_txn WHERE xid = pg_catalog.pg_current_xact_id();
  -- one lock order for the two commit-time recomputes: the tally cells' buckets first, always (a transaction
  -- that wrote cases and patrols would otherwise take the two sets in either order and could deadlock with
  -- another); tally's own commit trigger then finds nothing left to do
  IF (SELECT s.enabled FROM @extschema@.tally_cell_status s) AND EXISTS (SELECT FROM @extschema@.tally_cell_dirty) THEN
    PERFORM illegal_practice_internal.tally_cells_flush_pending();
  END IF;
  IF EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty) THEN
    PERFORM illegal_practice_internal.assessment_cache_recompute(false);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_commit() IS '（内部）延迟约束触发器：事务提交时一次性重算本事务触及的考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_commit() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_commit() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER assessment_cache_commit AFTER INSERT ON illegal_practice_internal.assessment_cache_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_commit();

-- statement-level: note the townships a statement touched (old and new rows), by table
CREATE FUNCTION illegal_practice_internal.assessment_cache_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  q text := CASE TG_TABLE_NAME
    WHEN 'site_status_history' THEN 'SELECT s.township_code FROM %I r JOIN @extschema@.site s ON s.id = r.site_id'
    WHEN 'joint_action' THEN 'SELECT a.township_code FROM %I r JOIN @extschema@.joint_application a ON a.id = r.application_id'
    WHEN 'incident' THEN 'SELECT r.division_code FROM %1$I r UNION SELECT s.township_code FROM %1$I r JOIN @extschema@.site s ON s.id = r.site_id'
    ELSE 'SELECT r.township_code FROM %I r' END;
  towns text[] := '{}';
  more text[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(DISTINCT x.c) FROM (' || q || ') x (c)', 'new_rows') INTO more;
    towns := towns || coalesce(more, '{}');
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(DISTINCT x.c) FROM (' || q || ') x (c)', 'old_rows') INTO more;
    towns := towns || coalesce(more, '{}');
  END IF;
  IF pg_catalog.cardinality(towns) > 0 THEN
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (township_code)
    SELECT DISTINCT u.c FROM pg_catalog.unnest(towns) u (c) WHERE u.c IS NOT NULL;
    INSERT INTO illegal_practice_internal.assessment_cache_txn (xid) VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_changed() IS
  '（内部）语句级触发器：记下巡查类数据增删改触及的乡镇（新旧行），提交时重算其考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_changed() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_changed() FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.assessment_cache_window_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME = 'reporting_window' THEN
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (window_id) SELECT DISTINCT n.id FROM new_rows n;
  ELSIF TG_TABLE_NAME = 'campaign' THEN   -- its division: which townships its windows cover
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (window_id)
    SELECT rw.id FROM @extschema@.reporting_window rw WHERE rw.campaign_id IN (SELECT n.id FROM new_rows n);
  ELSE   -- division: everything
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (township_code, window_id) VALUES (NULL, NULL);
  END IF;
  INSERT INTO illegal_practice_internal.assessment_cache_txn (xid) VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_window_changed() IS
  '（内部）语句级触发器：考核期间新增或修改时记下该期间，专项行动修改时记下其各期间，区划变动时记下全部，提交时重算考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_window_changed() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_window_changed() FROM PUBLIC;

DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['site', 'patrol', 'site_status_history', 'register_submission', 'joint_application',
                           'joint_action', 'incident'] LOOP
    EXECUTE format('CREATE TRIGGER assessment_cache_ins AFTER INSERT ON @extschema@.%I REFERENCING NEW TABLE AS new_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
    EXECUTE format('CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
    EXECUTE format('CREATE TRIGGER assessment_cache_del AFTER DELETE ON @extschema@.%I REFERENCING OLD TABLE AS old_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
  END LOOP;
END $do$;
CREATE TRIGGER assessment_cache_ins AFTER INSERT ON @extschema@.reporting_window REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.reporting_window REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.campaign REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_any AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.division
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();

CREATE FUNCTION @extschema@.assessment_cache_rebuild() RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  RETURN illegal_practice_internal.assessment_cache_recompute(true);
COMMENT ON FUNCTION @extschema@.assessment_cache_rebuild() IS
  '从基表重建考核预计算（每个考核期间 × 其专项行动辖区内每个乡镇一行）；在关闭触发器批量导入巡查数据之后使用；返回行数';
ALTER FUNCTION @extschema@.assessment_cache_rebuild() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.assessment_cache_rebuild() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_cache_rebuild() TO illegal_practice_admin;

-- The assessment reads every township of the division, whoever asks (owned by illegal_practice_tally, whose
-- policies on the patrol tables read every row), so a township's rank is its rank among all townships
-- (spec §4); the user-facing functions below return only the townships inside the caller's scope.
CREATE FUNCTION @extschema@.assessment_derived(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.occurrences, d.evidence
    FROM illegal_practice_internal.assessment_derived_all(assessment_derived.division_code, assessment_derived.window_id) d
   WHERE @extschema@.in_caller_scope(d.township_code);
END;
COMMENT ON FUNCTION @extschema@.assessment_derived(text, bigint) IS
  '自动判定的考核事实（spec v3）：辖区内（调用者权限内）每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件致死 2.7a、致残 2.7b 人数，次数与依据';
ALTER FUNCTION @extschema@.assessment_derived(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_derived(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_derived(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_derived(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- plpgsql: one cached plan per session (a SQL function body is planned again at every call); no ORDER BY —
-- every caller groups or orders the rows itself
CREATE FUNCTION illegal_practice_internal.assessment_detail_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off   -- planned generically: the estimated cost is far over jit_above_cost, the real work is small
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT t.code, r.code, r.clause, o.occurrences,
         @extschema@.rule_deduction(r.points, r.per_occurrence, o.occurrences, r.max_points),
         CASE WHEN f.id IS NOT NULL THEN '人工' ELSE '自动' END,
         CASE WHEN f.id IS NOT NULL THEN f.evidence ELSE d.evidence END
    FROM @extschema@.division t
    JOIN @extschema@.assessment_rule r ON r.rule_set = @extschema@.window_rule_set($2)
    LEFT JOIN @extschema@.assessment_fact f
           ON f.township_code = t.code AND f.window_id = $2 AND f.rule_code = r.code
    LEFT JOIN illegal_practice_internal.assessment_derived_all($1, $2) d
           ON r.derived AND d.township_code = t.code AND d.rule_code = r.code
    CROSS JOIN LATERAL (SELECT coalesce(f.occurrences, d.occurrences, 0) AS occurrences) o
   WHERE t.level = '乡镇' AND @extschema@.covers($1, t.code);
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）辖区内每个乡镇、每条考核条款的次数、扣分、来源（人工/自动）与依据';
ALTER FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) TO illegal_practice_definer;

-- The ranking needs only the non-zero occurrences (a rule with none deducts nothing): the manual facts of the
-- window and the derived facts of derived rules, the fact replacing the derived value — a few rows per
-- township instead of one per township and rule, with no clause or evidence text.
CREATE FUNCTION illegal_practice_internal.assessment_occurrences_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, points numeric, per_occurrence boolean,
               max_points numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
BEGIN
  RETURN QUERY
  SELECT x.township_code, r.code, x.occurrences, r.points, r.per_occurrence, r.max_points
    FROM (SELECT coalesce(f.township_code, d.township_code) AS township_code, coalesce(f.rule_code, d.rule_code) AS rule_code,
                 CASE WHEN f.township_code IS NOT NULL THEN f.occurrences ELSE d.occurrences END AS occurrences,
                 f.township_code IS NOT NULL AS manual
            FROM (SELECT af.township_code, af.rule_code, af.occurrences FROM @extschema@.assessment_fact af
                   WHERE af.window_id = $2 AND @extschema@.covers($1, af.township_code)) f
            FULL JOIN illegal_practice_internal.assessment_derived_all($1, $2) d
              ON d.township_code = f.township_code AND d.rule_code = f.rule_code) x
    JOIN @extschema@.assessment_rule r ON r.rule_set = @extschema@.window_rule_set($2) AND r.code = x.rule_code
                                       AND (x.manual OR r.derived)
    JOIN @extschema@.division t ON t.code = x.township_code AND t.level = '乡镇'
   WHERE x.occurrences > 0;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）辖区内每个乡镇在考核期间次数不为0的条款（人工录入取代自动判定）及该条款的扣分值、是否按次、封顶；次数为0的条款不扣分，不列出';
ALTER FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) TO illegal_practice_definer;

CREATE FUNCTION @extschema@.assessment_detail(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
    FROM illegal_practice_internal.assessment_detail_all(assessment_detail.division_code, assessment_detail.window_id) d
   WHERE @extschema@.in_caller_scope(d.township_code)
   ORDER BY d.township_code, d.rule_code;
END;
COMMENT ON FUNCTION @extschema@.assessment_detail(text, bigint) IS
  '辖区内（调用者权限内）每个乡镇、每条考核条款的次数、扣分、来源（人工/自动）与依据';
ALTER FUNCTION @extschema@.assessment_detail(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_detail(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_detail(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_detail(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment(township_code text, window_id bigint)
RETURNS TABLE (rule_code text, clause text, occurrences integer, deduction numeric, source text, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.division dv WHERE dv.code = assessment.township_code AND dv.level = '乡镇') THEN
    RAISE EXCEPTION 'unknown township "%"', assessment.township_code
      USING ERRCODE = '22023', HINT = 'give the 9-digit code of a township in table division';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = assessment.window_id) THEN
    RAISE EXCEPTION 'unknown reporting window %', assessment.window_id
      USING ERRCODE = '22023', HINT = 'see table reporting_window';
  END IF;
  RETURN QUERY
    SELECT d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
      FROM @extschema@.assessment_detail(assessment.township_code, assessment.window_id) d
     ORDER BY d.rule_code;
END $$;
COMMENT ON FUNCTION @extschema@.assessment(text, bigint) IS
  '乡镇考核明细（附件3）：每条条款的次数、扣分、来源（人工录入为“人工”，自动判定为“自动”）与依据';
ALTER FUNCTION @extschema@.assessment(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment_summary(division_code text, window_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SET jit = off
BEGIN ATOMIC
  SELECT @extschema@.form_args(division_code), @extschema@.window_arg(window_id);   -- bad arguments are errors
  SELECT r.code, r.name, r.total, r.rnk
    FROM (SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total) AS rnk
            FROM (SELECT dv.code, dv.name,
                         coalesce(sum(@extschema@.rule_deduction(d.points, d.per_occurrence, d.occurrences, d.max_points)), 0) AS total
                    FROM @extschema@.division dv
                    LEFT JOIN illegal_practice_internal.assessment_occurrences_all(assessment_summary.division_code, assessment_summary.window_id) d
                           ON d.township_code = dv.code
                   WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_summary.division_code, dv.code)
                   GROUP BY dv.code, dv.name) s) r
   WHERE @extschema@.in_caller_scope(r.code)
   ORDER BY 4, 1;
END;
COMMENT ON FUNCTION @extschema@.assessment_summary(text, bigint) IS
  '考核汇总：辖区内每个乡镇（有无数据均列出）的总扣分与排名（扣分少者在前，并列同名次，如 1,1,3）；只列调用者权限内的乡镇，名次为其在辖区全部乡镇中的名次';
ALTER FUNCTION @extschema@.assessment_summary(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 全年考核 (spec v3 §4 assessment_total): flags once per campaign, per-occurrence clauses summed =====
CREATE FUNCTION illegal_practice_internal.assessment_total_all(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '64MB' AS $$
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(assessment_total_all.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total_all.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total_all.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  -- the sums in one hashed pass; the evidence (ordered by window) only for the few rows that have any;
  -- no ORDER BY: every caller groups or orders the rows itself
  RETURN QUERY
  WITH d AS MATERIALIZED (
    SELECT w.id AS wid, w.name AS wname, lower(w.covers) AS wlo, coalesce(c.rule_set, 'xianju2020') AS rs, x.*
      FROM @extschema@.reporting_window w
      JOIN @extschema@.campaign c ON c.id = w.campaign_id
      CROSS JOIN LATERAL illegal_practice_internal.assessment_detail_all(assessment_total_all.division_code, w.id) x
     WHERE w.campaign_id = assessment_total_all.campaign_id
  ), g AS (
    SELECT d.township_code, d.rule_code, d.rs, min(d.clause) AS clause, sum(d.occurrences)::integer AS n,
           bool_or(d.source = '人工') AS manual
      FROM d GROUP BY d.township_code, d.rule_code, d.rs
  ), e AS (
    SELECT d.township_code, d.rule_code, string_agg(d.wname || '：' || d.evidence, '；' ORDER BY d.wlo, d.wid) AS ev
      FROM d WHERE d.occurrences > 0 AND d.evidence IS NOT NULL
     GROUP BY d.township_code, d.rule_code
  )
  SELECT g.township_code, g.rule_code, g.clause, g.n,
         @extschema@.rule_deduction(r.points, r.per_occurrence, g.n, r.max_points),
         CASE WHEN g.manual THEN '人工' ELSE '自动' END, e.ev
    FROM g
    JOIN @extschema@.assessment_rule r ON r.rule_set = g.rs AND r.code = g.rule_code
    LEFT JOIN e ON e.township_code = g.township_code AND e.rule_code = g.rule_code;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) IS
  '（内部，全部乡镇，供排名）专项行动全年考核明细：辖区内每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';

ALTER FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) FROM PUBLIC;
-- (run by the definer's functions only: users have no USAGE on the internal schema)

CREATE FUNCTION @extschema@.assessment_total_detail(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
    FROM illegal_practice_internal.assessment_total_all(assessment_total_detail.division_code, assessment_total_detail.campaign_id) d
   WHERE @extschema@.in_caller_scope(d.township_code)
   ORDER BY d.township_code, d.rule_code;
END;
COMMENT ON FUNCTION @extschema@.assessment_total_detail(text, bigint) IS
  '专项行动全年考核明细：辖区内（调用者权限内）每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';
ALTER FUNCTION @extschema@.assessment_total_detail(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_detail(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_detail(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_detail(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment_total(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(assessment_total.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT r.code, r.name, r.total, r.rnk
    FROM (SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total) AS rnk
            FROM (SELECT dv.code, dv.name, coalesce(sum(d.deduction), 0) AS total
                    FROM @extschema@.division dv
                    -- per township and rule, the occurrences of every window summed (flags deduct once)
                    LEFT JOIN (SELECT o.township_code,
                                      @extschema@.rule_deduction(o.points, o.per_occurrence, sum(o.occurrences)::integer, o.max_points) AS deduction
                                 FROM @extschema@.reporting_window w
                                 CROSS JOIN LATERAL illegal_practice_internal.assessment_occurrences_all(assessment_total.division_code, w.id) o
                                WHERE w.campaign_id = assessment_total.campaign_id
                                GROUP BY o.township_code, o.rule_code, o.points, o.per_occurrence, o.max_points) d
                           ON d.township_code = dv.code
                   WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_total.division_code, dv.code)
                   GROUP BY dv.code, dv.name) s) r
   WHERE @extschema@.in_caller_scope(r.code)
   ORDER BY 4, 1;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total(text, bigint) IS
  '专项行动全年考核汇总（附件3 为全年一份细则，纳入平安考核）：辖区内每个乡镇的全年扣分与排名；标志性条款只扣一次，按次条款按各期间次数之和扣；扣分少者在前，并列同名次；只列调用者权限内的乡镇，名次为其在辖区全部乡镇中的名次';
ALTER FUNCTION @extschema@.assessment_total(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 考核结果 as a document (spec v3 §4): CSV and printable HTML, for a window and for the campaign =====
-- One row per township and deducting clause (a township without deductions gets one row with empty clause
-- columns), ordered by rank then township code then clause.
CREATE FUNCTION @extschema@.assessment_result_rows(division_code text, window_id bigint, campaign_id bigint)
  RETURNS TABLE (rank bigint, township_code text, township text, deduction numeric, rule_code text, clause text,
                 occurrences integer, rule_deduction numeric, evidence text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
  IF window_id IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = window_id) THEN
      RAISE EXCEPTION 'unknown reporting window %', window_id USING ERRCODE = '22023', HINT = 'see table reporting_window';
    END IF;
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_summary(division_code, window_id) s
      LEFT JOIN @extschema@.assessment_detail(division_code, window_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  ELSE
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_total(division_code, campaign_id) s
      LEFT JOIN @extschema@.assessment_total_detail(division_code, campaign_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) IS
  '考核结果的行（CSV、打印页共用）：考核期间 window_id 或（为空时）专项行动全年 campaign_id；每个乡镇每条扣分条款一行，无扣分的乡镇一行';
ALTER FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_result_csv(division_code text, window_id bigint, campaign_id bigint, bom boolean)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom)
         OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('名次', '乡镇（街道）', '扣分合计', '条款', '条款内容', '次数', '扣分', '依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(r.rank::text, r.township, r.deduction::text, r.rule_code, r.clause,
                    r.occurrences::text, r.rule_deduction::text, r.evidence)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY r.ordinality), '')
    FROM @extschema@.assessment_result_rows(division_code, window_id, campaign_id) WITH ORDINALITY AS r;
END;
COMMENT ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) IS '考核结果 CSV（assessment_summary_csv 与 assessment_total_csv 共用）';
ALTER FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_summary_csv(division_code text, window_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN @extschema@.assessment_result_csv(division_code, window_id, NULL, bom);
COMMENT ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) IS
  '考核期间的考核结果 CSV：名次、乡镇（街道）、扣分合计，以及每条扣分条款的编号、内容、次数、扣分与依据；默认以 UTF-8 BOM 开头（bom => false 不加）';
ALTER FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_total_csv(division_code text, campaign_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', campaign_id USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN @extschema@.assessment_result_csv(division_code, NULL, campaign_id, bom);
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) IS
  '专项行动全年考核结果 CSV（标志性条款只扣一次，按次条款次数相加）：列同 assessment_summary_csv，依据注明考核期间';
ALTER FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


-- 60_schedule.sql — stages at work (spec §6): stage_submission (阶段总结与典型案例报送), tip (举报线索),
-- stage_report (阶段汇总表快照) written by tick() once per stage, and the pg_cron job that runs tick().


-- 阶段总结 -------------------------------------------------------------------------------------
CREATE TABLE @extschema@.stage_submission (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  stage_id      bigint NOT NULL REFERENCES @extschema@.campaign_stage (id) ON DELETE CASCADE,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  submitted_on  date NOT NULL,
  summary       text,
  typical_cases text,
  CONSTRAINT stage_submission_date_finite CHECK (pg_catalog.isfinite(submitted_on))
);
CREATE INDEX stage_submission_stage_idx ON @extschema@.stage_submission (stage_id, division_code, submitted_on);
CREATE INDEX stage_submission_division_idx ON @extschema@.stage_submission (division_code);
COMMENT ON TABLE @extschema@.stage_submission IS '阶段工作总结与典型案例报送（下级区划向专项行动发文单位报送）';
COMMENT ON COLUMN @extschema@.stage_submission.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_submission.stage_id IS '所属阶段';
COMMENT ON COLUMN @extschema@.stage_submission.division_code IS '报送单位所辖区划';
COMMENT ON COLUMN @extschema@.stage_submission.submitted_on IS '报送日期';
COMMENT ON COLUMN @extschema@.stage_submission.summary IS '阶段工作总结';
COMMENT ON COLUMN @extschema@.stage_submission.typical_cases IS '典型案例';
-- free text (典型案例 names people and places): analysts read the masked view, without it
SELECT illegal_practice_internal.secure_table('@extschema@.stage_submission', 'division_code');
SELECT illegal_practice_internal.masked_view('@extschema@.stage_submission', '{"typical_cases": "hide"}');

CREATE FUNCTION illegal_practice_internal.stage_submission_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  scope text;
BEGIN
  SELECT c.division_code INTO scope
    FROM @extschema@.campaign_stage s JOIN @extschema@.campaign c ON c.id = s.campaign_id
   WHERE s.id = NEW.stage_id;
  IF scope IS NOT NULL AND NOT @extschema@.covers(scope, NEW.division_code) THEN
    RAISE EXCEPTION 'division % is outside campaign division % of stage %', NEW.division_code, scope, NEW.stage_id
      USING ERRCODE = '23514', HINT = 'a stage summary comes from a division the campaign''s division covers';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.stage_submission_check() IS '触发器：阶段总结的报送单位须在专项行动发文单位辖区内';
CREATE TRIGGER stage_submission_check BEFORE INSERT OR UPDATE ON @extschema@.stage_submission
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.stage_submission_check();

-- 举报线索 -------------------------------------------------------------------------------------
CREATE TABLE @extschema@.tip (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  division_code   text NOT NULL REFERENCES @extschema@.division (code),
  received_on     date NOT NULL,
  channel         text,
  real_name       boolean NOT NULL DEFAULT false,
  reporter_name   text,
  reporter_phone  text,
  subject_name    text,
  subject_address text,
  content         text,
  investigated_on date,
  finding         text,
  feedback_on     date,
  case_id         bigint CONSTRAINT tip_case_fk REFERENCES @extschema@.enforcement_case (id) ON DELETE SET NULL,
  CONSTRAINT tip_received_finite CHECK (pg_catalog.isfinite(received_on)),
  CONSTRAINT tip_investigated_after_received CHECK (investigated_on IS NULL OR investigated_on >= received_on),
  CONSTRAINT tip_feedback_after_received CHECK (feedback_on IS NULL OR feedback_on >= received_on)
);
CREATE INDEX tip_division_idx ON @extschema@.tip (division_code);
CREATE INDEX tip_received_idx ON @extschema@.tip (received_on);
COMMENT ON TABLE @extschema@.tip IS '举报线索（事事有调查，件件有回音：每条须调查，实名举报须反馈）';
COMMENT ON COLUMN @extschema@.tip.id IS '编号';
COMMENT ON COLUMN @extschema@.tip.division_code IS '受理单位所辖区划';
COMMENT ON COLUMN @extschema@.tip.received_on IS '受理日期';
COMMENT ON COLUMN @extschema@.tip.channel IS '举报渠道（电话、信件、网络、来访等）';
COMMENT ON COLUMN @extschema@.tip.real_name IS '是否实名举报';
COMMENT ON COLUMN @extschema@.tip.reporter_name IS '举报人姓名';
COMMENT ON COLUMN @extschema@.tip.reporter_phone IS '举报人电话';
COMMENT ON COLUMN @extschema@.tip.subject_name IS '被举报对象名称';
COMMENT ON COLUMN @extschema@.tip.subject_address IS '被举报对象地址';
COMMENT ON COLUMN @extschema@.tip.content IS '举报内容';
COMMENT ON COLUMN @extschema@.tip.investigated_on IS '调查核实日期';
COMMENT ON COLUMN @extschema@.tip.finding IS '调查结果';
COMMENT ON COLUMN @extschema@.tip.feedback_on IS '向实名举报人反馈日期';
COMMENT ON COLUMN @extschema@.tip.case_id IS '据此立案的案件编号';
SELECT illegal_practice_internal.secure_table('@extschema@.tip', 'division_code');
SELECT illegal_practice_internal.masked_view('@extschema@.tip', '{"reporter_name": "name", "reporter_phone": "phone", "subject_name": "name", "subject_address": "address", "content": "hide", "finding": "hide"}');


-- 阶段汇总表快照 -------------------------------------------------------------------------------
CREATE TABLE @extschema@.stage_report (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  stage_id      bigint NOT NULL REFERENCES @extschema@.campaign_stage (id) ON DELETE CASCADE,
  form          text NOT NULL REFERENCES @extschema@.report_form (name),
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  as_of         date NOT NULL,
  payload       jsonb NOT NULL,
  generated_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  UNIQUE (stage_id, form, division_code),
  CONSTRAINT stage_report_payload_array CHECK (pg_catalog.jsonb_typeof(payload) OPERATOR(pg_catalog.=) 'array')
);
CREATE INDEX stage_report_division_idx ON @extschema@.stage_report (division_code);
COMMENT ON TABLE @extschema@.stage_report IS
  '阶段汇总表快照：阶段结束后由 tick() 写入一次，此后不再改变；用户角色不能增删改（如需重新生成，由超级用户删除该行后再运行 tick()）';
COMMENT ON COLUMN @extschema@.stage_report.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_report.stage_id IS '阶段';
COMMENT ON COLUMN @extschema@.stage_report.form IS '汇总表名称（form_ 函数名去掉前缀）';
COMMENT ON COLUMN @extschema@.stage_report.division_code IS '汇总范围（专项行动发文单位所辖区划）';
COMMENT ON COLUMN @extschema@.stage_report.as_of IS '生成时的业务日期（tick 的 as_of）';
COMMENT ON COLUMN @extschema@.stage_report.payload IS '汇总表各行，按表中顺序组成的 JSON 数组';
COMMENT ON COLUMN @extschema@.stage_report.generated_at IS '生成时间';
SELECT illegal_practice_internal.secure_table('@extschema@.stage_report', 'division_code');
-- snapshots are written only by tick() (SECURITY DEFINER, below): no user role inserts, changes or
-- deletes them; tick writes as the definer, for stages inside the caller's scope
REVOKE INSERT, UPDATE, DELETE ON @extschema@.stage_report FROM illegal_practice_clerk, illegal_practice_admin;
ALTER POLICY ip_clerk ON @extschema@.stage_report USING (@extschema@.in_caller_scope(division_code)) WITH CHECK (false);
ALTER POLICY ip_admin ON @extschema@.stage_report USING (@extschema@.in_caller_scope(division_code)) WITH CHECK (false);
CREATE POLICY ip_tick ON @extschema@.stage_report FOR INSERT TO illegal_practice_definer
  WITH CHECK (@extschema@.in_caller_scope(division_code));
GRANT INSERT ON @extschema@.stage_report TO illegal_practice_definer;
-- snapshots: the personal columns inside the payload are masked too
CREATE FUNCTION @extschema@.mask_payload(form text, payload jsonb) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT CASE WHEN r.personal = '{}'::jsonb THEN payload ELSE
            (SELECT coalesce(pg_catalog.jsonb_agg(e || coalesce(
                       (SELECT pg_catalog.jsonb_object_agg(m.key, @extschema@.mask_value(m.value #>> '{}', e ->> m.key))
                          FROM pg_catalog.jsonb_each(r.personal) m WHERE e ? m.key), '{}'::jsonb) ORDER BY i), '[]'::jsonb)
               FROM pg_catalog.jsonb_array_elements(payload) WITH ORDINALITY a(e, i)) END
            FROM @extschema@.report_form r WHERE r.name = form);
COMMENT ON FUNCTION @extschema@.mask_payload(text, jsonb) IS
  '阶段快照脱敏：按 report_form.personal 逐行脱敏该表的个人信息列（附件1 的姓名、地址、电话，附表3 的被处罚对象、地址、负责人等）';
CREATE VIEW @extschema@.stage_report_masked WITH (security_barrier) AS
  SELECT r.id, r.stage_id, r.form, r.division_code, r.as_of,
         @extschema@.mask_payload(r.form, r.payload) AS payload, r.generated_at
    FROM @extschema@.stage_report r;
COMMENT ON VIEW @extschema@.stage_report_masked IS '阶段快照（脱敏视图）';
COMMENT ON COLUMN @extschema@.stage_report_masked.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_report_masked.stage_id IS '阶段';
COMMENT ON COLUMN @extschema@.stage_report_masked.form IS '表名';
COMMENT ON COLUMN @extschema@.stage_report_masked.division_code IS '区划代码';
COMMENT ON COLUMN @extschema@.stage_report_masked.as_of IS '快照日期';
COMMENT ON COLUMN @extschema@.stage_report_masked.payload IS '表的各行（JSON 数组，个人信息已脱敏）';
COMMENT ON COLUMN @extschema@.stage_report_masked.generated_at IS '生成时间';
ALTER VIEW @extschema@.stage_report_masked OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.stage_report_masked FROM PUBLIC;
GRANT SELECT ON @extschema@.stage_report_masked TO illegal_practice_admin, illegal_practice_analyst, illegal_practice_reader;


CREATE FUNCTION illegal_practice_internal.stage_report_immutable() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'stage_report % (stage %, form %) is a snapshot and cannot be changed', OLD.id, OLD.stage_id, OLD.form
    USING ERRCODE = '23514', HINT = 'delete the row and run tick() to take the snapshot again';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.stage_report_immutable() IS '触发器：阶段快照写入后不得修改';
CREATE TRIGGER stage_report_immutable BEFORE UPDATE ON @extschema@.stage_report
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.stage_report_immutable();


-- ===== tick =====
-- tick(): the daily job. Snapshots each ended stage's forms into stage_report once per submitter — the
-- campaign's division and each division whose parent it is (spec v3 §6) — catching up every stage missed
-- while the server was down, with a NOTICE per stage when it catches up more than one.

CREATE FUNCTION illegal_practice_internal.form_payload(form text, division_code text, period daterange, prior daterange DEFAULT NULL)
  RETURNS jsonb
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  fn text := 'form_' || form;
  wp boolean;
  result jsonb;
BEGIN
  SELECT r.with_prior INTO wp FROM @extschema@.report_form r WHERE r.name OPERATOR(pg_catalog.=) form;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown form "%"', form
      USING ERRCODE = '22023', HINT = 'forms are named without form_: ' || array_to_string(@extschema@.known_forms(), ', ');
  END IF;
  IF wp THEN
    IF prior IS NULL THEN
      RAISE EXCEPTION 'form % needs the prior period', form
        USING ERRCODE = '22004', HINT = 'set campaign.lookback_prior, e.g. [2017-01-01,2019-01-01)';
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.proname OPERATOR(pg_catalog.=) fn
                    AND p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace) THEN
    RAISE EXCEPTION 'form function @extschema@.% does not exist', fn
      USING ERRCODE = '42883', HINT = 'install the extension version that provides this form, or remove it from campaign.forms';
  END IF;
  IF wp THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) OPERATOR(pg_catalog.-) %L ORDER BY f.ordinality), %L::jsonb)'
                   ' FROM %I.%I($1, $2, $3) WITH ORDINALITY AS f', 'ordinality', '[]', '@extschema@', fn)
      INTO result USING division_code, prior, period;
  ELSE
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) OPERATOR(pg_catalog.-) %L ORDER BY f.ordinality), %L::jsonb)'
                   ' FROM %I.%I($1, $2) WITH ORDINALITY AS f', 'ordinality', '[]', '@extschema@', fn)
      INTO result USING division_code, period;
  END IF;
  RETURN result;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.form_payload(text, text, daterange, daterange) IS
  '按名称调用汇总表函数 form_<form>(区划, 期间) 或 form_<form>(区划, 前期, 本期)，返回各行按表中顺序组成的 JSON 数组';

CREATE FUNCTION @extschema@.tick(as_of date DEFAULT @extschema@.today())
  RETURNS TABLE (stage_id bigint, campaign_code text, stage text, form text, division_code text, rows integer)
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  d date := $1;
  t date := @extschema@.today();
  s record;
  f text;
  dv text;
  written integer;
  pending integer;
  p jsonb;
  st text; m text; dt text; h text;
BEGIN
  IF d IS NULL THEN
    RAISE EXCEPTION 'tick needs a date' USING ERRCODE = '22004', HINT = 'call tick() for today, or tick(''2020-10-01'') for a past date';
  END IF;
  -- the guard's "today" never runs ahead of Beijing time, whatever zone the session set
  t := LEAST(t, (pg_catalog.now() AT TIME ZONE 'Asia/Shanghai')::date);
  IF d > t THEN
    RAISE EXCEPTION 'as_of % is after today (%)', d, t
      USING ERRCODE = '22023',
            DETAIL = 'today is taken in time zone ' || @extschema@.setting('timezone') || ', and never after the date in Asia/Shanghai',
            HINT = 'a stage can only be snapshotted once it has ended; pass today or an earlier date';
  END IF;
  -- one tick at a time: a second caller waits here, then finds the snapshots already written
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.tick'));
  -- catching up more than one stage (the server was down): a NOTICE per stage reports the progress
  SELECT count(*) INTO pending
    FROM @extschema@.campaign_stage cs JOIN @extschema@.campaign c ON c.id = cs.campaign_id
   WHERE pg_catalog.upper(cs.period) <= d
     AND EXISTS (SELECT 1 FROM pg_catalog.unnest(c.forms) fm (name)
                  CROSS JOIN (SELECT c.division_code AS code UNION ALL
                              SELECT x.code FROM @extschema@.division x WHERE x.parent_code = c.division_code) dv
                  WHERE NOT EXISTS (SELECT 1 FROM @extschema@.stage_report r
                                     WHERE r.stage_id = cs.id AND r.form = fm.name AND r.division_code = dv.code));
  FOR s IN
    SELECT cs.id, cs.name, cs.period, c.code, c.division_code AS scope, c.forms, c.lookback_prior
      FROM @extschema@.campaign_stage cs JOIN @extschema@.campaign c ON c.id = cs.campaign_id
     WHERE pg_catalog.upper(cs.period) <= d
     ORDER BY pg_catalog.upper(cs.period), cs.id
  LOOP
    written := 0;
    FOREACH f IN ARRAY s.forms LOOP
      -- the submitters: the campaign's division and each division whose parent it is (仙居's townships,
      -- 江苏's cities; each 市卫生健康委 stamps its own 附表)
      FOR dv IN SELECT x.code FROM (SELECT 0 AS o, s.scope AS code
                                    UNION ALL
                                    SELECT 1, c.code FROM @extschema@.division c WHERE c.parent_code = s.scope) x
                 ORDER BY x.o, x.code LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM @extschema@.stage_report r
                               WHERE r.stage_id = s.id AND r.form = f AND r.division_code = dv);
        BEGIN
          p := illegal_practice_internal.form_payload(f, dv, s.period, s.lookback_prior);
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, dt = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
          RAISE EXCEPTION 'form % of stage % (%, %) for division % failed: %', f, s.id, s.code, s.name, dv, m
            USING ERRCODE = st, DETAIL = coalesce(nullif(dt, ''), 'no snapshot was written by this tick'),
                  HINT = coalesce(nullif(h, ''), 'fix the form or the data and run tick() again');
        END;
        INSERT INTO @extschema@.stage_report AS r (stage_id, form, division_code, as_of, payload)
        VALUES (s.id, f, dv, d, p)
        ON CONFLICT ON CONSTRAINT stage_report_stage_id_form_division_code_key DO NOTHING;
        IF FOUND THEN
          written := written + 1;
          stage_id := s.id; campaign_code := s.code; stage := s.name; form := f;
          division_code := dv; rows := pg_catalog.jsonb_array_length(p);
          RETURN NEXT;
        END IF;
      END LOOP;
    END LOOP;
    IF written > 0 AND pending > 1 THEN
      RAISE NOTICE 'tick: stage % % of % (ended %): % snapshot(s) written', s.id, s.name, s.code, upper(s.period) - 1, written;
    END IF;
  END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.tick(date) IS
  '每日任务：对截至 as_of 已结束（upper(period) ≤ as_of）的每个阶段，按阶段结束日、编号顺序，把专项行动的每张汇总表（阶段期间）按报送单位——发文单位辖区及其每个直接下级区划（仙居各乡镇、江苏各市）——快照写入 stage_report，只写一次；补做多个阶段时每个阶段给出一条 NOTICE（进度）；补做停机期间错过的阶段；单一事务、咨询锁串行、可重复执行；as_of 不得晚于 today()；返回本次写入的快照以定义者角色执行（快照只能由它写入），汇总表仍按调用者辖区计算；仅管理员（及超级用户、定时任务）可执行';
ALTER FUNCTION @extschema@.tick(date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.tick(date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.tick(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.tick(date) TO illegal_practice_admin;

-- ===== the pg_cron job =====
-- the pg_cron job illegal_practice_tick (spec §6) and its run history for analysts.
-- pg_cron is optional: nothing here needs it at CREATE EXTENSION time; the functions look for it
-- when called and say what to do when it is missing or lives in another database.

CREATE FUNCTION @extschema@.cron_ready() RETURNS boolean
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'pg_cron');
END $$;
COMMENT ON FUNCTION @extschema@.cron_ready() IS '本数据库是否已安装 pg_cron 扩展';

CREATE FUNCTION @extschema@.cron_require() RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cron_db text := nullif(current_setting('cron.database_name', true), '');
  loaded boolean := current_setting('shared_preload_libraries') ~ '(^|[ ,])pg_cron($|[ ,])';
  here text := current_database();
BEGIN
  IF @extschema@.cron_ready() THEN
    RETURN;
  END IF;
  IF NOT loaded THEN
    RAISE EXCEPTION 'pg_cron is not loaded in this server'
      USING ERRCODE = '55000',
            HINT = format('add pg_cron to shared_preload_libraries, set cron.database_name = %L and '
                          'cron.use_background_workers = on in postgresql.conf, restart the server, '
                          'then run CREATE EXTENSION pg_cron in database %s', here, here);
  ELSIF cron_db IS NOT NULL AND cron_db <> here THEN
    RAISE EXCEPTION 'pg_cron runs in database "%", not in "%"', cron_db, here
      USING ERRCODE = '55000',
            DETAIL = 'pg_cron keeps its jobs in the one database named by cron.database_name',
            HINT = format('either set cron.database_name = %L and restart, or connect to database %s and run '
                          'SELECT cron.schedule_in_database(%L, %L, %L, %L)',
                          here, cron_db, 'illegal_practice_tick', '5 16 * * *', 'SELECT @extschema@.tick()', here);
  ELSE
    RAISE EXCEPTION 'pg_cron is not installed in database "%"', here
      USING ERRCODE = '55000', HINT = 'run CREATE EXTENSION pg_cron in this database (as a superuser)';
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_require() IS '检查 pg_cron 是否可用；不可用时报错并提示如何安装或改用哪个数据库';

CREATE FUNCTION @extschema@.schedule_jobs(schedule text DEFAULT '5 16 * * *') RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  owner text;
  job bigint;
  st text; m text;
BEGIN
  PERFORM @extschema@.cron_require();
  IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) current_user) THEN
    RAISE EXCEPTION 'role % cannot schedule the tick job', current_user
      USING ERRCODE = '42501',
            DETAIL = 'the job runs as the extension owner so that it sees every division',
            HINT = 'call schedule_jobs() as a superuser (e.g. the role that created the extension)';
  END IF;
  SELECT r.rolname INTO owner
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) e.extowner
   WHERE e.extname OPERATOR(pg_catalog.=) 'illegal_practice';
  -- one job: drop whatever jobs carry the name (whoever scheduled them), then schedule anew
  PERFORM cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname OPERATOR(pg_catalog.=) 'illegal_practice_tick';
  BEGIN
    job := cron.schedule_in_database('illegal_practice_tick', schedule, 'SELECT @extschema@.tick()',
                                     current_database(), owner, true);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
    IF m ~* 'schedule' THEN
      RAISE EXCEPTION 'invalid cron schedule "%"', schedule
        USING ERRCODE = '22023', DETAIL = m,
              HINT = 'five fields in UTC: minute hour day month weekday, e.g. ''5 16 * * *'' = 00:05 Beijing time';
    END IF;
    RAISE EXCEPTION '%', m USING ERRCODE = st;
  END;
  RETURN job;
END $$;
COMMENT ON FUNCTION @extschema@.schedule_jobs(text) IS
  '登记 pg_cron 任务 illegal_practice_tick（默认 ''5 16 * * *''，即 UTC 16:05 = 北京时间 00:05）执行 SELECT illegal_practice.tick()；重复调用只保留一个任务；任务以扩展所有者身份运行；返回任务编号';

CREATE FUNCTION @extschema@.unschedule_jobs() RETURNS integer
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n integer := 0;
  j bigint;
BEGIN
  IF NOT @extschema@.cron_ready() THEN
    RETURN 0;
  END IF;
  FOR j IN SELECT c.jobid FROM cron.job c WHERE c.jobname OPERATOR(pg_catalog.=) 'illegal_practice_tick' LOOP
    PERFORM cron.unschedule(j);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.unschedule_jobs() IS '取消 pg_cron 任务 illegal_practice_tick；返回取消的任务数（未安装 pg_cron 时为 0）';

CREATE FUNCTION @extschema@.job_history_rows()
  RETURNS TABLE (jobid bigint, runid bigint, job_name text, command text, status text, return_message text,
                 start_time timestamptz, end_time timestamptz, run_on date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  IF NOT @extschema@.cron_ready() THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT d.jobid, d.runid, j.jobname::text, d.command, d.status, d.return_message, d.start_time, d.end_time,
         (d.start_time AT TIME ZONE @extschema@.setting('timezone'))::date
    FROM cron.job_run_details d LEFT JOIN cron.job j ON j.jobid = d.jobid
   WHERE j.jobname = 'illegal_practice_tick' OR d.command ~ 'illegal_practice\.tick\('
   ORDER BY d.start_time DESC NULLS FIRST, d.runid DESC;
END $$;
COMMENT ON FUNCTION @extschema@.job_history_rows() IS
  'illegal_practice 定时任务的运行记录（读 cron.job_run_details，只含本扩展的任务；未安装 pg_cron 时为空）';

CREATE VIEW @extschema@.job_history AS
  SELECT jobid, runid, job_name, command, status, return_message, start_time, end_time, run_on
    FROM @extschema@.job_history_rows();
COMMENT ON VIEW @extschema@.job_history IS '定时任务运行记录（最新在前）：每次 tick 的开始、结束时间与结果';
COMMENT ON COLUMN @extschema@.job_history.jobid IS '任务编号';
COMMENT ON COLUMN @extschema@.job_history.runid IS '运行编号';
COMMENT ON COLUMN @extschema@.job_history.job_name IS '任务名称（任务已取消时为空）';
COMMENT ON COLUMN @extschema@.job_history.command IS '执行的命令';
COMMENT ON COLUMN @extschema@.job_history.status IS '状态：starting、running、sending、connecting、succeeded、failed';
COMMENT ON COLUMN @extschema@.job_history.return_message IS '返回信息或错误信息';
COMMENT ON COLUMN @extschema@.job_history.start_time IS '开始时间';
COMMENT ON COLUMN @extschema@.job_history.end_time IS '结束时间';
COMMENT ON COLUMN @extschema@.job_history.run_on IS '运行日期（按 illegal_practice.timezone，默认北京时间）';
-- job history: pg_cron shows a run only to the role that ran it (the superuser who scheduled
-- the job), so job_history_rows() stays owned by the installing superuser — the one SECURITY
-- DEFINER function not owned by illegal_practice_definer; it returns job metadata only.
REVOKE ALL ON FUNCTION @extschema@.job_history_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.job_history_rows() TO illegal_practice_admin, illegal_practice_analyst;
REVOKE ALL ON @extschema@.job_history FROM PUBLIC;
GRANT SELECT ON @extschema@.job_history TO illegal_practice_admin, illegal_practice_analyst;
-- 61_deadlines.sql — every deadline of spec §6 in one place: one status rule (deadline_status), one
-- set-returning function per kind (stage summaries and tips, patrol work, referral clocks), and
-- deadlines(), their union; and the worklist (what is owed now, per site and township) with its BI view.

CREATE FUNCTION @extschema@.deadline_status(due_on date, done_on date, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE
    WHEN done_on IS NOT NULL AND done_on <= as_of THEN
      CASE WHEN done_on <= due_on THEN '已完成' ELSE '逾期完成' END
    WHEN as_of > due_on THEN '已逾期'
    WHEN due_on <= @extschema@.add_workdays(as_of, 3) THEN '即将到期'
    ELSE '未到期' END;
COMMENT ON FUNCTION @extschema@.deadline_status(date, date, date) IS
  '期限状态：已完成（完成日≤截止日）、逾期完成（截止后完成）、已逾期（未完成且 as_of 已过截止日）、即将到期（未完成且截止日在 as_of 后3个工作日内）、未到期；晚于 as_of 的完成日视为未完成';

CREATE FUNCTION @extschema@.tip_investigation_workdays() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.setting('tip_investigation_workdays')::integer;
COMMENT ON FUNCTION @extschema@.tip_investigation_workdays() IS
  '举报调查期限（受理后第N个工作日）：设置 illegal_practice.tip_investigation_workdays，默认 15（本扩展的取值，文件未规定）';

CREATE FUNCTION @extschema@.tip_feedback_workdays() RETURNS integer
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.setting('tip_feedback_workdays')::integer;
COMMENT ON FUNCTION @extschema@.tip_feedback_workdays() IS
  '实名举报反馈期限（受理后第N个工作日）：设置 illegal_practice.tip_feedback_workdays，默认 15（本扩展的取值，文件未规定）';

CREATE FUNCTION illegal_practice_internal.deadlines_stage_tip(as_of date)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT x.division_code, x.kind, x.reference, x.due_on, x.done_on,
         @extschema@.deadline_status(x.due_on, x.done_on, as_of)
    FROM (
      -- 阶段总结: per stage with a due date, for each division whose parent is the campaign's division
      SELECT d.code AS division_code, '阶段总结'::text AS kind, c.code || ' ' || cs.name AS reference,
             @extschema@.stage_report_due(cs.id) AS due_on,
             (SELECT pg_catalog.min(ss.submitted_on) FROM @extschema@.stage_submission ss
               WHERE ss.stage_id = cs.id AND ss.division_code = d.code AND ss.submitted_on <= as_of) AS done_on
        FROM @extschema@.campaign_stage cs
        JOIN @extschema@.campaign c ON c.id = cs.campaign_id
        JOIN @extschema@.division d ON d.parent_code = c.division_code
       WHERE @extschema@.stage_report_due(cs.id) IS NOT NULL
         AND @extschema@.in_caller_scope(d.code)   -- only divisions the caller can see: no invented statuses
      UNION ALL
      -- 举报调查: every tip received by as_of
      SELECT t.division_code, '举报调查', '举报线索#' || t.id || '（' || t.received_on || '受理）',
             @extschema@.add_workdays(t.received_on, @extschema@.tip_investigation_workdays()),
             CASE WHEN t.investigated_on <= as_of THEN t.investigated_on END
        FROM @extschema@.tip t
       WHERE t.received_on <= as_of
      UNION ALL
      -- 实名举报反馈
      SELECT t.division_code, '实名举报反馈', '举报线索#' || t.id || '（' || t.received_on || '受理）',
             @extschema@.add_workdays(t.received_on, @extschema@.tip_feedback_workdays()),
             CASE WHEN t.feedback_on <= as_of THEN t.feedback_on END
        FROM @extschema@.tip t
       WHERE t.received_on <= as_of AND t.real_name
    ) x;
END;
COMMENT ON FUNCTION illegal_practice_internal.deadlines_stage_tip(date) IS '期限（阶段总结、举报调查、实名举报反馈部分），由 deadlines() 汇总';

-- ===== patrol work: 考核资料 per township and reporting window (done by the earliest
-- register_submission) and 每月巡查 of closed sites (per site and month, due on the month's last day;
-- done by the earliest patrol of the site in that month) =====
CREATE FUNCTION illegal_practice_internal.deadlines_patrol(as_of date)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT x.code, '考核资料'::text, x.reference, x.due_on, x.done_on,
           @extschema@.deadline_status(x.due_on, x.done_on, as_of)
      FROM (SELECT d.code, c.code || ' ' || w.name AS reference, w.due_on,
                   (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                     WHERE rs.township_code = d.code AND rs.window_id = w.id
                       AND rs.submitted_on <= as_of) AS done_on
              FROM @extschema@.reporting_window w
              JOIN @extschema@.campaign c ON c.id = w.campaign_id
              JOIN @extschema@.division d
                ON d.level = '乡镇'::@extschema@.division_level AND @extschema@.covers(c.division_code, d.code)
             WHERE @extschema@.in_caller_scope(d.code)) x;   -- only townships the caller can see
    -- the one monthly obligation (closed_site_months, 20_patrol.sql): every month that has begun by as_of,
    -- starting on or after the closing date, closed throughout as known on as_of
    RETURN QUERY
    SELECT m.township_code, '每月巡查'::text,
           '#' || m.site_id || ' ' || m.site_name || ' ' || to_char(m.month, 'YYYY-MM'),
           (m.month + interval '1 month')::date - 1,
           CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END,
           @extschema@.deadline_status((m.month + interval '1 month')::date - 1,
                                       CASE WHEN m.patrolled_on <= as_of THEN m.patrolled_on END, as_of)
      FROM @extschema@.closed_site_months(NULL, daterange(NULL, (date_trunc('month', as_of) + interval '1 month')::date), as_of) m;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.deadlines_patrol(date) IS
  '期限（考核资料、已取缔/自行歇业/已停业场所每月巡查部分），由 deadlines() 汇总';

-- ===== 移送时限（国务院令第310号） =====
CREATE FUNCTION @extschema@.referral_deadlines(as_of date DEFAULT NULL)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(referral_deadlines.as_of, @extschema@.today()) AS d),
  clocks AS (
    SELECT r.id, r.division_code, '移送审批' AS kind, r.reported_on AS started, r.reported_on + 3 AS due, r.approved_on AS done,
           r.subject_name, r.from_agency, r.to_agency, 1 AS ord
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.reported_on IS NOT NULL
    UNION ALL
    SELECT r.id, r.division_code, '移送交接', r.approved_on, r.approved_on + 1, r.referred_on,
           r.subject_name, r.from_agency, r.to_agency, 2
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.approved_on IS NOT NULL
       AND r.approved IS DISTINCT FROM false
    UNION ALL
    SELECT r.id, r.division_code, '立案审查', coalesce(r.received_on, r.referred_on),
           coalesce(r.received_on, r.referred_on) + 3, r.result_on, r.subject_name, r.from_agency, r.to_agency, 3
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.referred_on IS NOT NULL
  )
  SELECT c.division_code, c.kind,
         '移送#' || c.id || ' ' || @extschema@.pii_name(c.subject_name) || '（' || c.from_agency || '→' || c.to_agency || '）',
         c.due, CASE WHEN c.done <= a.d THEN c.done END,
         @extschema@.deadline_status(c.due, c.done, a.d)
    FROM clocks c, a
   WHERE c.started <= a.d
   ORDER BY c.due, c.id, c.ord;
END;
COMMENT ON FUNCTION @extschema@.referral_deadlines(date) IS
  '移送时限（国务院令第310号，供 deadlines 合并）：移送审批（报告后3日内决定）、移送交接（批准后24小时内移送）、'
  '立案审查（接受后3日内决定是否立案）；列同 deadlines：区划、事项、对象、截止日、完成日、状态；as_of 为空取今天';
ALTER FUNCTION @extschema@.referral_deadlines(date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.referral_deadlines(date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.referral_deadlines(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.referral_deadlines(date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- open referrals, each with its current clock
CREATE FUNCTION @extschema@.open_referrals(division_code text, as_of date DEFAULT NULL)
  RETURNS TABLE (referral_id bigint, division text, from_agency text, to_agency text, subject_name text,
                 reason text, referred_on date, received_on date, next_step text, due_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(open_referrals.as_of, @extschema@.today()) AS d)
  SELECT r.id, d.name, r.from_agency, r.to_agency, @extschema@.pii_name(r.subject_name), coalesce(r.reason, ''),
         CASE WHEN r.referred_on <= a.d THEN r.referred_on END,
         CASE WHEN r.received_on <= a.d THEN r.received_on END,
         coalesce(k.kind, CASE WHEN r.referred_on IS NULL OR r.referred_on > a.d THEN '待移送' ELSE '待处理' END),
         k.due_on, coalesce(k.status, '')
    FROM @extschema@.referral r
    CROSS JOIN a
    LEFT JOIN @extschema@.division d ON d.code = r.division_code
    LEFT JOIN LATERAL (
      SELECT x.kind, x.due_on, x.status FROM @extschema@.referral_deadlines(a.d) x
       WHERE x.reference LIKE '移送#' || r.id || ' %' AND x.done_on IS NULL
       ORDER BY x.due_on LIMIT 1) k ON true
   WHERE @extschema@.covers(open_referrals.division_code, r.division_code)
     AND coalesce(r.reported_on, r.referred_on) <= a.d
     AND (r.result_on IS NULL OR r.result_on > a.d)
     AND r.approved IS DISTINCT FROM false
   ORDER BY k.due_on NULLS LAST, r.id;
END;
COMMENT ON FUNCTION @extschema@.open_referrals(text, date) IS
  '未办结的移送：截至 as_of 尚无处理结果的移送，附下一步事项、截止日与状态（310号令时限，非刑事移送为“待处理”）；as_of 为空取今天';
ALTER FUNCTION @extschema@.open_referrals(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.open_referrals(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.open_referrals(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.open_referrals(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.deadline_date_arg(as_of date) RETURNS date
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF as_of IS NULL OR NOT isfinite(as_of) OR as_of < date '1949-10-01' OR as_of > @extschema@.today() + 3660 THEN
    RAISE EXCEPTION 'as_of % is not a plausible date', coalesce(as_of::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass a finite date between 1949-10-01 and ten years from today, e.g. today()';
  END IF;
  RETURN as_of;
END $$;
COMMENT ON FUNCTION @extschema@.deadline_date_arg(date) IS '参数检查：期限的 as_of 须为有限的合理日期（1949-10-01 至今后十年），否则报 22023';

-- ===== deadlines(): the union of every kind =====
CREATE FUNCTION @extschema@.deadlines(as_of date DEFAULT @extschema@.today())
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT @extschema@.deadline_date_arg(as_of);   -- bad arguments are errors, not empty lists
  SELECT a.division_code, a.kind, a.reference, a.due_on, a.done_on, a.status
    FROM (SELECT * FROM illegal_practice_internal.deadlines_stage_tip(as_of)
          UNION ALL
          SELECT * FROM illegal_practice_internal.deadlines_patrol(as_of)
          UNION ALL
          SELECT * FROM @extschema@.referral_deadlines(as_of)) a
   ORDER BY a.due_on, a.kind, a.division_code, a.reference;
END;
COMMENT ON FUNCTION @extschema@.deadlines(date) IS
  '截至 as_of 的各项期限：阶段总结、考核资料、已取缔/自行歇业场所每月巡查、举报调查、实名举报反馈、移送时限（国务院令310号）；状态为 已完成、逾期完成、已逾期、即将到期、未到期；'
  '只列调用者辖区内的区划；as_of 为空或不合理时报 22023';
ALTER FUNCTION @extschema@.deadlines(date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.deadlines(date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.deadlines(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.deadlines(date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== worklist (issue 21): what is owed now =====
CREATE FUNCTION @extschema@.worklist(division_code text, as_of date)
  RETURNS TABLE (township_code text, township text, site_id bigint, site_name text, kind text, due text, since date)
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  scope text := illegal_practice_internal.patrol_division_arg(division_code);
  towns text[];
  m0 date := date_trunc('month', as_of)::date;
BEGIN
  SELECT coalesce(array_agg(d.code ORDER BY d.code), '{}') INTO towns
    FROM @extschema@.division d WHERE d.level = '乡镇' AND @extschema@.covers(scope, d.code);
  RETURN QUERY
  WITH ts AS (
    SELECT s.id, s.township_code, s.name, s.found_on, @extschema@.site_status_on(s.id, as_of) AS st
      FROM @extschema@.site s
     WHERE s.township_code = ANY (towns) AND (s.found_on IS NULL OR s.found_on <= as_of)
  ), sp AS (
    SELECT p.site_id, p.patrolled_on, p.operating, p.outcome,
           coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业'))
                      OVER (PARTITION BY p.site_id ORDER BY p.patrolled_on, p.id
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS after_persuasion
      FROM @extschema@.patrol p
     WHERE p.township_code = ANY (towns) AND p.site_id IS NOT NULL AND p.patrolled_on <= as_of
  ), ps AS (
    SELECT sp.site_id,
           min(sp.patrolled_on) FILTER (WHERE sp.operating) AS first_operating,
           coalesce(bool_or(sp.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
           min(sp.patrolled_on) FILTER (WHERE sp.outcome = '拒不整改' OR (sp.operating AND sp.after_persuasion)) AS failed,
           max(sp.patrolled_on) FILTER (WHERE sp.outcome = '已取缔') AS last_ban
      FROM sp GROUP BY sp.site_id
  ), w AS (
    -- historical 窝点: found before the campaign's first stage, not patrolled since it began
    SELECT ts.township_code, ts.id, ts.name, '历史窝点回访'::text AS kind,
           c.code || ' ' || fs.name || '：历史窝点回访复查（' || coalesce(ts.found_on::text, '发现日期不详') || ' 发现）' AS due,
           lower(fs.period) AS since
      FROM @extschema@.campaign c
     CROSS JOIN LATERAL (SELECT cs.name, cs.period FROM @extschema@.campaign_stage cs
                          WHERE cs.campaign_id = c.id ORDER BY cs.ordinal, cs.id LIMIT 1) fs
      JOIN ts ON @extschema@.covers(c.division_code, ts.township_code)
     WHERE lower(fs.period) <= as_of
       AND (ts.found_on IS NULL OR ts.found_on < lower(fs.period))
       AND ts.st IS DISTINCT FROM '已取得许可'
       AND NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                        WHERE p.site_id = ts.id AND p.patrolled_on >= lower(fs.period) AND p.patrolled_on <= as_of)
    UNION ALL
    -- found operating, never ordered / persuaded (rule 2.3a)
    SELECT ts.township_code, ts.id, ts.name, '劝导停业',
           ps.first_operating || ' 发现执业，尚未责令限期整改或劝导停业', ps.first_operating
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.first_operating IS NOT NULL AND NOT ps.handled
       AND NOT coalesce(@extschema@.is_closed_status(ts.st) OR ts.st = '已取得许可', false)
    UNION ALL
    -- persuasion failed, no application since and not banned by the township (rule 2.3b)
    SELECT ts.township_code, ts.id, ts.name, '申请联合执法',
           ps.failed || ' 劝导无果，应向县打非办申请协同取缔（附件2）或自行取缔', ps.failed
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.failed IS NOT NULL AND NOT (ps.last_ban >= ps.failed) IS TRUE
       AND NOT coalesce(@extschema@.is_closed_status(ts.st) OR ts.st = '已取得许可', false)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_application a
                        WHERE a.township_code = ts.township_code AND a.applied_on >= ps.failed AND a.applied_on <= as_of)
    UNION ALL
    -- closed sites without this month's visit (rule 2.4, the one definition)
    SELECT m.township_code, m.site_id, m.site_name, '每月巡查',
           pg_catalog.to_char(m.month, 'YYYY-MM') || ' 每月巡查（' || m.status || '，自 ' || m.closed_since || '）', m.month
      FROM @extschema@.closed_site_months(towns, daterange(m0, (m0 + interval '1 month')::date), as_of) m
     WHERE m.patrolled_on IS NULL OR m.patrolled_on > as_of
    UNION ALL
    -- joint actions applied for but not yet held
    SELECT a.township_code, NULL::bigint, NULL::text, '联合行动',
           '联合执法申请 ' || a.applied_on || ' 待县打非办组织联合行动', a.applied_on
      FROM @extschema@.joint_application a
     WHERE a.township_code = ANY (towns) AND a.applied_on <= as_of
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_action j WHERE j.application_id = a.id AND j.acted_on <= as_of)
  )
  SELECT w.township_code, d.name, w.id, w.name, w.kind, w.due, w.since
    FROM w JOIN @extschema@.division d ON d.code = w.township_code
   ORDER BY w.township_code, w.since, w.kind, w.id;
END $$;
COMMENT ON FUNCTION @extschema@.worklist(text, date) IS
  '待办清单（乡镇与县打非办）：截至 as_of 辖区内应办未办的事项——历史窝点未在首个阶段（巡查复查）回访、发现执业未劝导、劝导无果未申请协同取缔、停业场所本月未巡查、已申请未开展联合行动；每行为乡镇、场所、事项、自何日起';

ALTER FUNCTION @extschema@.worklist(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.worklist(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.worklist(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.worklist(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW @extschema@.worklist_today AS
  SELECT w.township_code, w.township, w.site_id, w.site_name, w.kind, w.due, w.since
    FROM @extschema@.division d CROSS JOIN LATERAL @extschema@.worklist(d.code, @extschema@.today()) w
   WHERE d.parent_code IS NULL;
COMMENT ON VIEW @extschema@.worklist_today IS '今日待办清单（BI 用）：worklist(各省, today())，只含调用者辖区内的事项';
COMMENT ON COLUMN @extschema@.worklist_today.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.worklist_today.township IS '乡镇（街道）';
COMMENT ON COLUMN @extschema@.worklist_today.site_id IS '场所编号（联合行动事项为空）';
COMMENT ON COLUMN @extschema@.worklist_today.site_name IS '场所名称';
COMMENT ON COLUMN @extschema@.worklist_today.kind IS '事项：历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动';
COMMENT ON COLUMN @extschema@.worklist_today.due IS '应办内容';
COMMENT ON COLUMN @extschema@.worklist_today.since IS '自何日起应办';
-- owned by the definer: worklist() reads with the caller's scope; BI readers may read it
ALTER VIEW @extschema@.worklist_today OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.worklist_today FROM PUBLIC;
GRANT SELECT ON @extschema@.worklist_today TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- 70_print.sql — printable forms: each form as one self-contained HTML page (inline CSS, no script,
-- no external resource) laid out like its document: 附表/附件 label, title, the multi-level header of
-- the seed, the rows (合计 where the document has one), notes, and the document's own stamp and
-- signature lines where the document puts them (附表1: below the table; 附表2–4: above; 附件1: one
-- 落款 line below, one sheet per township with page numbers). Every value is HTML-escaped. The table
-- cells hold exactly the text of the form function's columns (numbers as ::text, dates as YYYY-MM-DD),
-- so a printed page can be checked against SELECT * FROM form_X(...).

-- ===== helpers =====
CREATE FUNCTION illegal_practice_internal.html_escape(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce(value, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
COMMENT ON FUNCTION illegal_practice_internal.html_escape(text) IS
  'HTML 转义：& < > " '' 分别写作 &amp; &lt; &gt; &quot; &#39;；NULL 为空串';

CREATE FUNCTION illegal_practice_internal.print_date(day date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN day IS NULL THEN '　　　　年　　月　　日'
              ELSE illegal_practice_internal.letter_date(day) END;
COMMENT ON FUNCTION illegal_practice_internal.print_date(date) IS
  '打印表上的日期：2019年8月30日；为空时留出手写空格“    年  月  日”';

CREATE FUNCTION illegal_practice_internal.print_period(period daterange) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN pg_catalog.isempty(period) THEN '（空期间）'
              WHEN pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period) THEN period::text
              ELSE illegal_practice_internal.letter_date(pg_catalog.lower(period)) OPERATOR(pg_catalog.||) '至'
                   OPERATOR(pg_catalog.||) illegal_practice_internal.letter_date(pg_catalog.upper(period) OPERATOR(pg_catalog.-) 1) END;
COMMENT ON FUNCTION illegal_practice_internal.print_period(daterange) IS '打印表上的期间：2019年1月1日至2019年12月31日（最后一天为 upper - 1）';

-- one table row: every cell escaped; the first cell is a row label when label_first is true
CREATE FUNCTION illegal_practice_internal.print_row(css_class text, VARIADIC cells text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN '<tr' OPERATOR(pg_catalog.||) CASE WHEN css_class IS NULL THEN '' ELSE ' class="'
           OPERATOR(pg_catalog.||) illegal_practice_internal.html_escape(css_class) OPERATOR(pg_catalog.||) '"' END
         OPERATOR(pg_catalog.||) '>'
         OPERATOR(pg_catalog.||) (SELECT coalesce(pg_catalog.string_agg('<td>' OPERATOR(pg_catalog.||) illegal_practice_internal.html_escape(c)
                                                   OPERATOR(pg_catalog.||) '</td>', '' ORDER BY n), '')
                                    FROM pg_catalog.unnest(cells) WITH ORDINALITY AS u(c, n))
         OPERATOR(pg_catalog.||) '</tr>' OPERATOR(pg_catalog.||) E'\n';
COMMENT ON FUNCTION illegal_practice_internal.print_row(text, text[]) IS
  '打印表的一行 <tr>：每个单元格内容经 HTML 转义（NULL 为空格子）；css_class 为行的样式类（如 total 表示合计行），可空';

CREATE FUNCTION illegal_practice_internal.print_css() RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN $css$
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-size: 10.5pt; line-height: 1.35;
       font-family: "Noto Serif CJK SC", "Source Han Serif SC", "FangSong", "STFangsong", "SimSun",
                    "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif; }
.attachment, h1, table.form th, table.form tr.total td, .chart {
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
.sheet + .sheet, .page + .page { break-before: page; page-break-before: always; }
.attachment { margin: 0 0 1mm 0; font-size: 12pt; }
h1 { margin: 1mm 0 2mm 0; text-align: center; font-size: 17pt; font-weight: bold; letter-spacing: 0.05em; }
.period { margin: 0 0 2mm 0; text-align: center; font-size: 10pt; }
.meta { display: flex; justify-content: space-between; margin: 2mm 0; padding: 0 4mm; }
.meta span, .footer span { white-space: nowrap; }
table.form { width: 100%; border-collapse: collapse; }
table.form th, table.form td { border: 0.75pt solid #000; padding: 1.2mm 1mm; text-align: center;
                               vertical-align: middle; word-break: normal; overflow-wrap: normal; line-break: strict; }
table.form th { font-weight: bold; font-size: 9.5pt; text-wrap: balance; }
table.form thead { display: table-header-group; }
table.form tr { page-break-inside: avoid; break-inside: avoid; }
table.form tr.total td { font-weight: bold; }
table.form td:first-child { white-space: nowrap; }
table.form tr.empty td { color: #555; height: 9mm; }
/* the stage 汇总表: one row per township of a county (about 20) fits one A4 landscape page */
.sheet[data-form="patrol_summary"] table.form td { padding: 0.55mm 1mm; font-size: 9.5pt; }
table.register { table-layout: fixed; }
table.register td { font-size: 9pt; }
table.register td:nth-child(2), table.register td:nth-child(6), table.register td:nth-child(11),
table.register td:nth-child(12) { white-space: nowrap; }
table.register td:nth-child(4) { word-break: keep-all; }
table.form th.diagonal { position: relative; min-width: 34mm; height: 15mm; padding: 0; }
table.form th.diagonal svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; }
table.form th.diagonal .top { position: absolute; top: 1.2mm; right: 2mm; }
table.form th.diagonal .bottom { position: absolute; bottom: 1.2mm; left: 2mm; }
.note { margin: 2mm 0 0 0; font-size: 9.5pt; }
.footer { display: flex; justify-content: space-between; margin-top: 6mm; padding: 0 4mm; }
.footer .stamp { min-width: 40mm; }
.pageno { text-align: center; font-size: 9pt; margin: 3mm 0 0 0; }
.paged { display: flex; flex-direction: column; min-height: 183mm; }
.paged .pageno { margin-top: auto; padding-top: 3mm; }
.chart svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
@media screen { body { background: #e8e8e8; } .page { background: #fff; width: 297mm; margin: 8mm auto;
                padding: 12mm; box-shadow: 0 0 4px rgba(0,0,0,.3); } .paged { min-height: 210mm; } }
$css$;
COMMENT ON FUNCTION illegal_practice_internal.print_css() IS
  '打印表的样式表：A4 横向、细线表格、表头每页重复、行不跨页、日期电话不折行、合计行加粗、思源（Noto CJK）字体带粗体、屏幕预览灰底白纸';

-- the office that stamps a division's forms (江苏 附表: 市卫生健康委（单位盖章）; 仙居: 县卫健局, 乡镇人民政府)
CREATE FUNCTION illegal_practice_internal.print_office(division_code text) RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d record;
BEGIN
  SELECT v.name, v.level::text AS level INTO d FROM @extschema@.division v WHERE v.code = division_code;
  RETURN CASE WHEN d.name IS NULL THEN NULL
              WHEN d.level IN ('省', '市') THEN d.name || '卫生健康委'
              WHEN d.level = '县' THEN d.name || '卫生健康局'
              WHEN d.name LIKE '%街道' THEN d.name || '办事处'
              ELSE d.name || '人民政府' END;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_office(text) IS
  '区划的填报单位名称（打印表 unit 的默认值）：省、市为“<名称>卫生健康委”（如 南京市卫生健康委），县为“<名称>卫生健康局”，街道为“<名称>办事处”，乡镇为“<名称>人民政府”';

-- the document's stamp line: <单位>（单位盖章）   填报时间：2019年8月30日
CREATE FUNCTION illegal_practice_internal.print_seal_line(unit text, date_label text, filled_on date) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<div class="meta"><span class="unit">' || illegal_practice_internal.html_escape(unit) || '（单位盖章）</span>'
      || '<span class="date">' || illegal_practice_internal.html_escape(date_label) || '：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(filled_on)) || '</span></div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_seal_line(text, text, date) IS
  '原表的盖章行：“<填报单位>（单位盖章）”与“填报时间：2019年8月30日”（date_label 可为 填报日期）；文字经转义';

-- one line of labelled items (落款); '单位盖章' is the stamp area
CREATE FUNCTION illegal_practice_internal.print_sign_line(items text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF items IS NULL OR cardinality(items) = 0 THEN
    RETURN '';
  END IF;
  RETURN '<div class="footer">'
      || (SELECT string_agg(CASE WHEN f LIKE '单位盖章%' THEN '<span class="stamp">' ELSE '<span>' END
                            || illegal_practice_internal.html_escape(f) || '</span>', '' ORDER BY n)
            FROM unnest(items) WITH ORDINALITY AS u(f, n))
      || '</div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_sign_line(text[]) IS
  '落款一行：各项（如 填表人：王某某）依次排开，以“单位盖章”开头的一项留出盖章位置；数组为空时返回空串';

-- a label with its value, or blanks to write by hand
CREATE FUNCTION illegal_practice_internal.print_item(label text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN label OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) coalesce(value, '　　　　　　');
COMMENT ON FUNCTION illegal_practice_internal.print_item(text, text) IS '落款的一项：“标签：值”，值为空时留手写空格';

-- the signers the document lacks, printed only when asked for (given)
CREATE FUNCTION illegal_practice_internal.print_asked(filled_by text, reviewed_by text, phone text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r text[] := '{}';
BEGIN
  IF filled_by IS NOT NULL THEN r := r || illegal_practice_internal.print_item('填表人', filled_by); END IF;
  IF reviewed_by IS NOT NULL THEN r := r || illegal_practice_internal.print_item('审核人', reviewed_by); END IF;
  IF phone IS NOT NULL THEN r := r || illegal_practice_internal.print_item('联系电话', phone); END IF;
  RETURN r;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_asked(text, text, text) IS
  '原表没有的落款项（填表人、审核人、联系电话）：只列出调用者给了值的项，都没给时为空数组';

-- the heading of a sheet: 附件/附表 label, title, 统计期间
CREATE FUNCTION illegal_practice_internal.print_heading(attachment text, title text, period_text text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN CASE WHEN attachment IS NULL THEN '' ELSE '<p class="attachment">' || illegal_practice_internal.html_escape(attachment) || '</p>' || E'\n' END
      || '<h1>' || illegal_practice_internal.html_escape(title) || '</h1>' || E'\n'
      || CASE WHEN period_text IS NULL THEN '' ELSE '<p class="period">统计期间：' || illegal_practice_internal.html_escape(period_text) || '</p>' || E'\n' END;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_heading(text, text, text) IS '打印页的抬头：附件/附表标号、标题（h1）、统计期间（可空）；文字经转义';

-- a table: thead and tbody are HTML already (built with print_row), colgroup may be NULL
CREATE FUNCTION illegal_practice_internal.print_table(css_class text, colgroup text, thead text, tbody text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<table class="form' || CASE WHEN css_class IS NULL THEN '' ELSE ' ' || illegal_practice_internal.html_escape(css_class) END || '">' || E'\n'
      || coalesce(colgroup, '')
      || '<thead>' || E'\n' || thead || '</thead>' || E'\n'
      || '<tbody>' || E'\n' || tbody || '</tbody>' || E'\n' || '</table>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_table(text, text, text, text) IS
  '打印表的表格：class 为 form 加 css_class，可选 colgroup（列宽），thead、tbody 为已拼好的 HTML';

-- a sheet (what one office files): one <div class="page"> per printed page
CREATE FUNCTION illegal_practice_internal.print_sheet(form_name text, pages text[], paged boolean DEFAULT false) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<div class="sheet" data-form="' || illegal_practice_internal.html_escape(form_name) || '">' || E'\n'
      || (SELECT string_agg('<div class="page' || CASE WHEN paged THEN ' paged' ELSE '' END || '">' || E'\n' || p || '</div>' || E'\n', '' ORDER BY n)
            FROM unnest(pages) WITH ORDINALITY AS u(p, n))
      || '</div>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_sheet(text, text[], boolean) IS
  '一份表（一个单位报送的一张）：每个元素为一页（已是 HTML），各页之间分页；paged 为真时页脚（页码）压在页底';

-- the whole HTML document around sheets
CREATE FUNCTION illegal_practice_internal.print_document(title text, body text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN '<!DOCTYPE html>' || E'\n'
      || '<html lang="zh-CN"><head><meta charset="utf-8">'
      || '<meta name="generator" content="illegal_practice">'
      || '<title>' || illegal_practice_internal.html_escape(title) || '</title>'
      || '<style>' || illegal_practice_internal.print_css() || '</style></head>' || E'\n'
      || '<body>' || E'\n' || body || '</body></html>' || E'\n';
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_document(text, text) IS
  '完整的 HTML 文档：标题（已转义）、内嵌样式表 print_css()、正文（一张或多张 print_sheet）；无脚本、无外部文件';

-- the whole page, one sheet: heading, 填报单位（盖章）/填报时间 above, the table, 注, footer items below
-- (kept for pages laid out that way; the forms below place each line where their document does)
CREATE FUNCTION illegal_practice_internal.print_page(form_name text, attachment text, title text, period_text text,
                                       unit text, date_label text, filled_on date,
                                       thead text, tbody text, note text, footer text[])
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN illegal_practice_internal.print_document(title, illegal_practice_internal.print_sheet(form_name, ARRAY[
      illegal_practice_internal.print_heading(attachment, title, period_text)
      || '<div class="meta"><span class="unit">填报单位（盖章）：' || illegal_practice_internal.html_escape(unit) || '</span>'
      || '<span class="date">' || illegal_practice_internal.html_escape(date_label) || '：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(filled_on)) || '</span></div>' || E'\n'
      || illegal_practice_internal.print_table(NULL, NULL, thead, tbody)
      || CASE WHEN note IS NULL THEN '' ELSE '<p class="note">' || illegal_practice_internal.html_escape(note) || '</p>' || E'\n' END
      || illegal_practice_internal.print_sign_line(footer)]));
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_page(text, text, text, text, text, text, date, text, text, text, text[]) IS
  '拼出完整的一页打印页：附表标签、标题、统计期间、填报单位（盖章）与填报时间、表头（thead，已是 HTML）、表体（tbody，已是 HTML）、注、落款各项；文字均经转义';

-- the footer lines: 填表人 / 审核人 / 联系电话 / 单位盖章 (filled in when given, blank lines otherwise)
CREATE FUNCTION illegal_practice_internal.print_footer(filled_by text, reviewed_by text, phone text, phone_label text DEFAULT '联系电话')
  RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['填表人：' OPERATOR(pg_catalog.||) coalesce(filled_by, '　　　　　　'),
               '审核人：' OPERATOR(pg_catalog.||) coalesce(reviewed_by, '　　　　　　'),
               coalesce(phone_label, '联系电话') OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) coalesce(phone, '　　　　　　'),
               '单位盖章'];
COMMENT ON FUNCTION illegal_practice_internal.print_footer(text, text, text, text) IS '打印表落款：填表人、审核人、联系电话（或联系方式）、单位盖章；未给的留空';

-- estimated printed height (mm) of a table row: the most wrapped cell at font_pt, CJK one em, ASCII 0.55 em
CREATE FUNCTION illegal_practice_internal.print_row_height(cells text[], widths_mm numeric[], font_pt numeric) RETURNS numeric
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  em numeric := font_pt * 0.3528;
  lines integer := 1;
  w numeric;
  i integer;
BEGIN
  FOR i IN 1 .. least(cardinality(cells), cardinality(widths_mm)) LOOP
    w := length(coalesce(cells[i], '')) - 0.45 * length(regexp_replace(coalesce(cells[i], ''), '[^\x01-\x7e]', '', 'g'));
    -- 1.05: lines break at word boundaries, not exactly at the edge
    lines := greatest(lines, ceil(w * 1.05 / greatest((widths_mm[i] - 2.4) / em, 1))::integer);
  END LOOP;
  RETURN 2.6 + lines * em * 1.35;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.print_row_height(text[], numeric[], numeric) IS
  '估算表格一行打印后的高度（毫米）：按各格文字宽度（汉字 1 字宽、ASCII 0.55 字宽，留 5% 余量）与列宽求最多的折行数；用于附件1 分页';

CREATE FUNCTION illegal_practice_internal.print_check_args(division_code text, VARIADIC periods daterange[]) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.form_args(division_code, VARIADIC periods);
COMMENT ON FUNCTION illegal_practice_internal.print_check_args(text, daterange[]) IS
  '打印表参数检查（即 form_args）：区划代码须存在（否则 22023），期间须有有限的上下界且非空（否则 22023）；返回区划名称';

-- ===== 附件1 非法行医巡查登记表 =====
-- One sheet per township (each township files its own): its own title, the rows paginated in SQL so that
-- every printed page is one <div class="page"> with the header repeated, 第 x 页 共 y 页 at its foot, and
-- the 注 and the 落款 line (填表人 / 填表日期 / 联系电话 / 审核人 / 单位盖章) below the last row.
CREATE FUNCTION @extschema@.form_patrol_register_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  -- column widths (mm) of the 273 mm between the margins of A4 landscape
  widths numeric[] := '{10,17,30,30,36,27,24,18,22,20,17,22}';
  -- usable height of a page (mm) and what the fixed parts take
  page_h constant numeric := 186;
  head_h constant numeric := 27;      -- 附件1 label, title, 统计期间
  thead_h constant numeric := 17;     -- three lines of header text
  pageno_h constant numeric := 9;     -- 第 x 页 共 y 页
  tail_h constant numeric := 22;      -- 注 and the 落款 line
  colgroup text;
  thead text := '<tr><th>序号</th><th>乡镇</th><th>无证行医<br>单位名称</th><th>负责人及从业人员姓名</th><th>行医地址</th>'
    || '<th>联系电话</th><th>毕业院校</th><th>所学专业</th><th>从医资格</th><th>诊治科目</th>'
    || '<th>是否要联合查处</th><th>巡查日期</th></tr>' || E'\n';
  note text := '<p class="note">注：从医资格情况为：村防保员、村公共卫生联系员、乡村医生、执业助理医师、执业医师、护士、药士、药师等。</p>' || E'\n';
  sign text := illegal_practice_internal.print_sign_line(ARRAY[
    illegal_practice_internal.print_item('填表人', filled_by),
    '填表日期：' || illegal_practice_internal.print_date(coalesce(filled_on, @extschema@.today())),
    illegal_practice_internal.print_item('联系电话', phone),
    illegal_practice_internal.print_item('审核人', reviewed_by),
    CASE WHEN unit IS NULL THEN '单位盖章' ELSE '单位盖章：' || unit END]);
  dv record;
  f record;
  cells text[];
  h numeric;
  townships text[] := '{}';        -- township of each sheet
  sheet_rows text[] := '{}';       -- per sheet: its pages' rows, pages separated by chr(1)
  cur text := '';
  used numeric;
  avail numeric;
  last_row text;
  npages integer;
  pages text[];
  page_rows text[];
  result text := '';
  title text;
  county text;
  i integer;
  j integer;
BEGIN
  SELECT v.level::text AS level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code
   WHERE v.code = division_code;
  colgroup := '<colgroup>' || (SELECT string_agg('<col style="width:' || w || 'mm">', '' ORDER BY n) FROM unnest(widths) WITH ORDINALITY AS u(w, n))
              || '</colgroup>' || E'\n';
  FOR f IN SELECT * FROM @extschema@.form_patrol_register(division_code, period) WITH ORDINALITY
                  AS x(seq, township, unit_name, people, address, phone, school, major, qualification, subjects,
                       joint_enforcement, patrolled_on, n)
           ORDER BY x.n LOOP
    cells := ARRAY[f.seq::text, f.township, f.unit_name, f.people, f.address, f.phone, f.school, f.major,
                   f.qualification, f.subjects, f.joint_enforcement, to_char(f.patrolled_on, 'YYYY-MM-DD')];
    h := illegal_practice_internal.print_row_height(cells, widths, 9);
    IF f.seq = 1 THEN                -- a new township: close the previous sheet, open a new one
      IF cardinality(townships) > 0 THEN
        sheet_rows := sheet_rows || cur;
      END IF;
      townships := townships || f.township;
      cur := '';
      used := 0;
      avail := page_h - head_h - thead_h - pageno_h;
    END IF;
    IF used > 0 AND used + h > avail THEN          -- page full: next page (header repeated, no heading)
      cur := cur || chr(1);
      used := 0;
      avail := page_h - thead_h - pageno_h;
    END IF;
    cur := cur || chr(2) || h::text || chr(3) || illegal_practice_internal.print_row(NULL, VARIADIC cells);
    used := used + h;
  END LOOP;
  IF cardinality(townships) > 0 THEN
    sheet_rows := sheet_rows || cur;
  END IF;

  IF cardinality(townships) = 0 THEN           -- nothing patrolled: one sheet for the division, one empty row
    title := CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dname WHEN '县' THEN dname || '乡镇（街道）'
                           ELSE dname END || '非法行医巡查登记表';
    RETURN illegal_practice_internal.print_document(title, illegal_practice_internal.print_sheet('patrol_register', ARRAY[
      illegal_practice_internal.print_heading('附件1：', title, illegal_practice_internal.print_period(period))
      || illegal_practice_internal.print_table('register', colgroup, thead, '<tr class="empty"><td colspan="12">本期无巡查记录</td></tr>' || E'\n')
      || note || sign || '<p class="pageno">第 1 页 共 1 页</p>' || E'\n'], true));
  END IF;

  FOR i IN 1 .. cardinality(townships) LOOP
    SELECT p.name INTO county
      FROM @extschema@.division t JOIN @extschema@.division p ON p.code = t.parent_code
     WHERE t.name = townships[i] AND t.level = '乡镇' AND @extschema@.covers(division_code, t.code)
     ORDER BY t.code LIMIT 1;
    title := coalesce(county, '') || townships[i] || '非法行医巡查登记表';
    pages := string_to_array(sheet_rows[i], chr(1));
    -- the 落款 must fit below the last row: if not, the last row goes with it onto a page of its own
    page_rows := string_to_array(pages[cardinality(pages)], chr(2));
    used := (SELECT coalesce(sum(split_part(r, chr(3), 1)::numeric), 0) FROM unnest(page_rows) r WHERE r <> '');
    avail := page_h - thead_h - pageno_h - CASE WHEN cardinality(pages) = 1 THEN head_h ELSE 0 END;
    IF used + tail_h > avail THEN
      last_row := page_rows[cardinality(page_rows)];
      pages[cardinality(pages)] := array_to_string(page_rows[1:cardinality(page_rows) - 1], chr(2));
      pages := pages || (chr(2) || last_row);
    END IF;
    npages := cardinality(pages);
    FOR j IN 1 .. npages LOOP
      pages[j] := CASE WHEN j = 1 THEN illegal_practice_internal.print_heading('附件1：', title, illegal_practice_internal.print_period(period)) ELSE '' END
        || illegal_practice_internal.print_table('register', colgroup, thead,
             (SELECT coalesce(string_agg(split_part(r, chr(3), 2), '' ORDER BY n), '')
                FROM unnest(string_to_array(pages[j], chr(2))) WITH ORDINALITY AS u(r, n) WHERE r <> ''))
        || CASE WHEN j = npages THEN note || sign ELSE '' END
        || '<p class="pageno">第 ' || j || ' 页 共 ' || npages || ' 页</p>' || E'\n';
    END LOOP;
    result := result || illegal_practice_internal.print_sheet('patrol_register', pages, true);
  END LOOP;
  title := CASE WHEN cardinality(townships) = 1 THEN title
                ELSE CASE dv.level WHEN '县' THEN dname || '乡镇（街道）' ELSE dname END || '非法行医巡查登记表' END;
  RETURN illegal_practice_internal.print_document(title, result);
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) IS
  '附件1 非法行医巡查登记表的打印页（HTML）：每个乡镇一张（另起一页，标题“仙居县横溪镇非法行医巡查登记表”），'
  '按页排好，每页重复表头、页脚“第 x 页 共 y 页”（每个乡镇分别编页），行不跨页；表格各格即 form_patrol_register 的各列；'
  '表下为注与落款一行：填表人（filled_by）、填表日期（filled_on，默认今天）、联系电话（phone）、审核人（reviewed_by）、单位盖章（给了 unit 时写上单位），未给的留空待手填';
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_register_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表1 打击无证行医情况汇总表 =====
-- The document: label, title, the table, then below it “市卫生健康委（单位盖章）  填报时间：2019年 月 日”.
CREATE FUNCTION @extschema@.form_unlicensed_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(CASE WHEN f.institution_type = '合计' THEN 'total' END,
                      f.institution_type, f.penalized_units::text, f.confiscation_count::text, f.confiscation_wan::text,
                      f.fine_count::text, f.fine_wan::text, f.ban_count::text, f.transferred_cases::text,
                      f.court_judgments::text, f.persons_held_accountable::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_unlicensed_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('打击无证行医情况汇总表', illegal_practice_internal.print_sheet('unlicensed_summary', ARRAY[
    illegal_practice_internal.print_heading('附表1', '打击无证行医情况汇总表', illegal_practice_internal.print_period(period))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th rowspan="2">机构类型</th><th rowspan="2">行政处罚单位数</th><th colspan="5">行政处罚情况</th>'
         || '<th colspan="4">其他情况</th></tr>' || E'\n'
         || '<tr><th>没收违法所得户次</th><th>没收违法所得金额（万元）</th><th>罚款户次</th><th>罚款金额（万元）</th>'
         || '<th>取缔户次</th><th>移送案件数</th><th>法院判决案件数</th><th>因无证行医追责人数</th><th>信息系统录入情况</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) IS
  '附表1 打击无证行医情况汇总表的打印页（HTML）：两级表头（行政处罚情况、其他情况）、五种机构类型与合计；各格即 form_unlicensed_summary 的各列；'
  '表下盖章行“<unit>（单位盖章）　填报时间”：unit 默认为区划的卫生健康委（如 南京市卫生健康委），filled_on 默认今天；'
  '原表没有填表人、审核人、联系电话，给了 filled_by、reviewed_by、phone 时才另起一行列出';
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表2 “回头看”汇总表 =====
-- The document: label and title, “市卫生健康委（单位盖章）  填报时间” above the table, nothing below.
CREATE FUNCTION @extschema@.form_beauty_lookback_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, prior, current);
  body text;
  py text := illegal_practice_internal.html_escape(illegal_practice_internal.period_years(prior));
  cy text := illegal_practice_internal.html_escape(illegal_practice_internal.period_years(current));
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.row_label, f.prior_penalized_units::text, f.prior_rectified_units::text,
                      f.reoffending_units::text, f.order_correct_count::text, f.warning_count::text,
                      f.suspension_count::text, f.fine_count::text, f.fine_wan::text, f.confiscation_wan::text,
                      f.license_revoked_count::text, f.transferred_count::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_beauty_lookback(division_code, prior, current) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('打击非法医疗美容专项行动“回头看”汇总表', illegal_practice_internal.print_sheet('beauty_lookback', ARRAY[
    illegal_practice_internal.print_heading('附表2', '打击非法医疗美容专项行动“回头看”汇总表',
      '前期' || illegal_practice_internal.print_period(prior) || '；本期' || illegal_practice_internal.print_period(current))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th rowspan="2"></th><th rowspan="2">' || py || '打击非法医疗美容专项行动处罚单位数</th>'
         || '<th rowspan="2">' || py || '查处后落实整改单位数</th>'
         || '<th rowspan="2">' || cy || '“回头看”行动中发现再次开展非法医疗美容户数</th>'
         || '<th colspan="8">再次开展非法医疗美容单位</th></tr>' || E'\n'
         || '<tr><th>责令整改数</th><th>警告数</th><th>责令停业整顿户数</th><th>罚款户（人）次</th><th>罚款金额（万元）</th>'
         || '<th>没收违法所得（万元）</th><th>吊销行政许可资质</th><th>移送司法机关</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表2 打击非法医疗美容专项行动“回头看”汇总表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报时间”（unit 默认区划的卫生健康委，filled_on 默认今天）；'
  '两级表头（年份取自前期、本期），行 无证行医、医疗机构；各格即 form_beauty_lookback 的各列；填表人等只在给了时列出';
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表3 再次受处罚对象信息报告表 =====
-- The document: label and title, “市卫生健康委（单位盖章）  填报时间” above the table, nothing below.
CREATE FUNCTION @extschema@.form_repeat_offenders_html(division_code text, prior daterange, current daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, prior, current);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.seq::text, f.subject_name, f.address, f.legal_representative,
                      f.first_cause, f.second_cause), '' ORDER BY f.seq)
    INTO body
    FROM @extschema@.form_repeat_offenders(division_code, prior, current) AS f;
  RETURN illegal_practice_internal.print_document('打击非法医疗美容“回头看”行动中再次受处罚对象信息报告表',
    illegal_practice_internal.print_sheet('repeat_offenders', ARRAY[
    illegal_practice_internal.print_heading('附表3', '打击非法医疗美容“回头看”行动中再次受处罚对象信息报告表',
      '前期' || illegal_practice_internal.print_period(prior) || '；本期' || illegal_practice_internal.print_period(current))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报时间',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         '<tr><th>序号</th><th>被处罚对象</th><th>地址</th><th>法人或负责人</th><th>第一次处罚案由</th>'
         || '<th>第二次处罚或拟处罚案由</th></tr>' || E'\n',
         coalesce(body, '<tr class="empty"><td colspan="6">本期无再次受处罚对象</td></tr>' || E'\n'))
    || illegal_practice_internal.print_sign_line(illegal_practice_internal.print_asked(filled_by, reviewed_by, phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) IS
  '附表3 “回头看”行动中再次受处罚对象信息报告表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报时间”（unit 默认区划的卫生健康委，filled_on 默认今天）；'
  '各格即 form_repeat_offenders 的各列；无对象时一行“本期无再次受处罚对象”；填表人等只在给了时列出';
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders_html(text, daterange, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表4 两非汇总表 =====
-- The document: label, title, “市卫生健康委（单位盖章）  填报日期” above the table, the diagonal header
-- 处理情况 / 案件分类, and below “填表人：  联系方式：”.
CREATE FUNCTION @extschema@.form_two_illegal_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  body text;
BEGIN
  SELECT string_agg(illegal_practice_internal.print_row(NULL, f.category, f.inspected_subjects::text, f.penalty_cases::text,
                      f.order_correct_count::text, f.warning_count::text, f.fine_count::text, f.fine_wan::text,
                      f.confiscation_wan::text, f.certificate_revoked_count::text, f.referred_to_departments::text,
                      f.transferred_to_judiciary::text, f.cases_entered::text), '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_two_illegal_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_document('查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表',
    illegal_practice_internal.print_sheet('two_illegal_summary', ARRAY[
    illegal_practice_internal.print_heading('附表4', '查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表',
                                            illegal_practice_internal.print_period(period))
    || illegal_practice_internal.print_seal_line(coalesce(unit, illegal_practice_internal.print_office(division_code)), '填报日期',
                                                 coalesce(filled_on, @extschema@.today()))
    || illegal_practice_internal.print_table(NULL, NULL,
         -- the diagonal as inline SVG: a vector line from corner to corner, crisp at any resolution
         '<tr><th class="diagonal"><span class="top">处理情况</span><span class="bottom">案件分类</span>'
         || '<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true"><line x1="0" y1="0" x2="100%" y2="100%" stroke="#000" stroke-width="1"/></svg></th>'
         || '<th>检查对象数</th><th>行政处罚数</th><th>责令改正数</th><th>警告数</th><th>罚款户（人）次</th>'
         || '<th>罚款金额（万元）</th><th>没收违法所得（万元）</th><th>吊销执业证书数</th><th>移送相关部门</th>'
         || '<th>移送司法机关</th><th>案件信息系统录入数</th></tr>' || E'\n',
         body)
    || illegal_practice_internal.print_sign_line(ARRAY[illegal_practice_internal.print_item('填表人', filled_by)]
         || CASE WHEN reviewed_by IS NULL THEN '{}'::text[] ELSE ARRAY[illegal_practice_internal.print_item('审核人', reviewed_by)] END
         || illegal_practice_internal.print_item('联系方式', phone))]));
END $$;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) IS
  '附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表的打印页（HTML）：表上盖章行“<unit>（单位盖章）　填报日期”'
  '（unit 默认区划的卫生健康委，filled_on 默认今天），斜线表头“处理情况/案件分类”（内嵌 SVG 矢量线），两行两非类别，各格即 form_two_illegal_summary 的各列；'
  '表下落款 填表人、联系方式（phone），给了 reviewed_by 时加审核人';
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 仙居 阶段汇总表 =====
CREATE FUNCTION @extschema@.form_patrol_summary_html(division_code text, period daterange,
    unit text DEFAULT NULL, filled_on date DEFAULT NULL, filled_by text DEFAULT NULL,
    reviewed_by text DEFAULT NULL, phone text DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  dv record;
  body text;
BEGIN
  SELECT v.level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code WHERE v.code = division_code;
  SELECT string_agg(illegal_practice_internal.print_row(CASE WHEN f.township_code IS NULL THEN 'total' END,
                      f.township, f.patrols::text, f.area_sweeps::text, f.sites_found::text, f.sites_operating::text,
                      f.ordered_count::text, f.persuaded_count::text, f.refused_count::text, f.banned_sites::text,
                      f.joint_applications::text, f.joint_actions::text, f.closed_site_visits_owed::text,
                      f.closed_site_visits_made::text, illegal_practice_internal.visit_share(f.closed_site_visits_made, f.closed_site_visits_owed)),
                    '' ORDER BY f.ordinality)
    INTO body
    FROM @extschema@.form_patrol_summary(division_code, period) WITH ORDINALITY AS f;
  RETURN illegal_practice_internal.print_page('patrol_summary', NULL,
    CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dname WHEN '县' THEN dname || '乡镇（街道）' ELSE dname END
      || '打击非法行医阶段汇总表',
    illegal_practice_internal.print_period(period), coalesce(unit, dname), '填报时间', filled_on,
    '<tr><th rowspan="2">乡镇（街道）</th><th colspan="2">巡查</th><th colspan="2">场所</th>'
    || '<th colspan="3">处理</th><th rowspan="2">取缔场所数</th><th colspan="2">联合执法</th>'
    || '<th colspan="3">停业场所每月巡查</th></tr>' || E'\n'
    || '<tr><th>巡查次数</th><th>其中辖区排查</th><th>巡查场所数</th><th>发现执业场所数</th>'
    || '<th>责令限期整改</th><th>劝导停业</th><th>拒不整改</th><th>申请</th><th>联合行动</th>'
    || '<th>应巡查月次</th><th>已巡查月次</th><th>完成率</th></tr>' || E'\n',
    body,
    '注：取缔场所数含乡镇自行取缔与联合行动取缔；停业场所指已取缔、自行歇业、已停业的场所，每月应巡查一次（整月在统计期间内的月份）。',
    illegal_practice_internal.print_footer(filled_by, reviewed_by, phone));
END $$;
COMMENT ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) IS
  '仙居阶段汇总表的打印页（HTML）：各格即 form_patrol_summary 的各列，末列为每月巡查完成率；unit、filled_on（填报时间）、filled_by、reviewed_by、phone 未给的留空';
ALTER FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_patrol_summary_html(text, daterange, text, date, text, text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;


CREATE FUNCTION @extschema@.assessment_result_html(division_code text, window_id bigint, campaign_id bigint,
    unit text, filled_on date)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dv record;
  what text;
  period daterange;
  body text := '';
  r record;
  n integer;
  prev text := NULL;
  ttl text;
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
  SELECT v.name, v.level, p.name AS parent INTO dv
    FROM @extschema@.division v LEFT JOIN @extschema@.division p ON p.code = v.parent_code WHERE v.code = division_code;
  IF window_id IS NOT NULL THEN
    SELECT rw.name, rw.covers INTO what, period FROM @extschema@.reporting_window rw WHERE rw.id = assessment_result_html.window_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown reporting window %', window_id USING ERRCODE = '22023', HINT = 'see table reporting_window';
    END IF;
  ELSE
    SELECT '全年', range_merge(range_agg(rw.covers)) INTO what, period
      FROM @extschema@.campaign c LEFT JOIN @extschema@.reporting_window rw ON rw.campaign_id = c.id
     WHERE c.id = assessment_result_html.campaign_id GROUP BY c.id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown campaign %', campaign_id USING ERRCODE = '22023', HINT = 'see table campaign';
    END IF;
  END IF;
  FOR r IN SELECT x.*, count(*) OVER (PARTITION BY x.township_code) AS k
             FROM @extschema@.assessment_result_rows(division_code, window_id, campaign_id) WITH ORDINALITY AS x
            ORDER BY x.ordinality LOOP
    body := body || '<tr' || CASE WHEN r.deduction > 0 THEN '' ELSE ' class="clean"' END || '>';
    IF prev IS DISTINCT FROM r.township_code THEN
      body := body || format('<td rowspan="%s">%s</td><td rowspan="%s">%s</td><td rowspan="%s">%s</td>',
                             r.k, illegal_practice_internal.html_escape(r.rank::text), r.k, illegal_practice_internal.html_escape(r.township),
                             r.k, illegal_practice_internal.html_escape(r.deduction::text));
    END IF;
    body := body || '<td>' || illegal_practice_internal.html_escape(r.rule_code) || '</td><td>' || illegal_practice_internal.html_escape(r.clause)
                 || '</td><td>' || illegal_practice_internal.html_escape(r.occurrences::text) || '</td><td>'
                 || illegal_practice_internal.html_escape(r.rule_deduction::text) || '</td><td class="evidence" style="text-align: left">'
                 || illegal_practice_internal.html_escape(r.evidence) || '</td></tr>' || E'\n';
    prev := r.township_code;
  END LOOP;
  ttl := CASE dv.level WHEN '乡镇' THEN coalesce(dv.parent, '') || dv.name WHEN '县' THEN dv.name || '乡镇（街道）' ELSE dv.name END
         || '打击非法行医考核结果（' || what || '）';
  -- the page: heading, unit and date, the table, the rule note, and for one window the ranking chart
  RETURN illegal_practice_internal.print_document(ttl, illegal_practice_internal.print_sheet('assessment_result', ARRAY[
      illegal_practice_internal.print_heading(NULL, ttl,
        CASE WHEN period IS NULL THEN NULL ELSE illegal_practice_internal.print_period(period) END)
      || '<div class="meta"><span class="unit">' || illegal_practice_internal.html_escape(
           coalesce(unit, illegal_practice_internal.print_office(division_code))) || '（单位盖章）</span>'
      || '<span class="date">填报时间：'
      || illegal_practice_internal.html_escape(illegal_practice_internal.print_date(coalesce(filled_on, @extschema@.today()))) || '</span></div>' || E'\n'
      || illegal_practice_internal.print_table(NULL, NULL,
           '<tr><th>名次</th><th>乡镇（街道）</th><th>扣分合计</th><th>条款</th><th>条款内容</th><th>次数</th><th>扣分</th><th>依据</th></tr>' || E'\n',
           CASE WHEN body = '' THEN '<tr class="empty"><td colspan="8">无乡镇</td></tr>' || E'\n' ELSE body END)
      || '<p class="note">' || illegal_practice_internal.html_escape(
           '依据《乡镇、街道打击非法行医考核细则》（附件3）：标志性条款发生即扣分，按次条款按次数扣分；扣分少者名次在前，并列同名次。')
      || '</p>' || E'\n'
      || CASE WHEN window_id IS NULL THEN ''
              ELSE '<div class="chart">' || @extschema@.chart_assessment_ranking(division_code, window_id) || '</div>' || E'\n' END]));
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) IS '考核结果打印页（assessment_summary_html 与 assessment_total_html 共用）';
ALTER FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_html(text, bigint, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_summary_html(division_code text, window_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, window_id, NULL, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) IS
  '考核期间的考核结果打印页（HTML）：名次、乡镇（街道）、扣分合计（跨行），每条扣分条款及其次数、扣分、依据';
ALTER FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary_html(text, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_total_html(division_code text, campaign_id bigint, unit text DEFAULT NULL,
    filled_on date DEFAULT NULL)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.assessment_result_html(division_code, NULL, campaign_id, unit, filled_on);
COMMENT ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) IS
  '专项行动全年考核结果打印页（HTML）：同 assessment_summary_html，扣分按全年口径（标志性条款只扣一次）';
ALTER FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_html(text, bigint, text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- 71_charts.sql — charts for people to look at, as inline SVG (no script, no network, no image file):
-- patrols per township per stage, cases and fines per month, overdue deadlines per township, and the
-- 附件3 ranking. Each chart reads the same functions and views the forms use (form_patrol_register,
-- report_cases_monthly, deadlines, assessment_summary), so it counts only the caller's scope and
-- shows nothing the forms would mask. chart_page_html puts a division's charts on one printable page.

-- ===== the drawing =====
-- Stacked bars: categories × series, vals flattened row by row ((c − 1) × number of series + s).
-- Horizontal bars (one row per category, e.g. townships) or vertical columns (e.g. months); the total
-- is written at the end of each bar, notes[c] (e.g. 第1名) after it. Text is XML-escaped.
CREATE FUNCTION illegal_practice_internal.svg_bars(chart_name text, title text, categories text[], series text[],
    vals numeric[], notes text[], value_label text, horizontal boolean)
  RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  palette constant text[] := '{#4e79a7,#f28e2b,#59a14f,#e15759,#76b7b2,#edc948,#b07aa1,#ff9da7,#9c755f,#bab0ac,#1f77b4,#8c564b,#17becf,#bcbd22}';
  nc integer := coalesce(cardinality(categories), 0);
  ns integer := greatest(coalesce(cardinality(series), 0), 1);
  w constant integer := 1000;
  top_h constant integer := 64;       -- title and legend
  left_w integer := CASE WHEN horizontal THEN 120 ELSE 64 END;
  right_w integer := CASE WHEN horizontal THEN 110 ELSE 20 END;
  row_h constant integer := 24;
  plot_w integer;
  plot_h integer;
  h integer;
  maxv numeric := 0;
  step numeric;
  top_v numeric;
  mag numeric;
  tot numeric;
  v numeric;
  pos numeric;
  len numeric;
  band numeric;
  bar numeric;
  label_every integer;
  out text;
  c integer;
  s integer;
  k integer;
  fmt text;
BEGIN
  FOR c IN 1 .. nc LOOP
    tot := 0;
    FOR s IN 1 .. ns LOOP tot := tot + greatest(coalesce(vals[(c - 1) * ns + s], 0), 0); END LOOP;
    maxv := greatest(maxv, tot);
  END LOOP;
  -- a round axis: 1, 2 or 5 × 10^k per step, five steps or fewer
  IF maxv <= 0 THEN
    step := 1;
  ELSE
    mag := power(10::numeric, floor(log(maxv / 5)));
    step := CASE WHEN maxv / 5 <= mag THEN mag WHEN maxv / 5 <= 2 * mag THEN 2 * mag
                 WHEN maxv / 5 <= 5 * mag THEN 5 * mag ELSE 10 * mag END;
  END IF;
  top_v := greatest(ceil(maxv / step) * step, step);
  IF horizontal THEN
    plot_w := w - left_w - right_w;
    plot_h := greatest(nc, 1) * row_h;
    h := top_h + plot_h + 36;
  ELSE
    plot_w := w - left_w - right_w;
    plot_h := 180;
    h := top_h + plot_h + 44;
  END IF;
  out := '<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="' || illegal_practice_internal.html_escape(chart_name)
      || '" viewBox="0 0 ' || w || ' ' || h || '" width="' || w || '" height="' || h || '" role="img" aria-label="'
      || illegal_practice_internal.html_escape(title) || '" font-family="Noto Sans CJK SC, Source Han Sans SC, SimHei, Microsoft YaHei, WenQuanYi Zen Hei, sans-serif" font-size="12">'
      || '<title>' || illegal_practice_internal.html_escape(title) || '</title>'
      || '<rect x="0" y="0" width="' || w || '" height="' || h || '" fill="#fff"/>'
      || '<text x="' || w / 2 || '" y="22" text-anchor="middle" font-size="16" font-weight="bold">' || illegal_practice_internal.html_escape(title) || '</text>';
  -- legend
  pos := left_w;
  FOR s IN 1 .. coalesce(cardinality(series), 0) LOOP
    out := out || '<rect x="' || pos || '" y="36" width="12" height="12" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '"/>'
        || '<text x="' || pos + 16 || '" y="46">' || illegal_practice_internal.html_escape(series[s]) || '</text>';
    pos := pos + 28 + 13 * length(series[s]);
  END LOOP;
  out := out || '<text x="' || w - right_w || '" y="46" text-anchor="end" fill="#555">' || illegal_practice_internal.html_escape(value_label) || '</text>';
  -- grid and axis values
  k := 0;
  WHILE k * step <= top_v LOOP
    IF horizontal THEN
      pos := left_w + plot_w * (k * step) / top_v;
      out := out || '<line x1="' || round(pos, 1) || '" y1="' || top_h || '" x2="' || round(pos, 1) || '" y2="' || top_h + plot_h
          || '" stroke="#ddd" stroke-width="1"/>'
          || '<text x="' || round(pos, 1) || '" y="' || top_h + plot_h + 16 || '" text-anchor="middle" fill="#333">' || trim_scale(k * step) || '</text>';
    ELSE
      pos := top_h + plot_h - plot_h * (k * step) / top_v;
      out := out || '<line x1="' || left_w || '" y1="' || round(pos, 1) || '" x2="' || left_w + plot_w || '" y2="' || round(pos, 1)
          || '" stroke="#ddd" stroke-width="1"/>'
          || '<text x="' || left_w - 6 || '" y="' || round(pos + 4, 1) || '" text-anchor="end" fill="#333">' || trim_scale(k * step) || '</text>';
    END IF;
    k := k + 1;
  END LOOP;
  -- the bars
  band := CASE WHEN horizontal THEN row_h ELSE plot_w::numeric / greatest(nc, 1) END;
  bar := CASE WHEN horizontal THEN 15 ELSE least(band * 0.7, 48) END;
  label_every := CASE WHEN horizontal THEN 1 ELSE greatest(ceil(nc * 62.0 / plot_w)::integer, 1) END;
  FOR c IN 1 .. nc LOOP
    pos := 0;
    tot := 0;
    IF horizontal THEN
      out := out || '<text x="' || left_w - 6 || '" y="' || top_h + (c - 1) * row_h + 16 || '" text-anchor="end">'
          || illegal_practice_internal.html_escape(categories[c]) || '</text>';
    ELSIF (c - 1) % label_every = 0 THEN
      out := out || '<text x="' || round(left_w + (c - 0.5) * band, 1) || '" y="' || top_h + plot_h + 18 || '" text-anchor="middle">'
          || illegal_practice_internal.html_escape(categories[c]) || '</text>';
    END IF;
    FOR s IN 1 .. ns LOOP
      v := greatest(coalesce(vals[(c - 1) * ns + s], 0), 0);
      CONTINUE WHEN v = 0;
      len := (CASE WHEN horizontal THEN plot_w ELSE plot_h END) * v / top_v;
      IF horizontal THEN
        out := out || '<rect x="' || round(left_w + pos, 1) || '" y="' || round(top_h + (c - 1) * row_h + (row_h - bar) / 2, 1)
            || '" width="' || round(len, 1) || '" height="' || bar || '" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '">';
      ELSE
        out := out || '<rect x="' || round(left_w + (c - 0.5) * band - bar / 2, 1) || '" y="' || round(top_h + plot_h - pos - len, 1)
            || '" width="' || round(bar, 1) || '" height="' || round(len, 1) || '" fill="' || palette[(s - 1) % cardinality(palette) + 1] || '">';
      END IF;
      out := out || '<title>' || illegal_practice_internal.html_escape(categories[c] || ' ' || coalesce(series[s], '') || '：' || trim_scale(v)) || '</title></rect>';
      pos := pos + len;
      tot := tot + v;
    END LOOP;
    IF horizontal THEN
      out := out || '<text x="' || round(left_w + pos + 4, 1) || '" y="' || top_h + (c - 1) * row_h + 16 || '">' || trim_scale(tot) || '</text>';
      IF notes IS NOT NULL AND notes[c] IS NOT NULL THEN
        out := out || '<text x="' || w - 6 || '" y="' || top_h + (c - 1) * row_h + 16 || '" text-anchor="end" font-weight="bold">'
            || illegal_practice_internal.html_escape(notes[c]) || '</text>';
      END IF;
    ELSIF tot > 0 THEN
      out := out || '<text x="' || round(left_w + (c - 0.5) * band, 1) || '" y="' || round(top_h + plot_h - pos - 4, 1)
          || '" text-anchor="middle" font-size="11">' || trim_scale(tot) || '</text>';
    END IF;
  END LOOP;
  IF nc = 0 THEN
    out := out || '<text x="' || w / 2 || '" y="' || top_h + 16 || '" text-anchor="middle" fill="#555">无数据</text>';
  END IF;
  -- the axes
  out := out || '<line x1="' || left_w || '" y1="' || top_h || '" x2="' || left_w || '" y2="' || top_h + plot_h || '" stroke="#000" stroke-width="1"/>'
      || '<line x1="' || left_w || '" y1="' || top_h + plot_h || '" x2="' || left_w + plot_w || '" y2="' || top_h + plot_h || '" stroke="#000" stroke-width="1"/>'
      || '</svg>';
  RETURN out;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.svg_bars(text, text, text[], text[], numeric[], text[], text, boolean) IS
  '画堆叠条形图（内嵌 SVG，无脚本）：categories × series 的值按行展开在 vals 中；horizontal 为真时每个类别一横条（如乡镇），否则每个类别一竖柱（如月份）；'
  '条末写合计，notes 为条后的注（如 第1名）；坐标取整 1/2/5×10^k；文字经 XML 转义';

-- ===== patrols per township per stage =====
CREATE FUNCTION @extschema@.chart_patrol_stages(division_code text, campaign_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  ctitle text;
  names text[];
  stages text[];
  vals numeric[];
BEGIN
  SELECT c.title INTO ctitle FROM @extschema@.campaign c WHERE c.id = campaign_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown campaign %', coalesce(campaign_id::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass an id from campaign';
  END IF;
  SELECT array_agg(s.name ORDER BY s.ordinal) INTO stages FROM @extschema@.campaign_stage s WHERE s.campaign_id = chart_patrol_stages.campaign_id;
  -- the townships of the division that the caller may see, every one listed (none patrolled shows 0)
  SELECT array_agg(d.name ORDER BY d.code) INTO names
    FROM @extschema@.division d
   WHERE d.level = '乡镇' AND @extschema@.covers(division_code, d.code) AND @extschema@.in_caller_scope(d.code);
  SELECT array_agg(coalesce(n.cnt, 0) ORDER BY t.code, s.ordinal) INTO vals
    FROM @extschema@.division t
   CROSS JOIN @extschema@.campaign_stage s
    LEFT JOIN LATERAL (SELECT count(*)::numeric AS cnt FROM @extschema@.form_patrol_register(t.code, s.period) f) n ON true
   WHERE s.campaign_id = chart_patrol_stages.campaign_id
     AND t.level = '乡镇' AND @extschema@.covers(division_code, t.code) AND @extschema@.in_caller_scope(t.code);
  RETURN illegal_practice_internal.svg_bars('patrol_stages', dname || '各乡镇（街道）巡查次数（按工作阶段）', names, stages, vals, NULL,
                                            '巡查登记表所列巡查次数', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) IS
  '图：辖区内每个乡镇（调用者可见的，无巡查的记 0）在专项行动各工作阶段的巡查次数（附件1 巡查登记表的行数），横向堆叠条形图，内嵌 SVG；区划或专项行动不存在报 22023';
ALTER FUNCTION @extschema@.chart_patrol_stages(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_patrol_stages(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_patrol_stages(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== cases and fines per month =====
CREATE FUNCTION @extschema@.chart_cases_monthly(division_code text, period daterange) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  months text[];
  parts text[];
  cases numeric[];
  fines numeric[];
BEGIN
  -- one series per sub-division (a city of the province, a county of the city …), the division itself
  -- for cases filed at its own level; every month of the period, empty ones too
  WITH x AS (
    SELECT r.month, coalesce(c.code, chart_cases_monthly.division_code) AS part_code, coalesce(c.name, dname) AS part,
           sum(r.cases) AS cases, sum(coalesce(r.fine_yuan, 0)) AS fine_yuan
      FROM @extschema@.report_cases_monthly r
      LEFT JOIN @extschema@.division c ON c.parent_code = chart_cases_monthly.division_code AND @extschema@.covers(c.code, r.division_code)
     WHERE @extschema@.covers(chart_cases_monthly.division_code, r.division_code) AND r.month >= lower(period) AND r.month < upper(period)
     GROUP BY 1, 2, 3
  ), ps AS (SELECT DISTINCT x.part_code, x.part FROM x),
  ms AS (SELECT m::date AS m FROM generate_series(date_trunc('month', lower(period)::timestamp),
                                                  (upper(period) - 1)::timestamp, interval '1 month') m)
  SELECT (SELECT array_agg(to_char(ms.m, 'YYYY-MM') ORDER BY ms.m) FROM ms),
         (SELECT array_agg(ps.part ORDER BY ps.part_code) FROM ps),
         (SELECT array_agg(coalesce(x.cases, 0) ORDER BY ms.m, ps.part_code)
            FROM ms CROSS JOIN ps LEFT JOIN x ON x.month = ms.m AND x.part_code = ps.part_code),
         (SELECT array_agg(round(coalesce(x.fine_yuan, 0) / 10000, 2) ORDER BY ms.m, ps.part_code)
            FROM ms CROSS JOIN ps LEFT JOIN x ON x.month = ms.m AND x.part_code = ps.part_code)
    INTO months, parts, cases, fines;
  RETURN '<div class="chart-pair" data-chart="cases_monthly">'
      || illegal_practice_internal.svg_bars('cases_monthly', dname || '每月案件数（' || illegal_practice_internal.print_period(period) || '）',
                                            months, parts, cases, NULL, '案件数（件）', false)
      || illegal_practice_internal.svg_bars('fines_monthly', dname || '每月罚款金额（' || illegal_practice_internal.print_period(period) || '）',
                                            months, parts, fines, NULL, '罚款金额（万元）', false)
      || '</div>';
END $$;
COMMENT ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) IS
  '图：期间内每月的案件数与罚款金额（万元），按下一级区划堆叠（省按市、市按县…），取自 report_cases_monthly（调用者辖区内）；两张竖向柱状图（内嵌 SVG）；区划不存在或期间无界报 22023';
ALTER FUNCTION @extschema@.chart_cases_monthly(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_cases_monthly(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_cases_monthly(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== overdue deadlines per township =====
CREATE FUNCTION @extschema@.chart_deadlines_overdue(division_code text, as_of date DEFAULT @extschema@.today()) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  names text[];
  vals numeric[];
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be NULL' USING ERRCODE = '22023';
  END IF;
  -- every township of the division the caller may see (0 when nothing is late), and any other
  -- division below it that has a late deadline of its own (e.g. a city's stage summary)
  WITH late AS (
    SELECT coalesce((SELECT t.code FROM @extschema@.division t
                      WHERE t.level = '乡镇' AND @extschema@.covers(t.code, d.division_code) LIMIT 1), d.division_code) AS code,
           d.status
      FROM @extschema@.deadlines(as_of) d
     WHERE d.status IN ('已逾期', '逾期完成') AND @extschema@.covers(chart_deadlines_overdue.division_code, d.division_code)
  ), cats AS (
    SELECT t.code FROM @extschema@.division t
     WHERE t.level = '乡镇' AND @extschema@.covers(chart_deadlines_overdue.division_code, t.code) AND @extschema@.in_caller_scope(t.code)
    UNION
    SELECT l.code FROM late l
  )
  SELECT (SELECT array_agg(coalesce(v.name, c.code) ORDER BY c.code) FROM cats c LEFT JOIN @extschema@.division v ON v.code = c.code),
         (SELECT array_agg((SELECT count(*) FROM late l WHERE l.code = c.code AND l.status = x.status)::numeric ORDER BY c.code, x.s)
            FROM cats c CROSS JOIN (VALUES (1, '已逾期'), (2, '逾期完成')) AS x(s, status))
    INTO names, vals;
  RETURN illegal_practice_internal.svg_bars('deadlines_overdue',
           dname || '逾期事项（截至' || illegal_practice_internal.letter_date(as_of) || '）', names,
           ARRAY['已逾期（未完成）', '逾期完成'], vals, NULL, '期限数（阶段总结、考核资料、每月巡查、举报、移送）', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) IS
  '图：截至 as_of（默认今天）辖区内每个乡镇的逾期事项数（deadlines() 中 已逾期 与 逾期完成，按乡镇堆叠；乡镇以上的期限记在其区划名下），横向条形图（内嵌 SVG）；区划不存在报 22023';
ALTER FUNCTION @extschema@.chart_deadlines_overdue(text, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_deadlines_overdue(text, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_deadlines_overdue(text, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 附件3 ranking =====
-- Standalone, so that the 考核结果 page can place it: one bar per township (deduction), rank labels.
CREATE FUNCTION @extschema@.chart_assessment_ranking(division_code text, window_id bigint) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := (SELECT d.name FROM @extschema@.division d WHERE d.code = illegal_practice_internal.patrol_division_arg(division_code));
  wname text;
  names text[];
  vals numeric[];
  notes text[];
BEGIN
  SELECT w.name INTO wname FROM @extschema@.reporting_window w WHERE w.id = window_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown reporting window %', coalesce(window_id::text, 'NULL')
      USING ERRCODE = '22023', HINT = 'pass an id from reporting_window';
  END IF;
  SELECT array_agg(a.township ORDER BY a.rank, a.township_code), array_agg(a.deduction ORDER BY a.rank, a.township_code),
         array_agg('第' || a.rank || '名' ORDER BY a.rank, a.township_code)
    INTO names, vals, notes
    FROM @extschema@.assessment_summary(division_code, window_id) a;
  RETURN illegal_practice_internal.svg_bars('assessment_ranking', dname || '乡镇（街道）打击非法行医考核扣分与排名（' || wname || '）',
                                            names, ARRAY['扣分'], vals, notes, '扣分（分）', true);
END $$;
COMMENT ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) IS
  '图：附件3 考核结果，每个乡镇一横条（扣分），按名次排列，条后写“第N名”；取自 assessment_summary(division_code, window_id)；内嵌 SVG，供考核结果页使用；区划或报送期不存在报 22023';
ALTER FUNCTION @extschema@.chart_assessment_ranking(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_assessment_ranking(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_assessment_ranking(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== a page of charts =====
CREATE FUNCTION @extschema@.chart_page_html(division_code text, period daterange, campaign_id bigint DEFAULT NULL,
    as_of date DEFAULT NULL)
  RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  dname text := illegal_practice_internal.print_check_args(division_code, period);
  day date := coalesce(as_of, least(@extschema@.today(), upper(period) - 1));
  charts text[];
  w record;
BEGIN
  charts := ARRAY[@extschema@.chart_cases_monthly(division_code, period),
                  @extschema@.chart_deadlines_overdue(division_code, day)];
  IF campaign_id IS NOT NULL THEN
    charts := charts || @extschema@.chart_patrol_stages(division_code, campaign_id);
    FOR w IN SELECT r.id FROM @extschema@.reporting_window r WHERE r.campaign_id = chart_page_html.campaign_id ORDER BY r.covers LOOP
      charts := charts || @extschema@.chart_assessment_ranking(division_code, w.id);
    END LOOP;
  END IF;
  RETURN illegal_practice_internal.print_document(dname || '打击非法行医工作图表',
    illegal_practice_internal.print_sheet('charts', (SELECT array_agg(
        CASE WHEN n = 1 THEN illegal_practice_internal.print_heading(NULL, dname || '打击非法行医工作图表', illegal_practice_internal.print_period(period)) ELSE '' END
        || '<div class="chart">' || c || '</div>' || E'\n' ORDER BY n)
      FROM unnest(charts) WITH ORDINALITY AS u(c, n))));
END $$;
COMMENT ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) IS
  '图表页（HTML，可打印，每图一页）：每月案件数与罚款金额、逾期事项（截至 as_of，默认今天与期间末日中较早者）；给了 campaign_id 时加各乡镇各阶段巡查次数与各报送期的考核排名；各图均为内嵌 SVG，无脚本';
ALTER FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.chart_page_html(text, daterange, bigint, date) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
-- 80_bi.sql — the BI layer (docs/bi.md): schema illegal_practice_bi holds only what the BI roles may read,
-- as views with Chinese column names (ODBC clients such as Excel, WPS and Power BI show names, never
-- COMMENTs), no 合计 rows (a BI SUM would count them twice), and only text, integer/bigint, numeric and
-- date columns (no enums, no extension types: JDBC would see Types.OTHER). Each view reads as
-- illegal_practice_definer with the caller's scope (caller()), personal data masked as for the caller.
-- Distinct counts (…单位数, …对象数, 当事人数) are exact within a row and must not be summed across rows.

CREATE SCHEMA illegal_practice_bi;
COMMENT ON SCHEMA illegal_practice_bi IS '打击非法行医 BI 视图：中文列名，不含合计行，只用文本、整数、数值、日期类型；BI 工具只需选这个模式';
REVOKE ALL ON SCHEMA illegal_practice_bi FROM PUBLIC;
GRANT USAGE ON SCHEMA illegal_practice_bi TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
  illegal_practice_reader;

-- columns of a BI view: one COMMENT each, from a list (view, column, comment)
CREATE FUNCTION illegal_practice_internal.bi_comment_columns(view_name regclass, comments text[]) RETURNS void
  LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  i integer;
BEGIN
  FOR i IN 1 .. coalesce(array_length(comments, 1), 0) / 2 LOOP
    EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', view_name, comments[2 * i - 1], comments[2 * i]);
  END LOOP;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.bi_comment_columns(regclass, text[]) IS
  '为 BI 视图逐列加注释：参数为 列名, 注释, 列名, 注释, …（仅安装脚本使用）';
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_comment_columns(regclass, text[]) FROM PUBLIC;

-- ===== 区划 =====
CREATE VIEW illegal_practice_bi.divisions AS
SELECT d.code AS "区划代码", d.name AS "区划名称", d.level::text AS "级别", d.parent_code AS "上级区划代码"
  FROM @extschema@.division d;
COMMENT ON VIEW illegal_practice_bi.divisions IS '行政区划（省、市、县、乡镇），供 BI 关联与筛选';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.divisions', ARRAY[
  '区划代码', '区划代码（县级以上6位，乡镇9位）', '区划名称', '区划名称', '级别', '省、市、县、乡镇', '上级区划代码', '上级区划代码（省为空）']);
ALTER VIEW illegal_practice_bi.divisions OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.divisions FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.divisions TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 案件月报 =====
CREATE VIEW illegal_practice_bi.cases_monthly AS
SELECT r.division_code AS "区划代码", r.division_name AS "区划名称", r.month AS "月份", r.category AS "案件类别",
       r.institution_type AS "机构类型", r.cases AS "案件数", r.subjects AS "当事人数",
       r.penalized_subjects AS "行政处罚单位数", r.penalty_cases AS "行政处罚案件数",
       r.order_correct_cases AS "责令改正户次", r.warning_cases AS "警告户次", r.fine_cases AS "罚款户次",
       r.fine_yuan AS "罚款金额（元）", r.fine_wan AS "罚款金额（万元）",
       r.confiscation_cases AS "没收违法所得户次", r.confiscation_yuan AS "没收违法所得金额（元）",
       r.confiscation_wan AS "没收违法所得金额（万元）", r.goods_confiscated_cases AS "没收药品器械户次",
       r.suspension_cases AS "责令停业整顿户次", r.suspended_subjects AS "责令停业整顿户数",
       r.license_revoked_cases AS "吊销执业许可户次", r.certificate_revoked_cases AS "吊销执业证书户次",
       r.ban_cases AS "取缔户次", r.transferred_to_judiciary AS "移送司法机关案件数",
       r.referred_to_departments AS "移送相关部门案件数", r.court_judgments AS "法院判决案件数",
       r.persons_held_accountable AS "追责人数", r.cases_entered AS "信息系统录入案件数"
  FROM @extschema@.report_cases_monthly r;
COMMENT ON VIEW illegal_practice_bi.cases_monthly IS
  '案件月报：区划 x 月份 x 案件类别 x 机构类型，口径同附表1-4（户次 = 案件数）；无合计行。当事人数、单位数、户数为去重数，不可跨行相加';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.cases_monthly', ARRAY[
  '区划代码', '办案区划代码', '区划名称', '办案区划名称', '月份', '立案（或处罚）月份的第一天', '案件类别', '无证行医、医疗机构违法执业、非法医疗美容等',
  '机构类型', '西医、中医、医疗美容、口腔、其他', '案件数', '案件数', '当事人数', '去重当事人数（不可跨行相加）',
  '行政处罚单位数', '有处罚决定的去重当事人数（不可跨行相加）', '行政处罚案件数', '有处罚决定的案件数',
  '责令改正户次', '有责令改正的案件数', '警告户次', '有警告的案件数', '罚款户次', '有罚款的案件数',
  '罚款金额（元）', '罚款金额合计（元）', '罚款金额（万元）', '罚款金额（万元，四舍五入到4位）',
  '没收违法所得户次', '有没收违法所得的案件数', '没收违法所得金额（元）', '没收违法所得金额（元）',
  '没收违法所得金额（万元）', '没收违法所得金额（万元，四舍五入到4位）', '没收药品器械户次', '有没收药品器械的案件数',
  '责令停业整顿户次', '有责令停业整顿的案件数', '责令停业整顿户数', '责令停业整顿的去重当事人数（不可跨行相加）',
  '吊销执业许可户次', '有吊销执业许可的案件数', '吊销执业证书户次', '有吊销执业证书的案件数', '取缔户次', '有取缔的案件数',
  '移送司法机关案件数', '移送司法机关的案件数', '移送相关部门案件数', '移送相关部门的案件数', '法院判决案件数', '有法院判决的案件数',
  '追责人数', '因非法行医被追责的人数', '信息系统录入案件数', '已录入信息系统的案件数']);
ALTER VIEW illegal_practice_bi.cases_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.cases_monthly FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.cases_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 检查月报 =====
CREATE VIEW illegal_practice_bi.inspections_monthly AS
SELECT r.division_code AS "区划代码", r.division_name AS "区划名称", r.month AS "月份", r.category AS "检查类别",
       r.inspections AS "检查次数", r.inspected_subjects AS "检查对象数"
  FROM @extschema@.report_inspections_monthly r;
COMMENT ON VIEW illegal_practice_bi.inspections_monthly IS '检查月报：区划 x 月份 x 类别的检查次数与检查对象数（去重，不可跨行相加）';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.inspections_monthly', ARRAY[
  '区划代码', '区划代码', '区划名称', '区划名称', '月份', '检查月份的第一天', '检查类别', '两非等检查类别',
  '检查次数', '检查次数', '检查对象数', '去重检查对象数（不可跨行相加）']);
ALTER VIEW illegal_practice_bi.inspections_monthly OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.inspections_monthly FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.inspections_monthly TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 考核排名（附件3）=====
-- a view checks EXECUTE on the functions it calls as the querying role, and the reader may not call
-- assessment_summary() or deadlines() (docs/security.md): the BI views read them through these
-- SECURITY DEFINER functions, which give the ranking and the deadlines inside the caller's scope only.
CREATE FUNCTION illegal_practice_internal.bi_assessment_ranking()
  RETURNS TABLE (campaign text, window_id bigint, window_name text, first_day date, last_day date,
                 township_code text, township text, deduction numeric, rank bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT c.code, w.id, w.name, pg_catalog.lower(w.covers), pg_catalog.upper(w.covers) - 1,
         s.township_code, s.township, s.deduction, s.rank
    FROM @extschema@.reporting_window w
    JOIN @extschema@.campaign c ON c.id = w.campaign_id
   CROSS JOIN LATERAL @extschema@.assessment_summary(c.division_code, w.id) s
   WHERE @extschema@.in_caller_scope(s.township_code)
   ORDER BY w.id, s.rank, s.township_code;
END;
COMMENT ON FUNCTION illegal_practice_internal.bi_assessment_ranking() IS
  'BI 视图 assessment_ranking 的数据：每个考核期、调用者辖区内每个乡镇的总扣分与全县排名';
ALTER FUNCTION illegal_practice_internal.bi_assessment_ranking() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.bi_assessment_ranking() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_assessment_ranking() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.bi_assessment_ranking() TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW illegal_practice_bi.assessment_ranking AS
SELECT r.campaign AS "专项行动", r.window_id AS "考核期编号", r.window_name AS "考核期", r.first_day AS "考核期开始",
       r.last_day AS "考核期结束", r.township_code AS "乡镇代码", r.township AS "乡镇",
       r.deduction AS "扣分", r.rank AS "排名"
  FROM illegal_practice_internal.bi_assessment_ranking() r;
COMMENT ON VIEW illegal_practice_bi.assessment_ranking IS
  '乡镇考核排名（附件3）：每个考核期、调用者辖区内每个乡镇的总扣分与排名（扣分少者在前，并列同名次）；排名在全县范围内计算';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.assessment_ranking', ARRAY[
  '专项行动', '专项行动文号', '考核期编号', '考核期编号（reporting_window.id）', '考核期', '考核资料报送期名称，如 1-6月',
  '考核期开始', '考核期第一天', '考核期结束', '考核期最后一天', '乡镇代码', '乡镇代码（9位）', '乡镇', '乡镇名称',
  '扣分', '该考核期总扣分', '排名', '全县排名（扣分少者在前，并列同名次，如 1,1,3）']);
ALTER VIEW illegal_practice_bi.assessment_ranking OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.assessment_ranking FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.assessment_ranking TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 期限 =====
CREATE FUNCTION illegal_practice_internal.bi_deadlines()
  RETURNS TABLE (division_code text, division_name text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE   -- not PARALLEL SAFE: deadlines() is not
BEGIN ATOMIC
  SELECT x.division_code, d.name, x.kind, x.reference, x.due_on, x.done_on, x.status
    FROM @extschema@.deadlines(@extschema@.today()) x
    LEFT JOIN @extschema@.division d ON d.code = x.division_code;
END;
COMMENT ON FUNCTION illegal_practice_internal.bi_deadlines() IS 'BI 视图 deadlines 的数据：截至今天、调用者辖区内的各项期限（对象姓名按调用者权限脱敏）';
ALTER FUNCTION illegal_practice_internal.bi_deadlines() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.bi_deadlines() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.bi_deadlines() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.bi_deadlines() TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader;

CREATE VIEW illegal_practice_bi.deadlines AS
SELECT x.division_code AS "区划代码", x.division_name AS "区划名称", x.kind AS "事项", x.reference AS "事由",
       x.due_on AS "截止日期", x.done_on AS "完成日期", x.status AS "状态"
  FROM illegal_practice_internal.bi_deadlines() x;
COMMENT ON VIEW illegal_practice_bi.deadlines IS
  '截至今天（illegal_practice.timezone，默认北京时间）的各项期限：阶段总结、考核资料、每月巡查、举报、移送时限；对象姓名按调用者权限脱敏';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.deadlines', ARRAY[
  '区划代码', '负有期限的区划代码', '区划名称', '区划名称', '事项', '阶段总结、考核资料、场所巡查、举报调查、实名举报反馈、移送审批等',
  '事由', '专项行动与阶段、场所或移送对象（姓名脱敏）', '截止日期', '截止日期（含当日）', '完成日期', '完成日期（未完成为空）',
  '状态', '已完成、逾期完成、已逾期、即将到期、未到期']);
ALTER VIEW illegal_practice_bi.deadlines OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.deadlines FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.deadlines TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 今日待办（worklist）=====
CREATE VIEW illegal_practice_bi.worklist AS
SELECT w.township_code AS "乡镇代码", w.township AS "乡镇", w.site_id AS "场所编号",
       @extschema@.pii_name(w.site_name) AS "场所名称", w.kind AS "事项", w.due AS "应办内容", w.since AS "自何日起"
  FROM @extschema@.worklist_today w;
COMMENT ON VIEW illegal_practice_bi.worklist IS
  '今日待办清单：调用者辖区内今天应办的事项（历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动）；场所名称按调用者权限脱敏';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.worklist', ARRAY[
  '乡镇代码', '乡镇（街道）代码', '乡镇', '乡镇（街道）名称', '场所编号', '场所编号（联合行动事项为空）',
  '场所名称', '场所名称（脱敏）', '事项', '历史窝点回访、劝导停业、申请联合执法、每月巡查、联合行动',
  '应办内容', '应办内容', '自何日起', '自何日起应办']);
ALTER VIEW illegal_practice_bi.worklist OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.worklist FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.worklist TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 巡查登记（附件1）=====
CREATE VIEW illegal_practice_bi.patrol_register AS
SELECT p.township AS "乡镇", p.unit_name AS "无证行医单位名称", p.people AS "负责人及从业人员姓名", p.address AS "行医地址",
       p.phone AS "联系电话", p.school AS "毕业院校", p.major AS "所学专业", p.qualification AS "从医资格",
       p.subjects AS "诊治科目", p.joint_enforcement AS "是否要联合查处", p.patrolled_on AS "巡查日期",
       pg_catalog.date_trunc('month', p.patrolled_on)::date AS "巡查月份", top.code AS "省级区划代码"
  FROM @extschema@.division top
 CROSS JOIN LATERAL @extschema@.form_patrol_register(top.code, daterange('1900-01-01', '2200-01-01')) p
 WHERE top.parent_code IS NULL;
COMMENT ON VIEW illegal_practice_bi.patrol_register IS
  '巡查登记（附件1）：调用者辖区内的全部巡查，一行一次；姓名、电话、地址按调用者权限脱敏；按巡查日期或月份筛选';
SELECT illegal_practice_internal.bi_comment_columns('illegal_practice_bi.patrol_register', ARRAY[
  '乡镇', '乡镇名称', '无证行医单位名称', '无证行医单位（场所）名称', '负责人及从业人员姓名', '负责人在前，以、分隔（按权限脱敏）',
  '行医地址', '行医地址（按权限脱敏）', '联系电话', '联系电话（按权限脱敏）', '毕业院校', '负责人毕业院校', '所学专业', '负责人所学专业',
  '从医资格', '负责人从医资格', '诊治科目', '负责人诊治科目', '是否要联合查处', '是 / 否', '巡查日期', '巡查日期',
  '巡查月份', '巡查月份的第一天', '省级区划代码', '所属省级区划代码']);
ALTER VIEW illegal_practice_bi.patrol_register OWNER TO illegal_practice_definer;
REVOKE ALL ON illegal_practice_bi.patrol_register FROM PUBLIC;
GRANT SELECT ON illegal_practice_bi.patrol_register TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- 99_dump_config.sql — pg_dump keeps user rows: every table of the extension is a configuration table
-- (pg_extension_config_dump), except the shipped reference rows and the pre-aggregation bookkeeping.
DO $$
DECLARE
  t regclass;
  s regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
            WHERE c.relnamespace = '@extschema@'::regnamespace AND c.relkind = 'r'
              AND c.relname NOT IN ('calendar_exception', 'report_form', 'calendar_year', 'assessment_rule', 'assessment_rule_set',
                                    'tally_cell_status', 'tally_cell_dirty', 'tally_cell_txn')
              AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                             AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'illegal_practice'))
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(t, '');
    FOR s IN SELECT d.objid::regclass FROM pg_catalog.pg_depend d
              WHERE d.refobjid = t AND d.classid = 'pg_catalog.pg_class'::regclass
                AND d.deptype IN ('a', 'i')
                AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = d.objid) = 'S'
    LOOP
      PERFORM pg_catalog.pg_extension_config_dump(s, '');
    END LOOP;
  END LOOP;
END $$;
