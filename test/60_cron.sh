#!/usr/bin/env bash
# 60_cron.sh — a real pg_cron run of schedule_jobs() → tick(), in a cluster of its own, so that the
# demo database (and whatever else the shared throwaway cluster holds) is never touched.
#
# Why a schedule that cannot miss: pg_cron 1.4 queues a run only when its scheduler loop crosses a
# minute boundary with the job already in its cache (StartAllPendingRuns), and every time the scheduler
# process (re)starts it sets its last minute to the current one. A job scheduled for one fixed minute
# is therefore lost without a trace when it reaches the scheduler after that minute has begun, or when
# the scheduler restarts across the boundary (it exits and is restarted when its database did not exist
# yet at server start, or when a cron.job row names a dropped role, pg_cron issue #399). The old test
# chose "the next minute" with a 10 s margin on a shared, loaded cluster: 1 failure in 2 full runs.
# Now: the test starts its own cluster, waits until the scheduler is connected, schedules
# '* * * * *' (every minute: whichever boundary the scheduler sees first with the job loaded runs it;
# tick() writes each snapshot once, so a second run changes nothing) and waits for the first success.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
CR_ROOT=$IP_ROOT/cron_test
CR_DATA=$CR_ROOT/data
CR_SOCK=$CR_ROOT/run
CR_LOG=$CR_ROOT/server.log
DB=ip_cron_test
export PGHOST=$CR_SOCK   # port: the same number, on a socket directory of its own, no TCP
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d $DB -tA)
stop_cluster() { as_pg "$PGBIN/pg_ctl" -D "$CR_DATA" -m immediate -w stop >/dev/null 2>&1 || true; }
fail() {
  echo "FAIL: $*" >&2
  echo "-- pg_cron lines of the test cluster's log:" >&2; grep -E 'cron|FATAL|ERROR' "$CR_LOG" >&2 || true
  stop_cluster; exit 1
}

stop_cluster
rm -rf "$CR_ROOT"; mkdir -p "$CR_SOCK"; chown -R postgres:postgres "$CR_ROOT" 2>/dev/null || true
as_pg "$PGBIN/initdb" -D "$CR_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$CR_DATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$CR_SOCK'
shared_preload_libraries = 'pg_cron,illegal_practice'
cron.database_name = '$DB'
cron.use_background_workers = on
max_worker_processes = 8
shared_buffers = 32MB
timezone = 'UTC'
fsync = off
CONF
as_pg "$PGBIN/pg_ctl" -D "$CR_DATA" -l "$CR_LOG" -w -t 60 start >/dev/null
"$PGBIN/psql" -X -q -d postgres -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8'"

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
CREATE EXTENSION illegal_practice;
CREATE EXTENSION pg_cron;
SET search_path = illegal_practice, pg_catalog;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('测试〔2020〕1号', '定时任务测试', '331024', '{unlicensed_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays)
  VALUES (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5);
SQL

# from a database that is not cron.database_name the job cannot be registered, and the error says where
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "CREATE EXTENSION illegal_practice"
e=$("$PGBIN/psql" -X -q -At -d postgres -c "SELECT illegal_practice.schedule_jobs()" 2>&1 || true)
echo "$e" | grep -q "pg_cron runs in database \"$DB\", not in \"postgres\"" || fail "schedule_jobs() outside the cron database: $e"
# (on a cluster without pg_cron preloaded the message is "pg_cron is not loaded": test/69's vanilla cluster)

# the scheduler connects to its database only once that database exists: wait until it has
up=0
for i in $(seq 1 60); do
  up=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_cron launcher' AND datname = current_database()")
  [ "$up" = 1 ] && break
  sleep 0.5
done
[ "$up" = 1 ] || fail "the pg_cron scheduler did not connect to $DB"

"${PSQL[@]}" -c "SELECT illegal_practice.schedule_jobs('5 16 * * *')" >/dev/null
"${PSQL[@]}" -c "SELECT illegal_practice.schedule_jobs('* * * * *')" >/dev/null
n=$("${PSQL[@]}" -c "SELECT count(*) FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$n" = 1 ] || fail "expected one job after two schedule_jobs calls, found $n"
cmd=$("${PSQL[@]}" -c "SELECT command || '|' || schedule || '|' || database FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$cmd" = "SELECT illegal_practice.tick()|* * * * *|$DB" ] || fail "unexpected job: $cmd"

status=""
for i in $(seq 1 75); do
  status=$("${PSQL[@]}" -c "SELECT coalesce(string_agg(status, ','), '') FROM illegal_practice.job_history")
  case "$status" in *succeeded*|*failed*) break ;; esac
  sleep 2
done
echo "job_history after ${i} polls: $status"
case "$status" in *succeeded*) ;; *) fail "the job did not succeed within 150 s (status: '$status')" ;; esac
"${PSQL[@]}" -c "SELECT job_name, status, return_message, run_on = illegal_practice.today() FROM illegal_practice.job_history LIMIT 1"
removed=$("${PSQL[@]}" -c "SELECT illegal_practice.unschedule_jobs()")
[ "$removed" = 1 ] || fail "unschedule_jobs removed $removed jobs"

got=$("${PSQL[@]}" -c "SELECT string_agg(r.stage_id || ' ' || r.form || ' ' || r.division_code || ' ' || jsonb_array_length(r.payload)
                                          || ' ' || (r.as_of = illegal_practice.today()), ';')
                         FROM illegal_practice.stage_report r")
echo "stage_report: $got"
[ "$got" = "1 unlicensed_summary 331024 6 true" ] || fail "expected one snapshot of stage 1 written today, got '$got'"
n=$("${PSQL[@]}" -c "SELECT count(*) FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$n" = 0 ] || fail "job still registered"
stop_cluster
rm -rf "$CR_ROOT"
echo "ok: pg_cron ran illegal_practice.tick() and the snapshot is there (own cluster, demo untouched)"
