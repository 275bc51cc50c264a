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

CREATE FUNCTION @extschema@.division_check() RETURNS trigger
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
COMMENT ON FUNCTION @extschema@.division_check() IS '触发器：校验区划代码形状、级别与上级关系';
CREATE TRIGGER division_check BEFORE INSERT OR UPDATE ON @extschema@.division
  FOR EACH ROW EXECUTE FUNCTION @extschema@.division_check();
