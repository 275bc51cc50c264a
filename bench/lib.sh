# Helpers shared by the benchmarks in bench/; the caller defines P (psql with its database) where it uses ms().
# ms(sql, reps, [settings]) → best of reps, in milliseconds, measured inside the server
ms() {
  "${P[@]}" -c "${3:-SELECT 1}" -c "
    CREATE FUNCTION pg_temp.bench(q text, n int) RETURNS numeric LANGUAGE plpgsql AS \$\$
    DECLARE t0 timestamptz; best numeric := NULL; d numeric; BEGIN
      FOR i IN 1..n LOOP t0 := clock_timestamp(); EXECUTE 'SELECT sum(hashtext(x::text)) FROM (' || q || ') x';
        d := extract(epoch FROM clock_timestamp() - t0) * 1000; best := least(coalesce(best, d), d); END LOOP;
      RETURN round(best, 1); END \$\$;
    SELECT pg_temp.bench(\$q\$$1\$q\$, $2);" | tail -1
}
# ratio(a, b) → a / b with two decimals (0 when b is 0)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# The pre-aggregation's exactness, one definition for every benchmark: how many cells (STALE_CELLS)
# and roll-ups, month and whole-year (STALE_ROLLUPS), differ from a recompute from the cases (0: exact).
STALE_CELLS="SELECT count(*) FROM (
    SELECT division_code, month, category, institution_type, state::text FROM illegal_practice.tally_cell
    EXCEPT SELECT f.division_code, date_trunc('month', f.case_date)::date, f.category, f.institution_type,
                  illegal_practice.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                         f.entered_in_system, f.rectified)::text
             FROM illegal_practice.case_facts f GROUP BY 1, 2, 3, 4) x"
STALE_ROLLUPS="SELECT count(*) FROM (
    SELECT division_code, month, category, institution_type, whole_year, state::text FROM illegal_practice.tally_rollup
    EXCEPT SELECT a.d, date_trunc(g, f.case_date)::date, f.category, f.institution_type, g = 'year',
                  illegal_practice.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                                         f.entered_in_system, f.rectified)::text
             FROM illegal_practice.case_facts f, unnest(illegal_practice.division_ancestors(f.division_code)) a(d), unnest(ARRAY['month', 'year']) g
            GROUP BY 1, 2, 3, 4, 5) y"
