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
