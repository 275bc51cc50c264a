#!/usr/bin/env bash
# Hostile bytes through a GBK client: invalid GBK sequences and GBK-encoded full-width digits
# sent as identifier input must give a 22xxx error or a clean value, never a crash.
set -uo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_encoding
PSQL=("$PGBIN/psql" -X -q -At -d "$db")
export PGOPTIONS="-c client_min_messages=warning"
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'" || exit 1
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice" || exit 1
fail=0
check() {  # $1 = label, $2 = expected SQLSTATE class prefix, stdin = SQL bytes
  out=$(PGCLIENTENCODING=GBK "${PSQL[@]}" -v VERBOSITY=verbose -f - 2>&1)
  if echo "$out" | grep -qE "ERROR:  $2"; then echo "ok: $1 → $(echo "$out" | grep -oE 'ERROR:  [0-9A-Z]{5}' | head -1)";
  else echo "FAILED: $1: $out"; fail=1; fi
}
# 0x81 0x20: a GBK lead byte followed by an invalid trail byte
printf "\\\\set VERBOSITY verbose\nSELECT illegal_practice.resident_id_in('33102420050615\x81\x201231');\n" | check "invalid GBK in resident_id" 22P05
printf "\\\\set VERBOSITY verbose\nSELECT '9133\xff\xfe1024MA2H3K5P3J'::illegal_practice.uscc;\n" | check "invalid GBK in uscc" 22P05
# GBK full-width digits (A3B3 A3B3 = ３３) are valid GBK, converted to UTF-8, then rejected as characters
printf "\\\\set VERBOSITY verbose\nSELECT '\xa3\xb3\xa3\xb31024200506151231'::illegal_practice.resident_id;\n" | check "GBK full-width digits" 22P02
printf "\\\\set VERBOSITY verbose\nSELECT illegal_practice.covers('33\x81', '331024');\n" | check "invalid GBK in covers" 22P05
# the server is still up and answers
"${PSQL[@]}" -c "SELECT 1" >/dev/null || { echo "FAILED: server did not answer"; fail=1; }
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
exit $fail
