#!/usr/bin/env bash
# sqlsmith against the extension, once per user role (issue 16's fuzz proof). NOT part of `make test` / CI:
# it takes SECONDS per role (default 600, i.e. 40 minutes for the four roles) and needs /usr/bin/sqlsmith.
#
#   eval "$(bash scripts/private_pg.sh NAME PORT)"; bash scripts/setup.sh    # your own cluster
#   bash scripts/sqlsmith.sh [SECONDS] [ROLE ...]       # e.g. bash scripts/sqlsmith.sh 600
#                                                        #      bash scripts/sqlsmith.sh 60 smith_clerk
#
# What it does:
#   1. (re)creates the database $SMITH_DB (default ip_smith) like `make demo`: CREATE EXTENSION, sample/*.sql,
#      demo/*.sql; and the LOGIN roles smith_clerk (township 331024001 安洲街道), smith_analyst (county
#      331024 仙居县), smith_reader (city 320100 南京市), smith_admin (county 331024), each a member of
#      illegal_practice_<kind> with its row in illegal_practice.user_scope. SMITH_REUSE=1 keeps the database.
#   2. creates $SMITH_DB_log if missing, where sqlsmith --log-to writes every error with its SQLSTATE (one
#      instance row per run; the report reads the last run of each role).
#   3. runs, one role after the other, `nice -n 10 sqlsmith --target='… user=ROLE' --exclude-catalog --verbose
#      --log-to=… --seed=…` for SECONDS (stopped with SIGINT, when sqlsmith prints its final report);
#      the backends are reniced too. SMITH_CATALOG=1 drops --exclude-catalog. SMITH_SEED fixes the seed.
#   4. prints per role: seconds, queries, errors by SQLSTATE class, XX000 count, the top 10 messages, and
#      whether the server crashed: "terminated by signal" / "was terminated" / PANIC / TRAP in the server
#      log written during the run, or a changed pg_postmaster_start_time().
# Logs: $SMITH_OUT (default $IP_ROOT/sqlsmith)/ROLE.log (sqlsmith's verbose output) and ROLE.server.log (the
# server log lines written during that role's run). Exit status 1 if any role saw a crash, or an XX000 raised
# in extension/src or inside one of the extension's functions (core's own XX000s are listed, not counted).
# Reproduce one logged query:  psql -d ip_smith_log -Atc "SELECT query FROM error WHERE sqlstate = 'XX000' LIMIT 1" >query.sql
# then run it as the role:     psql -U smith_clerk -d ip_smith -f query.sql
set -euo pipefail
. "$(dirname "$0")/env.sh"
SECS=${1:-600}; shift || true
ROLES=("$@"); [ ${#ROLES[@]} -gt 0 ] || ROLES=(smith_clerk smith_analyst smith_reader smith_admin)
DB=${SMITH_DB:-ip_smith}; LOGDB=${DB}_log
OUT=${SMITH_OUT:-$IP_ROOT/sqlsmith}; mkdir -p "$OUT"
SEED=${SMITH_SEED:-$(date +%s)}
command -v sqlsmith >/dev/null || { echo "sqlsmith not found (apt-get install sqlsmith)" >&2; exit 2; }
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -At -d "$1" -c "$2"; }

if [ "${SMITH_REUSE:-0}" != 1 ] || [ -z "$(q postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  echo "== database $DB: extension, sample data, demo"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0"
  "${PSQL[@]}" -d "$DB" -c "CREATE EXTENSION illegal_practice"
  for f in "$REPO"/sample/*.sql; do "${PSQL[@]}" -d "$DB" -f "$f" >/dev/null; done
  for f in "$REPO"/demo/*.sql; do PGDATABASE=$DB "${PSQL[@]}" -d "$DB" -f "$f" >/dev/null 2>&1 || echo "   (demo/$(basename "$f") failed, ignored: 60_schedule needs cron.database_name = $DB)"; done
fi
"${PSQL[@]}" -d "$DB" <<'SQL'
SET client_min_messages = warning;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('smith_clerk', 'clerk', '331024001'), ('smith_analyst', 'analyst', '331024'),
                                 ('smith_reader', 'reader', '320100'), ('smith_admin', 'admin', '331024')) v(name, kind, code) LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', r.name);
    END IF;
    EXECUTE format('GRANT %I TO %I', 'illegal_practice_' || r.kind, r.name);
    -- every error is in the --log-to database: keep the statements out of the server log
    EXECUTE format('ALTER ROLE %I SET log_min_error_statement = panic', r.name);
    -- but with each error's SQLSTATE and source location: an XX000 is placed in core or in extension/src
    EXECUTE format('ALTER ROLE %I SET log_error_verbosity = verbose', r.name);
    DELETE FROM illegal_practice.user_scope WHERE role_name = r.name;
    INSERT INTO illegal_practice.user_scope VALUES (r.name, r.code);
  END LOOP;
END $$;
SQL
# the --log-to schema of sqlsmith 1.4 (what its binary inserts and updates)
# (kept from run to run: one instance row per sqlsmith run)
[ -n "$(q postgres "SELECT 1 FROM pg_database WHERE datname = '$LOGDB'")" ] || "${PSQL[@]}" -d postgres -c "CREATE DATABASE $LOGDB"
"${PSQL[@]}" -d "$LOGDB" <<'SQL'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS instance (id bigserial PRIMARY KEY, rev text, target text, hostname text, version text,
                                     seed text, t timestamptz DEFAULT now());
CREATE TABLE IF NOT EXISTS error (id bigint REFERENCES instance, msg text, query text, sqlstate text, t timestamptz DEFAULT now());
CREATE TABLE IF NOT EXISTS stat (id bigint REFERENCES instance, generated bigint, level float, nodes float,
                                 updated timestamptz, retries float, impedance jsonb);
SQL

CATALOG=(--exclude-catalog); [ "${SMITH_CATALOG:-0}" = 1 ] && CATALOG=()
bad=0; summary=()
for role in "${ROLES[@]}"; do
  start0=$(q "$DB" "SELECT pg_postmaster_start_time()")
  logoff=$(stat -c %s "$IP_LOG")
  target="host=$PGHOST port=$PGPORT dbname=$DB user=$role"
  echo "== $role: $SECS s, seed $SEED: nice -n 10 sqlsmith --target='$target' ${CATALOG[*]} --verbose --seed=$SEED --log-to=…$LOGDB"
  # renice this role's backends (the machine is shared); sqlsmith reconnects after a broken connection
  ( while sleep 5; do
      for p in $(q postgres "SELECT pid FROM pg_stat_activity WHERE usename = '$role'" 2>/dev/null); do renice -n 10 -p "$p" >/dev/null 2>&1 || true; done
    done ) & renicer=$!
  t0=$(date +%s)
  set +e
  timeout -s INT -k 30 "$SECS" nice -n 10 sqlsmith --target="$target" "${CATALOG[@]}" --verbose --seed="$SEED" \
    --log-to="host=$PGHOST port=$PGPORT dbname=$LOGDB user=postgres" >"$OUT/$role.log" 2>&1
  rc=$?
  set -e
  t1=$(date +%s)
  kill "$renicer" 2>/dev/null; wait "$renicer" 2>/dev/null || true
  sleep 1
  tail -c +"$((logoff + 1))" "$IP_LOG" >"$OUT/$role.server.log"
  start1=$(q "$DB" "SELECT pg_postmaster_start_time()" 2>/dev/null || echo "server down")
  crash=$(grep -cE 'terminated by signal|server process .* was terminated|PANIC:  |TRAP:' "$OUT/$role.server.log" || true)
  [ "$start0" = "$start1" ] || crash=$((crash + 1))
  # sqlsmith's final report: "queries: N (x gen/s, y exec/s)"; else the last stat row
  queries=$(grep -oE 'queries: [0-9]+' "$OUT/$role.log" | tail -1 | grep -oE '[0-9]+' || true)
  iid=$(q "$LOGDB" "SELECT max(id) FROM instance WHERE target LIKE '%user=$role%'")
  [ -n "$queries" ] || queries=$(q "$LOGDB" "SELECT max(generated) FROM stat WHERE id = '$iid'")
  xx=$(q "$LOGDB" "SELECT count(*) FROM error WHERE id = '$iid' AND sqlstate = 'XX000'")
  errs=$(q "$LOGDB" "SELECT count(*) FROM error WHERE id = '$iid'")
  echo "-- $role: $((t1 - t0)) s, sqlsmith exit $rc, queries $queries, errors $errs, XX000 $xx, crashes $crash (postmaster start $start0 -> $start1)"
  echo "   errors by SQLSTATE class:"
  "${PSQL[@]}" -d "$LOGDB" -P footer=off -c "SELECT left(sqlstate, 2) AS class, count(*) AS errors,
      string_agg(DISTINCT sqlstate, ' ' ORDER BY sqlstate) AS sqlstates FROM error WHERE id = '$iid' GROUP BY 1 ORDER BY 2 DESC" | sed 's/^/   /'
  echo "   top 10 messages:"
  "${PSQL[@]}" -d "$LOGDB" -P footer=off -c "SELECT count(*) AS n, sqlstate, left(split_part(msg, E'\n', 1), 110) AS message
      FROM error WHERE id = '$iid' GROUP BY 2, 3 ORDER BY 1 DESC, 3 LIMIT 10" | sed 's/^/   /'
  ext=0
  if [ "$xx" != 0 ]; then
    echo "   XX000 messages:"
    "${PSQL[@]}" -d "$LOGDB" -P footer=off -c "SELECT count(*) AS n, left(split_part(msg, E'\n', 1), 110) AS message
        FROM error WHERE id = '$iid' AND sqlstate = 'XX000' GROUP BY 2 ORDER BY 1 DESC" | sed 's/^/   /'
    # where each XX000 was raised (the LOCATION line that log_error_verbosity = verbose adds); one in a source
    # file of the extension, or under a CONTEXT naming one of its functions, is the extension's bug
    echo "   XX000 locations (server log):"
    awk '/ERROR:  XX000:/ { f = 1; c = ""; next }
         f && /CONTEXT:  / { sub(/.*CONTEXT:  /, ""); c = " under " $0 }
         f && /LOCATION:  / { sub(/.*LOCATION:  /, ""); print $0 c; f = 0 }' "$OUT/$role.server.log" >"$OUT/$role.xx000"
    sort "$OUT/$role.xx000" | uniq -c | sort -rn | head -20 | sed 's/^/   /'
    srcs=$(cd "$REPO/extension/src" && ls *.c | sed 's/\.c$//' | paste -sd'|')
    ext=$(grep -cE ", ($srcs)\.c:[0-9]+|under .*(illegal_practice|PL/pgSQL|SQL function)" "$OUT/$role.xx000" || true)
    echo "   XX000 raised in extension/src or under a PL/pgSQL or SQL function: $ext"
  fi
  if [ "$crash" != 0 ]; then grep -E -B2 -A2 'terminated by signal|was terminated|PANIC|TRAP:' "$OUT/$role.server.log" | head -20 | sed 's/^/   /'; fi
  summary+=("$(printf '%-14s %5s s  %8s queries  %6s errors  %4s XX000 (%s in the extension)  %s crashes' \
    "$role" "$((t1 - t0))" "$queries" "$errs" "$xx" "$ext" "$crash")")
  { [ "$crash" != 0 ] || [ "$ext" != 0 ]; } && bad=1
  [ "$start1" = "server down" ] && { echo "the server is down: stopping" >&2; break; }
done
echo "== summary (seed $SEED, ${CATALOG[*]:-catalog included}; logs in $OUT, errors in database $LOGDB)"
printf '%s\n' "${summary[@]}"
exit $bad
