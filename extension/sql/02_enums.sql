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
