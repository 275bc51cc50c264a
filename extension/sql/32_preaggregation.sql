-- 32_preaggregation.sql — pre-aggregation of the cases for 附表1, kept current on write, exact by construction.
--   tally_cell    one tally_state per (division, month, category, institution type) of the cases
--                 filed under exactly that division code;
--   tally_rollup  the same for every covering code (self, county, city, province: division_ancestors),
--                 the union of the cells it covers, per month and per whole year — a province-wide
--                 form over two whole years reads 2 rows per institution type.
-- The cells never depend on who writes: the upkeep runs as illegal_practice_tally, whose policies on
-- enforcement_case and case_action see every row. Readers see the roll-ups only of divisions inside
-- their scope (policy ip_definer on tally_rollup); a form asked for a larger division combines the
-- roll-ups of the scope's divisions inside it (scope_within()), or scans.
-- Writes do not refresh at once: statement-level triggers (transition tables) note the touched
-- cells in tally_cell_dirty, and one deferred constraint trigger per transaction recomputes them at
-- commit — so a bulk load of many COPY statements pays one set-based recompute, not one per statement.
-- The recompute takes per-key advisory locks (64 hash buckets, in order) before its statements'
-- snapshots, so concurrent writers never lose counts (READ COMMITTED: each statement sees every
-- transaction that committed before the lock was granted). Until its commit, a transaction that has
-- pending cells reads forms by the scan (tally_cells_usable() is false for it), so it sees its own writes.
-- Distinct subjects stay exact across cells because each state carries its subject set.

CREATE TABLE @extschema@.tally_cell (
  division_code    text COLLATE "C" NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL,
  state            @extschema@.tally_state NOT NULL,
  PRIMARY KEY (category, institution_type, month, division_code),
  CONSTRAINT tally_cell_month_first CHECK (pg_catalog.date_trunc('month', month) = month)
);
COMMENT ON TABLE @extschema@.tally_cell IS
  '预聚合单元：每个区划（案件本身的区划代码）、月份、案件类别、机构类型一个汇总状态（提交时由触发器维护）';
COMMENT ON COLUMN @extschema@.tally_cell.division_code IS '区划代码（案件的区划）';
COMMENT ON COLUMN @extschema@.tally_cell.month IS '月份（案件日期 coalesce(decided_on, filed_on) 所在月的第一天）';
COMMENT ON COLUMN @extschema@.tally_cell.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_cell.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.tally_cell.state IS '该单元全部案件的汇总状态（tally_state）';

ALTER TABLE @extschema@.tally_cell ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell TO illegal_practice_tally;

CREATE TABLE @extschema@.tally_rollup (
  division_code    text COLLATE "C" NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL,
  whole_year       boolean NOT NULL DEFAULT false,
  state            @extschema@.tally_state NOT NULL,
  PRIMARY KEY (division_code, category, whole_year, month, institution_type),
  CONSTRAINT tally_rollup_year_first CHECK (NOT whole_year OR pg_catalog.date_trunc('year', month) = month)
);
-- roll-up states are large (a province-year holds tens of thousands of subjects) and read by every
-- whole-month form: kept uncompressed (about 1.8× the space, no pglz decompression per read)
ALTER TABLE @extschema@.tally_rollup ALTER COLUMN state SET STORAGE EXTERNAL;
COMMENT ON TABLE @extschema@.tally_rollup IS
  '预聚合汇总：每个区划（含其全部下级）、月份、类别、机构类型一个汇总状态，= 其所辖预聚合单元的合并；汇总表按整月直接读取';
COMMENT ON COLUMN @extschema@.tally_rollup.division_code IS '区划代码（覆盖其下全部区划的案件）';
COMMENT ON COLUMN @extschema@.tally_rollup.month IS '月份（每月1日）；整年汇总行为该年1月1日';
COMMENT ON COLUMN @extschema@.tally_rollup.whole_year IS '是否整年汇总（= 该年12个月汇总的合并）';
COMMENT ON COLUMN @extschema@.tally_rollup.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_rollup.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.tally_rollup.state IS '所辖全部案件的汇总状态（tally_state）';

ALTER TABLE @extschema@.tally_rollup ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_rollup FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_rollup FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_rollup FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_rollup TO illegal_practice_tally;
-- readers (the definer-owned forms) see the roll-ups of divisions inside the caller's scope only
CREATE POLICY ip_definer ON @extschema@.tally_rollup FOR SELECT TO illegal_practice_definer
  USING (@extschema@.in_caller_scope(division_code));
GRANT SELECT ON @extschema@.tally_rollup TO illegal_practice_definer;

CREATE TABLE @extschema@.tally_cell_dirty (
  division_code    text NOT NULL,
  month            date NOT NULL,
  category         @extschema@.case_category NOT NULL,
  institution_type @extschema@.institution_type NOT NULL
);
COMMENT ON TABLE @extschema@.tally_cell_dirty IS '待重算的预聚合单元（本事务写入触及的单元，提交时重算并清空）';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.division_code IS '区划代码';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.month IS '月份（每月1日）';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.category IS '案件类别';
COMMENT ON COLUMN @extschema@.tally_cell_dirty.institution_type IS '机构类型';

ALTER TABLE @extschema@.tally_cell_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_dirty FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_dirty FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_dirty TO illegal_practice_tally;
-- keys only (no counts): read by tally_cells_usable() inside the forms
CREATE POLICY ip_definer ON @extschema@.tally_cell_dirty FOR SELECT TO illegal_practice_definer USING (true);
GRANT SELECT ON @extschema@.tally_cell_dirty TO illegal_practice_definer;

CREATE TABLE @extschema@.tally_cell_txn (
  xid xid8 PRIMARY KEY
);
COMMENT ON TABLE @extschema@.tally_cell_txn IS '有待重算单元的事务（每事务一行，触发一次提交时重算）';
COMMENT ON COLUMN @extschema@.tally_cell_txn.xid IS '事务号';

ALTER TABLE @extschema@.tally_cell_txn ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_txn FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_txn FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_txn FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_txn TO illegal_practice_tally;

-- the refresh finds a cell's cases by this index (one range scan per touched cell)
-- (only leak-proof comparisons, text and date, can be index conditions under row-level security)
CREATE INDEX enforcement_case_cell_idx ON @extschema@.enforcement_case (division_code, case_date);

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

ALTER TABLE @extschema@.tally_cell_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.tally_cell_status FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON @extschema@.tally_cell_status FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON @extschema@.tally_cell_status FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tally_cell_status TO illegal_practice_tally;
CREATE POLICY ip_read ON @extschema@.tally_cell_status FOR SELECT
  TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer USING (true);
GRANT SELECT ON @extschema@.tally_cell_status TO illegal_practice_admin, illegal_practice_clerk,
  illegal_practice_analyst, illegal_practice_reader, illegal_practice_definer;
SELECT illegal_practice_internal.audit_triggers('@extschema@.tally_cell_status', '''singleton''');

-- plpgsql: keeps its two lookups' plans for the session (a SQL function is re-planned per call)
CREATE FUNCTION @extschema@.tally_cells_usable() RETURNS boolean
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN (SELECT s.enabled AND s.valid FROM @extschema@.tally_cell_status s)
     AND NOT EXISTS (SELECT FROM @extschema@.tally_cell_dirty);
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_usable() IS
  '预聚合当前是否可用（开启、完整，且本事务没有待提交时重算的单元）';


-- whole_months / whole_years are written to be inlined into the forms' plans: not STRICT (NULL is
-- handled explicitly) and only immutable parts (date_trunc on timestamp, not on timestamptz)
CREATE FUNCTION illegal_practice_internal.whole_months(period daterange) RETURNS daterange
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN period IS NULL THEN NULL
              WHEN pg_catalog.isempty(period) OR pg_catalog.lower_inf(period) OR pg_catalog.upper_inf(period)
                THEN 'empty'::daterange
              WHEN (pg_catalog.date_trunc('month', (pg_catalog.lower(period) - 1)::timestamp) + interval '1 month')::date
                   < pg_catalog.date_trunc('month', pg_catalog.upper(period)::timestamp)::date
                THEN pg_catalog.daterange((pg_catalog.date_trunc('month', (pg_catalog.lower(period) - 1)::timestamp) + interval '1 month')::date,
                                          pg_catalog.date_trunc('month', pg_catalog.upper(period)::timestamp)::date)
              ELSE 'empty'::daterange END;
COMMENT ON FUNCTION illegal_practice_internal.whole_months(daterange) IS
  '期间内的整月部分，如 [2019-03-02,2019-06-15) → [2019-04-01,2019-06-01)：汇总表这部分用预聚合，两端零头扫描基表';

CREATE FUNCTION illegal_practice_internal.whole_years(period daterange) RETURNS date[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN period IS NULL THEN NULL ELSE
         ARRAY[(pg_catalog.date_trunc('year', (pg_catalog.lower(illegal_practice_internal.whole_months(period)) - 1)::timestamp) + interval '1 year')::date,
               pg_catalog.date_trunc('year', pg_catalog.upper(illegal_practice_internal.whole_months(period))::timestamp)::date] END;
COMMENT ON FUNCTION illegal_practice_internal.whole_years(daterange) IS
  '期间内整年部分的起止 [第一个整年的1月1日, 最后一个整年之后的1月1日)；起不小于止时没有整年；期间没有整月时为 {NULL,NULL}';

-- The scope-side of the roll-ups: the divisions whose roll-ups make up what the caller may see of
-- `code` — code itself when the caller's scope covers it, otherwise the caller's outermost scope
-- divisions inside it (disjoint, so their roll-ups add up to exactly the rows the scan would see).
-- C, from the caller scope in_caller_scope() keeps (caller.c): no query per call (the SQL version ran
-- caller_scope() twice per form, about a third of a scoped whole-month form)
CREATE FUNCTION @extschema@.scope_within(code text) RETURNS text[]
  AS 'MODULE_PATHNAME', 'ip_scope_within' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scope_within(text) IS
  '调用者在区划 code 内可见的范围：辖区包含 code 时为 {code}；否则为调用者辖区中位于 code 之内的最外层区划（互不包含）；汇总表据此合并预聚合';

-- the month of a case date: the cell key's month, written once
CREATE FUNCTION illegal_practice_internal.tally_month(day date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.date_trunc('month', day::timestamp)::date;
COMMENT ON FUNCTION illegal_practice_internal.tally_month(date) IS '预聚合单元的月份：案件日期所在月的1日';
GRANT EXECUTE ON FUNCTION illegal_practice_internal.tally_month(date) TO illegal_practice_tally;

-- the advisory lock bucket of a cell or roll-up key (independent of DateStyle and of the session)
CREATE FUNCTION illegal_practice_internal.tally_bucket(division_code text, month date, category @extschema@.case_category,
                                         institution_type @extschema@.institution_type) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.hashtext(division_code OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) (month - DATE '2000-01-01')::text
                             OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) category::text
                             OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||) institution_type::text) & 63;
COMMENT ON FUNCTION illegal_practice_internal.tally_bucket(text, date, @extschema@.case_category, @extschema@.institution_type) IS
  '预聚合键的锁桶号（0–63）：重算前按桶号顺序加事务级咨询锁';

ALTER FUNCTION illegal_practice_internal.tally_bucket(text, date, @extschema@.case_category, @extschema@.institution_type) OWNER TO illegal_practice_tally;

-- one place that turns touched cases into pending cells: their (division, month, category, type)
CREATE FUNCTION illegal_practice_internal.tally_note_cases(division_codes text[], case_dates date[],
    categories @extschema@.case_category[], institution_types @extschema@.institution_type[]) RETURNS void
  LANGUAGE sql VOLATILE
BEGIN ATOMIC
  INSERT INTO @extschema@.tally_cell_dirty (division_code, month, category, institution_type)
  SELECT DISTINCT u.d, illegal_practice_internal.tally_month(u.m), u.c, u.t
    FROM ROWS FROM (pg_catalog.unnest(division_codes), pg_catalog.unnest(case_dates),
                    pg_catalog.unnest(categories), pg_catalog.unnest(institution_types)) AS u(d, m, c, t)
   WHERE u.d IS NOT NULL;
  -- once per transaction, remembered in a transaction-local setting rather than found by ON CONFLICT:
  -- the conflict probe would read the key index page every writer inserts into, and under
  -- SERIALIZABLE those reads make unrelated writers (other cities) each other's pivots
  INSERT INTO @extschema@.tally_cell_txn (xid)
  SELECT pg_catalog.pg_current_xact_id()
   WHERE pg_catalog.current_setting('ip_tally.noted_xid', true) IS DISTINCT FROM pg_catalog.pg_current_xact_id()::text
     AND pg_catalog.set_config('ip_tally.noted_xid', pg_catalog.pg_current_xact_id()::text, true) IS NOT NULL;
END;
COMMENT ON FUNCTION illegal_practice_internal.tally_note_cases(text[], date[], @extschema@.case_category[], @extschema@.institution_type[]) IS
  '把触及的案件记为待重算的预聚合单元（区划、月份、类别、机构类型），并登记本事务（提交时重算一次）';
ALTER FUNCTION illegal_practice_internal.tally_note_cases(text[], date[], @extschema@.case_category[], @extschema@.institution_type[]) OWNER TO illegal_practice_tally;

-- Recompute every pending cell and the roll-ups above it, then clear the pending set. Small sets go
-- through the indexes (cost follows the cells touched); large ones (bulk loads) in one hashed pass.
-- The pending keys this transaction gathered at the start of its flush (rows it inserted itself):
-- the flush recomputes exactly these, whatever other transactions commit meanwhile.
CREATE VIEW illegal_practice_internal.tally_cell_mine AS
  SELECT x.division_code, x.month, x.category, x.institution_type FROM @extschema@.tally_cell_dirty x
   WHERE x.xmin OPERATOR(pg_catalog.=) pg_catalog.xid(pg_catalog.pg_current_xact_id());
COMMENT ON VIEW illegal_practice_internal.tally_cell_mine IS '本事务收集的待重算单元（重算只针对它们）';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.division_code IS '区划代码';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.month IS '月份（每月1日）';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.category IS '案件类别';
COMMENT ON COLUMN illegal_practice_internal.tally_cell_mine.institution_type IS '机构类型';
ALTER VIEW illegal_practice_internal.tally_cell_mine OWNER TO illegal_practice_tally;
REVOKE ALL ON illegal_practice_internal.tally_cell_mine FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.tally_cells_flush_pending() RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
  b integer;
  n integer;
  -- above this many cells, one hashed pass over the tables (setting illegal_practice.bulk_refresh_cells)
  large constant integer := @extschema@.setting('bulk_refresh_cells')::integer;
BEGIN
  -- one row per touched cell from here on (each statement noted its cells separately)
  WITH d AS (DELETE FROM @extschema@.tally_cell_dirty RETURNING *)
  INSERT INTO @extschema@.tally_cell_dirty SELECT DISTINCT * FROM d;
  -- lock the buckets of every key to be rewritten (cells and roll-ups), in bucket order: no deadlock
  -- between writers, at most 64 locks however many cells a bulk load touches
  FOR b IN SELECT DISTINCT illegal_practice_internal.tally_bucket(a.d, x.month, x.category, x.institution_type)
             FROM illegal_practice_internal.tally_cell_mine x,
                  pg_catalog.unnest(@extschema@.division_ancestors(x.division_code) OPERATOR(pg_catalog.||) x.division_code) a(d)
           UNION
           SELECT DISTINCT illegal_practice_internal.tally_bucket(a.d || '/year', date_trunc('year', x.month)::date, x.category, x.institution_type)
             FROM illegal_practice_internal.tally_cell_mine x,
                  pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)
            ORDER BY 1 LOOP
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.tally_cell'), b);
  END LOOP;
  -- from here on, new statements: new snapshots that include every writer that committed before our locks
  SELECT count(*) INTO n FROM illegal_practice_internal.tally_cell_mine x;
  DELETE FROM @extschema@.tally_cell t USING illegal_practice_internal.tally_cell_mine x
   WHERE t.division_code = x.division_code AND t.month = x.month AND t.category = x.category
     AND t.institution_type = x.institution_type;
  IF n <= large THEN
    INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
    SELECT c.division_code, x.month, c.category, c.institution_type,
           @extschema@.tally(c.subject_id, c.kinds, c.fine_yuan, c.confiscation_yuan, c.persons_accountable,
                             c.entered_in_system, c.rectified)
      FROM illegal_practice_internal.tally_cell_mine x
      CROSS JOIN LATERAL (
        -- OFFSET 0 keeps the subquery lateral, so the cell's key reaches the case scan (an index range);
        -- flattened, it became a hash join over case_facts of every case, at every commit
        SELECT f.* FROM illegal_practice_internal.case_facts f
         WHERE f.division_code = x.division_code AND f.category = x.category AND f.institution_type = x.institution_type
           AND f.case_date >= x.month AND f.case_date < (x.month + interval '1 month')::date OFFSET 0) c
     GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
    SELECT c.division_code, illegal_practice_internal.tally_month(c.case_date), c.category, c.institution_type,
           @extschema@.tally(c.subject_id, c.kinds, c.fine_yuan, c.confiscation_yuan, c.persons_accountable,
                             c.entered_in_system, c.rectified)
      FROM illegal_practice_internal.case_facts c
     WHERE (c.division_code, illegal_practice_internal.tally_month(c.case_date), c.category, c.institution_type)
           IN (SELECT * FROM illegal_practice_internal.tally_cell_mine)
     GROUP BY 1, 2, 3, 4;
  END IF;
  -- the roll-ups above the touched cells: the union of the cells each one covers
  DELETE FROM @extschema@.tally_rollup r
   USING (SELECT DISTINCT a.d, x.month, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
   WHERE NOT r.whole_year
     AND r.division_code = k.d AND r.month = k.month AND r.category = k.category AND r.institution_type = k.institution_type;
  IF n <= large THEN
    INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
    SELECT k.d, k.month, k.category, k.institution_type, @extschema@.tally_union(t.state)
      FROM (SELECT DISTINCT a.d, x.month, x.category, x.institution_type,
                   @extschema@.division_prefix(a.d) AS lo
              FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
      JOIN @extschema@.tally_cell t
        ON t.category = k.category AND t.institution_type = k.institution_type AND t.month = k.month
       AND t.division_code >= k.lo AND t.division_code < k.lo || ':'       -- digits sort below ':' in "C"
       AND @extschema@.covers(k.d, t.division_code)
     GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
    SELECT a.d, t.month, t.category, t.institution_type, @extschema@.tally_union(t.state)
      FROM @extschema@.tally_cell t, pg_catalog.unnest(@extschema@.division_ancestors(t.division_code)) a(d)
     WHERE (a.d, t.month, t.category, t.institution_type) IN
           (SELECT a2.d, x.month, x.category, x.institution_type
              FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a2(d))
     GROUP BY 1, 2, 3, 4;
  END IF;
  -- the whole-year roll-ups above them: the union of the year's month roll-ups
  DELETE FROM @extschema@.tally_rollup r
   USING (SELECT DISTINCT a.d, date_trunc('year', x.month)::date AS y, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
   WHERE r.whole_year
     AND r.division_code = k.d AND r.month = k.y AND r.category = k.category AND r.institution_type = k.institution_type;
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, whole_year, state)
  SELECT k.d, k.y, k.category, k.institution_type, true, @extschema@.tally_union(r.state)
    FROM (SELECT DISTINCT a.d, date_trunc('year', x.month)::date AS y, x.category, x.institution_type
            FROM illegal_practice_internal.tally_cell_mine x, pg_catalog.unnest(@extschema@.division_ancestors(x.division_code)) a(d)) k
    JOIN @extschema@.tally_rollup r
      ON NOT r.whole_year AND r.division_code = k.d AND r.category = k.category AND r.institution_type = k.institution_type
     AND r.month >= k.y AND r.month < (k.y + interval '1 year')::date
   GROUP BY 1, 2, 3, 4;
  -- only the keys this transaction gathered (and recomputed): keys committed meanwhile by another
  -- transaction (a REPEATABLE READ writer, which does not recompute) stay for the next flush
  DELETE FROM @extschema@.tally_cell_dirty x WHERE x.xmin OPERATOR(pg_catalog.=) pg_catalog.xid(pg_catalog.pg_current_xact_id());
  RETURN n;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_cells_flush_pending() IS
  '重算本事务待重算的预聚合单元及其上级汇总（先按桶号顺序加锁，再重算；并发写入不丢计数），返回单元数';

ALTER FUNCTION illegal_practice_internal.tally_cells_flush_pending() OWNER TO illegal_practice_tally;

-- the deferred constraint trigger: once per writing transaction, at commit. While pre-aggregation is
-- off the pending cells are kept (committed): they do no harm (the forms scan while any exist), and a
-- transaction whose snapshot predates switching it on cannot lose its writes from the roll-ups.
CREATE FUNCTION illegal_practice_internal.tally_cells_commit() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- REPEATABLE READ / SERIALIZABLE: the transaction's snapshot cannot see writers that committed
  -- after it began, so it cannot recompute shared roll-ups (a province's) exactly, and rewriting them
  -- would fail with 40001 against every other writer of the province. Its pending cells commit with
  -- it instead; the forms scan while any are pending (exact), and the next READ COMMITTED writer
  -- folds them in under the bucket locks. It reads nothing here either (not even its own
  -- tally_cell_txn row through the index every writer inserts into: SSI would make writers of
  -- different cities each other's pivots); the next READ COMMITTED writer removes that row.
  IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
    RETURN NULL;
  END IF;
  DELETE FROM @extschema@.tally_cell_txn
   WHERE xid = pg_catalog.pg_current_xact_id()
      OR xid < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());   -- rows of finished RR writers
  IF (SELECT s.enabled FROM @extschema@.tally_cell_status s)
     AND EXISTS (SELECT FROM @extschema@.tally_cell_dirty) THEN
    PERFORM illegal_practice_internal.tally_cells_flush_pending();
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_cells_commit() IS '延迟约束触发器：事务提交时一次性重算本事务触及的预聚合单元（读已提交隔离级别；可重复读/可串行化的事务留下待重算单元，由下一个读已提交的写入者重算）';
ALTER FUNCTION illegal_practice_internal.tally_cells_commit() OWNER TO illegal_practice_tally;
CREATE CONSTRAINT TRIGGER tally_cells_commit AFTER INSERT ON @extschema@.tally_cell_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_cells_commit();

CREATE FUNCTION @extschema@.tally_cells_rebuild() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
  n bigint;
  m bigint;
BEGIN
  LOCK TABLE @extschema@.tally_cell, @extschema@.tally_rollup IN EXCLUSIVE MODE;
  DELETE FROM @extschema@.tally_cell;
  DELETE FROM @extschema@.tally_rollup;
  DELETE FROM @extschema@.tally_cell_dirty;
  INSERT INTO @extschema@.tally_cell (division_code, month, category, institution_type, state)
  SELECT f.division_code, illegal_practice_internal.tally_month(f.case_date), f.category, f.institution_type,
         @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                           f.entered_in_system, f.rectified)
    FROM illegal_practice_internal.case_facts f GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE '预聚合重建 1/3：区划 × 月份 × 类别 × 机构类型，% 个单元', n;   -- progress: long on large data
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, state)
  SELECT a.d, t.month, t.category, t.institution_type, @extschema@.tally_union(t.state)
    FROM @extschema@.tally_cell t, pg_catalog.unnest(@extschema@.division_ancestors(t.division_code)) a(d)
   GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS m = ROW_COUNT;
  RAISE NOTICE '预聚合重建 2/3：上级区划按月汇总，% 行', m;
  INSERT INTO @extschema@.tally_rollup (division_code, month, category, institution_type, whole_year, state)
  SELECT r.division_code, date_trunc('year', r.month)::date, r.category, r.institution_type, true, @extschema@.tally_union(r.state)
    FROM @extschema@.tally_rollup r
   GROUP BY 1, 2, 3, 4;
  GET DIAGNOSTICS m = ROW_COUNT;
  RAISE NOTICE '预聚合重建 3/3：整年汇总，% 行', m;
  UPDATE @extschema@.tally_cell_status SET valid = true, changed_at = now();
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.tally_cells_rebuild() IS '从基表重建全部预聚合单元与上级汇总，并标记为完整可用；每完成一个阶段报告一次进度（NOTICE，共3个阶段）；返回单元数';

ALTER FUNCTION @extschema@.tally_cells_rebuild() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.tally_cells_rebuild() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.tally_cells_rebuild() TO illegal_practice_admin;

-- Switching on waits for every open writer (SHARE conflicts with their ROW EXCLUSIVE) and holds new
-- ones until it commits, so no write falls between the rebuild and the triggers.
CREATE FUNCTION @extschema@.preaggregate(enabled boolean) RETURNS text
  LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF enabled THEN
    LOCK TABLE @extschema@.enforcement_case, @extschema@.case_action IN SHARE MODE;
    UPDATE @extschema@.tally_cell_status SET enabled = true, changed_at = now();
    RETURN '预聚合已开启并重建：' || @extschema@.tally_cells_rebuild() || ' 个单元';
  END IF;
  UPDATE @extschema@.tally_cell_status SET enabled = false, valid = false, changed_at = now();
  RETURN '预聚合已关闭：汇总表改用扫描；开启时自动重建';
END $$;
COMMENT ON FUNCTION @extschema@.preaggregate(boolean) IS
  '开关预聚合（可选：大批量导入前关闭、导入后开启）：关闭后汇总表改为扫描基表，开启时等待进行中的写入事务结束并从基表重建';
ALTER FUNCTION @extschema@.preaggregate(boolean) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.preaggregate(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.preaggregate(boolean) TO illegal_practice_admin;

-- statement-level triggers: note the cells a statement touched (always, on or off); the commit
-- trigger recomputes them
CREATE FUNCTION illegal_practice_internal.tally_case_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM illegal_practice_internal.tally_note_cases(array_agg(n.division_code), array_agg(n.case_date),
                                                       array_agg(n.category), array_agg(n.institution_type))
       FROM (SELECT DISTINCT r.division_code, r.case_date, r.category, r.institution_type FROM new_rows r) n;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM illegal_practice_internal.tally_note_cases(array_agg(o.division_code), array_agg(o.case_date),
                                                       array_agg(o.category), array_agg(o.institution_type))
       FROM (SELECT DISTINCT r.division_code, r.case_date, r.category, r.institution_type FROM old_rows r) o;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_case_changed() IS '语句级触发器：记下案件增删改触及的预聚合单元（提交时重算）';
ALTER FUNCTION illegal_practice_internal.tally_case_changed() OWNER TO illegal_practice_tally;

CREATE FUNCTION illegal_practice_internal.tally_action_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.case_id) INTO ids FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.case_id) INTO ids FROM old_rows o;
  ELSE
    SELECT array_agg(x.case_id) INTO ids FROM (SELECT n.case_id FROM new_rows n UNION SELECT o.case_id FROM old_rows o) x;
  END IF;
  PERFORM illegal_practice_internal.tally_note_cases(array_agg(c.division_code), array_agg(c.case_date),
                                                     array_agg(c.category), array_agg(c.institution_type))
     FROM @extschema@.enforcement_case c WHERE c.id = ANY (ids);
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.tally_action_changed() IS '语句级触发器：记下处理措施增删改所属案件的预聚合单元（提交时重算）';
ALTER FUNCTION illegal_practice_internal.tally_action_changed() OWNER TO illegal_practice_tally;

CREATE TRIGGER tally_case_ins AFTER INSERT ON @extschema@.enforcement_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_case_upd AFTER UPDATE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_case_del AFTER DELETE ON @extschema@.enforcement_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_case_changed();
CREATE TRIGGER tally_action_ins AFTER INSERT ON @extschema@.case_action
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
CREATE TRIGGER tally_action_upd AFTER UPDATE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
CREATE TRIGGER tally_action_del AFTER DELETE ON @extschema@.case_action
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.tally_action_changed();
