#!/usr/bin/env bash
# Runs every test suite against the throwaway cluster; exits non-zero on any failure.
#   1. pg_regress (sql/, expected/)       — `make installcheck`
#   2. test/NN_*.sh                       — suites pg_regress cannot hold (pg_cron, crash, …)
set -uo pipefail
. "$(dirname "$0")/env.sh"
bash "$REPO/scripts/setup.sh" || exit 1
cd "$REPO"
passed=0; failed=0

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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
