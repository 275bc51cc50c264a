#!/usr/bin/env bash
# 62b_subject_concurrency.sh — subject resolution (§5.1) against a concurrent registration of the
# same identity, sequenced by advisory locks (no sleeps that a slow machine could outrun):
#   1. READ COMMITTED: the later writer finds the subject the other committed — one subject, no error;
#   2. REPEATABLE READ: the subject was committed after the writer's snapshot — 40001 (retry), never a
#      second subject with the same identity (before: a duplicate for a name, 23505 for a uscc).
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_subject_conc_test
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -tA)
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
fail() { echo "FAIL: $*" >&2; exit 1; }
"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
CREATE EXTENSION illegal_practice;
INSERT INTO illegal_practice.division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331021', '玉环市', '县', '331000');
SQL
ins() {  # $1 = subject name, $2 = division
  echo "INSERT INTO illegal_practice.enforcement_case (division_code, category, subject_name, subject_address, filed_on)
        VALUES ('$2', '无证行医', '$1', '某地', '2020-03-01');"
}
wait_lock() {  # a DO block that waits until another session holds advisory lock $1
  echo "DO \$\$ BEGIN WHILE NOT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted
                                              AND pid <> pg_backend_pid()) LOOP PERFORM pg_sleep(0.02); END LOOP; END \$\$;"
}
out=$(mktemp -d)
for iso in "read committed" "repeatable read"; do
  name="同名诊所-${iso// /}"
  # A: snapshot, then lock 1 ("my snapshot is taken"), wait for lock 2 ("B committed"), then register the same name
  "$PGBIN/psql" -X -q -d "$db" -tA >"$out/a" 2>&1 <<SQL &
BEGIN ISOLATION LEVEL ${iso^^};
SELECT count(*) FROM illegal_practice.enforcement_case;
SELECT pg_advisory_lock(1);
$(wait_lock 2)
$(ins "$name" 331021)
COMMIT;
SQL
  a=$!
  # B: wait for A's snapshot, register the name and commit, then hold lock 2 until A has finished
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -tA >"$out/b" 2>&1 <<SQL &
$(wait_lock 1)
$(ins "$name" 331024)
SELECT pg_advisory_lock(2);
DO \$\$ BEGIN WHILE EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND granted) LOOP PERFORM pg_sleep(0.02); END LOOP; END \$\$;
SQL
  b=$!
  wait $a || true; wait $b || fail "$iso: session B failed: $(cat "$out/b")"
  subjects=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.subject WHERE name = '$name'")
  cases=$("${PSQL[@]}" -c "SELECT count(*) FROM illegal_practice.enforcement_case WHERE subject_name = '$name'")
  [ "$subjects" = 1 ] || fail "$iso: $subjects subjects named $name (expected 1)"
  if [ "$iso" = "read committed" ]; then
    [ "$cases" = 2 ] || fail "$iso: $cases cases (expected 2, both resolved to one subject): $(cat "$out/a")"
  else
    grep -q "could not serialize access: subject [0-9]* was registered by a concurrent transaction" "$out/a" \
      || fail "$iso: expected 40001 in session A, got: $(cat "$out/a")"
    [ "$cases" = 1 ] || fail "$iso: $cases cases (expected 1: A rolled back)"
  fi
  echo "ok: $iso — one subject, $cases case(s)"
done
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
echo "62b_subject_concurrency: ok"
