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
