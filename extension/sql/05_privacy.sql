-- 05_privacy.sql — who is asking, and the masks (§7). Loaded early so that forms can mask
-- personal columns for callers who may not see them (analyst, reader). Every mask keeps the
-- character count, never raises, and gives NULL for NULL.

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
