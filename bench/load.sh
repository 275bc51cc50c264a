#!/usr/bin/env bash
# The bulk write path (issue 20, goal 5): N cases, each with one action, loaded through every trigger
# (subject resolution, audit, plausible dates, division copy, pre-aggregation) by COPY and by
# INSERT … SELECT, with pre-aggregation on and off, against the same rows into plain tables with the
# same columns, defaults, CHECK constraints, indexes and foreign keys (no triggers) -- all in one run.
# The cases carry no subject_id: every row is resolved (§5.1); identities repeat (N/3 distinct, a
# quarter of them by USCC). Each load is one transaction, timed in the server from BEGIN to after the
# commit-time recompute (SET CONSTRAINTS ALL IMMEDIATE), then rolled back; the pre-aggregation-on
# loads check that every roll-up equals a recompute.
#   eval "$(bash scripts/private_pg.sh NAME PORT)"; bash bench/load.sh [N ...]     # default 50000
#   BENCH_LOAD_BASE=20000 …   cases already in the database before the load (default 20000)
#   BENCH_LOAD_WAYS="copy insert" …  which statements to time
#   BENCH_LOAD_KEEP=1 …        keep database ip_load (with public.src_case / src_action) for profiling
# Prints one Markdown row per N. Figures are seconds; ratios are from the same run.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
. "$(dirname "$0")/lib.sh"   # STALE_ROLLUPS
db=ip_load
export PGOPTIONS="-c client_min_messages=warning"
P=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
BASE=${BENCH_LOAD_BASE:-20000}
WAYS=${BENCH_LOAD_WAYS:-copy insert}
SIZES=${*:-50000}

"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${P[@]}" -c "CREATE EXTENSION illegal_practice"
"${P[@]}" -v cases="$BASE" -f "$REPO/bench/generate.sql" >/dev/null
# the plain tables: same columns, defaults, generated column, CHECKs, indexes; the same foreign keys
"${P[@]}" <<'SQL'
CREATE TABLE public.plain_case (LIKE illegal_practice.enforcement_case INCLUDING ALL);
ALTER TABLE public.plain_case ADD FOREIGN KEY (division_code) REFERENCES illegal_practice.division (code),
                              ADD FOREIGN KEY (subject_id) REFERENCES illegal_practice.subject (id);
CREATE TABLE public.plain_action (LIKE illegal_practice.case_action INCLUDING ALL);
ALTER TABLE public.plain_action ADD FOREIGN KEY (case_id) REFERENCES public.plain_case (id) ON DELETE CASCADE;
VACUUM ANALYZE;
SQL
tmp=$(mktemp -d); chmod 777 "$tmp"
stale_total=0

load() {  # $1 = copy|insert, $2 = on|off|plain, $3 = N → "seconds stale_rollups"
  local way=$1 mode=$2 n=$3 tc=illegal_practice.enforcement_case ta=illegal_practice.case_action sw="" check="SELECT -1;"
  [ "$mode" = plain ] && { tc=public.plain_case; ta=public.plain_action; }
  [ "$mode" = off ] && sw="UPDATE illegal_practice.tally_cell_status SET enabled = false;"
  [ "$mode" = on ] && check="$STALE_ROLLUPS;"
  local cols="id, division_code, category, institution_type, subject_name, subject_address, subject_uscc, filed_on, decided_on, rectified_on, entered_in_system"
  local acols="case_id, kind, amount_yuan, persons, acted_on"
  local body
  if [ "$way" = copy ]; then
    body="COPY $tc ($cols) FROM '$tmp/cases-$n.csv' CSV;
COPY $ta ($acols) FROM '$tmp/actions-$n.csv' CSV;"
  else
    body="INSERT INTO $tc ($cols) SELECT $cols FROM public.src_case WHERE id <= 100000000 + $n;
INSERT INTO $ta ($acols) SELECT $acols FROM public.src_action WHERE case_id <= 100000000 + $n;"
  fi
  cat > "$tmp/load.sql" <<SQL
BEGIN;
$sw
$body
SET CONSTRAINTS ALL IMMEDIATE;
SELECT round(extract(epoch FROM clock_timestamp() - now())::numeric, 2);
$check
ROLLBACK;
SQL
  "${P[@]}" -f "$tmp/load.sql" | tr '\n' ' '
}

max=0; for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
# the source rows: deterministic (a function of the row number), ids above the base data's
"${P[@]}" <<SQL
CREATE FUNCTION public.uscc_of(p text) RETURNS text LANGUAGE sql IMMUTABLE  -- 17 characters + the GB 32100 check
  RETURN p || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(p, i, 1)) - 1)
                                                                         * (power(3, i - 1)::bigint % 31)) FROM generate_series(1, 17) i)::int % 31) % 31, 1);
CREATE TABLE public.src_case AS
SELECT (100000000 + g)::bigint AS id, bc.code AS division_code,
       (enum_range(NULL::illegal_practice.case_category))[1 + g % 5] AS category,
       (enum_range(NULL::illegal_practice.institution_type))[1 + (g / 5) % 5] AS institution_type,
       '载入当事人' || (g::bigint * 7919) % greatest($max / 3, 1) AS subject_name, '载入地址' || (g::bigint * 7919) % greatest($max / 3, 1) AS subject_address,
       CASE WHEN (g::bigint * 7919) % greatest($max / 3, 1) % 4 = 1
            THEN public.uscc_of('91320000' || lpad(((g::bigint * 7919) % greatest($max / 3, 1))::text, 9, '0'))::illegal_practice.uscc END AS subject_uscc,
       DATE '2018-01-01' + (g * 37) % 720 AS filed_on,
       CASE WHEN g % 5 <> 0 THEN DATE '2018-01-01' + (g * 37) % 720 + g % 20 END AS decided_on,
       CASE WHEN g % 9 = 0 THEN DATE '2018-01-01' + (g * 37) % 720 + 30 END AS rectified_on,
       g % 3 <> 0 AS entered_in_system
  FROM generate_series(1, $max) g
  JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS n, code FROM illegal_practice.division WHERE level = '县') bc
    ON bc.n = g % (SELECT count(*) FROM illegal_practice.division WHERE level = '县');
CREATE TABLE public.src_action AS
SELECT c.id AS case_id, k.kind,
       CASE WHEN k.kind IN ('罚款', '没收违法所得') THEN 1000 + (c.id * 31) % 50000 END::numeric(14,2) AS amount_yuan,
       CASE WHEN k.kind = '追责' THEN 1 + c.id % 2 END::integer AS persons,
       c.filed_on AS acted_on
  FROM public.src_case c,
       LATERAL (SELECT (ARRAY['罚款', '警告', '取缔', '没收违法所得', '责令改正', '移送司法机关', '责令停业整顿', '追责', '法院判决']::illegal_practice.action_kind[])[1 + (c.id / 25) % 9] AS kind) k;
CREATE INDEX ON public.src_case (id); CREATE INDEX ON public.src_action (case_id);
ANALYZE public.src_case; ANALYZE public.src_action;
SQL
echo "| cases (+1 action each) | statement | plain tables (s) | triggers, pre-aggregation off (s) | on (s) | on/off | on/plain |"
echo "|---|---|---|---|---|---|---|"
for n in $SIZES; do
  "${P[@]}" -c "COPY (SELECT id, division_code, category, institution_type, subject_name, subject_address, subject_uscc, filed_on, decided_on, rectified_on, entered_in_system
                       FROM public.src_case WHERE id <= 100000000 + $n ORDER BY id) TO '$tmp/cases-$n.csv' CSV" \
            -c "COPY (SELECT case_id, kind, amount_yuan, persons, acted_on FROM public.src_action WHERE case_id <= 100000000 + $n ORDER BY case_id) TO '$tmp/actions-$n.csv' CSV"
  for way in $WAYS; do
    read -r t_plain _ <<< "$(load "$way" plain "$n")"
    read -r t_off _ <<< "$(load "$way" off "$n")"
    read -r t_on stale <<< "$(load "$way" on "$n")"
    stale_total=$(( stale_total + stale ))
    echo "| $n | $way | $t_plain | $t_off | $t_on | $(awk -v a="$t_on" -v b="$t_off" 'BEGIN { printf "%.2f", a / b }') | $(awk -v a="$t_on" -v b="$t_plain" 'BEGIN { printf "%.1f", a / b }') |"
  done
  rm -f "$tmp/cases-$n.csv" "$tmp/actions-$n.csv"
done
rm -rf "$tmp"
echo
echo "Roll-ups differing from a recompute after the pre-aggregation-on loads: $stale_total. Machine: $(nproc) cores (shared), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), base data $BASE cases, run $(date -u +%Y-%m-%d)."
[ -n "${BENCH_LOAD_KEEP:-}" ] || "$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
[ "$stale_total" = 0 ] || { echo "FAILED: roll-ups differ from a recompute"; exit 1; }
