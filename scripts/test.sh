#!/usr/bin/env bash
# Runs every test suite against the throwaway cluster; exits non-zero on any failure.
#   1. pg_regress (sql/, expected/)       — `make installcheck`
#   2. test/NN_*.sh                       — suites pg_regress cannot hold (pg_cron, crash, …)
set -uo pipefail
. "$(dirname "$0")/env.sh"
bash "$REPO/scripts/setup.sh" || exit 1
cd "$REPO"
passed=0; failed=0
# the demo database must come out of the suites as it went in (every suite uses a database of its own)
demo_state() {
  "$PGBIN/psql" -X -q -At -d illegal_practice -c "SELECT coalesce(string_agg(format('%s=%s', c.relname,
      (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM illegal_practice.%I', c.relname), false, true, '')))[1]::text), ' '
      ORDER BY c.relname), 'no extension') FROM pg_class c WHERE c.relnamespace = to_regnamespace('illegal_practice') AND c.relkind = 'r'" 2>/dev/null
}
demo_before=$(demo_state)

echo "== suite: pg_regress"
if make -s PG_CONFIG=$PGBIN/pg_config installcheck; then
  passed=$((passed+1))
else
  failed=$((failed+1))
  echo "== regression.diffs"; cat regression.diffs 2>/dev/null || true
fi

for t in "$REPO"/test/[0-9]*.sh; do
  [ -e "$t" ] || continue
  echo "== suite: $(basename "$t")"
  if bash "$t"; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAILED: $(basename "$t")"; fi
done

echo "== demo database untouched?"
if [ "$(demo_state)" = "$demo_before" ]; then passed=$((passed+1)); echo "ok: demo database as before"
else failed=$((failed+1)); echo "FAILED: the suites changed the demo database illegal_practice"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
