-- 34_alerts.sql — 移送司法机关 check (spec §5.2, 法释〔2016〕27号) and fine-range check (spec §5.3, §1.5).

CREATE FUNCTION @extschema@.subject_is_person(subject_id bigint) RETURNS boolean
  LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  RETURN (SELECT s.kind = '个人' OR s.resident_id IS NOT NULL FROM @extschema@.subject s WHERE s.id = subject_id);
COMMENT ON FUNCTION @extschema@.subject_is_person(bigint) IS
  '当事人是否为个人（类别为个人或有身份证号）；以扩展所有者身份读取 subject，只返回是/否';
ALTER FUNCTION @extschema@.subject_is_person(bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.subject_is_person(bigint) FROM PUBLIC;
-- no user role executes it (it would list every subject id); transfer_alerts calls it as the definer

CREATE FUNCTION @extschema@.transfer_alerts(scope text DEFAULT NULL)
  RETURNS TABLE (case_id bigint, division_code text, subject_id bigint, subject_name text, filed_on date,
                 earlier_penalized_cases bigint, earlier_case_ids text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  -- the earlier cases are counted in every division (the law does not stop at a county line: the
  -- internal case_facts reads every case); only the ids of those inside the caller's scope are listed
  SELECT c.id, c.division_code, c.subject_id, @extschema@.pii_name(c.subject_name), c.filed_on,
         pg_catalog.count(*),
         pg_catalog.string_agg(e.case_id::text, ',' ORDER BY e.case_id) FILTER (WHERE @extschema@.in_caller_scope(e.division_code))
    FROM @extschema@.enforcement_case c
    JOIN illegal_practice_internal.case_facts e
      ON e.subject_id = c.subject_id AND e.case_id <> c.id AND e.category = '无证行医'
     AND e.case_date < c.filed_on
     AND (e.kinds & @extschema@.penalty_mask()) <> 0
   WHERE c.category = '无证行医'
     AND ($1 IS NULL OR @extschema@.covers($1, c.division_code))
     AND (c.subject_resident_id IS NOT NULL OR c.subject_kind = '个人' OR @extschema@.subject_is_person(c.subject_id))
     AND NOT EXISTS (SELECT FROM @extschema@.case_action a WHERE a.case_id = c.id AND a.kind = '移送司法机关')
   GROUP BY c.id
  HAVING pg_catalog.count(*) >= 2
   ORDER BY c.filed_on, c.id;
END;
COMMENT ON FUNCTION @extschema@.transfer_alerts(text) IS
  '应移送未移送（§5.2）：个人在此前（案件日期早于本案立案日期）已有两件以上带行政处罚的无证行医案件，又因无证行医立案，而本案没有移送司法机关措施（法释〔2016〕27号，不能以罚代刑）；此前案件在全部区划中计数，编号只列出调用者辖区内的；scope 为空时不限区划';
ALTER FUNCTION @extschema@.transfer_alerts(text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.transfer_alerts(text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.transfer_alerts(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.transfer_alerts(text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE VIEW @extschema@.transfer_alerts WITH (security_invoker = true) AS
  SELECT * FROM @extschema@.transfer_alerts(NULL);
COMMENT ON VIEW @extschema@.transfer_alerts IS '应移送司法机关而未移送的无证行医案件（§5.2），全部区划';
COMMENT ON COLUMN @extschema@.transfer_alerts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.transfer_alerts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.transfer_alerts.subject_id IS '当事人编号';
COMMENT ON COLUMN @extschema@.transfer_alerts.subject_name IS '当事人姓名';
COMMENT ON COLUMN @extschema@.transfer_alerts.filed_on IS '立案日期';
COMMENT ON COLUMN @extschema@.transfer_alerts.earlier_penalized_cases IS '此前受行政处罚的无证行医案件数';
COMMENT ON COLUMN @extschema@.transfer_alerts.earlier_case_ids IS '此前案件编号（逗号分隔）';
ALTER VIEW @extschema@.transfer_alerts SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.transfer_alerts OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.transfer_alerts FROM PUBLIC;
GRANT SELECT ON @extschema@.transfer_alerts TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.fine_range(category @extschema@.case_category, violation_on date, illegal_income_yuan numeric,
                                       OUT min_yuan numeric, OUT max_yuan numeric, OUT basis text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT ROW(r.lo, r.hi, r.basis) FROM (SELECT
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN 0::numeric
         WHEN category = '无证行医' THEN 5 * GREATEST(coalesce(illegal_income_yuan, 0), 10000)
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN 2 * illegal_income_yuan
         ELSE 10000::numeric END AS lo,
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN 10000::numeric
         WHEN category = '无证行医' THEN 20 * GREATEST(coalesce(illegal_income_yuan, 0), 10000)
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN 6 * illegal_income_yuan
         ELSE 30000::numeric END AS hi,
    CASE WHEN category = '无证行医' AND violation_on < '2020-06-01' THEN '医疗机构管理条例第四十四条：1万元以下罚款'
         WHEN category = '无证行医' THEN '基本医疗卫生与健康促进法第九十九条：违法所得5倍以上20倍以下（不足1万元按1万元计）'
         WHEN coalesce(illegal_income_yuan, 0) >= 10000 THEN '人口与计划生育法第三十六条（2021年修正后第四十条）：违法所得2倍以上6倍以下'
         ELSE '人口与计划生育法第三十六条（2021年修正后第四十条）：违法所得不足1万元的，1万元以上3万元以下' END AS basis
    WHERE category IN ('无证行医', '非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')) r);
COMMENT ON FUNCTION @extschema@.fine_range(@extschema@.case_category, date, numeric) IS
  '罚款法定幅度（§1.5）：无证行医 2020-06-01 前 ≤1万元，之后违法所得5–20倍（不足1万元按1万元）；两非 违法所得≥1万元 2–6倍，否则1–3万元；其他类别无规定（NULL）';

CREATE FUNCTION @extschema@.fine_alerts(scope text DEFAULT NULL)
  RETURNS TABLE (case_id bigint, action_id bigint, division_code text, category text, filed_on date,
                 fine_yuan numeric, illegal_income_yuan numeric, min_yuan numeric, max_yuan numeric,
                 problem text, basis text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT x.case_id, x.action_id, x.division_code, x.category::text, x.filed_on, x.fine, x.income,
         (x.r).min_yuan, (x.r).max_yuan,
         CASE WHEN x.fine < (x.r).min_yuan THEN '低于法定下限' ELSE '高于法定上限' END, (x.r).basis
    FROM (SELECT c.id AS case_id, a.id AS action_id, c.division_code, c.category, c.filed_on, a.amount_yuan AS fine,
                 i.income, @extschema@.fine_range(c.category, c.filed_on, i.income) AS r
            FROM @extschema@.enforcement_case c
            JOIN @extschema@.case_action a ON a.case_id = c.id AND a.kind = '罚款' AND a.amount_yuan IS NOT NULL
           CROSS JOIN LATERAL (SELECT coalesce(pg_catalog.sum(y.amount_yuan), 0) AS income
                                 FROM @extschema@.case_action y WHERE y.case_id = c.id AND y.kind = '没收违法所得') i
           WHERE c.category IN ('无证行医', '非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
             AND ($1 IS NULL OR @extschema@.covers($1, c.division_code))) x
   WHERE x.fine < (x.r).min_yuan OR x.fine > (x.r).max_yuan
   ORDER BY x.filed_on, x.case_id, x.action_id;
END;
COMMENT ON FUNCTION @extschema@.fine_alerts(text) IS
  '罚款幅度检查（§5.3）：按案件类别与立案日期（代替违法行为日期）适用 §1.5 的幅度，以本案没收违法所得金额为违法所得，列出超出幅度的罚款措施；scope 为空时不限区划';
ALTER FUNCTION @extschema@.fine_alerts(text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.fine_alerts(text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.fine_alerts(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.fine_alerts(text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE VIEW @extschema@.fine_alerts WITH (security_invoker = true) AS
  SELECT * FROM @extschema@.fine_alerts(NULL);
COMMENT ON VIEW @extschema@.fine_alerts IS '罚款金额超出法定幅度的措施（§5.3），全部区划';
COMMENT ON COLUMN @extschema@.fine_alerts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.fine_alerts.action_id IS '罚款措施编号';
COMMENT ON COLUMN @extschema@.fine_alerts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.fine_alerts.category IS '案件类别';
COMMENT ON COLUMN @extschema@.fine_alerts.filed_on IS '立案日期';
COMMENT ON COLUMN @extschema@.fine_alerts.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.illegal_income_yuan IS '违法所得（本案没收违法所得合计，元）';
COMMENT ON COLUMN @extschema@.fine_alerts.min_yuan IS '法定下限（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.max_yuan IS '法定上限（元）';
COMMENT ON COLUMN @extschema@.fine_alerts.problem IS '问题：低于法定下限 或 高于法定上限';
COMMENT ON COLUMN @extschema@.fine_alerts.basis IS '法律依据';
ALTER VIEW @extschema@.fine_alerts SET (security_invoker = false);  -- reads as the definer: scoped by caller(), masked
ALTER VIEW @extschema@.fine_alerts OWNER TO illegal_practice_definer;
REVOKE ALL ON @extschema@.fine_alerts FROM PUBLIC;
GRANT SELECT ON @extschema@.fine_alerts TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;
