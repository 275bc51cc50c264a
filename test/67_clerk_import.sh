#!/usr/bin/env bash
# 67_clerk_import.sh — a township clerk (and a county admin) loads the township's 附件1 spreadsheet with
# no superuser (spec §7), from files saved the way Excel / WPS on Chinese Windows write them: CRLF line
# ends, "CSV (逗号分隔)" in GBK, "CSV UTF-8" with a byte order mark, the sheet's title line above the header.
#   1. \copy into the upload view (WITH ENCODING 'GBK' for the GBK file, plain for the BOM file);
#   2. load_patrol_register(file bytea) with the encoding detected;
#   3. import_patrol_register(): line_no is the file's line, the last row is the summary.
# Own database; the test's login roles are dropped at the end.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_clerk_import
CLERK=ip_t67_clerk; ADMIN=ip_t67_admin
export PGOPTIONS="-c client_min_messages=warning"
SU=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
tmp=$(mktemp -d); chmod 755 "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() {
  "$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $CLERK" -c "DROP ROLE IF EXISTS $ADMIN" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d); chmod 755 "$tmp"
"$PGBIN/psql" -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'" \
  -c "CREATE ROLE $CLERK LOGIN IN ROLE illegal_practice_clerk" -c "CREATE ROLE $ADMIN LOGIN IN ROLE illegal_practice_admin"
"${SU[@]}" <<SQL
CREATE EXTENSION illegal_practice;
SET search_path = illegal_practice;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024');
INSERT INTO user_scope VALUES ('$CLERK', '331024101'), ('$ADMIN', '331024');
SQL

# the sheet as Excel saves it: title line, header, rows (one quoted cell with a comma), CRLF
sheet() {
  printf '仙居县横溪镇非法行医巡查登记表,,,,,,,,,,,\r\n'
  printf '序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期\r\n'
  printf '1,横溪镇,%s诊所,"李某（331024200506151231）,陈某",横溪村1号,13812345678,某卫生学校,临床医学,乡村医生,内科,否,2020/7/3\r\n' "$1"
  printf '2,横溪镇,%s推拿,张某,横溪村5号,,,,无,推拿,是,2020年7月20日\r\n' "$1"
  printf '3,横溪镇,%s牙科,王某,横溪村9号,,,,,,否,2020-02-30\r\n' "$1"
  printf '4,%s,%s药店,刘某,,,,,,,否,2020-07-10\r\n' "${2:-白塔镇}" "$1"
  printf '填表人：张三,,,,,,,,,,,\r\n'
}
sheet 甲 | iconv -f UTF-8 -t GBK > "$tmp/gbk.csv"
{ printf '\xef\xbb\xbf'; sheet 乙; } > "$tmp/bom.csv"
# (the admin's files name no unknown township: the admin's staging policy refuses one, see the access work)
sheet 丙 埠头镇 | iconv -f UTF-8 -t GBK > "$tmp/gbk2.csv"
{ printf '\xef\xbb\xbf'; sheet 丁 埠头镇; } > "$tmp/bom2.csv"
head -c 3 "$tmp/bom.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM in the test file"
if iconv -f UTF-8 -t UTF-8 "$tmp/gbk.csv" >/dev/null 2>&1; then fail "the GBK test file is valid UTF-8"; fi
cols="seq, township, unit_name, people, address, phone, school, major, qualification, subjects, joint_enforcement, patrolled_on"

as() { local u=$1; shift; "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -U "$u" -d "$db" "$@"; }

# 1. \copy as the clerk: GBK with ENCODING 'GBK', UTF-8 with BOM as it is
as $CLERK -c "\\copy illegal_practice.patrol_register_upload ($cols) FROM '$tmp/gbk.csv' WITH (FORMAT csv, HEADER, ENCODING 'GBK')"
as $CLERK -c "\\copy illegal_practice.patrol_register_upload ($cols) FROM '$tmp/bom.csv' WITH (FORMAT csv, HEADER)"
got=$(as $CLERK -c "SELECT string_agg(line_no || ':' || unit_name || ':' || people, ' ' ORDER BY id) FROM illegal_practice.patrol_register_staging")
want="3:甲诊所:李某（331024200506151231）,陈某 4:甲推拿:张某 5:甲牙科:王某 6:甲药店:刘某 3:乙诊所:李某（331024200506151231）,陈某 4:乙推拿:张某 5:乙牙科:王某 6:乙药店:刘某"
[ "$got" = "$want" ] || fail "\\copy as the clerk staged: $got"
echo "ok: \\copy of a GBK and a BOM file as the clerk, line_no = the file's line"
# a GBK file without ENCODING is refused by COPY itself (docs: add ENCODING 'GBK', or use load_patrol_register)
if as $CLERK -c "\\copy illegal_practice.patrol_register_upload ($cols) FROM '$tmp/gbk.csv' WITH (FORMAT csv, HEADER)" 2>/dev/null; then
  fail "a GBK file read as UTF-8 was accepted"; fi

# 3. import as the clerk: 甲/乙 诊所 and 推拿 load, 牙科 (bad date) and 药店 (unknown township) stay; summary last
out=$(as $CLERK -F '|' -c "SELECT line_no, result, coalesce(reason, '') FROM illegal_practice.import_patrol_register()")
echo "$out" | sed "s/^/  /"
last=$(echo "$out" | tail -1)
[ "$last" = "|合计|读入 8 行：已导入 4 行，已存在 0 行，有误 4 行" ] || fail "summary row: $last"
bad=$(echo "$out" | grep '|有误|' | cut -d'|' -f1 | sort | tr '\n' ' ')
[ "$bad" = "5 5 6 6 " ] || fail "rejected rows should be lines 5 and 6 of each file, got: $bad"
n=$(as $CLERK -c "SELECT count(*) FROM illegal_practice.patrol WHERE township_code = '331024101'")
[ "$n" = 4 ] || fail "expected 4 patrols, found $n"
# the documented fix: correct line 5 and import again
as $CLERK -c "UPDATE illegal_practice.patrol_register_staging SET patrolled_on = '2020-03-02' WHERE line_no = 5 AND unit_name = '甲牙科'"
last=$(as $CLERK -F '|' -c "SELECT result, reason FROM illegal_practice.import_patrol_register()" | tail -1)
[ "$last" = "合计|读入 4 行：已导入 1 行，已存在 0 行，有误 3 行" ] || fail "after the fix: $last"
echo "ok: import as the clerk, rejected rows by file line, summary row last"

# 2. load_patrol_register as the admin: the encoding is detected
as $ADMIN -c "DELETE FROM illegal_practice.patrol_register_staging"
for f in gbk2 bom2; do
  r=$(as $ADMIN -F '|' -v f="$(base64 -w0 "$tmp/$f.csv")" <<'SQL'
SELECT * FROM illegal_practice.load_patrol_register(decode(:'f', 'base64'), source => 'x.csv');
SQL
)
  case $f in gbk2) [ "$r" = "GBK|7|2|4" ] || fail "load_patrol_register(gbk): $r" ;;
             bom2) [ "$r" = "UTF8|7|2|4" ] || fail "load_patrol_register(bom): $r" ;; esac
done
got=$(as $ADMIN -c "SELECT string_agg(line_no || ':' || unit_name, ' ' ORDER BY id) FROM illegal_practice.patrol_register_staging")
[ "$got" = "3:丙诊所 4:丙推拿 5:丙牙科 6:丙药店 3:丁诊所 4:丁推拿 5:丁牙科 6:丁药店" ] || fail "load_patrol_register staged: $got"
last=$(as $ADMIN -F '|' -c "SELECT result, reason FROM illegal_practice.import_patrol_register('331024')" | tail -1)
[ "$last" = "合计|读入 8 行：已导入 6 行，已存在 0 行，有误 2 行" ] || fail "admin import: $last"
# a bad encoding name and a file that is neither UTF-8 nor GBK give specific errors
e=$(as $ADMIN -c "SELECT illegal_practice.load_patrol_register('\\x41'::bytea, 'latin9')" 2>&1 || true)
echo "$e" | grep -q 'unknown encoding "latin9"' || fail "bad encoding: $e"
e=$(as $ADMIN -c "SELECT illegal_practice.load_patrol_register('\\x31ff2c'::bytea)" 2>&1 || true)
echo "$e" | grep -q 'neither UTF-8 nor GBK' || fail "undecodable file: $e"
echo "ok: load_patrol_register as the admin detects GBK and UTF-8 with BOM"
# nobody needed a superuser: the staging table keeps row-level security
rls=$("${SU[@]}" -c "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'illegal_practice.patrol_register_staging'::regclass")
[ "$rls" = t ] || fail "staging lost its row-level security"


# progress: a NOTICE every 1000 rows while loading and while importing (2,100 rows, as the clerk)
# (the admin's rejected rows go first: a clerk's import trips over rows someone else staged in the
#  clerk's township — which rows an import takes is the access work's, see issue 16)
as $ADMIN -c "DELETE FROM illegal_practice.patrol_register_staging"
{ printf '序号,乡镇,无证行医单位名称,负责人及从业人员姓名,行医地址,联系电话,毕业院校,所学专业,从医资格,诊治科目,是否要联合查处,巡查日期\r\n'
  for i in $(seq 1 2100); do printf '%d,横溪镇,进度测试%d诊所,某%d,,,,,,,否,2020-09-%02d\r\n' $i $i $i $(( i % 28 + 1 )); done; } > "$tmp/big.csv"
# (the way docs/patrol.md shows a clerk: psql reads the file into a variable, base64 keeps GBK bytes intact)
notices=$(as $CLERK 2>&1 <<SQL
SET client_min_messages = notice;
\\set f \`base64 -w0 $tmp/big.csv\`
SELECT rows_staged FROM illegal_practice.load_patrol_register(decode(:'f', 'base64'), source => 'big.csv');
SELECT reason FROM illegal_practice.import_patrol_register() WHERE result = '合计';
SQL
)
echo "$notices" | sed 's/^/  /'
[ "$(echo "$notices" | grep -c 'NOTICE:  已暂存')" = 2 ] || fail "expected 2 progress notices while loading"
[ "$(echo "$notices" | grep -c 'NOTICE:  已检查')" = 2 ] || fail "expected 2 progress notices while importing"
echo "$notices" | grep -q '读入 2102 行：已导入 2100 行，已存在 0 行，有误 2 行' || fail "the 2,100-row import (plus the clerk's 2 rejected rows) did not load every row"
echo "ok: progress notices every 1000 rows"
echo "ok: clerk import"
