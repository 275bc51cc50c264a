# Helpers shared by bench/run.sh and bench/assessment.sh; the caller defines P (psql with its database).
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
