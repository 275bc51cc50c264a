#!/usr/bin/env bash
# Prints every form of a division and period to PDF (A4 landscape, no browser header or footer), one
# PDF each, plus the page of charts:
#   bash scripts/print_forms.sh DIVISION_CODE PERIOD [OUT_DIR]
#   e.g. bash scripts/print_forms.sh 331024 '[2020-01-01,2021-01-01)' /tmp/仙居2020
# Optional settings (environment):
#   PRIOR='[2017-01-01,2019-01-01)'  the 前期 of 附表2/附表3 (default: the two years before PERIOD)
#   CAMPAIGN_ID=1                    adds the patrol-per-stage and ranking charts of that campaign
#   UNIT=… FILLED_ON=YYYY-MM-DD FILLED_BY=… REVIEWED_BY=… PHONE=…   the forms' stamp and signature lines
#   PGDATABASE (default illegal_practice), and the usual PGHOST/PGPORT/PGUSER (scripts/env.sh)
# The forms read only what the connecting role may see, masked as for that role.
set -euo pipefail
. "$(dirname "$0")/env.sh"
division=${1:?usage: print_forms.sh DIVISION_CODE PERIOD [OUT_DIR]}
period=${2:?usage: print_forms.sh DIVISION_CODE PERIOD [OUT_DIR]}
out=${3:-./print-$division}
mkdir -p "$out"
out=$(cd "$out" && pwd)
PSQL=("$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "${PGDATABASE:-illegal_practice}")
command -v chromium >/dev/null || { echo "print_forms.sh: chromium is not installed (bash scripts/setup.sh installs it)" >&2; exit 1; }

# psql variables: every value reaches SQL as a quoted literal (:'name'), never pasted into the text
vars=(-v division="$division" -v period="$period" -v prior="${PRIOR:-}" -v campaign="${CAMPAIGN_ID:-}"
      -v unit="${UNIT:-}" -v filled_on="${FILLED_ON:-}" -v filled_by="${FILLED_BY:-}"
      -v reviewed_by="${REVIEWED_BY:-}" -v phone="${PHONE:-}")
opts="unit => nullif(:'unit', ''), filled_on => nullif(:'filled_on', '')::date, filled_by => nullif(:'filled_by', ''),
      reviewed_by => nullif(:'reviewed_by', ''), phone => nullif(:'phone', '')"
prior="coalesce(nullif(:'prior', '')::daterange,
                daterange((lower(:'period'::daterange) - interval '2 years')::date, lower(:'period'::daterange)))"
declare -A forms=(
  [附件1_巡查登记表]="illegal_practice.form_patrol_register_html(:'division', :'period', $opts)"
  [附表1_打击无证行医情况汇总表]="illegal_practice.form_unlicensed_summary_html(:'division', :'period', $opts)"
  [附表2_回头看汇总表]="illegal_practice.form_beauty_lookback_html(:'division', $prior, :'period', $opts)"
  [附表3_再次受处罚对象信息报告表]="illegal_practice.form_repeat_offenders_html(:'division', $prior, :'period', $opts)"
  [附表4_两非汇总表]="illegal_practice.form_two_illegal_summary_html(:'division', :'period', $opts)"
  [图表]="illegal_practice.chart_page_html(:'division', :'period', nullif(:'campaign', '')::bigint)"
)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
CHROME=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
        --disable-component-update --disable-sync --user-data-dir="$profile")
for name in $(printf '%s\n' "${!forms[@]}" | sort); do
  echo "SELECT ${forms[$name]}" | "${PSQL[@]}" "${vars[@]}" > "$out/$name.html"
  "${CHROME[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "file://$out/$name.html" 2>/dev/null
  echo "$out/$name.pdf"
done
