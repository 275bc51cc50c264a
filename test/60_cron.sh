#!/usr/bin/env bash
# 60_cron.sh — a real pg_cron run: schedule_jobs() at the next minute (pg_cron schedules in UTC),
# wait (at most 150 s) until job_history / cron.job_run_details shows the run succeeded, and check
# the snapshot the job wrote. Uses database illegal_practice (cron.database_name of the cluster).
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d illegal_practice -tA)
fail() { echo "FAIL: $*" >&2; "${PSQL[@]}" -c "SELECT illegal_practice.unschedule_jobs()" >/dev/null 2>&1 || true; exit 1; }

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS illegal_practice CASCADE;
DROP SCHEMA IF EXISTS illegal_practice CASCADE;   -- a clean schema, whatever an earlier run left
CREATE EXTENSION illegal_practice;
CREATE EXTENSION IF NOT EXISTS pg_cron;
DELETE FROM cron.job_run_details WHERE command ~ 'illegal_practice';
SET search_path = illegal_practice, pg_catalog;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000');
INSERT INTO campaign (code, title, division_code, forms) VALUES ('测试〔2020〕1号', '定时任务测试', '331024', '{unlicensed_summary}');
INSERT INTO campaign_stage (campaign_id, ordinal, name, period, report_due_workdays)
  VALUES (1, 1, '巡查复查', '[2020-06-01,2020-10-01)', 5);
SQL

# the next minute in UTC, or the one after when this minute is nearly over
sched=$("${PSQL[@]}" -c "SELECT to_char(t, 'FMMI FMHH24') || ' * * *' FROM (SELECT date_trunc('minute', now() AT TIME ZONE 'UTC')
  + CASE WHEN extract(second FROM now()) < 50 THEN interval '1 minute' ELSE interval '2 minutes' END AS t) x")
echo "schedule: '$sched' (UTC)"
"${PSQL[@]}" -c "SELECT illegal_practice.schedule_jobs('5 16 * * *')" >/dev/null
"${PSQL[@]}" -c "SELECT illegal_practice.schedule_jobs('$sched')" >/dev/null
n=$("${PSQL[@]}" -c "SELECT count(*) FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$n" = 1 ] || fail "expected one job after two schedule_jobs calls, found $n"
cmd=$("${PSQL[@]}" -c "SELECT command || '|' || schedule FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$cmd" = "SELECT illegal_practice.tick()|$sched" ] || fail "unexpected job: $cmd"

status=""
for i in $(seq 1 75); do
  status=$("${PSQL[@]}" -c "SELECT coalesce(string_agg(status, ','), '') FROM illegal_practice.job_history")
  case "$status" in *succeeded*|*failed*) break ;; esac
  sleep 2
done
echo "job_history after ${i} polls: $status"
"${PSQL[@]}" -c "SELECT job_name, status, return_message, run_on FROM illegal_practice.job_history"
case "$status" in *succeeded*) ;; *) fail "the job did not succeed within 150 s (status: '$status')" ;; esac

got=$("${PSQL[@]}" -c "SELECT string_agg(r.stage_id || ' ' || r.form || ' ' || r.division_code || ' ' || jsonb_array_length(r.payload)
                                          || ' ' || (r.as_of = illegal_practice.today()), ';')
                         FROM illegal_practice.stage_report r")
echo "stage_report: $got"
[ "$got" = "1 unlicensed_summary 331024 6 true" ] || fail "expected one snapshot of stage 1 written today, got '$got'"

removed=$("${PSQL[@]}" -c "SELECT illegal_practice.unschedule_jobs()")
[ "$removed" = 1 ] || fail "unschedule_jobs removed $removed jobs"
n=$("${PSQL[@]}" -c "SELECT count(*) FROM cron.job WHERE jobname = 'illegal_practice_tick'")
[ "$n" = 0 ] || fail "job still registered"
echo "ok: pg_cron ran illegal_practice.tick() and the snapshot is there"
