#!/usr/bin/env bash
# The main job: set up, create the extension in the throwaway cluster, load the sample
# data (sample/*.sql in order) and print the forms (demo/*.sql in order).
set -euo pipefail
. "$(dirname "$0")/env.sh"
bash "$REPO/scripts/setup.sh"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d illegal_practice)
"${PSQL[@]}" -c "DROP EXTENSION IF EXISTS illegal_practice CASCADE" -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/*.sql; do "${PSQL[@]}" -f "$f"; done
for f in "$REPO"/demo/*.sql; do "${PSQL[@]}" -P pager=off -f "$f"; done
