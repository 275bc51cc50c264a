#!/usr/bin/env bash
# 67_upgrade.sh — an office on a released version can take the current one without losing its data.
# For every released version R (extension/released/illegal_practice--R.sql, CONTRIBUTING.md §6):
#   1. database ip_upgrade_old: CREATE EXTENSION illegal_practice VERSION 'R', the sample data frozen
#      with R (test/upgrade/sample--R.sql), then ALTER EXTENSION illegal_practice UPDATE;
#   2. database ip_upgrade_new: a fresh CREATE EXTENSION of the current version, the same data;
#   3. compare: the schema (pg_dump --schema-only --binary-upgrade, which, unlike a plain dump, lists
#      every member object of the extension; OIDs dropped, objects and table columns compared as sets,
#      i.e. modulo ordering), every user row of R kept by the update (all columns R had), the rows of
#      both databases (timestamps of the load left out), and the forms (demo/[0-5]*.sql printed by both).
# While the current version is still a released one (1.0 before 1.1 exists), the update is a no-op and
# the check that matters is that the released copy equals the script built from extension/sql/.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
ext=illegal_practice
old=ip_upgrade_old; new=ip_upgrade_new
tmp=$(mktemp -d)
cleanup() {
  rm -rf "$tmp"
  for db in $old $new; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$REPO/$ext.control")
built=$REPO/extension/$ext--$current.sql
[ -s "$built" ] || fail "$built is not built (make)"
shopt -s nullglob
released=("$REPO"/extension/released/$ext--*.sql)
[ ${#released[@]} -gt 0 ] || fail "no released script in extension/released/"

# -- the released copy of the current version, if any, is the built script
if [ -e "$REPO/extension/released/$ext--$current.sql" ]; then
  if ! cmp -s "$REPO/extension/released/$ext--$current.sql" "$built"; then
    diff -u "$REPO/extension/released/$ext--$current.sql" "$built" | head -40 >&2 || true
    fail "extension/released/$ext--$current.sql differs from the script built from extension/sql/ (above).
  Before v$current is tagged: bash scripts/release.sh $current --force.
  After: never edit a released script; bump default_version and write extension/upgrade/$ext--$current--<next>.sql."
  fi
  if ! cat "$REPO"/sample/*.sql | cmp -s - "$REPO/test/upgrade/sample--$current.sql"; then
    fail "test/upgrade/sample--$current.sql is not sample/*.sql: before v$current is tagged, bash scripts/release.sh $current --force"
  fi
  echo "current version $current is released: extension/released/$ext--$current.sql equals the built script (byte for byte), test/upgrade/sample--$current.sql the sample data"
fi

# -- helpers
# every table of the extension's two schemas with its columns: name|col,col,...
tables_sql="SELECT c.oid::regclass::text || '|' || string_agg(quote_ident(a.attname), ',' ORDER BY a.attname)
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace IN ('illegal_practice'::regnamespace, 'illegal_practice_internal'::regnamespace)
   AND c.relkind IN ('r', 'p') GROUP BY c.oid ORDER BY 1"
# the same, without the columns a load writes the clock or a transaction id into
stable_cols_sql="SELECT c.oid::regclass::text || '|' || string_agg(quote_ident(a.attname), ',' ORDER BY a.attname)
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace IN ('illegal_practice'::regnamespace, 'illegal_practice_internal'::regnamespace)
   AND c.relkind IN ('r', 'p')
   AND a.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'xid8'::regtype, 'xid'::regtype)
   AND NOT (c.relname = 'audit_log' AND a.attname IN ('old', 'new'))
 GROUP BY c.oid ORDER BY 1"
# table|count|md5 of its rows over the given columns, one line per table of the list on stdin
rows() {   # db < list
  local db=$1 t cols
  while IFS='|' read -r t cols; do
    [ -n "$t" ] || continue
    printf '%s|%s\n' "$t" "$("${PSQL[@]}" -d "$db" -c "SELECT count(*) || '|' || coalesce(md5(string_agg(r, E'\n' ORDER BY r)), '-')
                                                      FROM (SELECT ROW($cols)::text AS r FROM $t) x")"
  done
}
schema() {   # db > normalised schema, one object per line
  "$PGBIN/pg_dump" --schema-only --binary-upgrade -d "$1" 2>/dev/null | python3 -c '
import re, sys
blocks, cur = [], []
for line in sys.stdin.read().split("\n"):
    if line.startswith("-- Name: ") or line.startswith("-- Data for Name: "):
        blocks.append(cur); cur = [line]; continue
    if (line.startswith("--") or not line.strip() or "binary_upgrade_set_next_" in line
            or "pg.dropped" in line or line.startswith("SET ") or line.startswith("SELECT pg_catalog.set_config")
            or re.match(r"(\\restrict|\\unrestrict|UPDATE pg_catalog\.pg_(class|attribute)$|WHERE (oid|attname) = |\s+AND attrelid = )", line)):
        continue
    line = re.sub(r"binary_upgrade_create_empty_extension\((.*?), .\{[0-9,]*\}., .\{[^}]*\}.", r"binary_upgrade_create_empty_extension(\1, {config tables}", line)
    cur.append(line)
blocks.append(cur)
out = []
for b in blocks:
    head, body = (b[0], b[1:]) if b and b[0].startswith("--") else ("-- (preamble)", b)
    head = re.sub(r"; Owner: .*", "", head)
    # a table created by an upgrade may have its columns in another order: compare them as a set
    norm, cols = [], []
    for line in body:
        if line.startswith("    ") and norm and norm[-1].startswith("CREATE TABLE "):
            cols.append(line.strip().rstrip(","))
            continue
        if cols:
            norm.append("(" + " | ".join(sorted(cols)) + ")"); cols = []
        norm.append(line)
    if cols:
        norm.append("(" + " | ".join(sorted(cols)) + ")")
    out.append(head[3:] + " :: " + " ".join(norm))
for o in sorted(out):
    print(o)
'
}
forms() {   # db > the demo's forms as printed
  local f
  for f in "$REPO"/demo/[0-5]*.sql; do "${PSQL[@]}" -d "$1" -P pager=off -f "$f" 2>&1; done
}

for rel in "${released[@]}"; do
  R=$(basename "$rel" .sql); R=${R#$ext--}
  sample=$REPO/test/upgrade/sample--$R.sql
  [ -e "$sample" ] || fail "$sample missing (scripts/release.sh $R freezes it with the released script)"
  echo "== $R -> $current"
  for db in $old $new; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
  done
  "${PSQL[@]}" -d $old -c "CREATE EXTENSION $ext VERSION '$R'"
  "${PSQL[@]}" -d $old -f "$sample" >/dev/null
  "${PSQL[@]}" -d $old -c "$tables_sql" > "$tmp/tables_$R"
  rows $old < "$tmp/tables_$R" > "$tmp/before"
  if [ "$R" != "$current" ]; then
    path=$("${PSQL[@]}" -d $old -c "SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$R' AND target = '$current'")
    [ -n "$path" ] || fail "no update path from $R to $current (extension/upgrade/$ext--$R--$current.sql missing?)"
    echo "update path: $path"
  fi
  "${PSQL[@]}" -d $old -c "ALTER EXTENSION $ext UPDATE"
  v=$("${PSQL[@]}" -d $old -c "SELECT extversion FROM pg_extension WHERE extname = '$ext'")
  [ "$v" = "$current" ] || fail "after ALTER EXTENSION UPDATE the version is $v, not $current"

  # every user row of R kept, over every column R had
  rows $old < "$tmp/tables_$R" > "$tmp/after"
  if ! diff "$tmp/before" "$tmp/after" > "$tmp/d"; then cat "$tmp/d" >&2; fail "$R -> $current: rows changed by the update (above: before/after)"; fi
  nrows=$(awk -F'|' '{s += $2} END {print s}' "$tmp/after")

  "${PSQL[@]}" -d $new -c "CREATE EXTENSION $ext"
  "${PSQL[@]}" -d $new -f "$sample" >/dev/null

  schema $old > "$tmp/schema_old"; schema $new > "$tmp/schema_new"
  [ "$(wc -l < "$tmp/schema_new")" -gt 100 ] || fail "the schema dump of $new looks empty"
  if ! diff "$tmp/schema_old" "$tmp/schema_new" > "$tmp/d"; then
    head -60 "$tmp/d" >&2; fail "$R -> $current: the updated schema differs from a fresh install (< updated, > fresh)"
  fi

  "${PSQL[@]}" -d $new -c "$stable_cols_sql" > "$tmp/cols"
  rows $old < "$tmp/cols" > "$tmp/rows_old"; rows $new < "$tmp/cols" > "$tmp/rows_new"
  if ! diff "$tmp/rows_old" "$tmp/rows_new" > "$tmp/d"; then cat "$tmp/d" >&2; fail "$R -> $current: rows differ from a fresh install (< updated, > fresh)"; fi

  forms $old > "$tmp/forms_old"; forms $new > "$tmp/forms_new"
  grep -q . "$tmp/forms_new" || fail "no form output"
  if grep -q 'ERROR' "$tmp/forms_new"; then grep -m5 ERROR "$tmp/forms_new" >&2; fail "the demo's forms fail on a fresh install"; fi
  if ! diff "$tmp/forms_old" "$tmp/forms_new" > "$tmp/d"; then head -40 "$tmp/d" >&2; fail "$R -> $current: the forms differ from a fresh install"; fi

  echo "ok: $R -> $current: schema identical to a fresh install ($(wc -l < "$tmp/schema_new") objects), $nrows user rows in $(wc -l < "$tmp/after") tables kept, forms identical ($(wc -l < "$tmp/forms_new") lines)"
done
