#!/usr/bin/env bash
# Sets everything up on a Debian 12 machine, as root:
#   1. installs the Debian packages that are missing (dpkg-dev, debhelper, postgresql-server-dev-all:
#      the package build of test/68_deb.sh),
#   2. builds the extension with -Wall -Wextra -Werror (make WERROR=1) and installs it,
#   3. (re)starts a throwaway PostgreSQL 15 cluster with pg_cron preloaded,
#   4. creates the database `illegal_practice`.
# Idempotent: running it again rebuilds, reinstalls and restarts.
set -euo pipefail
. "$(dirname "$0")/env.sh"

need=()
# chromium, fonts-noto-cjk (CJK with bold) and poppler-utils (pdfinfo, pdftotext): the printable pages and their test;
# the JDBC and ODBC drivers and a JDK: the BI clients of test/73
for p in postgresql-15 postgresql-server-dev-15 postgresql-15-cron build-essential python3-psycopg2 clang libclang-rt-14-dev gnuplot-nox \
         dpkg-dev debhelper postgresql-server-dev-all chromium fonts-noto-cjk poppler-utils \
         libpostgresql-jdbc-java openjdk-17-jdk-headless odbc-postgresql unixodbc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== building and installing the extension"
cd "$REPO"
make -s WERROR=1 PG_CONFIG=$PGBIN/pg_config >/dev/null
make -s WERROR=1 PG_CONFIG=$PGBIN/pg_config install >/dev/null

bash "$REPO/scripts/cluster.sh" restart
as_pg "$PGBIN/psql" -q -X -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'illegal_practice'" -tA | grep -q 1 \
  || as_pg "$PGBIN/createdb" -E UTF8 -T template0 illegal_practice
echo "== ready: psql -h $PGHOST -p $PGPORT -U postgres illegal_practice"
