#!/usr/bin/env bash
# For developers running several checkouts at once: make a private, relocated copy of
# the Debian PostgreSQL 15 install (binaries, share, headers, pg_cron) under /opt/pg-NAME
# and print the environment that points the scripts at it and at a cluster of its own.
#   eval "$(bash scripts/private_pg.sh NAME PORT)"; make test
set -euo pipefail
name=${1:?usage: private_pg.sh NAME PORT}; port=${2:?usage: private_pg.sh NAME PORT}
P=/opt/pg-$name
if [ ! -x "$P/usr/lib/postgresql/15/bin/postgres" ]; then
  mkdir -p "$P/usr/lib" "$P/usr/share" "$P/usr/include"
  cp -a /usr/lib/postgresql "$P/usr/lib/"
  cp -a /usr/share/postgresql "$P/usr/share/"
  cp -a /usr/include/postgresql "$P/usr/include/"
fi
echo "export PGBIN=$P/usr/lib/postgresql/15/bin IP_ROOT=/var/tmp/ip-$name PGPORT=$port PGHOST=/var/tmp/ip-$name/run PGUSER=postgres PATH=$P/usr/lib/postgresql/15/bin:\$PATH"
