#!/usr/bin/env bash
# Concurrent writers into the same pre-aggregated cells must not lose counts: two sessions
# insert cases and actions into the same (division, month, category, type) cells in many small
# transactions at once; afterwards every cell equals a recompute and the form's counts are exact.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_preagg_conc
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice" \
  -c "INSERT INTO illegal_practice.division VALUES ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000')"
writer() {  # $1 = writer number: 150 transactions, each one case with a fine and a confiscation
  for i in $(seq 1 150); do
    echo "BEGIN;
      WITH c AS (INSERT INTO illegal_practice.enforcement_case (division_code, category, institution_type, subject_name,
                   subject_address, filed_on, entered_in_system)
                 VALUES ('320100', '无证行医', CASE WHEN $i % 2 = 0 THEN '西医' ELSE '中医' END::illegal_practice.institution_type,
                         'w$1-$i', '南京', ('2019-0' || (1 + $i % 3) || '-15')::date, true) RETURNING id)
      INSERT INTO illegal_practice.case_action (case_id, kind, amount_yuan, acted_on)
      SELECT id, k::illegal_practice.action_kind, 100, '2019-04-01' FROM c, unnest(ARRAY['罚款', '没收违法所得']) k;
      COMMIT;"
  done | "${PSQL[@]}" >/dev/null
}
writer 1 & p1=$!
writer 2 & p2=$!
wait $p1; wait $p2
result=$("${PSQL[@]}" -c "
  SELECT (SELECT count(*) FROM (
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
             GROUP BY 1, 2, 3, 4, 5) y)
         || ' ' || (SELECT fine_count || ' ' || fine_wan || ' ' || penalized_units || ' ' || cases_entered
                      FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,2019-04-01)')
                     WHERE institution_type = '合计')")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
# 300 cases, each fined 100 yuan: 300 cases, 3.0000 万元, 300 distinct subjects, 300 entered; no stale cell or roll-up
# (the two writers share the 南京 cells and the 江苏 roll-ups of each month and type)
if [ "$result" != "0 300 3.0000 300 300" ]; then echo "FAILED: concurrent writers lost counts: $result"; exit 1; fi
echo "ok: two concurrent writers, 300 cases, cells exact ($result)"
