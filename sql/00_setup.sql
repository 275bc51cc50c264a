-- Test helpers shared by every regression file (schema regress, outside the extension).
-- regress.try(sql) runs a statement and returns 'ok' or 'SQLSTATE: message | detail',
-- so each wrong-input case is one line of input and one line of output.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS regress CASCADE;
CREATE SCHEMA regress;
GRANT USAGE ON SCHEMA regress TO PUBLIC;
CREATE FUNCTION regress.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text;
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
  RETURN st || ': ' || m || coalesce(' | ' || nullif(d, ''), '');
END $$;
GRANT EXECUTE ON FUNCTION regress.try(text) TO PUBLIC;
-- a fresh extension for each test file: regress.fresh()
CREATE PROCEDURE regress.fresh() LANGUAGE plpgsql AS $$
BEGIN
  SET LOCAL client_min_messages = warning;
  DROP EXTENSION IF EXISTS illegal_practice CASCADE;
  CREATE EXTENSION illegal_practice;
END $$;
SELECT 'setup done' AS status;
