#!/usr/bin/env bash
# 62_lock.sh — two ticks at once: the second waits on the advisory lock, then finds the snapshots
# written and writes none (no unique-violation, no duplicate work).
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_lock_test   # a database of its own: the demo database is never touched
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -tA)
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
fail() { echo "FAIL: $*" >&2; exit 1; }

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS illegal_practice CASCADE;
DROP SCHEMA IF EXISTS illegal_practice CASCADE;   -- a clean schema, whatever an earlier run left
DROP SCHEMA IF EXISTS lock_test CASCADE;
CREATE EXTENSION illegal_practice;
SET search_path = illegal_practice, pg_catalog;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('测试〔2020〕3号', '并发测试', '331024', '{unlicensed_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5);
CREATE SCHEMA lock_test;
CREATE FUNCTION lock_test.slow() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_sleep(4); RETURN NEW; END $f$;
CREATE TRIGGER slow BEFORE INSERT ON illegal_practice.stage_report FOR EACH ROW EXECUTE FUNCTION lock_test.slow();
SQL

out=$(mktemp -d)
"${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.tick('2020-10-01')" >"$out/a" 2>&1 &
a=$!
sleep 1
"${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.tick('2020-10-01')" >"$out/b" 2>&1 &
b=$!
waiting=""
for i in $(seq 1 20); do
  waiting=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
  [ "$waiting" = 1 ] && break
  sleep 0.2
done
wait "$a" || fail "first tick failed: $(cat "$out/a")"
wait "$b" || fail "second tick failed: $(cat "$out/b")"
echo "first tick wrote $(cat "$out/a"), second (waited on the lock: $waiting) wrote $(cat "$out/b")"
[ "$waiting" = 1 ] || fail "the second tick did not wait on the advisory lock"
[ "$(cat "$out/a")" = 1 ] && [ "$(cat "$out/b")" = 0 ] || fail "expected 1 then 0 snapshots"
n=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.stage_report")
[ "$n" = 1 ] || fail "expected 1 snapshot, found $n"
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA lock_test CASCADE" >/dev/null
rm -rf "$out"
echo "ok: concurrent ticks are serialised"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
