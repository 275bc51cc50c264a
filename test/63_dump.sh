#!/usr/bin/env bash
# pg_dump keeps the user rows of every data table (pg_extension_config_dump) and a restore
# gives back the same data and the same forms. Restore with triggers off
# (session_replication_role = replica): the dump already holds the rows the triggers wrote
# (status history, subjects, audit log).
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
for db in ip_dump_src ip_dump_dst; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db"; done
"${PSQL[@]}" -d postgres -c "CREATE DATABASE ip_dump_src TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -d ip_dump_src -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/[0-4]*.sql; do "${PSQL[@]}" -d ip_dump_src -f "$f" >/dev/null; done
"${PSQL[@]}" -d ip_dump_src -c "INSERT INTO illegal_practice.calendar_exception (day, workday, name) VALUES ('2027-01-04', false, '示例')"
dump=$(mktemp); "$PGBIN/pg_dump" -d ip_dump_src > "$dump" 2>/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE ip_dump_dst TEMPLATE template0 ENCODING 'UTF8'"
PGOPTIONS="-c session_replication_role=replica -c client_min_messages=warning" "${PSQL[@]}" -d ip_dump_dst -f "$dump" >/dev/null
q="SELECT string_agg(format('%s=%s', c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM illegal_practice.%I', c.relname), false, true, '')))[1]::text), ' ' ORDER BY c.relname)
     FROM pg_class c WHERE c.relnamespace = 'illegal_practice'::regnamespace AND c.relkind = 'r';"
forms="SELECT md5(string_agg(x::text, '|')) FROM (
         SELECT f::text AS x FROM illegal_practice.form_unlicensed_summary('320000', '[2017-01-01,2020-01-01)') f
         UNION ALL SELECT f::text FROM illegal_practice.form_patrol_register('331024', '[2020-01-01,2021-01-01)') f
         UNION ALL SELECT a::text FROM illegal_practice.assessment_summary('331024', 1) a) t;"
a=$("${PSQL[@]}" -d ip_dump_src -c "$q"); b=$("${PSQL[@]}" -d ip_dump_dst -c "$q")
fa=$("${PSQL[@]}" -d ip_dump_src -c "$forms"); fb=$("${PSQL[@]}" -d ip_dump_dst -c "$forms")
# after the restore new rows still get fresh ids
"${PSQL[@]}" -d ip_dump_dst -c "INSERT INTO illegal_practice.site (township_code, name, found_on) VALUES ('331024101', '恢复后新增', '2021-01-01')"
rm -f "$dump"
for db in ip_dump_src ip_dump_dst; do "${PSQL[@]}" -d postgres -c "DROP DATABASE $db"; done
if [ "$a" != "$b" ] || [ "$fa" != "$fb" ]; then
  echo "dump/restore differs"; echo "src: $a"; echo "dst: $b"; echo "forms: $fa vs $fb"; exit 1
fi
echo "dump/restore: same rows in every table, same forms ($a)" | cut -c1-300
