# Shared settings for the throwaway cluster; sourced by the other scripts.
# The cluster runs as the `postgres` system user (PostgreSQL refuses root).
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
IP_ROOT=${IP_ROOT:-/var/tmp/illegal_practice}
IP_DATA=$IP_ROOT/data
IP_SOCK=$IP_ROOT/run
IP_LOG=$IP_ROOT/server.log
export PGHOST=$IP_SOCK
export PGPORT=${PGPORT:-54315}
export PGUSER=postgres
export PGDATABASE=${PGDATABASE:-illegal_practice}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Run a command as the postgres system user (or as ourselves when not root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
