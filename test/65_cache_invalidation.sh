#!/usr/bin/env bash
# 65_cache_invalidation.sh — the C caches (caller scope, working-day calendar) follow changes that
# another session commits, on the next iteration of a PL/pgSQL loop that runs in one transaction:
# session 1 probes, then waits on advisory lock 1; session 2, which holds that lock, revokes a
# user_scope row, grants a role with a scope, adds a calendar exception, commits and releases the
# lock; session 1's next iteration must see all three.  Sequenced by locks only: no timing race.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_cache_test   # a database of its own: the demo database is never touched
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -tA)
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
fail() { echo "FAIL: $*" >&2; exit 1; }

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS illegal_practice CASCADE;
DROP SCHEMA IF EXISTS illegal_practice CASCADE;
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['ip_cache_clerk', 'ip_cache_team'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('DROP OWNED BY %I', r);
      EXECUTE format('DROP ROLE %I', r);
    END IF;
  END LOOP;
END $$;
CREATE EXTENSION illegal_practice;
SET search_path = illegal_practice, pg_catalog;
CREATE ROLE ip_cache_clerk LOGIN;
CREATE ROLE ip_cache_team;
GRANT illegal_practice_clerk TO ip_cache_clerk;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024001', '安洲街道', '乡镇', '331024'),
  ('331024003', '福应街道', '乡镇', '331024');
INSERT INTO user_scope VALUES ('ip_cache_clerk', '331024001'), ('ip_cache_team', '331024003');
SQL

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
lock_state() {   # granted / waiting holders of advisory lock (0, 1)
  "${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE granted) || ' ' || count(*) FILTER (WHERE NOT granted)
                     FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 1"
}
wait_lock() {    # wait_lock 'G W': until the lock has G holders and W waiters (at most 30 s)
  for _ in $(seq 1 300); do [ "$(lock_state)" = "$1" ] && return 0; sleep 0.1; done
  fail "advisory lock 1 never reached state '$1' (now: $(lock_state))"
}

# session 2: take the lock, wait until session 1 is blocked on it, change and commit, release
"${PSQL[@]}" >"$out/s2" 2>&1 <<'SQL' &
SELECT pg_advisory_lock(1);
DO $$ BEGIN
  WHILE (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND NOT granted) = 0 LOOP
    PERFORM pg_sleep(0.05);
  END LOOP;
END $$;
BEGIN;
DELETE FROM illegal_practice.user_scope WHERE role_name = 'ip_cache_clerk' AND division_code = '331024001';
GRANT ip_cache_team TO ip_cache_clerk;
INSERT INTO illegal_practice.calendar_exception (day, workday, name) VALUES ('2025-11-10', false, '缓存测试');
COMMIT;
SELECT pg_advisory_unlock(1);
SQL
s2=$!
wait_lock "1 0"

# session 1: one DO block (one transaction), the same PL/pgSQL expressions evaluated twice
"${PSQL[@]}" >"$out/s1" 2>&1 <<'SQL' &
SET ROLE ip_cache_clerk;
DO $$
DECLARE
  out text := '';
BEGIN
  FOR i IN 1..2 LOOP
    out := out || illegal_practice.in_caller_scope('331024001')::text || ' '
               || illegal_practice.in_caller_scope('331024003')::text || ' '
               || illegal_practice.add_workdays('2025-11-07', 1)::text || ' '
               || illegal_practice.is_workday('2025-11-10')::text
               || CASE WHEN i = 1 THEN ' | ' ELSE '' END;
    IF i = 1 THEN
      PERFORM pg_advisory_lock(1);     -- session 2 commits its changes, then lets us go on
      PERFORM pg_advisory_unlock(1);
    END IF;
  END LOOP;
  RAISE NOTICE 'probe: %', out;
END $$;
SQL
s1=$!
wait "$s2" || fail "session 2 failed: $(cat "$out/s2")"
wait "$s1" || fail "session 1 failed: $(cat "$out/s1")"
got=$(sed -n 's/.*NOTICE:  probe: //p' "$out/s1")
want="true false 2025-11-10 true | false true 2025-11-11 false"
echo "session 1 saw: $got"
[ "$got" = "$want" ] || fail "expected '$want' (before | after session 2's commit)"

"${PSQL[@]}" <<'SQL' >/dev/null
SET client_min_messages = warning;
DROP EXTENSION illegal_practice CASCADE;
DROP OWNED BY ip_cache_clerk; DROP ROLE ip_cache_clerk;
DROP OWNED BY ip_cache_team; DROP ROLE ip_cache_team;
SQL
echo "ok: a PL/pgSQL loop sees another session's committed user_scope, role and calendar changes"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
