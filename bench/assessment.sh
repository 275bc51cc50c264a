#!/usr/bin/env bash
# Benchmark 4 of issue 8: assessment_summary (附件3 考核汇总) for a county of 20 townships and a
# province of BENCH_TOWNSHIPS townships with a year of patrols, vs the same rules in plain SQL
# (bench/plain_assessment_summary.sql) and vs one bare count(*) of the patrols — all in the same run.
#   bash bench/assessment.sh                                   # full: 1,000 townships (~330k patrols)
#   BENCH_TOWNSHIPS=40 BENCH_OUT=/tmp bash bench/assessment.sh  # smoke (CI)
# Needs the throwaway cluster (scripts/setup.sh). Database ip_bench_assess is dropped and rebuilt.
# Exit 1 when the extension's rows differ from the plain SQL's.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
TOWNSHIPS=${BENCH_TOWNSHIPS:-1000}
SITES=${BENCH_SITES:-30}
REPS=${BENCH_REPS:-5}
OUT=${BENCH_OUT:-}
db=ip_bench_assess
export PGOPTIONS="-c client_min_messages=warning"
P=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")

. "$REPO/bench/lib.sh"   # ms(), ratio()
plain() {  # $1 = division code, $2 = window id → the plain SQL with both substituted
  sed -e "s/:'division'/'$1'/g" -e "s/:window/$2/g" "$REPO/bench/plain_assessment_summary.sql" | grep -v '^--' | sed -e 's/;$//'
}
plain_occ() {  # the same up to its occ CTE: every township × rule of window $2 with its occurrences n
  plain "$1" "$2" | awk '/^\), total AS \(/ { exit } { print }'
  echo ") SELECT code, rule_code, points, per_occurrence, max_points, n FROM occ"
}
plain_total() {  # $1 = division code, $2 = campaign id: assessment_total in plain SQL — per rule, the
                 # occurrences of all the campaign's windows summed, flags deducting once
  local parts="" w
  for w in $("${P[@]}" -c "SELECT id FROM illegal_practice.reporting_window WHERE campaign_id = $2 ORDER BY id"); do
    parts+="${parts:+ UNION ALL }SELECT * FROM ($(plain_occ "$1" "$w")) w$w"
  done
  cat <<SQL
WITH o AS ($parts),
r AS (SELECT code, rule_code, points, per_occurrence, max_points, sum(n) AS n FROM o GROUP BY 1, 2, 3, 4, 5),
total AS (
  SELECT dv.code, dv.name,
         coalesce(sum(CASE WHEN r.n = 0 THEN 0
                           WHEN r.per_occurrence THEN least(r.points * r.n, coalesce(r.max_points, r.points * r.n))
                           ELSE least(r.points, coalesce(r.max_points, r.points)) END), 0) AS deduction
    FROM illegal_practice.division dv LEFT JOIN r ON r.code = dv.code
   WHERE dv.level = '乡镇' AND dv.code IN (SELECT DISTINCT code FROM o)
   GROUP BY dv.code, dv.name)
SELECT code AS township_code, name AS township, deduction, rank() OVER (ORDER BY deduction) AS rank FROM total ORDER BY 4, 1
SQL
}

echo "== generating $TOWNSHIPS townships × $SITES sites, a year of patrols" >&2
t0=$(date +%s)
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${P[@]}" -c "CREATE EXTENSION illegal_practice"
"${P[@]}" -v townships="$TOWNSHIPS" -v sites="$SITES" -f "$REPO/bench/generate_assessment.sql" >/dev/null
"${P[@]}" -c "VACUUM ANALYZE"
gen_s=$(( $(date +%s) - t0 ))
win=$("${P[@]}" -c "SELECT id FROM illegal_practice.reporting_window WHERE name = '2020年'")
camp=$("${P[@]}" -c "SELECT campaign_id FROM illegal_practice.reporting_window WHERE id = $win")
read -r n_sites n_patrols <<<"$("${P[@]}" -F ' ' -c "SELECT (SELECT count(*) FROM illegal_practice.site), (SELECT count(*) FROM illegal_practice.patrol)")"
county=$("${P[@]}" -c "SELECT min(code) FROM illegal_practice.division WHERE level = '县'")
province=$("${P[@]}" -c "SELECT min(code) FROM illegal_practice.division WHERE level = '省'")
n_county=$("${P[@]}" -c "SELECT count(*) FROM illegal_practice.division WHERE level = '乡镇' AND parent_code = '$county'")

rows=""; same=true
for div in "$county" "$province"; do
  for fn in summary total; do
    echo "== $div $fn" >&2
    if [ $fn = summary ]; then ext="SELECT * FROM illegal_practice.assessment_summary('$div', $win)"; pl=$(plain "$div" "$win")
    else ext="SELECT * FROM illegal_practice.assessment_total('$div', $camp)"; pl=$(plain_total "$div" "$camp"); fi
    diff=$("${P[@]}" -c "SELECT count(*) FROM ((($ext) EXCEPT ALL ($pl)) UNION ALL (($pl) EXCEPT ALL ($ext))) d")
    n=$("${P[@]}" -c "SELECT count(*) FROM ($ext) e")
    [ "$diff" = 0 ] || { same=false; echo "MISMATCH for $div $fn: $diff rows differ" >&2; }
    t_ext=$(ms "$ext" "$REPS")
    t_plain=$(ms "$pl" "$REPS")
    t_count=$(ms "SELECT count(*) FROM illegal_practice.patrol" "$REPS")
    label=$([ "$div" = "$county" ] && echo "county $div ($n_county townships)" || echo "province $div ($n townships)")
    what=$([ $fn = summary ] && echo "assessment_summary (window 2020年)" || echo "assessment_total (campaign: 2 windows)")
    rows+="| $what | $label | $n | $t_ext | $t_plain | $t_count | $(ratio "$t_plain" "$t_ext")× | $(ratio "$t_ext" "$t_count") | $([ "$diff" = 0 ] && echo yes || echo "NO ($diff)") |"$'\n'
  done
done
# the cold path: the same without the per-(window, township) cache (every township computed from the tables)
cold_ms=$(ms "SELECT * FROM illegal_practice.assessment_summary('$province', $win)" "$REPS" \
            "BEGIN; DELETE FROM illegal_practice_internal.assessment_derived_cache")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"

section=$(
  echo "## 4. assessment_summary"
  echo
  echo "Command: \`BENCH_TOWNSHIPS=$TOWNSHIPS bash bench/assessment.sh\`. Machine: $(nproc) cores; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); run $(date -u +%Y-%m-%d)."
  echo "Data (\`bench/generate_assessment.sql\`, deterministic): $TOWNSHIPS townships, $n_sites sites, $n_patrols patrols in 2020"
  echo "(generated in ${gen_s}s); reporting window 2020年 of a campaign with rule set xianju2020."
  echo "Times: best of $REPS, in ms, measured in the server. Plain SQL: \`bench/plain_assessment_summary.sql\`."
  echo
  echo "| function | division | townships | extension | plain SQL | bare count(*) of patrol | plain/ext | ext/count | rows equal |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo -n "$rows"
  echo
  echo "Without the per-(window, township) cache (rows deleted inside the timed transaction, so every township is computed from the tables): assessment_summary, province: $cold_ms ms."
)
echo "$section"
if [ -n "$OUT" ]; then
  mkdir -p "$OUT"
  echo "$section" > "$OUT/performance-assessment.md"
fi
$same || exit 1
