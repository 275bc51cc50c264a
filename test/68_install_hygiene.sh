#!/usr/bin/env bash
# 68_install_hygiene.sh — CREATE EXTENSION refuses a database that is not UTF8 with a clear error
# (EUC_CN, GBK's server-side cousin, and SQL_ASCII, where the install used to succeed and mask names into
# garbage); DROP EXTENSION leaves nothing that ties the roles to the database (pg_shdepend), so they
# can be dropped; dropping another extension leaves the grants alone. Own databases.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
export PGOPTIONS="-c client_min_messages=warning"
P=("$PGBIN/psql" -X -q -At)
fail() { echo "FAIL: $*" >&2; exit 1; }
for enc in EUC_CN SQL_ASCII LATIN1; do
  "${P[@]}" -d postgres -c "DROP DATABASE IF EXISTS ip_hyg_enc" -c "CREATE DATABASE ip_hyg_enc ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
  out=$("${P[@]}" -d ip_hyg_enc -v VERBOSITY=verbose -c "CREATE EXTENSION illegal_practice" 2>&1 || true)
  echo "$out" | grep -q "ERROR:  0A000: illegal_practice needs a UTF8 database, and database \"ip_hyg_enc\" has encoding $enc" \
    || fail "$enc: $out"
  echo "$out" | grep -q "HINT:  CREATE DATABASE ip_hyg_enc ENCODING 'UTF8' TEMPLATE template0" || fail "$enc hint: $out"
  n=$("${P[@]}" -d ip_hyg_enc -c "SELECT count(*) FROM pg_extension WHERE extname = 'illegal_practice'")
  [ "$n" = 0 ] || fail "$enc: the extension was installed"
  echo "ok: $enc refused"
done
"${P[@]}" -d postgres -c "DROP DATABASE ip_hyg_enc"

db=ip_hyg_drop
"${P[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${P[@]}" -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION illegal_practice" -c "CREATE EXTENSION pg_trgm" -c "DROP EXTENSION pg_trgm"
deps="SELECT count(*) FROM pg_shdepend d JOIN pg_database b ON b.oid = d.dbid AND b.datname = current_database()
       WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid IN (SELECT oid FROM pg_roles WHERE rolname LIKE 'illegal\_practice\_%')"
acl=$("${P[@]}" -d $db -c "SELECT array_length(nspacl, 1) FROM pg_namespace WHERE nspname = 'illegal_practice'")
[ "$acl" = 7 ] || fail "dropping another extension changed the schema's grants ($acl entries)"
[ "$("${P[@]}" -d $db -c "$deps")" -gt 0 ] || fail "the installed extension shows no role dependencies (the check is blind)"
"${P[@]}" -v ON_ERROR_STOP=1 -d $db -c "DROP EXTENSION illegal_practice"
n=$("${P[@]}" -d $db -c "$deps")
[ "$n" = 0 ] || fail "after DROP EXTENSION the roles still have $n dependencies in $db"
left=$("${P[@]}" -d $db -c "SELECT coalesce(string_agg(nspname, ','), '') FROM pg_namespace WHERE nspname LIKE 'illegal\_practice%' AND nspname <> 'illegal_practice'")
[ -z "$left" ] || fail "schemas left behind: $left"
# a role of the same groups can be dropped as far as this database is concerned
"${P[@]}" -d postgres -c "DROP ROLE IF EXISTS ip_hyg_role" -c "CREATE ROLE ip_hyg_role IN ROLE illegal_practice_reader"
"${P[@]}" -d $db -c "DROP ROLE ip_hyg_role"
"${P[@]}" -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION illegal_practice" -c "DROP EXTENSION illegal_practice CASCADE"
"${P[@]}" -d postgres -c "DROP DATABASE $db"
echo "ok: DROP EXTENSION leaves the roles free (no pg_shdepend rows; the empty schema illegal_practice stays, owned by the installer)"
