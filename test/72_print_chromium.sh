#!/usr/bin/env bash
# Printable forms and charts in headless Chromium, looked at as a person would: each page (form_X_html,
# chart_page_html) is rendered to an A4 PDF and a PNG. The DOM Chromium builds (--dump-dom) is parsed
# with Python's html.parser: the table cells must equal the form function's rows fetched by psql, the
# document's stamp and signature lines must stand where the document puts them, and a hostile value
# (<script>, &, quotes) must come out as text. The PDF must have exactly one page per <div class="page">
# (附件1: one sheet per township, each cut into pages in SQL; nothing spills over), and its text layer
# (pdftotext -layout) must hold every date, phone number and name of the rows unbroken on one line.
# Installs Debian chromium, fonts-noto-cjk and poppler-utils if missing (scripts/setup.sh does too).
# To look at the pages yourself: KEEP_PRINT_OUT=/tmp/pages bash test/72_print_chromium.sh (copies the HTML, PDF, PNG).
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
need=()
for p in chromium fonts-noto-cjk poppler-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
DB=ip_print_test
OUT=$(mktemp -d)
PROFILE=$(mktemp -d)
trap '[ -n "${KEEP_PRINT_OUT:-}" ] && cp -r "$OUT" "$KEEP_PRINT_OUT"; rm -rf "$OUT" "$PROFILE"' EXIT
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0"
"${PSQL[@]}" -d $DB -c "CREATE EXTENSION illegal_practice"
for f in "$REPO"/sample/*.sql; do "${PSQL[@]}" -d $DB -f "$f" >/dev/null; done
# a hostile name: must print as text, never as markup
"${PSQL[@]}" -d $DB <<'SQL'
SET search_path = illegal_practice;
INSERT INTO site (township_code, name, address, phone, found_on)
VALUES ('331024106', '示例<script>alert("x")</script>诊所', '下各镇 A&B <路> ''7''号', '0576-80009999', '2020-07-01');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome)
SELECT id, '2020-07-02', true, '责令限期整改' FROM site WHERE name LIKE '%<script>%';
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, legal_representative,
                              cause, filed_on, decided_on) VALUES
  ('320100', '医疗机构违法执业', '医疗美容', '示例美容<b>&"甲"', '南京市<示例>路1号', '示例&法人', '超范围<执业>', '2018-03-01', '2018-03-20'),
  ('320100', '医疗机构违法执业', '医疗美容', '示例美容<b>&"甲"', '南京市<示例>路1号', '示例&法人', '再次超范围 & "执业"', '2019-10-01', '2019-10-20');
INSERT INTO case_action (case_id, kind, amount_yuan)
SELECT id, '罚款', 5000 FROM enforcement_case WHERE subject_name LIKE '%<b>%';
SQL

CHROME=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
        --disable-component-update --disable-sync --user-data-dir="$PROFILE")
fail=0
render() {   # file name: PDF, PNG; the PDF has one page per <div class="page">
  local name=$1 pages divs
  "${CHROME[@]}" --no-pdf-header-footer --print-to-pdf="$OUT/$name.pdf" "file://$OUT/$name.html" >>"$OUT/$name.log" 2>&1
  "${CHROME[@]}" --hide-scrollbars --window-size=1240,1000 --screenshot="$OUT/$name.png" "file://$OUT/$name.html" >>"$OUT/$name.log" 2>&1
  if [ "$(head -c 5 "$OUT/$name.pdf" 2>/dev/null)" != "%PDF-" ]; then echo "FAIL: $name: no PDF"; cat "$OUT/$name.log"; fail=1; return; fi
  if [ "$(head -c 4 "$OUT/$name.png" 2>/dev/null | tail -c 3)" != "PNG" ]; then echo "FAIL: $name: no PNG"; cat "$OUT/$name.log"; fail=1; fi
  pages=$(pdfinfo "$OUT/$name.pdf" | awk '/^Pages:/ {print $2}')
  divs=$(grep -o '<div class="page' "$OUT/$name.html" | wc -l)
  if [ "$pages" != "$divs" ]; then echo "FAIL: $name: the PDF has $pages pages for $divs sheets/pages of the form"; fail=1; fi
  # A4 landscape: 841.92 x 594.96 pt
  if ! pdfinfo "$OUT/$name.pdf" | grep -Eq '^Page size: +84[12]\.[0-9]+ x 59[45]\.[0-9]+ pts'; then
    echo "FAIL: $name: not A4 landscape: $(pdfinfo "$OUT/$name.pdf" | grep '^Page size')"; fail=1; fi
  pdftotext -layout "$OUT/$name.pdf" "$OUT/$name.txt"
  echo "ok: $name: $pages PDF page(s), one per page of the form"
}
check() {   # form name, html call, rows query[, file name]
  local form=$1 html=$2 rows=$3 name=${4:-$1}
  PGDATESTYLE=ISO "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d $DB -c "SET search_path = illegal_practice" \
    -c "SELECT $html" > "$OUT/$name.html"
  # the page must be self-contained: no external resource
  if grep -Eq '(src|href)=|@import|url\(' "$OUT/$name.html"; then echo "FAIL: $name loads an external resource"; fail=1; fi
  PGDATESTYLE=ISO "$PGBIN/psql" -X -q -At -F $'\x1f' -R $'\x1e' -v ON_ERROR_STOP=1 -d $DB \
    -c "SET search_path = illegal_practice" -c "$rows" > "$OUT/$name.rows"
  "${CHROME[@]}" --dump-dom "file://$OUT/$name.html" > "$OUT/$name.dom" 2>"$OUT/$name.log"
  render "$name"
  /usr/bin/python3 "$REPO/test/72_print_check.py" "$OUT/$name.dom" "$OUT/$name.rows" "$form" "$OUT/$name.txt" || fail=1
}
check patrol_register "form_patrol_register_html('331024', '[2020-06-01,2020-10-01)', filled_by => '王<某>')" \
  "SELECT * FROM form_patrol_register('331024', '[2020-06-01,2020-10-01)')"
# the county's whole year: 138 rows, one sheet per township, several pages each
check patrol_register "form_patrol_register_html('331024', '[2020-01-01,2021-01-01)')" \
  "SELECT * FROM form_patrol_register('331024', '[2020-01-01,2021-01-01)')" patrol_register_county
check unlicensed_summary "form_unlicensed_summary_html('320000', '[2019-01-01,2020-01-01)', unit => '江苏省卫生健康委 & <示例>')" \
  "SELECT * FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)')"
check beauty_lookback "form_beauty_lookback_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)')" \
  "SELECT * FROM form_beauty_lookback('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)')"
check repeat_offenders "form_repeat_offenders_html('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)')" \
  "SELECT * FROM form_repeat_offenders('320000', '[2017-01-01,2019-01-01)', '[2019-01-01,2020-01-01)')"
check repeat_offenders "form_repeat_offenders_html('320000', '[2015-01-01,2016-01-01)', '[2016-01-01,2017-01-01)')" \
  "SELECT * FROM form_repeat_offenders('320000', '[2015-01-01,2016-01-01)', '[2016-01-01,2017-01-01)')" repeat_offenders_empty
check two_illegal_summary "form_two_illegal_summary_html('320000', '[2019-01-01,2020-01-01)', phone => '025-\"示例\"')" \
  "SELECT * FROM form_two_illegal_summary('320000', '[2019-01-01,2020-01-01)')"
check patrol_summary "form_patrol_summary_html('331024', '[2020-06-01,2020-10-01)', unit => '仙居县打非办')" \
  "SELECT township, patrols, area_sweeps, sites_found, sites_operating, ordered_count, persuaded_count, refused_count, banned_sites, joint_applications, joint_actions, closed_site_visits_owed, closed_site_visits_made, illegal_practice_internal.visit_share(closed_site_visits_made, closed_site_visits_owed) FROM form_patrol_summary('331024', '[2020-06-01,2020-10-01)')"
grep -q '<th class="diagonal">.*<svg' "$OUT/two_illegal_summary.dom" || { echo "FAIL: 附表4 diagonal header is not an SVG"; fail=1; }
# the charts: one page per chart, each an inline SVG with its bars
"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d $DB -c "SET search_path = illegal_practice" \
  -c "SELECT chart_page_html('331024', '[2020-01-01,2021-01-01)', (SELECT id FROM campaign WHERE division_code = '331024'), '2020-12-31')" > "$OUT/charts.html"
"${CHROME[@]}" --dump-dom "file://$OUT/charts.html" > "$OUT/charts.dom" 2>"$OUT/charts.log"
render charts
for c in cases_monthly fines_monthly deadlines_overdue patrol_stages assessment_ranking; do
  grep -q "<svg [^>]*data-chart=\"$c\"" "$OUT/charts.dom" || { echo "FAIL: chart $c: no SVG on the page"; fail=1; }
done
[ "$(grep -o '<rect [^>]*><title>' "$OUT/charts.dom" | wc -l)" -gt 50 ] || { echo "FAIL: the charts have (almost) no bars"; fail=1; }
grep -q '仙居县各乡镇（街道）巡查次数' "$OUT/charts.txt" || { echo "FAIL: chart titles not in the PDF text"; fail=1; }
if grep -q '<script' "$OUT/charts.dom"; then echo "FAIL: the chart page has a script"; fail=1; fi
# the 考核结果 page of one window carries its ranking chart
"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d $DB -c "SET search_path = illegal_practice" \
  -c "SELECT assessment_summary_html('331024', (SELECT w.id FROM reporting_window w JOIN campaign c ON c.id = w.campaign_id WHERE c.division_code = '331024' AND w.name = '1–6月'))" > "$OUT/assessment.html"
grep -q 'data-chart="assessment_ranking"' "$OUT/assessment.html" || { echo "FAIL: 考核结果 page has no ranking chart"; fail=1; }
# the hostile values reached the pages as text
grep -q '示例&lt;script&gt;alert' "$OUT/patrol_register.dom" || { echo "FAIL: hostile site name not found escaped"; fail=1; }
grep -q '示例美容&lt;b&gt;&amp;"甲"' "$OUT/repeat_offenders.dom" || { echo "FAIL: hostile subject not found escaped"; fail=1; }
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB"
[ $fail -eq 0 ] && echo "72_print_chromium: all forms and charts render as laid out"
exit $fail
