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
