-- 91_mask.sql — masked_view(), which builds the analyst's masked view of a table.
-- The masks themselves are in 05_privacy.sql.

-- masks: a JSON object column → kind, kind one of name, phone, address, resident_id, hide.
CREATE FUNCTION @extschema@.masked_view(tbl regclass, masks jsonb, view_name text DEFAULT NULL)
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
           CASE masks ->> a.attname
             WHEN 'name' THEN format('@extschema@.mask_name(t.%1$I::text) AS %1$I', a.attname)
             WHEN 'phone' THEN format('@extschema@.mask_phone(t.%1$I::text) AS %1$I', a.attname)
             WHEN 'address' THEN format('@extschema@.mask_address(t.%1$I::text) AS %1$I', a.attname)
             WHEN 'resident_id' THEN format('@extschema@.mask(t.%1$I::@extschema@.resident_id) AS %1$I', a.attname)
             WHEN 'hide' THEN format('NULL::text AS %1$I', a.attname)
             ELSE format('t.%1$I', a.attname) END, ', ' ORDER BY a.attnum)
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
COMMENT ON FUNCTION @extschema@.masked_view(regclass, jsonb, text) IS
  '为数据表建脱敏视图（默认名 表名_masked，同一 schema）：masks 为 {列名: name|phone|address|resident_id|hide}；'
  '视图属 illegal_practice_definer，行仍按调用者辖区过滤；授权分析员与管理员读取。仅表属主可执行';
REVOKE ALL ON FUNCTION @extschema@.masked_view(regclass, jsonb, text) FROM PUBLIC;
