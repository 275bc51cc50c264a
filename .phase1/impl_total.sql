-- ===== 全年考核 (spec v3 §4 assessment_total) =====
CREATE FUNCTION @extschema@.assessment_total_detail(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM @extschema@.patrol_division_arg(assessment_total_detail.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total_detail.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total_detail.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT d.township_code, d.rule_code, min(d.clause), sum(d.occurrences)::integer,
         @extschema@.rule_deduction(r.points, r.per_occurrence, sum(d.occurrences)::integer, r.max_points),
         CASE WHEN bool_or(d.source = '人工') THEN '人工' ELSE '自动' END,
         string_agg(w.name || '：' || d.evidence, '；' ORDER BY lower(w.covers), w.id)
           FILTER (WHERE d.occurrences > 0 AND d.evidence IS NOT NULL)
    FROM @extschema@.reporting_window w
    JOIN @extschema@.campaign c ON c.id = w.campaign_id
    CROSS JOIN LATERAL @extschema@.assessment_detail(assessment_total_detail.division_code, w.id) d
    JOIN @extschema@.assessment_rule r ON r.rule_set = coalesce(c.rule_set, 'xianju2020') AND r.code = d.rule_code
   WHERE w.campaign_id = assessment_total_detail.campaign_id
   GROUP BY d.township_code, d.rule_code, r.points, r.per_occurrence, r.max_points
   ORDER BY d.township_code, d.rule_code;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total_detail(text, bigint) IS
  '专项行动全年考核明细：辖区内每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';

CREATE FUNCTION @extschema@.assessment_total(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM @extschema@.patrol_division_arg(assessment_total.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total)
    FROM (SELECT dv.code, dv.name, coalesce(sum(d.deduction), 0) AS total
            FROM @extschema@.division dv
            LEFT JOIN @extschema@.assessment_total_detail(assessment_total.division_code, assessment_total.campaign_id) d
                   ON d.township_code = dv.code
           WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_total.division_code, dv.code)
           GROUP BY dv.code, dv.name) s
   ORDER BY 4, 1;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total(text, bigint) IS
  '专项行动全年考核汇总（附件3 为全年一份细则，纳入平安考核）：辖区内每个乡镇的全年扣分与排名；标志性条款只扣一次，按次条款按各期间次数之和扣；扣分少者在前，并列同名次';
