#!/usr/bin/env bash
# 68_deb.sh — the Debian package: build postgresql-15-illegal-practice from debian/ with
# `dpkg-buildpackage -us -uc` (pg_buildext, as PGDG packages are built; no WERROR: a packager's
# build), install the .deb with dpkg into a private root holding a copy of PostgreSQL 15 with every
# illegal_practice file removed (so the files can only come from the package; the system stays as it
# is), start a clean cluster from it with the library preloaded, CREATE EXTENSION, load the sample
# cases and print 附表1; its rows must equal the same form from the developer build (-Werror) of this
# checkout. About 30 s, most of it the package build.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
for t in dpkg-buildpackage dh pg_buildext; do command -v $t >/dev/null || fail "$t missing (scripts/setup.sh installs dpkg-dev, debhelper, postgresql-server-dev-all)"; done
ver=$(dpkg-parsechangelog -l "$REPO/debian/changelog" -S Version)
ext_ver=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$REPO/illegal_practice.control")
[ "${ver%%-*}" = "$ext_ver" ] || fail "debian/changelog is at $ver, the control file at $ext_ver"

tmp=$(mktemp -d /var/tmp/ip-deb.XXXXXX)
data=$tmp/data; sock=$tmp/run; root=$tmp/root
cleanup() {
  if [ -s "$data/PG_VERSION" ]; then as_pg "$root/usr/lib/postgresql/15/bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# -- build, from a copy of the checkout (tracked and new files, nothing ignored)
src=$tmp/illegal-practice-$ver
mkdir -p "$src"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$REPO" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
     | xargs -0 cp --parents -t "$src")
else
  (cd "$REPO" && tar --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' --exclude=results -cf - .) | tar -C "$src" -xf -
fi
start=$(date +%s)
if ! (cd "$src" && dpkg-buildpackage -us -uc > "$tmp/build.log" 2>&1); then tail -40 "$tmp/build.log" >&2; fail "dpkg-buildpackage failed"; fi
deb=$tmp/postgresql-15-illegal-practice_${ver}_$(dpkg --print-architecture).deb
[ -s "$deb" ] || fail "no $deb"
grep -q -- '-Werror ' "$tmp/build.log" && fail "the package build used -Werror (packagers build without WERROR)"
echo "built $(basename "$deb") in $(( $(date +%s) - start )) s"

# -- install it with dpkg into a private root with PostgreSQL 15 and pg_cron but no illegal_practice
mkdir -p "$root/usr/lib" "$root/usr/share" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
cp -a /usr/lib/postgresql "$root/usr/lib/"; cp -a /usr/share/postgresql "$root/usr/share/"
rm -rf "$root"/usr/lib/postgresql/15/lib/illegal_practice* "$root"/usr/lib/postgresql/15/lib/bitcode/illegal_practice* \
       "$root"/usr/share/postgresql/15/extension/illegal_practice*
dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i failed"; }
dpkg --root="$root" -L postgresql-15-illegal-practice | grep -q '/usr/share/postgresql/15/extension/illegal_practice.control' \
  || fail "the package does not hold the control file"
[ -e "$root/usr/lib/postgresql/15/lib/illegal_practice.so" ] || fail "illegal_practice.so not installed by the package"
echo "installed: $(dpkg --root="$root" -l postgresql-15-illegal-practice | awk '/^ii/ {print $2, $3}')"

# -- a clean cluster from that root, the library preloaded (docs/settings.md)
bin=$root/usr/lib/postgresql/15/bin
mkdir -p "$data" "$sock"; chown -R postgres:postgres "$tmp" 2>/dev/null || true
as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
shared_preload_libraries = 'illegal_practice'
timezone = 'UTC'
fsync = off
CONF
as_pg "$bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start >/dev/null || { cat "$tmp/server.log" >&2; fail "the clean cluster did not start"; }
P=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -h "$sock" -p "$PGPORT" -U postgres)
"${P[@]}" -d postgres -c "CREATE DATABASE ip_deb TEMPLATE template0 ENCODING 'UTF8'"
"${P[@]}" -d ip_deb -c "SET client_min_messages = warning" -c "CREATE EXTENSION illegal_practice"
v=$("${P[@]}" -d ip_deb -c "SELECT extversion FROM pg_extension WHERE extname = 'illegal_practice'")
[ "$v" = "$ext_ver" ] || fail "installed version $v, expected $ext_ver"
for f in "$REPO"/sample/0*.sql "$REPO"/sample/40_cases.sql; do "${P[@]}" -d ip_deb -f "$f" >/dev/null; done
form="SELECT f::text FROM illegal_practice.form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') f"
got=$("${P[@]}" -d ip_deb -c "$form")
[ "$(printf '%s\n' "$got" | wc -l)" -gt 1 ] || fail "附表1 from the package has no rows: $got"
echo "附表1 from the package: $(printf '%s\n' "$got" | wc -l) rows, last: $(printf '%s\n' "$got" | tail -1)"

# -- the same form from the developer build of this checkout (the cluster of scripts/env.sh)
Q=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At)
export PGOPTIONS="-c client_min_messages=warning"
"${Q[@]}" -d postgres -c "DROP DATABASE IF EXISTS ip_deb_ref" -c "CREATE DATABASE ip_deb_ref TEMPLATE template0 ENCODING 'UTF8'"
"${Q[@]}" -d ip_deb_ref -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/0*.sql "$REPO"/sample/40_cases.sql; do "${Q[@]}" -d ip_deb_ref -f "$f" >/dev/null; done
want=$("${Q[@]}" -d ip_deb_ref -c "$form")
"${Q[@]}" -d postgres -c "DROP DATABASE ip_deb_ref"
[ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got") >&2 || true; fail "附表1 from the package differs from the developer build (< dev, > package)"; }
echo "ok: $(basename "$deb") builds with dpkg-buildpackage, installs with dpkg, CREATE EXTENSION $v, 附表1 as from the developer build"
