#!/usr/bin/env bash
# 69_vanilla_installcheck.sh — `make installcheck` on a vanilla PostgreSQL 15 cluster: nothing preloaded
# (no pg_cron, no illegal_practice in shared_preload_libraries), as on a packager's or a DBA's machine.
# A cluster of its own (socket only, under $IP_ROOT/vanilla), removed afterwards.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
V_ROOT=$IP_ROOT/vanilla
V_DATA=$V_ROOT/data
stop() { as_pg "$PGBIN/pg_ctl" -D "$V_DATA" -m immediate -w stop >/dev/null 2>&1 || true; }
stop; rm -rf "$V_ROOT"; mkdir -p "$V_ROOT/run"; chown -R postgres:postgres "$V_ROOT" 2>/dev/null || true
as_pg "$PGBIN/initdb" -D "$V_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$V_DATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$V_ROOT/run'
fsync = off
CONF
as_pg "$PGBIN/pg_ctl" -D "$V_DATA" -l "$V_ROOT/server.log" -w -t 60 start >/dev/null
rc=0
cd "$REPO"
PGHOST=$V_ROOT/run make -s PG_CONFIG=$PGBIN/pg_config installcheck >"$V_ROOT/installcheck.out" 2>&1 || rc=$?
grep -E 'tests passed|failed' "$V_ROOT/installcheck.out" || true
# without pg_cron preloaded, schedule_jobs() says so and how to fix it
e=$(PGHOST=$V_ROOT/run "$PGBIN/psql" -X -q -At -d contrib_regression -c "SELECT illegal_practice.schedule_jobs()" 2>&1 || true)
echo "$e" | grep -q 'pg_cron is not loaded in this server' || { echo "FAIL: schedule_jobs() on a vanilla cluster: $e"; rc=1; }
# nor is illegal_practice preloaded: the script's own first statement refuses a SQL_ASCII database
PGHOST=$V_ROOT/run "$PGBIN/psql" -X -q -d postgres -c "CREATE DATABASE ip_vanilla_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
e=$(PGHOST=$V_ROOT/run "$PGBIN/psql" -X -q -At -d ip_vanilla_ascii -c "CREATE EXTENSION illegal_practice" 2>&1 || true)
echo "$e" | grep -q 'illegal_practice needs a UTF8 database, and database "ip_vanilla_ascii" has encoding SQL_ASCII' \
  || { echo "FAIL: SQL_ASCII on a vanilla cluster: $e"; rc=1; }
if [ $rc != 0 ]; then cat "$V_ROOT/installcheck.out"; cat regression.diffs 2>/dev/null | head -100; fi
stop; [ $rc = 0 ] && rm -rf "$V_ROOT"
exit $rc
