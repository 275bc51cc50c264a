-- 41_tally_cell.sql — pre-aggregation (issue 8): one tally_state per (division, month, category,
-- institution type), kept current on write by statement-level triggers with transition tables.
-- Exact by construction: a write recomputes every cell it touched from the base tables, under a
-- per-cell advisory lock taken before the recompute's snapshot, so concurrent writers never lose
-- counts (READ COMMITTED: the recompute statement sees every transaction that committed before it
-- got the lock). Distinct subjects stay exact across cells because each state carries its subject set.
-- Forms use the cells when the period is whole months and fall back to the parallel scan otherwise.
CREATE TABLE @extschema@.tally_cell (
  division_code    text NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL,
  state            @extschema@.tally_state NOT NULL,
  PRIMARY KEY (division_code, month, category, institution_type),
  CONSTRAINT tally_cell_month_first CHECK (pg_catalog.date_trunc('month', month) = month)
);
COMMENT ON TABLE @extschema@.tally_cell IS
  '预聚合单元：每个区划、月份、案件类别、机构类型一个汇总状态（写入时由触发器维护，按整月查询时汇总表直接合并）';
COMMENT ON COLUMN @extschema@.tally_cell.division_code IS '区划代码（案件的区划）';
COMMENT ON COLUMN @extschema@.tally_cell.month IS '月份（案件日期 coalesce(decided_on, filed_on) 所在月的第一天）';
COMMENT ON COLUMN @extschema@.tally_cell.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_cell.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.tally_cell.state IS '该单元全部案件的汇总状态（tally_state）';

-- the refresh finds a cell's cases by this index (one range scan per touched cell)
CREATE INDEX enforcement_case_cell_idx ON @extschema@.enforcement_case
  (division_code, category, institution_type, (coalesce(decided_on, filed_on)));

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

CREATE FUNCTION @extschema@.tally_cells_usable() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT s.enabled AND s.valid FROM @extschema@.tally_cell_status s);
COMMENT ON FUNCTION @extschema@.tally_cells_usable() IS '预聚合当前是否可用（开启且完整）';

CREATE FUNCTION @extschema@.is_whole_months(period daterange) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN period IS NOT NULL AND NOT pg_catalog.isempty(period)
     AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)
     AND pg_catalog.date_trunc('month', pg_catalog.lower(period)) = pg_catalog.lower(period)
     AND pg_catalog.date_trunc('month', pg_catalog.upper(period)) = pg_catalog.upper(period);
COMMENT ON FUNCTION @extschema@.is_whole_months(daterange) IS '期间是否由整月组成（起、止都是某月1日）：是则汇总表用预聚合';

-- Recompute the given cells (a jsonb array of keys) from the base tables.
CREATE FUNCTION @extschema@.tally_cells_refresh(cells jsonb) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k record;
  n integer := 0;
BEGIN
  -- lock the cells' hash buckets first, in bucket order (no deadlocks between writers; at most
  -- 64 locks however many cells a bulk load touches; two cells sharing a bucket only serialise)
  FOR k IN SELECT DISTINCT hashtext((c ->> 'd') || '|' || (c ->> 'm') || '|' || (c ->> 'c') || '|' || (c ->> 't')) & 63 AS b
             FROM jsonb_array_elements(cells) c ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('illegal_practice.tally_cell'), k.b);
  END LOOP;
  -- new statements: new snapshots that include every writer that committed before our locks
  DELETE FROM @extschema@.tally_cell t
   USING (SELECT DISTINCT c ->> 'd' AS d, (c ->> 'm')::date AS m, (c ->> 'c')::@extschema@.case_category AS cat,
                 (c ->> 't')::@extschema@.institution_type AS typ FROM jsonb_array_elements(cells) c) x
   WHERE t.division_code = x.d AND t.month = x.m AND t.category = x.cat AND t.institution_type = x.typ;
  -- the affected cases, found through the (division_code) and case-date indexes, then their
  -- actions through the case_id index: cost follows the cells touched, not the table size
  INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
  SELECT c.division_code, date_trunc('month', coalesce(c.decided_on, c.filed_on))::date, c.category, c.institution_type,
         @extschema@.tally(c.subject_id, coalesce(a.kinds, 0), a.fine_yuan, a.confiscation_yuan, a.persons_accountable,
                           c.entered_in_system, c.rectified_on IS NOT NULL)
    FROM (SELECT DISTINCT c ->> 'd' AS d, (c ->> 'm')::date AS m, (c ->> 'c')::@extschema@.case_category AS cat,
                 (c ->> 't')::@extschema@.institution_type AS typ FROM jsonb_array_elements(cells) c) x
    JOIN @extschema@.enforcement_case c
      ON c.division_code = x.d AND c.category = x.cat AND c.institution_type = x.typ
     AND coalesce(c.decided_on, c.filed_on) >= x.m AND coalesce(c.decided_on, c.filed_on) < (x.m + interval '1 month')::date
    CROSS JOIN LATERAL (
      SELECT bit_or(@extschema@.action_bit(y.kind)) AS kinds,
             sum(y.amount_yuan) FILTER (WHERE y.kind = '罚款') AS fine_yuan,
             sum(y.amount_yuan) FILTER (WHERE y.kind = '没收违法所得') AS confiscation_yuan,
             sum(y.persons) FILTER (WHERE y.kind = '追责')::integer AS persons_accountable
        FROM @extschema@.case_action y WHERE y.case_id = c.id) a
   GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_refresh(jsonb) IS
  '按基表重算指定的预聚合单元（先按键顺序加单元锁，再重算；并发写入不丢计数）';

CREATE FUNCTION @extschema@.tally_cells_rebuild() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  LOCK TABLE @extschema@.tally_cell IN EXCLUSIVE MODE;
  DELETE FROM @extschema@.tally_cell;
  INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
  SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
         @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                           f.entered_in_system, f.rectified)
    FROM @extschema@.case_facts f GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  UPDATE @extschema@.tally_cell_status SET valid = true, changed_at = now();
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_rebuild() IS '从基表重建全部预聚合单元，并标记为完整可用；返回单元数';

CREATE FUNCTION @extschema@.preaggregate(enabled boolean) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF enabled THEN
    UPDATE @extschema@.tally_cell_status SET enabled = true, changed_at = now();
    RETURN '预聚合已开启并重建：' || @extschema@.tally_cells_rebuild() || ' 个单元';
  END IF;
  UPDATE @extschema@.tally_cell_status SET enabled = false, valid = false, changed_at = now();
  RETURN '预聚合已关闭：汇总表改用扫描；开启时自动重建';
END $$;
COMMENT ON FUNCTION @extschema@.preaggregate(boolean) IS
  '开关预聚合（如大批量导入前关闭、导入后开启）：关闭后汇总表改为扫描基表，开启时从基表重建';

-- the key of the cell a case belongs to, as the jsonb the refresh takes
CREATE FUNCTION @extschema@.tally_cell_key(division_code text, case_date date, category @extschema@.case_category,
                                           institution_type @extschema@.institution_type) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.jsonb_build_object('d', division_code, 'm', pg_catalog.date_trunc('month', case_date)::date,
                                       'c', category, 't', institution_type);
COMMENT ON FUNCTION @extschema@.tally_cell_key(text, date, @extschema@.case_category, @extschema@.institution_type) IS
  '案件所在预聚合单元的键（区划、月份、类别、机构类型），jsonb 形式';

-- statement-level triggers: collect the cells a statement touched, then refresh them
CREATE FUNCTION @extschema@.tally_case_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cells jsonb;
BEGIN
  IF NOT (SELECT s.enabled FROM @extschema@.tally_cell_status s) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(DISTINCT @extschema@.tally_cell_key(n.division_code, coalesce(n.decided_on, n.filed_on), n.category, n.institution_type)) INTO cells FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(DISTINCT @extschema@.tally_cell_key(o.division_code, coalesce(o.decided_on, o.filed_on), o.category, o.institution_type)) INTO cells FROM old_rows o;
  ELSE
    SELECT jsonb_agg(DISTINCT x) INTO cells FROM (
      SELECT @extschema@.tally_cell_key(n.division_code, coalesce(n.decided_on, n.filed_on), n.category, n.institution_type) x FROM new_rows n
      UNION ALL
      SELECT @extschema@.tally_cell_key(o.division_code, coalesce(o.decided_on, o.filed_on), o.category, o.institution_type) FROM old_rows o) u;
  END IF;
  IF cells IS NOT NULL THEN
    PERFORM @extschema@.tally_cells_refresh(cells);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.tally_case_changed() IS '语句级触发器：案件增删改后重算受影响的预聚合单元';

CREATE FUNCTION @extschema@.tally_action_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cells jsonb;
BEGIN
  IF NOT (SELECT s.enabled FROM @extschema@.tally_cell_status s) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(DISTINCT @extschema@.tally_cell_key(c.division_code, coalesce(c.decided_on, c.filed_on), c.category, c.institution_type)) INTO cells
      FROM @extschema@.enforcement_case c WHERE c.id IN (SELECT n.case_id FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(DISTINCT @extschema@.tally_cell_key(c.division_code, coalesce(c.decided_on, c.filed_on), c.category, c.institution_type)) INTO cells
      FROM @extschema@.enforcement_case c WHERE c.id IN (SELECT o.case_id FROM old_rows o);
  ELSE
    SELECT jsonb_agg(DISTINCT @extschema@.tally_cell_key(c.division_code, coalesce(c.decided_on, c.filed_on), c.category, c.institution_type)) INTO cells
      FROM @extschema@.enforcement_case c
     WHERE c.id IN (SELECT n.case_id FROM new_rows n UNION SELECT o.case_id FROM old_rows o);
  END IF;
  IF cells IS NOT NULL THEN
    PERFORM @extschema@.tally_cells_refresh(cells);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.tally_action_changed() IS '语句级触发器：处理措施增删改后重算其案件所在的预聚合单元';

CREATE TRIGGER tally_case_ins AFTER INSERT ON @extschema@.enforcement_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_case_changed();
CREATE TRIGGER tally_case_upd AFTER UPDATE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_case_changed();
CREATE TRIGGER tally_case_del AFTER DELETE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_case_changed();
CREATE TRIGGER tally_action_ins AFTER INSERT ON @extschema@.case_action
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_action_changed();
CREATE TRIGGER tally_action_upd AFTER UPDATE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_action_changed();
CREATE TRIGGER tally_action_del AFTER DELETE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_action_changed();
