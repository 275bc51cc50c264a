#!/usr/bin/env bash
# Concurrent writers into the same townships must not leave a stale row in the assessment cache
# (assessment_derived_cache, 50_assessment.sql): two sessions add patrols to the same three townships
# in many small transactions at once — the second also writes a case in each (both commit-time
# recomputes in one transaction: one lock order, no deadlock); afterwards the cache equals the facts
# computed from the tables and every pair is present.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"
db=ip_assess_conc
export PGOPTIONS="-c client_min_messages=warning"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -c "CREATE EXTENSION illegal_practice" \
  -c "INSERT INTO illegal_practice.division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
        ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'),
        ('331024103', '白塔镇', '乡镇', '331024')" \
  -c "INSERT INTO illegal_practice.campaign (id, code, title, division_code) OVERRIDING SYSTEM VALUE VALUES (1, '示例〔2020〕1号', '示例', '331024')" \
  -c "INSERT INTO illegal_practice.reporting_window (campaign_id, name, covers, due_on) VALUES
        (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15'), (1, '全年', '[2020-01-01,2021-01-01)', '2021-01-15')" \
  -c "INSERT INTO illegal_practice.site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES
        (1, '331024101', '甲', '2019-12-01'), (2, '331024102', '乙', '2019-12-01'), (3, '331024103', '丙', '2019-12-01')"
writer() {  # $1 = writer number: 60 transactions, each a patrol of one of the three sites (and, writer 2, a case)
  for i in $(seq 1 60); do
    site=$(( (i + $1) % 3 + 1 ))
    echo "BEGIN;
      INSERT INTO illegal_practice.patrol (site_id, patrolled_on, operating, outcome)
      SELECT $site, DATE '2020-01-01' + ($i * 5 + $1) % 360, op,
             CASE WHEN op THEN (ARRAY[NULL, '劝导停业', '拒不整改'])[1 + ($i * $1) % 3] ELSE '未发现执业' END::illegal_practice.patrol_outcome
        FROM (SELECT ($i + $1) % 3 = 0 AS op) x;
      $([ "$1" = 2 ] && echo "INSERT INTO illegal_practice.enforcement_case (division_code, category, institution_type, subject_name,
                   subject_address, filed_on) VALUES ('331024', '无证行医', '西医', 'w$i', '仙居', '2020-03-01');")
      COMMIT;"
  done | "${PSQL[@]}" >/dev/null
}
writer 1 & p1=$!
writer 2 & p2=$!
wait $p1; wait $p2
result=$("${PSQL[@]}" -c "
  WITH want AS (
    SELECT rw.id AS window_id, array_agg(dv.code) AS towns FROM illegal_practice.reporting_window rw
      JOIN illegal_practice.division dv ON dv.level = '乡镇' GROUP BY rw.id
  ), live AS (
    SELECT w.window_id, d.township_code, d.rule_code, d.occurrences, d.evidence
      FROM want w, illegal_practice_internal.assessment_derived_towns(w.towns, w.window_id) d
  ), cached AS (
    SELECT c.window_id, c.township_code, u.rule_code, u.occurrences, u.evidence
      FROM illegal_practice_internal.assessment_derived_cache c,
           ROWS FROM (unnest(c.rule_codes), unnest(c.occurrences), unnest(c.evidences)) u (rule_code, occurrences, evidence)
  )
  SELECT (SELECT count(*) FROM illegal_practice_internal.assessment_derived_cache) || ' '
      || (SELECT count(*) FROM ((TABLE live EXCEPT ALL TABLE cached) UNION ALL (TABLE cached EXCEPT ALL TABLE live)) x) || ' '
      || (SELECT count(*) FROM illegal_practice.patrol)")
"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE $db"
# 2 windows × 3 townships cached, 0 rows differing from the tables, 120 patrols
if [ "$result" != "6 0 120" ]; then echo "FAILED: the assessment cache differs after concurrent writers: $result"; exit 1; fi
echo "ok: two concurrent writers on the same townships, cache exact ($result)"
