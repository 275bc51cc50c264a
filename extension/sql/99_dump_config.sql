-- 99_dump_config.sql — pg_dump keeps user rows: every table of the extension is a configuration table
-- (pg_extension_config_dump), except the shipped reference rows and the pre-aggregation bookkeeping.
DO $$
DECLARE
  t regclass;
  s regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
            WHERE c.relnamespace = '@extschema@'::regnamespace AND c.relkind = 'r'
              AND c.relname NOT IN ('calendar_exception', 'report_form', 'calendar_year', 'assessment_rule', 'assessment_rule_set',
                                    'tally_cell_status', 'tally_cell_dirty', 'tally_cell_txn')
              AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                             AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'illegal_practice'))
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(t, '');
    FOR s IN SELECT d.objid::regclass FROM pg_catalog.pg_depend d
              WHERE d.refobjid = t AND d.classid = 'pg_catalog.pg_class'::regclass
                AND d.deptype IN ('a', 'i')
                AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = d.objid) = 'S'
    LOOP
      PERFORM pg_catalog.pg_extension_config_dump(s, '');
    END LOOP;
  END LOOP;
END $$;
