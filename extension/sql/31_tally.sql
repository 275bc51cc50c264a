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
