#!/usr/bin/env bash
# BI compatibility with a real client library (psycopg2 over libpq): a LOGIN role in
# illegal_practice_reader introspects and fetches the report views and forms (see 73_bi_client.py).
# The group role and its grants belong to the access work (spec §7). When this runs before that work
# is merged, the extension grants the reader nothing: the test then creates the role if missing and
# grants what a BI tool needs (stand-in). Once the extension grants the reader itself, the test only
# re-grants the BI essentials (idempotent), adds its login member and, when user_scope exists, a scope
# row, so it checks the real grants.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
DB=ip_bi_test
BI_USER=ip_bi_test_user
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" \
  -c "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0"
"${PSQL[@]}" -d $DB -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/*.sql; do "${PSQL[@]}" -d $DB -f "$f" >/dev/null; done
"${PSQL[@]}" -d $DB -v bi_user=$BI_USER <<'SQL'
SET client_min_messages = warning;
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'illegal_practice_reader') AS create_reader \gset
\if :create_reader
  CREATE ROLE illegal_practice_reader NOLOGIN;
\endif
-- Has CREATE EXTENSION granted the reader anything? (roles are cluster-wide and outlive the database,
-- so the role's existence alone does not tell.) If not, stand in for the access work.
SELECT NOT has_schema_privilege('illegal_practice_reader', 'illegal_practice', 'USAGE') AS stand_in \gset
\if :stand_in
  -- stand-in for the access work: what a BI tool needs. The forms and report views run with the
  -- caller's rights today (security_invoker), so the stand-in also reads the data tables except subject.
  \echo '73_bi_client: the extension grants illegal_practice_reader nothing yet: using stand-in grants'
  DO $$
  DECLARE r record;
  BEGIN
    FOR r IN SELECT c.oid::regclass AS t FROM pg_class c
              WHERE c.relnamespace = 'illegal_practice'::regnamespace AND c.relkind IN ('r', 'v')
                AND c.relname NOT IN ('subject', 'audit_log') LOOP
      EXECUTE format('GRANT SELECT ON %s TO illegal_practice_reader', r.t);
    END LOOP;
  END $$;
\endif
-- what a BI tool needs, whoever created the role (GRANT is idempotent)
GRANT USAGE ON SCHEMA illegal_practice TO illegal_practice_reader;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
            WHERE p.pronamespace = 'illegal_practice'::regnamespace AND p.proname LIKE 'form\_%' LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO illegal_practice_reader', r.f);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS t FROM pg_class c
            WHERE c.relnamespace = 'illegal_practice'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'report\_%' LOOP
    EXECUTE format('GRANT SELECT ON %s TO illegal_practice_reader', r.t);
  END LOOP;
END $$;
DROP ROLE IF EXISTS :"bi_user";
CREATE ROLE :"bi_user" LOGIN IN ROLE illegal_practice_reader;
-- after the access work: the reader's scope (a user's scope is the union over its roles)
SELECT to_regclass('illegal_practice.user_scope') IS NOT NULL AS has_scope \gset
\if :has_scope
  INSERT INTO illegal_practice.user_scope (role_name, division_code) VALUES (:'bi_user', '320000'), (:'bi_user', '331024');
\endif
SQL
rc=0
BI_DB=$DB BI_USER=$BI_USER /usr/bin/python3 "$REPO/test/73_bi_client.py" || rc=$?
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $BI_USER"
exit $rc
