#!/usr/bin/env bash
# Extension-script lint (§7 hardening): what the catalog checks in sql/91_hardening.sql cannot see.
#   - no CREATE OR REPLACE (a member object must never silently replace a planted one)
#   - every SECURITY DEFINER function declares SET search_path in the same statement
#   - no ALTER ... OWNER TO a role other than the two NOLOGIN owners (illegal_practice_definer,
#     illegal_practice_tally)
#   - every ALTER FUNCTION ... SECURITY DEFINER pins the search_path in the same statement
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
if grep -n -i 'create[[:space:]]\+or[[:space:]]\+replace' extension/sql/*.sql; then
  echo "lint: CREATE OR REPLACE found (forbidden in the extension script)"; fail=1
fi
# statements = text between semicolons at line ends; check SECURITY DEFINER ones carry search_path
python3 - <<'PY' || fail=1
import glob, re, sys
bad = []
for f in sorted(glob.glob('extension/sql/*.sql')):
    text = open(f, encoding='utf-8').read()
    for m in re.finditer(r'CREATE\s+FUNCTION\s+(\S+?)\(.*?(?:\$\$.*?\$\$|;)', text, re.S | re.I):
        stmt = m.group(0)
        header = stmt.split('$$')[0]
        if re.search(r'SECURITY\s+DEFINER', header, re.I) and not re.search(r'SET\s+search_path\s*=\s*pg_catalog,\s*pg_temp', header, re.I):
            bad.append(f'{f}: {m.group(1)}')
for b in bad:
    print('lint: SECURITY DEFINER without SET search_path = pg_catalog, pg_temp:', b)
sys.exit(1 if bad else 0)
PY
if grep -n -i 'owner[[:space:]]\+to' extension/sql/*.sql | grep -v -i -E 'owner[[:space:]]+to[[:space:]]+illegal_practice_(definer|tally)\b'; then
  echo "lint: ownership given to a role other than illegal_practice_definer / illegal_practice_tally"; fail=1
fi
if grep -n -i -E '^ALTER FUNCTION .* SECURITY DEFINER' extension/sql/*.sql | grep -v -E 'SET search_path = pg_catalog, pg_temp;'; then
  echo "lint: ALTER FUNCTION ... SECURITY DEFINER without SET search_path = pg_catalog, pg_temp"; fail=1
fi
# every trigger stands aside during a restore (pg_dump sets row_security = off): WHEN guard, except
# INSTEAD OF triggers, which cannot have one (issue 17)
python3 - <<'PY2' || fail=1
import glob, re, sys
bad = []
for f in sorted(glob.glob('extension/sql/*.sql')):
    text = open(f, encoding='utf-8').read()
    for m in re.finditer(r"CREATE\s+(?:CONSTRAINT\s+)?TRIGGER\s+(\S+)(.*?)EXECUTE\s+FUNCTION", text, re.S | re.I):
        body = m.group(2)
        if 'INSTEAD OF' in body.upper():
            continue
        if "row_security" not in body:
            bad.append(f"{f}: trigger {m.group(1)}")
for b in bad:
    print("lint: trigger without the restore guard WHEN (current_setting('row_security') <> 'off'):", b)
sys.exit(1 if bad else 0)
PY2
[ "$fail" -eq 0 ] && echo "lint: extension script ok"
exit "$fail"
