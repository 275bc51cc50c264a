#!/usr/bin/env bash
# 61_crash.sh — kill the server (pg_ctl stop -m immediate) while a tick is writing snapshots;
# after the restart no partial snapshot exists and the next tick completes.
# The tick is made long only here: a test trigger sleeps before the second snapshot's insert,
# so the first snapshot is already written (uncommitted) when the server dies.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_crash_test   # a database of its own: the demo database is never touched
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -tA)
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
fail() { echo "FAIL: $*" >&2; exit 1; }

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
SET synchronous_commit = on;   -- the cluster runs with it off: make the setup survive the immediate stop
DROP EXTENSION IF EXISTS illegal_practice CASCADE;
DROP SCHEMA IF EXISTS illegal_practice CASCADE;   -- a clean schema, whatever an earlier run left
CREATE EXTENSION illegal_practice;
SET search_path = illegal_practice, pg_catalog;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('测试〔2020〕2号', '停机测试', '331024', '{unlicensed_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays) VALUES
  (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5),
  (1, 2, '取缔打击', '[2020-09-01,2020-12-01)', 5);
CREATE SCHEMA crash_test;
CREATE FUNCTION crash_test.slow() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.stage_id = 2 THEN PERFORM pg_sleep(120); END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER slow BEFORE INSERT ON illegal_practice.stage_report FOR EACH ROW EXECUTE FUNCTION crash_test.slow();
SQL

"$PGBIN/psql" -X -q -d "$db" -c "SELECT * FROM illegal_practice.tick('2020-12-01')" >/dev/null 2>&1 &
bg=$!
running=""
for i in $(seq 1 40); do
  running=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT * FROM illegal_practice.tick%' AND wait_event = 'PgSleep'")
  [ "$running" = 1 ] && break
  sleep 0.5
done
[ "$running" = 1 ] || { kill "$bg" 2>/dev/null || true; fail "the tick did not reach the slow insert"; }
echo "tick is sleeping before the second snapshot; stopping the server immediately"
as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" stop -m immediate >/dev/null
wait "$bg" && fail "the tick's session should have died with the server" || true

bash "$REPO/scripts/cluster.sh" start
n=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.stage_report")
echo "after restart: $n snapshots"
[ "$n" = 0 ] || fail "a partial snapshot survived the crash ($n rows)"
st=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.campaign_stage")
[ "$st" = 2 ] || fail "the test's setup did not survive the crash ($st stages)"

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA crash_test CASCADE" >/dev/null
got=$("${PSQL[@]}" -c "SELECT string_agg(stage_id || ':' || form || ':' || rows, ' ') FROM illegal_practice.tick('2020-12-01')")
echo "next tick wrote: $got"
[ "$got" = "1:unlicensed_summary:6 2:unlicensed_summary:6" ] || fail "the next tick should write both stages, got '$got'"
again=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.tick('2020-12-01')")
[ "$again" = 0 ] || fail "a second tick wrote $again snapshots"
echo "ok: no partial snapshot after the crash; the next tick completed"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
