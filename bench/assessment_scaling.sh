#!/usr/bin/env bash
# Issue 20 goal 6: the township assessment at several sizes (bench/assessment.sh once per size), a table
# and a plot (docs/performance-assessment-scaling.png): extension, plain SQL of the same rules and one bare
# count(*) of the patrols, province level, ratios from the same run of each size.
#   bash bench/assessment_scaling.sh                         # 250, 1,000 and 4,000 townships (BENCH_REPS=3)
#   BENCH_TOWNSHIPS_SCALES="40 80" BENCH_OUT=/tmp bash bench/assessment_scaling.sh
#   BENCH_ASSESS_DATA=file bash bench/assessment_scaling.sh   # only plot a data file written by an earlier run
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
OUT=${BENCH_OUT:-$REPO/docs}
mkdir -p "$OUT"
dat=${BENCH_ASSESS_DATA:-}
if [ -z "$dat" ]; then
  dat=$OUT/performance-assessment-scaling.dat
  echo "# townships patrols summary_ext summary_plain total_ext total_plain count" > "$dat"
  for n in ${BENCH_TOWNSHIPS_SCALES:-250 1000 4000}; do
    out=$(BENCH_TOWNSHIPS=$n BENCH_REPS=${BENCH_REPS:-3} bash "$REPO/bench/assessment.sh" 2>/dev/null)
    patrols=$(echo "$out" | sed -n 's/.* sites, \([0-9]*\) patrols.*/\1/p')
    # the province rows: | function | division | townships | ext | plain | count | …
    s=$(echo "$out" | awk -F'|' '/assessment_summary/ && /province/ { gsub(/ /, ""); print $5, $6, $7 }')
    t=$(echo "$out" | awk -F'|' '/assessment_total/ && /province/ { gsub(/ /, ""); print $5, $6 }')
    read -r se sp sc <<< "$s"; read -r te tp <<< "$t"
    echo "$n $patrols $se $sp $te $tp $sc" >> "$dat"
  done
fi
{
  echo "| townships | patrols | assessment_summary | plain SQL | assessment_total | plain SQL | count(*) | summary: plain/ext | total: plain/ext | summary/count | total/count |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  grep -v '^#' "$dat" | awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %.1f× | %.1f× | %.2f | %.2f |\n", $1, $2, $3, $4, $5, $6, $7, $4 / $3, $6 / $5, $3 / $7, $5 / $7 }'
} | tee "$OUT/performance-assessment-scaling.md"
if command -v gnuplot >/dev/null; then
  gnuplot -e "set terminal png size 800,480; set output '$OUT/performance-assessment-scaling.png';
              set logscale xy; set xlabel 'townships (30 sites each, a year of patrols)'; set ylabel 'ms (log)'; set key left top;
              set title 'assessment, province level';
              plot '$dat' using 1:3 with linespoints title 'assessment\_summary', '' using 1:4 with linespoints title 'plain SQL (summary)',
                   '' using 1:5 with linespoints title 'assessment\_total', '' using 1:6 with linespoints title 'plain SQL (total)',
                   '' using 1:7 with linespoints title 'count(*) of patrols'"
fi
