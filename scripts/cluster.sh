#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster: start | stop | restart | destroy | status.
# Data under $IP_ROOT (default /var/tmp/illegal_practice), socket only plus localhost,
# pg_cron and illegal_practice (its settings) preloaded, pg_cron running its jobs in background workers (no libpq loop-back).
set -euo pipefail
. "$(dirname "$0")/env.sh"

init() {
  mkdir -p "$IP_ROOT" "$IP_SOCK"
  chown postgres:postgres "$IP_ROOT" "$IP_SOCK" 2>/dev/null || true
  if [ ! -s "$IP_DATA/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$IP_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$IP_DATA/postgresql.conf" <<CONF
# --- illegal_practice throwaway cluster ---
port = $PGPORT
listen_addresses = 'localhost'
unix_socket_directories = '$IP_SOCK'
shared_preload_libraries = 'pg_cron,illegal_practice'
cron.database_name = 'illegal_practice'
cron.use_background_workers = on
cron.timezone = 'UTC'
max_worker_processes = 24
shared_buffers = 1GB
timezone = 'UTC'
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
CONF
  fi
  # clusters made before the settings were GUCs: preload the library too (docs/settings.md)
  if grep -q "^shared_preload_libraries = 'pg_cron'$" "$IP_DATA/postgresql.conf"; then
    sed -i "s/^shared_preload_libraries = 'pg_cron'$/shared_preload_libraries = 'pg_cron,illegal_practice'/" "$IP_DATA/postgresql.conf"
  fi
}
start() {
  init
  if ! as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" -l "$IP_LOG" -w -t 60 start >/dev/null
  fi
}
stop() {
  if [ -s "$IP_DATA/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" -m fast -w stop >/dev/null
  fi
}
case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  destroy) stop; rm -rf "$IP_ROOT" ;;
  status) as_pg "$PGBIN/pg_ctl" -D "$IP_DATA" status ;;
  *) echo "usage: $0 start|stop|restart|destroy|status" >&2; exit 2 ;;
esac
