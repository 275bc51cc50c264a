#!/usr/bin/env bash
# Freezes the script of a release (CONTRIBUTING.md §6):
#   bash scripts/release.sh 1.0            writes extension/released/illegal_practice--1.0.sql
#   bash scripts/release.sh 1.0 --force    rewrites it — only before the release is tagged (v1.0)
# The version must be the control file's default_version. The script of that version is assembled by
# the Makefile from extension/sql/NN_*.sql (always rebuilt here) and copied byte for byte; the sample
# data (sample/*.sql in order) is frozen next to it in test/upgrade/sample--1.0.sql, so the upgrade
# test (test/67_upgrade.sh) can load into the old version the data that version could hold.
# A released file is never edited afterwards: a change to the schema needs an upgrade script
# extension/upgrade/illegal_practice--1.0--1.1.sql and a new default_version.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: $0 VERSION [--force]" >&2; exit 2; }
version=""; force=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    -*) usage ;;
    *) [ -z "$version" ] || usage; version=$a ;;
  esac
done
[ -n "$version" ] || usage
ext=illegal_practice
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ext.control")
if [ "$version" != "$current" ]; then
  echo "release.sh: $version is not the current version ($ext.control says default_version = '$current')" >&2
  echo "  bump default_version first (and write extension/upgrade/$ext--<previous>--$version.sql)" >&2
  exit 1
fi
released=extension/released/$ext--$version.sql
sample=test/upgrade/sample--$version.sql
if [ -e "$released" ]; then
  if [ "$force" -ne 1 ]; then
    echo "release.sh: $released exists; a released script is never rewritten" >&2
    echo "  (--force regenerates it, only before the release is tagged)" >&2
    exit 1
  fi
  if git rev-parse -q --verify "refs/tags/v$version" >/dev/null 2>&1; then
    echo "release.sh: v$version is tagged; its released script is frozen, --force refused" >&2
    exit 1
  fi
fi
PG_CONFIG=${PG_CONFIG:-$(command -v pg_config || echo /usr/lib/postgresql/15/bin/pg_config)}
make -s -B PG_CONFIG="$PG_CONFIG" "extension/$ext--$version.sql"
mkdir -p extension/released test/upgrade
cp "extension/$ext--$version.sql" "$released"
cat sample/*.sql > "$sample"
echo "release.sh: wrote $released ($(wc -l < "$released") lines, sha256 $(sha256sum "$released" | cut -c1-16)) and $sample"
echo "  commit both; tag v$version when the release is final"
