#!/usr/bin/env bash
# Issue 20, goal 4: concurrent writers with pre-aggregation on against off. pgbench, 8 clients, each
# client always in its own 江苏 city (client_id → city), each transaction one case with a fine, as a
# clerk scoped to 江苏省; READ COMMITTED and REPEATABLE READ; then the roll-ups equal a recompute.
# Not part of `make test`:
#   eval "$(bash scripts/private_pg.sh NAME PORT)"; bash bench/writers.sh [seconds per run, default 30]
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
. "$(dirname "$0")/lib.sh"   # STALE_CELLS, STALE_ROLLUPS
secs=${1:-30}
db=ip_bench_writers
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice"
"${PSQL[@]}" -f "$(dirname "$0")/../sample/00_divisions.sql" >/dev/null
"${PSQL[@]}" -c "DROP ROLE IF EXISTS ip_bw_clerk" -c "CREATE ROLE ip_bw_clerk LOGIN IN ROLE illegal_practice_clerk" \
  -c "INSERT INTO illegal_practice.user_scope VALUES ('ip_bw_clerk', '320000')"
script=$(mktemp)
cat > "$script" <<'SQL'
\set m random(1, 12)
WITH c AS (INSERT INTO illegal_practice.enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on)
           VALUES ((ARRAY['320100','320200','320300','320400','320500','320600','320700','320800'])[:client_id % 8 + 1],
                   '无证行医', '西医', 'bw-' || :client_id || '-' || (random() * 1e9)::bigint, '某地', make_date(2019, :m, 10)) RETURNING id)
INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on) SELECT id, '罚款', 100, make_date(2019, :m, 20) FROM c;
SQL
run() {  # $1 isolation → "committed failed"
  local out
  out=$(PGOPTIONS="-c default_transaction_isolation=${1// /\\ } -c client_min_messages=warning" \
        "$PGBIN/pgbench" -n -U ip_bw_clerk -c 8 -j 2 -T "$secs" -f "$script" --failures-detailed "$db" 2>&1 || true)
  echo "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out") $(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")"
}
declare -A R
"${PSQL[@]}" -c "SELECT illegal_practice.preaggregate(false)" >/dev/null
for iso in "read committed" "repeatable read"; do R[off,$iso]=$(run "$iso"); done
"${PSQL[@]}" -c "SELECT illegal_practice.preaggregate(true)" >/dev/null
for iso in "read committed" "repeatable read"; do R[on,$iso]=$(run "$iso"); done
rm -f "$script"
echo "| isolation | pre-aggregation off: committed / failed | on: committed / failed | on ÷ off | goal ≥ 0.7 |"
echo "|---|---|---|---|---|"
for iso in "read committed" "repeatable read"; do
  read -r off_ok off_f <<<"${R[off,$iso]}"; read -r on_ok on_f <<<"${R[on,$iso]}"
  r=$(awk -v a="$on_ok" -v b="$off_ok" 'BEGIN { printf "%.2f", a / b }')
  echo "| $iso | $off_ok / ${off_f:-0} | $on_ok / ${on_f:-0} | $r | $(awk -v r="$r" 'BEGIN { print (r >= 0.7 ? "met" : "not met") }') |"
done
# one READ COMMITTED writer folds what the REPEATABLE READ writers left; then every cell and roll-up equals a recompute
"${PSQL[@]}" -c "INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_name, filed_on) VALUES ('320100', '无证行医', 'bw-fold', '2019-01-05')"
stale=$("${PSQL[@]}" -c "SELECT (SELECT count(*) FROM illegal_practice.tally_cell_dirty) + ($STALE_CELLS) + ($STALE_ROLLUPS)")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
[ "$stale" = 0 ] || { echo "FAILED: $stale stale cells or roll-ups"; exit 1; }
echo "ok: every cell and roll-up equals a recompute"
