-- 52_supervision_forms.sql — 县卫健局打印用：医疗机构不良执业行为记分一览表 (form + CSV), and the open
-- referrals list. Columns use only text, integer, numeric and date.

CREATE FUNCTION @extschema@.form_practice_points(division_code text, period daterange, rule_set text)
  RETURNS TABLE (seq integer, division text, institution text, licence_no text, institution_type text, kind text,
                 violation_count integer, points numeric, band text, violations text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT (row_number() OVER (ORDER BY p.points DESC, p.institution_id))::integer,
         d.name, i.name, coalesce(i.licence_no, ''), i.institution_type::text, i.kind,
         p.violation_count, p.points, coalesce(p.band, ''), p.violations
    FROM @extschema@.practice_points(form_practice_points.division_code, form_practice_points.period,
                                     form_practice_points.rule_set) p
    JOIN @extschema@.institution i ON i.id = p.institution_id
    JOIN @extschema@.division d ON d.code = i.division_code
   ORDER BY 1;
END;
COMMENT ON FUNCTION @extschema@.form_practice_points(text, daterange, text) IS
  '医疗机构不良执业行为记分一览表（打印用）：序号、所在区划、机构名称、许可证登记号、机构类型、类别、违法行为次数、记分、档次、记分依据；按记分从高到低';

CREATE FUNCTION @extschema@.form_practice_points_csv(division_code text, period daterange, rule_set text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_line('序号', '所在区划', '机构名称', '执业许可证登记号', '机构类型', '机构类别',
                              '违法行为次数', '记分', '档次', '记分依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(@extschema@.csv_line(f.seq::text, f.division, f.institution, f.licence_no,
                    f.institution_type, f.kind, f.violation_count::text, f.points::text, f.band, f.violations)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.seq), '')
    FROM @extschema@.form_practice_points($1, $2, $3) f;
END;
COMMENT ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text) IS
  '医疗机构不良执业行为记分一览表的 CSV 导出（首行为中文表头）';

CREATE FUNCTION @extschema@.open_referrals(division_code text, as_of date DEFAULT NULL)
  RETURNS TABLE (referral_id bigint, division text, from_agency text, to_agency text, subject_name text,
                 reason text, referred_on date, received_on date, next_step text, due_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(open_referrals.as_of, @extschema@.patrol_today()) AS d)
  SELECT r.id, d.name, r.from_agency, r.to_agency, @extschema@.pii_name(r.subject_name), coalesce(r.reason, ''),
         CASE WHEN r.referred_on <= a.d THEN r.referred_on END,
         CASE WHEN r.received_on <= a.d THEN r.received_on END,
         coalesce(k.kind, CASE WHEN r.referred_on IS NULL OR r.referred_on > a.d THEN '待移送' ELSE '待处理' END),
         k.due_on, coalesce(k.status, '')
    FROM @extschema@.referral r
    CROSS JOIN a
    LEFT JOIN @extschema@.division d ON d.code = r.division_code
    LEFT JOIN LATERAL (
      SELECT x.kind, x.due_on, x.status FROM @extschema@.referral_deadlines(a.d) x
       WHERE x.reference LIKE '移送#' || r.id || ' %' AND x.done_on IS NULL
       ORDER BY x.due_on LIMIT 1) k ON true
   WHERE @extschema@.covers(open_referrals.division_code, r.division_code)
     AND coalesce(r.reported_on, r.referred_on) <= a.d
     AND (r.result_on IS NULL OR r.result_on > a.d)
     AND r.approved IS DISTINCT FROM false
   ORDER BY k.due_on NULLS LAST, r.id;
END;
COMMENT ON FUNCTION @extschema@.open_referrals(text, date) IS
  '未办结的移送：截至 as_of 尚无处理结果的移送，附下一步事项、截止日与状态（310号令时限，非刑事移送为“待处理”）；as_of 为空取今天';
