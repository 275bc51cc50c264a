-- 附表1 in plain SQL (what an analyst would write without the extension): a join of cases and
-- actions, COUNT(DISTINCT …) FILTER (…) per column, GROUP BY ROLLUP for the 合计 row.
-- Parameters: :'division' (a province code such as 320000), :'lo', :'hi' (the period [lo, hi)).
SELECT coalesce(c.institution_type::text, '合计') AS institution_type,
       count(DISTINCT c.subject_id) FILTER (WHERE a.kind IN ('警告', '罚款', '没收违法所得', '没收药品器械',
                                             '责令停业整顿', '吊销执业许可', '吊销执业证书', '取缔')) AS penalized_units,
       count(DISTINCT c.id) FILTER (WHERE a.kind = '没收违法所得') AS confiscation_count,
       round(coalesce(sum(a.amount_yuan) FILTER (WHERE a.kind = '没收违法所得'), 0) / 10000, 4) AS confiscation_wan,
       count(DISTINCT c.id) FILTER (WHERE a.kind = '罚款') AS fine_count,
       round(coalesce(sum(a.amount_yuan) FILTER (WHERE a.kind = '罚款'), 0) / 10000, 4) AS fine_wan,
       count(DISTINCT c.id) FILTER (WHERE a.kind = '取缔') AS ban_count,
       count(DISTINCT c.id) FILTER (WHERE a.kind = '移送司法机关') AS transferred_cases,
       count(DISTINCT c.id) FILTER (WHERE a.kind = '法院判决') AS court_judgments,
       coalesce(sum(a.persons) FILTER (WHERE a.kind = '追责'), 0) AS persons_held_accountable,
       count(DISTINCT c.id) FILTER (WHERE c.entered_in_system) AS cases_entered
  FROM illegal_practice.enforcement_case c
  LEFT JOIN illegal_practice.case_action a ON a.case_id = c.id
 WHERE c.category = '无证行医'
   AND c.division_code LIKE left(:'division', 2) || '%'
   AND coalesce(c.decided_on, c.filed_on) >= :'lo'::date AND coalesce(c.decided_on, c.filed_on) < :'hi'::date
 GROUP BY ROLLUP (c.institution_type)
 ORDER BY c.institution_type NULLS LAST;
