#!/usr/bin/env bash
# 63_dump.sh — a stock restore brings every user row back (spec §7), with no options:
#   pg_dump -Fc → pg_restore -d new   and   pg_dump → psql -d new  (ON_ERROR_STOP, no PGOPTIONS).
# The extension's triggers stand aside while pg_dump's row_security = off is in effect (03_access.sql),
# so the audit trigger does not meet audit_log's forced row-level security and the rows the triggers
# wrote (audit log, subjects, status history, roll-ups) come back once, as dumped.
# Compares every table of both schemas (row count and content; tally_cell_status.changed_at is the
# restore's own CREATE EXTENSION time) and the forms.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
dbs="ip_dump_src ip_dump_fc ip_dump_sql"
tmp=$(mktemp -d)
cleanup() { for db in $dbs; do "$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
            "$PGBIN/psql" -X -q -d postgres -c "DROP ROLE IF EXISTS ip_dump_clerk" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE ip_dump_src TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -d ip_dump_src -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/[0-4]*.sql; do "${PSQL[@]}" -d ip_dump_src -f "$f" >/dev/null; done
"${PSQL[@]}" -d ip_dump_src -c "INSERT INTO illegal_practice.calendar_exception (day, workday, name) VALUES ('2027-01-04', false, '示例')"
# rows written by a clerk (audit log with a non-superuser actor), pre-aggregation on, and a snapshot
"${PSQL[@]}" -d postgres -c "CREATE ROLE ip_dump_clerk LOGIN IN ROLE illegal_practice_clerk"
"${PSQL[@]}" -d ip_dump_src -c "INSERT INTO illegal_practice.user_scope VALUES ('ip_dump_clerk', '331024101')" \
  -c "SELECT illegal_practice.preaggregate(true)" >/dev/null
"${PSQL[@]}" -U ip_dump_clerk -d ip_dump_src -c "INSERT INTO illegal_practice.site (township_code, name, found_on) VALUES ('331024101', '录入员新增', '2020-08-01')"
"${PSQL[@]}" -d ip_dump_src -c "SELECT count(*) FROM illegal_practice.tick('2021-01-05')" >/dev/null

"$PGBIN/pg_dump" -Fc -d ip_dump_src -f "$tmp/d.dump" 2>"$tmp/dump.err"
"$PGBIN/pg_dump" -d ip_dump_src -f "$tmp/d.sql" 2>>"$tmp/dump.err"
for db in ip_dump_fc ip_dump_sql; do "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"; done
rc=0; "$PGBIN/pg_restore" -d ip_dump_fc "$tmp/d.dump" 2>"$tmp/restore.err" || rc=$?
[ $rc = 0 ] || { cat "$tmp/restore.err"; echo "FAIL: pg_restore exited with $rc"; exit 1; }
! grep -q ERROR "$tmp/restore.err" || { cat "$tmp/restore.err"; echo "FAIL: pg_restore reported errors"; exit 1; }
PGOPTIONS= "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d ip_dump_sql -f "$tmp/d.sql" >/dev/null 2>"$tmp/psql.err" \
  || { cat "$tmp/psql.err"; echo "FAIL: pg_dump | psql stopped on an error"; exit 1; }

q="SELECT string_agg(format('%s.%s=%s', n.nspname, c.relname,
          (xpath('/row/x/text()', query_to_xml(format('SELECT count(*) || '':'' || coalesce(md5(string_agg((to_jsonb(t) - ''changed_at'')::text, ''|'' ORDER BY (to_jsonb(t) - ''changed_at'')::text)), '''') AS x FROM %I.%I t', n.nspname, c.relname), false, true, '')))[1]::text), ' ' ORDER BY n.nspname, c.relname)
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('illegal_practice', 'illegal_practice_internal') AND c.relkind = 'r';"
forms="SELECT md5(string_agg(x::text, '|')) FROM (
         SELECT f::text AS x FROM illegal_practice.form_unlicensed_summary('320000', '[2017-01-01,2020-01-01)') f
         UNION ALL SELECT f::text FROM illegal_practice.form_beauty_lookback('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
         UNION ALL SELECT f::text FROM illegal_practice.form_repeat_offenders('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)') f
         UNION ALL SELECT f::text FROM illegal_practice.form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)') f
         UNION ALL SELECT f::text FROM illegal_practice.form_patrol_register('331024', '[2020-01-01,2021-01-01)') f
         UNION ALL SELECT a::text FROM illegal_practice.assessment_summary('331024', 1) a
         UNION ALL SELECT d::text FROM illegal_practice.deadlines('2020-12-31') d) t;"
a=$("${PSQL[@]}" -d ip_dump_src -c "$q"); fa=$("${PSQL[@]}" -d ip_dump_src -c "$forms")
audit=$("${PSQL[@]}" -d ip_dump_src -c "SELECT count(*) FROM illegal_practice.audit_log")
fail=0
for db in ip_dump_fc ip_dump_sql; do
  b=$("${PSQL[@]}" -d $db -c "$q"); fb=$("${PSQL[@]}" -d $db -c "$forms")
  if [ "$a" != "$b" ] || [ "$fa" != "$fb" ]; then
    echo "FAIL: $db differs from the source"; diff <(echo "$a" | tr ' ' '\n') <(echo "$b" | tr ' ' '\n') || true
    echo "forms: $fa vs $fb"; fail=1; continue
  fi
  # after the restore the triggers work again: new rows get fresh ids and are audited
  "${PSQL[@]}" -d $db -c "INSERT INTO illegal_practice.site (township_code, name, found_on) VALUES ('331024101', '恢复后新增', '2021-01-01')"
  n=$("${PSQL[@]}" -d $db -c "SELECT count(*) FROM illegal_practice.audit_log")
  [ "$n" -gt "$audit" ] || { echo "FAIL: $db: no audit row after the restore"; fail=1; }
  echo "ok: $db: same rows in every table ($(echo "$a" | wc -w) tables, audit_log $audit rows), same forms"
done
exit $fail
