#!/usr/bin/env bash
# BI compatibility with real clients, as a LOGIN member of illegal_practice_reader, relying on the
# extension's own grants only (nothing is granted here):
#   psycopg2 (libpq; Superset, pandas)  — 73_bi_client.py: report views, forms, the BI schema;
#   JDBC (pgjdbc 42.5; Metabase, DBeaver) — bi/Bi.java: DatabaseMetaData, every row of the BI schema;
#   ODBC (psqlODBC Unicode + unixODBC isql; Excel, WPS, Power BI) — SQLTables and every BI view.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
DB=ip_bi_test
BI_USER=ip_bi_test_user
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
tmp=$(mktemp -d)
cleanup() { "${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
              -c "DROP ROLE IF EXISTS $BI_USER" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0" \
  -c "CREATE ROLE $BI_USER LOGIN IN ROLE illegal_practice_reader"
"${PSQL[@]}" -d $DB -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/*.sql; do "${PSQL[@]}" -d $DB -f "$f" >/dev/null; done
"${PSQL[@]}" -d $DB -v bi_user=$BI_USER -c "SET client_min_messages = warning" \
  -c "INSERT INTO illegal_practice.user_scope (role_name, division_code) VALUES ('$BI_USER', '320000'), ('$BI_USER', '331024')"
rc=0
echo "-- psycopg2"
BI_DB=$DB BI_USER=$BI_USER /usr/bin/python3 "$REPO/test/73_bi_client.py" || rc=1

echo "-- JDBC"
jar=$(ls /usr/share/java/postgresql.jar)
BI_DB=$DB BI_USER=$BI_USER java -cp "$jar" "$REPO/test/bi/Bi.java" || rc=1

echo "-- ODBC"
cat > "$tmp/odbc.ini" <<INI
[ip_bi]
Driver = PostgreSQL Unicode
Servername = localhost
Port = $PGPORT
Database = $DB
Username = $BI_USER
INI
export ODBCINI=$tmp/odbc.ini
views=$("${PSQL[@]}" -At -d $DB -c "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'illegal_practice_bi'::regnamespace")
for v in $views; do
  out=$(printf 'SELECT * FROM illegal_practice_bi.%s\n' "$v" | LANG=C.UTF-8 isql -b -c -d'|' ip_bi 2>&1) || { echo "FAIL: odbc $v: $out"; rc=1; continue; }
  header=$(sed -n 1p <<<"$out")
  n=$(sed 1d <<<"$out" | grep -ac . || true)
  grep -aqP '[\x{4e00}-\x{9fff}]' <<<"$header" || { echo "FAIL: odbc $v: header without Chinese names: $header"; rc=1; }
  if grep -aq '^\[' <<<"$out"; then echo "FAIL: odbc $v: $(grep -a '^\[' <<<"$out" | sed -n 1,2p)"; rc=1; fi
  [ "$n" -gt 0 ] || { echo "FAIL: odbc $v: no rows"; rc=1; }
  echo "ok: odbc illegal_practice_bi.$v: $n rows, header $(cut -c1-60 <<<"$header")…"
done
# SQLTables: the BI schema lists exactly its views (what Excel's and Power BI's navigator offer)
tables=$(echo "help" | LANG=C.UTF-8 isql -b -d'|' ip_bi 2>&1 | grep -a '|illegal_practice_bi|' | cut -d'|' -f3 | sort | tr '\n' ' ')
[ "$tables" = "$(echo $views | tr ' ' '\n' | sort | tr '\n' ' ')" ] || { echo "FAIL: odbc SQLTables lists '$tables', expected '$views'"; rc=1; }
echo "ok: odbc SQLTables lists the BI views: $tables"
[ $rc = 0 ] && echo "73_bi_client: psycopg2, JDBC and ODBC ok"
exit $rc
