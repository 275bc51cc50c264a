#!/usr/bin/env bash
# Benchmarks for issue 8, each a ratio measured in the same run on the same data.
#   bash bench/run.sh                       # full: BENCH_CASES=2000000, writes docs/performance-results.md + PNG
#   BENCH_CASES=20000 BENCH_OUT=/tmp bash bench/run.sh   # smoke (CI)
#   BENCH_LOAD_CASES=0 …                    # skip benchmark 3 (the bulk load; cases with subject_id given)
#   (the whole write path, with subject resolution and a plain-table baseline: bench/load.sh)
#   BENCH_EXPLAIN=1 …                       # also write the pure scan's plan to $BENCH_OUT/performance-scan-plan.txt
#   BENCH_SCALES="1000000 4000000 8000000"  # also 附表1 at these sizes (the main size is measured on the main data)
#   BENCH_TICK=0 …                          # skip benchmark 7 (tick catching up the 江苏 campaign)
# Needs the throwaway cluster (scripts/setup.sh). Database ip_bench is dropped and rebuilt.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
CASES=${BENCH_CASES:-2000000}
LOAD=${BENCH_LOAD_CASES:-$(( CASES / 2 < 1000000 ? CASES / 2 : 1000000 ))}
OUT=${BENCH_OUT:-$REPO/docs}
SCALES=${BENCH_SCALES:-}
db=ip_bench
export PGOPTIONS="-c client_min_messages=warning"
P=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")

fresh() {  # $1 = number of cases
  "$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
  "${P[@]}" -c "CREATE EXTENSION illegal_practice"
  "${P[@]}" -v cases="$1" -f "$REPO/bench/generate.sql" >/dev/null
  "${P[@]}" -c "VACUUM ANALYZE"
}
. "$REPO/bench/lib.sh"   # ms(), ratio()
plain() {  # plain SQL 附表1 with the period substituted; $3 = the code prefix (default the province, 32)
  sed -e "s/left(:'division', 2)/'${3:-32}'/g" -e "s/:'lo'/'$1'/g" -e "s/:'hi'/'$2'/g" "$REPO/bench/plain_unlicensed_summary.sql" | sed -e 's/;$//' | grep -v '^--'
}
# rows of a form query equal to a plain query's ($1 form, $2 plain) → t/f
# (plain SQL prints no row for a type without cases; the form always prints all five)
same() {
  "${P[@]}" -c "${3:-SELECT 1}" -c "SELECT count(*) = 0 FROM ((SELECT * FROM ($1) f WHERE f.cases_entered + f.penalized_units + f.fine_count > 0
                          EXCEPT SELECT * FROM ($2) p)
                        UNION ALL (SELECT * FROM ($2) p EXCEPT SELECT * FROM ($1) f)) d" | tail -1
}

echo "== generating $CASES cases"
t0=$(date +%s); fresh "$CASES"; gen_s=$(( $(date +%s) - t0 ))
actions=$("${P[@]}" -c "SELECT count(*) FROM illegal_practice.case_action")
par="SET max_parallel_workers_per_gather = 2"
seq="SET max_parallel_workers_per_gather = 0"

echo "== 1. 附表1, whole province, two years (whole months → cells)"
form1="SELECT * FROM illegal_practice.form_unlicensed_summary('320000', '[2018-01-01,2020-01-01)')"
b1_form=$(ms "$form1" 5 "$par")
b1_plain=$(ms "$(plain 2018-01-01 2020-01-01)" 2 "$par")
b1_count=$(ms "SELECT count(*) FROM illegal_practice.enforcement_case" 3 "$par")
# correctness: the extension's rows equal the plain SQL's
same1=$(same "$form1" "$(plain 2018-01-01 2020-01-01)")

echo "== 1s. the same form on the scoped path: a city analyst (320100) and a county reader (320101) asking"
# roles of the bench database's cluster (created once, kept: roles are cluster-wide)
"${P[@]}" -c "DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ip_bench_analyst_city') THEN CREATE ROLE ip_bench_analyst_city IN ROLE illegal_practice_analyst; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ip_bench_reader_county') THEN CREATE ROLE ip_bench_reader_county IN ROLE illegal_practice_reader; END IF;
  END \$\$" \
  -c "INSERT INTO illegal_practice.user_scope VALUES ('ip_bench_analyst_city', '320100'), ('ip_bench_reader_county', '320101')"
as_city="SET ROLE ip_bench_analyst_city"; as_county="SET ROLE ip_bench_reader_county"
form1c="SELECT * FROM illegal_practice.form_unlicensed_summary('320000', '[2018-01-01,2020-01-01)')"    # the province, as the city sees it
form1k="SELECT * FROM illegal_practice.form_unlicensed_summary('320101', '[2018-01-01,2020-01-01)')"    # their own county
b1c_form=$(ms "$form1c" 5 "$par; $as_city")
b1k_form=$(ms "$form1k" 5 "$par; $as_county")
b1_count2=$(ms "SELECT count(*) FROM illegal_practice.enforcement_case" 3 "$par")
b1c_plain=$(ms "$(plain 2018-01-01 2020-01-01 3201)" 2 "$par")
b1k_plain=$(ms "$(plain 2018-01-01 2020-01-01 320101)" 2 "$par")
# the answer is the city's (county's) figures: the plain SQL restricted to it, run by the superuser
"${P[@]}" -c "CREATE TABLE public.bench_expect_city AS $(plain 2018-01-01 2020-01-01 3201)" \
          -c "CREATE TABLE public.bench_expect_county AS $(plain 2018-01-01 2020-01-01 320101)" \
          -c "GRANT SELECT ON public.bench_expect_city, public.bench_expect_county TO PUBLIC"
same1c=$(same "$form1c" "SELECT * FROM public.bench_expect_city" "$as_city")
same1k=$(same "$form1k" "SELECT * FROM public.bench_expect_county" "$as_county")

echo "== 2. a period that is not whole months: roll-ups for the whole months + scans of the days around them"
form2="SELECT * FROM illegal_practice.form_unlicensed_summary('320000', '[2018-01-01,2019-12-31)')"
off="BEGIN; UPDATE illegal_practice.tally_cell_status SET enabled = false"   # the pure scan (pre-aggregation off)
b2_form=$(ms "$form2" 5 "$par")
b2_par=$(ms "$form2" 3 "$off; $par")
b2_seq=$(ms "$form2" 3 "$off; $seq")
b2_plain=$(ms "$(plain 2018-01-01 2019-12-31)" 2 "$par")
same2=$(same "$form2" "$(plain 2018-01-01 2019-12-31)")
same2b=$(same "$form2" "$(plain 2018-01-01 2019-12-31)" "$off")   # the pure scan's rows as well

if [ -n "${BENCH_EXPLAIN:-}" ]; then   # the pure scan's plan (EXPLAIN ANALYZE of the form's statements, auto_explain)
  mkdir -p "${OUT}"
  "${P[@]}" -c "$off" -c "$par" -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 0" -c "SET auto_explain.log_analyze = on" \
    -c "SET auto_explain.log_nested_statements = on" -c "SET auto_explain.log_level = notice" -c "SET client_min_messages = notice" \
    -c "$form2" > "$OUT/performance-scan-plan.txt" 2>&1 || true
fi

echo "== 3. bulk load of $LOAD cases with their actions: pre-aggregation on vs off"
b3_on=-; b3_off=-; b3_stale=0
if [ "$LOAD" -gt 0 ]; then   # BENCH_LOAD_CASES=0 skips benchmark 3
tmp=$(mktemp -d); chmod 777 "$tmp"
"${P[@]}" -c "COPY (SELECT id + 100000000, division_code, category, institution_type, subject_id, subject_name, subject_address,
                            filed_on, decided_on, rectified_on, entered_in_system
                       FROM illegal_practice.enforcement_case ORDER BY id LIMIT $LOAD) TO '$tmp/cases.csv' CSV"
"${P[@]}" -c "COPY (SELECT a.case_id + 100000000, a.kind, a.amount_yuan, a.persons, a.acted_on
                       FROM illegal_practice.case_action a WHERE a.case_id <= (SELECT id FROM illegal_practice.enforcement_case ORDER BY id OFFSET $LOAD - 1 LIMIT 1)
                      ORDER BY a.id) TO '$tmp/actions.csv' CSV"
load() {  # $1 = on|off → "seconds stale_rollups"; timed in the server from BEGIN to after the commit-time
          # recompute (SET CONSTRAINTS ALL IMMEDIATE runs it), then rolled back
  local sw=""; [ "$1" = off ] && sw="UPDATE illegal_practice.tally_cell_status SET enabled = false;"
  local check="SELECT -1;"
  [ "$1" = on ] && check="$STALE_ROLLUPS;"
  cat > "$tmp/load-$1.sql" <<SQL
BEGIN;
$sw
COPY illegal_practice.enforcement_case (id, division_code, category, institution_type, subject_id, subject_name, subject_address,
     filed_on, decided_on, rectified_on, entered_in_system) FROM '$tmp/cases.csv' CSV;
COPY illegal_practice.case_action (case_id, kind, amount_yuan, persons, acted_on) FROM '$tmp/actions.csv' CSV;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT round(extract(epoch FROM clock_timestamp() - now())::numeric, 2);
$check
ROLLBACK;
SQL
  "${P[@]}" -f "$tmp/load-$1.sql" | tr '\n' ' '
}
read -r b3_off _ <<< "$(load off)"; read -r b3_on b3_stale <<< "$(load on)"
rm -rf "$tmp"
fi


echo "== 7. tick catching up a whole year: the 江苏 campaign (4 stages × 4 forms × the province + 13 cities)"
b7_tick=-; b7_n=-; b7_count=-; b7_forms=""
if [ "${BENCH_TICK:-1}" != 0 ]; then
  "${P[@]}" -f "$REPO/bench/tick_campaign.sql"
  # one tick from BEGIN (now()) to the end, rolled back: every stage has ended by 2021-01-01
  read -r b7_n b7_tick <<< "$("${P[@]}" -c "BEGIN" -c "SELECT count(*) FROM illegal_practice.tick('2021-01-01')" \
    -c "SELECT round(extract(epoch FROM clock_timestamp() - now())::numeric * 1000, 1)" -c "ROLLBACK" | tr '\n' ' ')"
  b7_count=$(ms "SELECT count(*) FROM illegal_practice.enforcement_case" 3 "$par")
  # where the time goes: each form once for one stage (监督检查阶段), the province and one city
  for fm in unlicensed_summary beauty_lookback repeat_offenders two_illegal_summary; do
    for dv in 320000 320100; do
      t=$(ms "SELECT illegal_practice_internal.form_payload('$fm', '$dv', '[2019-05-01,2019-09-01)', '[2017-01-01,2019-01-01)')" 1 "$par")
      b7_forms+="$fm $dv $t"$'\n'
    done
  done
fi

# distinct subjects in 江苏's 无证行医 roll-up states (per type, summed) and the penalised ones among them
subjects() {
  "${P[@]}" -c "SELECT (SELECT count(*) FROM (SELECT DISTINCT institution_type, subject_id FROM illegal_practice.enforcement_case
                        WHERE category = '无证行医' AND division_code LIKE '32%' AND case_date >= '2018-01-01' AND case_date < '2020-01-01') d)
                    || ' ' || (SELECT sum(penalized_units) FROM illegal_practice.form_unlicensed_summary('320000', '[2018-01-01,2020-01-01)') WHERE institution_type <> '合计')"
}
scal=""
if [ -n "$SCALES" ]; then
  echo "== 6. scaling"
  scal+="$CASES $b1_form $b2_form $b1_plain $b1_count $(subjects) ${gen_s}"$'\n'   # the main data, measured above
  for n in $SCALES; do
    [ "$n" = "$CASES" ] && continue
    echo "== 6. scaling: $n cases"
    t0=$(date +%s); fresh "$n"; g=$(( $(date +%s) - t0 ))
    f=$(ms "$form1" 3 "$par"); s=$(ms "$form2" 2 "$par"); p=$(ms "$(plain 2018-01-01 2020-01-01)" 1 "$par"); c=$(ms "SELECT count(*) FROM illegal_practice.enforcement_case" 3 "$par")
    scal+="$n $f $s $p $c $(subjects) $g"$'\n'
  done
  scal=$(echo -n "$scal" | sort -n)$'\n'
fi
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"

mkdir -p "$OUT"
{
  echo "# Benchmark results (generated by \`bash bench/run.sh\`)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); run $(date -u +%Y-%m-%d)."
  echo "Data: $CASES cases, $actions actions (generated in ${gen_s}s). Times are the best of several runs, in ms, measured in the server."
  echo
  echo "| # | benchmark | extension | plain SQL | bare count(*) | ratio | goal |"
  echo "|---|---|---|---|---|---|---|"
  echo "| 1 | 附表1, province 320000, 2018–2019 (whole months → pre-aggregated cells) | $b1_form | $b1_plain | $b1_count | plain/ext = $(ratio "$b1_plain" "$b1_form")×; ext/count = $(ratio "$b1_form" "$b1_count") | ≥ 50×; ≤ 1.0 |"
  echo "| 1c | 附表1 as a city-scoped analyst (320100) asking the province 320000, 2018–2019 (answer = the city's figures) | $b1c_form | $b1_plain | $b1_count2 | plain/ext = $(ratio "$b1_plain" "$b1c_form")×; ext/count = $(ratio "$b1c_form" "$b1_count2"); vs plain SQL of the city alone ($b1c_plain ms) $(ratio "$b1c_plain" "$b1c_form")× | ≥ 50×; ≤ 1.0 |"
  echo "| 1k | 附表1 as a county reader (320101) asking their county, 2018–2019 | $b1k_form | $b1_plain | $b1_count2 | plain/ext = $(ratio "$b1_plain" "$b1k_form")×; ext/count = $(ratio "$b1k_form" "$b1_count2"); vs plain SQL of the county alone ($b1k_plain ms) $(ratio "$b1k_plain" "$b1k_form")× | ≥ 50×; ≤ 1.0 |"
  echo "| 2 | 附表1, [2018-01-01, 2019-12-31) (not whole months → roll-ups for 2018-01..2019-11 + a scan of 2019-12-01..30) | $b2_form | $b2_plain | | plain/ext = $(ratio "$b2_plain" "$b2_form")× | ≥ 5× |"
  echo "| 2b | the same with pre-aggregation off: the pure scan, 2 workers (0 workers) | $b2_par ($b2_seq) | $b2_plain | | plain/ext = $(ratio "$b2_plain" "$b2_par")×; 0→2 workers speed-up $(ratio "$b2_seq" "$b2_par")× | — |"
  if [ "$LOAD" -gt 0 ]; then
    echo "| 3 | COPY $LOAD cases + their actions into the $CASES, incl. the commit-time recompute (seconds) | on: $b3_on | off: $b3_off | | on/off = $(ratio "$b3_on" "$b3_off") | ≤ 1.5 |"
  else
    echo "| 3 | COPY of cases with their actions: skipped (BENCH_LOAD_CASES=0) | | | | | ≤ 1.5 |"
  fi
  if [ "${BENCH_TICK:-1}" != 0 ]; then
    echo "| 7 | tick('2021-01-01') catching up the 江苏 campaign: 4 stages × 4 forms × (province + 13 cities) = $b7_n snapshots | $b7_tick | | $b7_count | tick/count = $(ratio "$b7_tick" "$b7_count") | (recorded) |"
  fi
  echo
  echo "Rows equal to the plain SQL's: benchmark 1 $same1, 1c $same1c (the city's rows), 1k $same1k (the county's rows), benchmark 2 $same2, 2b (the pure scan) $same2b. Roll-ups differing from a recompute after the load (benchmark 3): $b3_stale."
  if [ -n "$b7_forms" ]; then
    echo
    echo "Benchmark 7, each form once for the stage 监督检查阶段 [2019-05-01, 2019-09-01) (ms):"
    echo
    echo "| form | province 320000 | city 320100 |"
    echo "|---|---|---|"
    echo -n "$b7_forms" | awk '{ v[$1 " " $2] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
                               END { for (i = 1; i <= n; i++) printf "| %s | %s | %s |\n", order[i], v[order[i] " 320000"], v[order[i] " 320100"] }'
  fi
  if [ -n "$scal" ]; then
    echo
    echo "## Scaling (ms)"
    echo
    echo "| cases | form, whole months (roll-ups) | form, not whole months (roll-ups + edge scan) | plain SQL | count(*) | plain/whole months | whole months/count | subjects in the states (江苏 无证行医, per type) | of them penalised | whole months, µs per 1,000 subjects | generated in (s) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    echo -n "$scal" | awk '{ printf "| %s | %s | %s | %s | %s | %.1f× | %.2f | %s | %s | %.0f | %s |\n", $1, $2, $3, $4, $5, ($2 > 0 ? $4 / $2 : 0), ($5 > 0 ? $2 / $5 : 0), $6, $7, ($6 > 0 ? $2 * 1000000 / $6 : 0), $8 }'
  fi
} > "$OUT/performance-results.md"
if [ -n "$scal" ] && command -v gnuplot >/dev/null; then
  echo -n "$scal" > "$OUT/.scaling.dat"
  # left: every path against the number of cases; right: the whole-month form against the subjects in its states
  gnuplot -e "set terminal png size 1200,480; set output '$OUT/performance-scaling.png'; set multiplot layout 1,2;
              set logscale xy; set xlabel 'cases'; set ylabel 'ms (log)'; set key left top; set title 'Form 1 (unlicensed practice), Jiangsu 2018-2019';
              plot '$OUT/.scaling.dat' using 1:2 with linespoints title 'form, whole months',
                   '' using 1:3 with linespoints title 'form, not whole months', '' using 1:4 with linespoints title 'plain SQL',
                   '' using 1:5 with linespoints title 'count(*)';
              unset logscale; set xlabel 'thousand subjects in the roll-up states (per type, summed)'; set ylabel 'ms';
              set title 'whole months: cost against distinct subjects'; set xrange [0:*]; set yrange [0:*];
              plot '$OUT/.scaling.dat' using (\$6 / 1000):2 with linespoints title 'form, whole months';
              unset multiplot"
  rm -f "$OUT/.scaling.dat"
fi
cat "$OUT/performance-results.md"
[ "$same1" = "t" ] && [ "$same1c" = "t" ] && [ "$same1k" = "t" ] && [ "$same2" = "t" ] && [ "$same2b" = "t" ] || { echo "FAILED: the form differs from the plain SQL"; exit 1; }
[ "$b3_stale" = "0" ] || { echo "FAILED: $b3_stale roll-ups differ from a recompute after the bulk load"; exit 1; }
