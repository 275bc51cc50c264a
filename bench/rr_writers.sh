#!/usr/bin/env bash
# Writers in different cities under READ COMMITTED, REPEATABLE READ and SERIALIZABLE (issue 16,
# review #11): pgbench, 8 clients, each transaction one case with a fine in a random 江苏 city and
# month, as a clerk scoped to 江苏省. Prints committed / failed per isolation level, then lets one
# READ COMMITTED writer fold the pending cells in and checks that every cell and roll-up equals a
# recompute and that 附表1 counts every case. Not part of `make test` (it takes about two minutes):
#   eval "$(bash scripts/private_pg.sh NAME PORT)"; bash bench/rr_writers.sh [seconds]
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
secs=${1:-20}
db=ip_rr_writers
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice"
"${PSQL[@]}" -f "$(dirname "$0")/../sample/00_divisions.sql" >/dev/null
"${PSQL[@]}" -c "DROP ROLE IF EXISTS ip_rr_clerk" -c "CREATE ROLE ip_rr_clerk LOGIN IN ROLE illegal_practice_clerk" \
  -c "INSERT INTO illegal_practice.user_scope VALUES ('ip_rr_clerk', '320000')"
script=$(mktemp)
cat > "$script" <<'SQL'
\set c random(1, 13)
\set m random(1, 12)
WITH c AS (INSERT INTO illegal_practice.enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on)
           VALUES ((ARRAY['320100','320200','320300','320400','320500','320600','320700','320800','320900','321000','321100','321200','321300'])[:c],
                   '无证行医', '西医', 'rr-' || :client_id || '-' || (random() * 1e9)::bigint, '某地', make_date(2019, :m, 10)) RETURNING id)
INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on) SELECT id, '罚款', 100, make_date(2019, :m, 20) FROM c;
SQL
for iso in "read committed" "repeatable read" "serializable"; do
  out=$(PGOPTIONS="-c default_transaction_isolation=${iso// /\\ } -c client_min_messages=warning" \
        "$PGBIN/pgbench" -n -U ip_rr_clerk -c 8 -j 2 -T "$secs" -f "$script" --failures-detailed "$db" 2>&1 || true)
  ok=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
  echo "$iso: committed ${ok:-?}, failed ${failed:-0}"
done
rm -f "$script"
pending=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.tally_cell_dirty")
# one READ COMMITTED writer folds every pending cell in
"${PSQL[@]}" -c "BEGIN" -c "INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_name, filed_on) VALUES ('320100', '无证行医', 'rc-fold', '2019-01-05')" -c "COMMIT"
result=$("${PSQL[@]}" -c "
  SELECT (SELECT count(*) FROM illegal_practice.tally_cell_dirty) || ' ' ||
         ((SELECT count(*) FROM (
            SELECT division_code, month, category, institution_type, state::text FROM illegal_practice.tally_cell
            EXCEPT
            SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
                   illegal_practice.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                          f.entered_in_system, f.rectified)::text
              FROM illegal_practice.case_facts f GROUP BY 1, 2, 3, 4) x)
         + (SELECT count(*) FROM (
            SELECT division_code, month, category, institution_type, whole_year, state::text FROM illegal_practice.tally_rollup
            EXCEPT
            SELECT a.d, date_trunc(g, f.case_date)::date, f.category, f.institution_type, g = 'year',
                   illegal_practice.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                          f.entered_in_system, f.rectified)::text
              FROM illegal_practice.case_facts f, unnest(illegal_practice.division_ancestors(f.division_code)) a(d), unnest(ARRAY['month', 'year']) g
             GROUP BY 1, 2, 3, 4, 5) y)) || ' ' ||
         (SELECT fine_count FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') WHERE institution_type = '合计')
         || ' ' || (SELECT count(*) FROM illegal_practice.case_action WHERE kind = '罚款')")
read -r left stale fines actions <<<"$result"
echo "pending cells before the fold: $pending; after: $left; stale cells/roll-ups: $stale; 附表1 罚款户次 $fines of $actions fined cases"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
[ "$left" = 0 ] && [ "$stale" = 0 ] && [ "$fines" = "$actions" ] || { echo "FAILED: not exact"; exit 1; }
echo "ok: exact"
