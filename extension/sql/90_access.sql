-- 90_access.sql — 权限 (§7): group roles, caller(), user_scope, the scope looked up once per
-- query, audit_log and its trigger, and secure_table()/share_table() that put row-level
-- security, grants and the audit trigger on a table. 90–98 load after every table;
-- 98_apply.sql applies them to the tables. See docs/security.md.

-- ===== roles =====
-- Roles are cluster-wide: they are created when missing and OUTLIVE DROP EXTENSION (and are
-- shared by every database of the cluster). A pre-existing role with SUPERUSER or BYPASSRLS
-- would silently defeat row-level security, so the script refuses to install then.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['illegal_practice_admin', 'illegal_practice_clerk', 'illegal_practice_analyst',
                           'illegal_practice_reader', 'illegal_practice_definer'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', r);
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r AND (rolsuper OR rolbypassrls)) THEN
      RAISE EXCEPTION 'role % exists with SUPERUSER or BYPASSRLS', r
        USING ERRCODE = '42501', DETAIL = 'such a role would bypass the extension''s row-level security',
              HINT = pg_catalog.format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS, then CREATE EXTENSION again', r);
    END IF;
  END LOOP;
  -- the owner of every SECURITY DEFINER object must never log in
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'illegal_practice_definer' AND rolcanlogin) THEN
    RAISE EXCEPTION 'role illegal_practice_definer can log in'
      USING ERRCODE = '42501', HINT = 'ALTER ROLE illegal_practice_definer NOLOGIN, then CREATE EXTENSION again';
  END IF;
END $$;
GRANT USAGE ON SCHEMA @extschema@ TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst,
  illegal_practice_reader, illegal_practice_definer;

-- ===== who is asking =====
CREATE FUNCTION @extschema@.covers_any(scopes text[], code text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'ip_covers_any' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.covers_any(text[], text) IS
  '辖区集合是否包含 code：任一辖区 covers(辖区, code) 即真；含 000000（全国）则包含一切；从不报错';

-- ===== user_scope =====
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
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.invalidate_cache();

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
CREATE FUNCTION @extschema@.scope_predicate(scope_expr text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.format('@extschema@.in_caller_scope(%s)', scope_expr);
COMMENT ON FUNCTION @extschema@.scope_predicate(text) IS
  '生成行级安全策略的条件文本：in_caller_scope(区划表达式)';

ALTER TABLE @extschema@.user_scope ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.user_scope FORCE ROW LEVEL SECURITY;
-- an admin manages scopes only within their own scope (cannot grant more than they hold)
CREATE POLICY user_scope_admin ON @extschema@.user_scope FOR ALL TO illegal_practice_admin
  USING (@extschema@.in_caller_scope(division_code))
  WITH CHECK (@extschema@.in_caller_scope(division_code));
CREATE POLICY user_scope_definer ON @extschema@.user_scope FOR SELECT TO illegal_practice_definer USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.user_scope TO illegal_practice_admin;
GRANT SELECT ON @extschema@.user_scope TO illegal_practice_definer;

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
  new           jsonb
);
CREATE INDEX audit_log_table_row_idx ON @extschema@.audit_log (table_name, row_id);
CREATE INDEX audit_log_at_idx ON @extschema@.audit_log (at);
COMMENT ON TABLE @extschema@.audit_log IS '审计日志：每张数据表的每次增删改，由触发器写入；任何角色不能直接写，仅管理员可读';
COMMENT ON COLUMN @extschema@.audit_log.id IS '编号';
COMMENT ON COLUMN @extschema@.audit_log.at IS '时间';
COMMENT ON COLUMN @extschema@.audit_log.actor IS '操作者：生效角色（SECURITY DEFINER 函数之外的角色，caller()）';
COMMENT ON COLUMN @extschema@.audit_log.session_actor IS '会话用户（session_user，登录身份）';
COMMENT ON COLUMN @extschema@.audit_log.table_name IS '表名';
COMMENT ON COLUMN @extschema@.audit_log.op IS '操作：INSERT / UPDATE / DELETE';
COMMENT ON COLUMN @extschema@.audit_log.row_id IS '行标识（主键值，多列以 / 连接）';
COMMENT ON COLUMN @extschema@.audit_log.old IS '修改前的整行（INSERT 为空）';
COMMENT ON COLUMN @extschema@.audit_log.new IS '修改后的整行（DELETE 为空）';
ALTER TABLE @extschema@.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_admin_read ON @extschema@.audit_log FOR SELECT TO illegal_practice_admin USING (true);
CREATE POLICY audit_log_trigger_write ON @extschema@.audit_log FOR INSERT TO illegal_practice_definer WITH CHECK (true);
GRANT SELECT ON @extschema@.audit_log TO illegal_practice_admin;
GRANT INSERT ON @extschema@.audit_log TO illegal_practice_definer;

-- Trigger arguments: the key columns (default id); row_id joins their values with '/'.
CREATE FUNCTION @extschema@.audit_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  o jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN pg_catalog.to_jsonb(OLD) END;
  n jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN pg_catalog.to_jsonb(NEW) END;
  keys text[] := CASE WHEN TG_NARGS = 0 THEN ARRAY['id'] ELSE TG_ARGV END;
  k text;
  rid text;
BEGIN
  FOREACH k IN ARRAY keys LOOP
    rid := CASE WHEN rid IS NULL THEN '' ELSE rid || '/' END || coalesce(coalesce(n, o) ->> k, '');
  END LOOP;
  INSERT INTO @extschema@.audit_log (actor, session_actor, table_name, op, row_id, old, new)
  VALUES (@extschema@.caller(), session_user, TG_TABLE_NAME, TG_OP, rid, o, n);
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.audit_row() IS
  '审计触发器：把每行的增删改写入 audit_log（操作者 = caller()，会话用户 = session_user）；参数为主键列名，默认 id';
ALTER FUNCTION @extschema@.audit_row() OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.audit_row() FROM PUBLIC;

-- ===== secure_table / share_table =====
-- Not SECURITY DEFINER on purpose: they run DDL (policies, grants, triggers) that only the
-- table's owner may run, so they run with the caller's rights; PUBLIC cannot execute them.
CREATE FUNCTION @extschema@.secure_table(tbl regclass, scope_expr text, personal boolean DEFAULT true,
                                          key_columns text[] DEFAULT ARRAY['id'])
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
  pred := @extschema@.scope_predicate(expr);
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
  EXECUTE format('DROP TRIGGER IF EXISTS ip_audit ON %s', tbl);
  EXECUTE format('CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row(%s)',
                 tbl, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) c));
END $$;
COMMENT ON FUNCTION @extschema@.secure_table(regclass, text, boolean, text[]) IS
  '数据表加锁：启用并强制行级安全；录入员、管理员在辖区内读写，分析员与定义者角色在辖区内只读；授权；挂审计触发器。'
  'scope_expr 为区划列名，或取父行区划的子查询（子表随父表）；personal=false 时分析员可直接读基表。仅表属主可执行';
REVOKE ALL ON FUNCTION @extschema@.secure_table(regclass, text, boolean, text[]) FROM PUBLIC;

CREATE FUNCTION @extschema@.share_table(tbl regclass, write_scope_expr text DEFAULT NULL,
                                         key_columns text[] DEFAULT ARRAY['id'])
  RETURNS void LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  pred text := CASE WHEN write_scope_expr IS NULL THEN 'true' ELSE @extschema@.scope_predicate(write_scope_expr) END;
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
  EXECUTE format('DROP TRIGGER IF EXISTS ip_audit ON %s', tbl);
  EXECUTE format('CREATE TRIGGER ip_audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_row(%s)',
                 tbl, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) c));
END $$;
COMMENT ON FUNCTION @extschema@.share_table(regclass, text, text[]) IS
  '参考数据表（区划、日历、专项行动等）：所有角色可读，管理员可写（给出 write_scope_expr 时只能写辖区内的行）；启用并强制行级安全，挂审计触发器。仅表属主可执行';
REVOKE ALL ON FUNCTION @extschema@.share_table(regclass, text, text[]) FROM PUBLIC;
