#!/usr/bin/env bash
# Switching pre-aggregation on while a writer that began with it off is still open must not lose
# that writer's cases from the roll-ups:
#   1. READ COMMITTED writer, already written: preaggregate(true) waits for it (SHARE lock), then
#      rebuilds with its cases;
#   2. REPEATABLE READ writer whose snapshot predates the switch and that writes after it: its
#      pending cells are kept at commit, the forms scan until the next writer folds them in.
# Sequenced by advisory locks, not by timing: each step waits for the previous one to be reached.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_preagg_switch
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
"$PGBIN/psql" -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db'" >/dev/null
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice" \
  -c "INSERT INTO illegal_practice.division VALUES ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000')" \
  -c "SELECT illegal_practice.preaggregate(false)" >/dev/null
case_sql="INSERT INTO illegal_practice.enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on)
          VALUES ('320100', '无证行医', '西医', 'S' || pg_backend_pid(), '南京', '2019-05-01');
          INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on)
          SELECT max(id), '罚款', 10000, '2019-05-02' FROM illegal_practice.enforcement_case;"
release() {  # end the session holding advisory lock 42 (a killed client's backend would sleep on)
  "${PSQL[@]}" -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND granted" >/dev/null
}
waiting() {  # $1: how many sessions wait on advisory lock key 42
  for _ in $(seq 1 600); do
    n=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 42 AND NOT granted")
    [ "$n" -ge "$1" ] && return 0; sleep 0.1
  done; echo "timeout waiting for the writer"; exit 1
}
check() {  # $1: label, $2: expected fine count in 附表1 合计 for 320000, 2019
  got=$("${PSQL[@]}" -c "SELECT fine_count FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') WHERE institution_type = '合计'")
  if [ "$got" != "$2" ]; then echo "FAIL $1: fine_count $got, expected $2"; exit 1; fi
  echo "ok $1: fine_count $got"
}
# --- 1. READ COMMITTED writer with its rows written before the switch
"${PSQL[@]}" -c "SELECT pg_advisory_lock(42)" -c "SELECT pg_sleep(86400)" >/dev/null 2>&1 & holder=$!
sleep 0.5
{ echo "BEGIN; $case_sql SELECT pg_advisory_lock(42); COMMIT;"; } | "${PSQL[@]}" >/dev/null & w1=$!
waiting 1
"${PSQL[@]}" -c "SELECT illegal_practice.preaggregate(true)" >/dev/null & sw=$!
sleep 1   # the switch is now waiting for the writer's lock on enforcement_case
release; wait $holder 2>/dev/null || true
wait $w1; wait $sw
check "switch waited for the open writer" 1
# --- 2. REPEATABLE READ writer: snapshot taken while off, written after the switch
"${PSQL[@]}" -c "SELECT illegal_practice.preaggregate(false)" >/dev/null
"${PSQL[@]}" -c "SELECT pg_advisory_lock(42)" -c "SELECT pg_sleep(86400)" >/dev/null 2>&1 & holder=$!
sleep 0.5
{ echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM illegal_practice.tally_cell_status; SELECT pg_advisory_lock(42); $case_sql COMMIT;"; } | "${PSQL[@]}" >/dev/null & w2=$!
waiting 1
"${PSQL[@]}" -c "SELECT illegal_practice.preaggregate(true)" >/dev/null
release; wait $holder 2>/dev/null || true
wait $w2
check "late writer counted (forms scan while its cells are pending)" 2
{ echo "BEGIN; $case_sql COMMIT;"; } | "${PSQL[@]}" >/dev/null
check "next writer folded the pending cells in" 3
result=$("${PSQL[@]}" -c "
  SELECT illegal_practice.tally_cells_usable()::text || ' ' || (SELECT count(*) FROM (
            SELECT division_code, month, category, institution_type, state::text FROM illegal_practice.tally_cell
            EXCEPT
            SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
                   illegal_practice.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                          f.entered_in_system, f.rectified)::text
              FROM illegal_practice.case_facts f GROUP BY 1, 2, 3, 4) x)")
[ "$result" = "true 0" ] || { echo "FAIL: usable / cells differing from a recompute: $result"; exit 1; }
echo "ok cells equal a recompute, pre-aggregation usable"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
