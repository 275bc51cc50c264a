-- 33_forms.sql — 江苏 summary forms 附表1–4 (spec §3) and their CSV exports.
-- Counting (§3): …单位数/户数/对象数 = distinct subjects; every other count = cases having at least
-- one action of that kind; 万元 = round(Σ yuan / 10000, 4), rounded once; 合计 sums yuan before
-- rounding and counts distinct subjects over all rows. All counters come from the tally aggregate.



-- ===== 附表1 打击无证行医情况汇总表 =====
-- The scan of 附表1 (pre-aggregation off, or this transaction's writes not yet folded in): EXECUTE with the
-- period and division as literals, so the planner estimates the real rows (a generic plan with parameters
-- guessed ~100 rows of 100,000 and chose a sort per case), and the tally runs in the parallel workers
-- (tally_by_case folds the rows of a case, so no grouping by case is needed before it). The caller's scope
-- applies as in case_facts (in_caller_scope on every case; the policies as well).
CREATE FUNCTION illegal_practice_internal.unlicensed_scan(division_code text, period daterange)
  RETURNS TABLE (it @extschema@.institution_type, s @extschema@.tally_state)
  LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
AS $f$
BEGIN
  IF $2 IS NULL OR pg_catalog.isempty($2) OR $1 IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE pg_catalog.format($q$
    SELECT c.institution_type,
           illegal_practice_internal.tally_by_case(c.id, c.subject_id, @extschema@.action_bit(x.kind),
             illegal_practice_internal.action_fine_yuan(x.kind, x.amount_yuan),
             illegal_practice_internal.action_confiscation_yuan(x.kind, x.amount_yuan),
             illegal_practice_internal.action_accountable_persons(x.kind, x.persons),
             c.entered_in_system, c.rectified_on IS NOT NULL)
      FROM @extschema@.enforcement_case c
      LEFT JOIN @extschema@.case_action x ON x.case_id OPERATOR(pg_catalog.=) c.id
     WHERE @extschema@.in_caller_scope(c.division_code)
       AND c.category OPERATOR(pg_catalog.=) '无证行医'
       AND @extschema@.covers(%1$L, c.division_code)
       AND c.division_code COLLATE "C" OPERATOR(pg_catalog.>=) %2$L
       AND c.division_code COLLATE "C" OPERATOR(pg_catalog.<) %3$L
       AND c.case_date OPERATOR(pg_catalog.>=) %4$L::date AND c.case_date OPERATOR(pg_catalog.<) %5$L::date
     GROUP BY c.institution_type $q$,
    $1, @extschema@.division_prefix($1), @extschema@.division_prefix($1) OPERATOR(pg_catalog.||) ':',
    coalesce(pg_catalog.lower($2), '-infinity'::date), coalesce(pg_catalog.upper($2), 'infinity'::date));
END $f$;
COMMENT ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) IS
  '附表1 的扫描路径（内部）：按实际区划与期间规划（EXECUTE），每种机构类型一个汇总状态，在并行进程内聚合；调用者辖区照常生效';
REVOKE ALL ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.unlicensed_scan(text, daterange) TO illegal_practice_definer;

-- plpgsql: keeps one generic plan per session (a SQL function is re-planned at every call).
CREATE FUNCTION @extschema@.form_unlicensed_summary(division_code text, period daterange)
  RETURNS TABLE (institution_type text, penalized_units bigint, confiscation_count bigint, confiscation_wan numeric,
                 fine_count bigint, fine_wan numeric, ban_count bigint, transferred_cases bigint,
                 court_judgments bigint, persons_held_accountable bigint, cases_entered bigint)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET jit = off SET work_mem = '64MB' SET plan_cache_mode = force_generic_plan
AS $f$
#variable_conflict use_column
BEGIN
  PERFORM @extschema@.form_args($1, $2);
  RETURN QUERY
  WITH t AS (
    SELECT x.it, @extschema@.tally_union(x.s) AS s FROM (
      -- pre-aggregated: the whole months of the period, from the roll-ups of exactly this division —
      -- a year row for each whole year inside, month rows for the other months
      -- (the rows go straight into the outer tally_union: one merge per type, no intermediate copies)
      SELECT c.institution_type AS it, c.state AS s
        FROM @extschema@.tally_rollup c
       WHERE @extschema@.tally_cells_usable()
         -- only divisions inside the caller's scope (the policy on tally_rollup enforces it as well)
         AND c.division_code = ANY ((SELECT @extschema@.scope_within($1))::text[]) AND c.category = '无证行医'
         -- bounds computed once (scalar subqueries), not per row
         AND c.month >= (SELECT pg_catalog.lower(illegal_practice_internal.whole_months($2)))
         AND c.month < (SELECT pg_catalog.upper(illegal_practice_internal.whole_months($2)))
         AND c.whole_year = (c.month >= (SELECT (illegal_practice_internal.whole_years($2))[1]) AND c.month < (SELECT (illegal_practice_internal.whole_years($2))[2]))
      UNION ALL
      -- scanned: the days before and after the whole months (two range scans of the case-date index)
      SELECT f.institution_type,
             @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                               f.entered_in_system, f.rectified)
        FROM @extschema@.case_facts f
       WHERE @extschema@.tally_cells_usable()
         AND f.category = '无证行医'
         AND @extschema@.covers($1, f.division_code)
         AND f.case_date OPERATOR(pg_catalog.<@) $2
         -- bounds as scalar subqueries (parameters): leak-proof date comparisons on a plain column, so
         -- they stay index conditions under row-level security
         AND ((f.case_date >= (SELECT coalesce(pg_catalog.lower($2), '-infinity'::date))
               AND f.case_date < (SELECT coalesce(pg_catalog.lower(nullif(illegal_practice_internal.whole_months($2), 'empty')),
                                                  pg_catalog.upper($2), 'infinity'::date)))
           OR (f.case_date >= (SELECT pg_catalog.upper(nullif(illegal_practice_internal.whole_months($2), 'empty')))
               AND f.case_date < (SELECT coalesce(pg_catalog.upper($2), 'infinity'::date))))
         AND f.division_code COLLATE "C" >= (SELECT @extschema@.division_prefix($1))
         AND f.division_code COLLATE "C" < (SELECT @extschema@.division_prefix($1) OPERATOR(pg_catalog.||) ':')
       GROUP BY f.institution_type
      UNION ALL
      -- pre-aggregation off (or this transaction's writes not yet folded in): the parallel scan, planned
      -- for the actual period (not part of this cached generic plan; see unlicensed_scan)
      SELECT u.it, u.s FROM illegal_practice_internal.unlicensed_scan($1, $2) u
       WHERE NOT @extschema@.tally_cells_usable()
    ) x GROUP BY x.it
  ), r AS (
    SELECT k.it::text AS label, k.ord,
           coalesce(@extschema@.tally_subjects(t.s, @extschema@.penalty_mask()), 0) AS penalized_units,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('没收违法所得')), 0) AS confiscation_count,
           coalesce(@extschema@.tally_confiscation_yuan(t.s), 0) AS confiscation_yuan,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')), 0) AS fine_count,
           coalesce(@extschema@.tally_fine_yuan(t.s), 0) AS fine_yuan,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('取缔')), 0) AS ban_count,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')), 0) AS transferred_cases,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('法院判决')), 0) AS court_judgments,
           coalesce(@extschema@.tally_persons(t.s), 0) AS persons,
           coalesce(@extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')), 0) AS cases_entered
      FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.institution_type)) WITH ORDINALITY AS k(it, ord)
      LEFT JOIN t ON t.it = k.it
  )
  SELECT x.label, x.penalized_units, x.confiscation_count, x.confiscation_wan, x.fine_count, x.fine_wan, x.ban_count,
         x.transferred_cases, x.court_judgments, x.persons, x.cases_entered
    FROM (
      SELECT r.ord, r.label, r.penalized_units, r.confiscation_count, @extschema@.yuan_to_wan(r.confiscation_yuan) AS confiscation_wan,
             r.fine_count, @extschema@.yuan_to_wan(r.fine_yuan) AS fine_wan, r.ban_count, r.transferred_cases, r.court_judgments,
             r.persons, r.cases_entered
        FROM r
      UNION ALL
      -- 合计: each case has one institution type, so case counts and yuan add up across the rows (yuan
      -- summed before rounding); distinct subjects are counted over all rows' subject sets together
      SELECT 6, '合计',
             coalesce((SELECT @extschema@.tally_subjects_union(pg_catalog.array_agg(t.s), @extschema@.penalty_mask()) FROM t), 0),
             pg_catalog.sum(r.confiscation_count)::bigint, @extschema@.yuan_to_wan(pg_catalog.sum(r.confiscation_yuan)),
             pg_catalog.sum(r.fine_count)::bigint, @extschema@.yuan_to_wan(pg_catalog.sum(r.fine_yuan)),
             pg_catalog.sum(r.ban_count)::bigint, pg_catalog.sum(r.transferred_cases)::bigint,
             pg_catalog.sum(r.court_judgments)::bigint, pg_catalog.sum(r.persons)::bigint, pg_catalog.sum(r.cases_entered)::bigint
        FROM r
    ) x ORDER BY x.ord;
END $f$;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) IS
  '附表1 打击无证行医情况汇总表：无证行医案件，按机构类型（西医、中医、医疗美容、口腔、其他，总是列出）加合计';
ALTER FUNCTION @extschema@.form_unlicensed_summary(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('unlicensed_summary', '附表1', '打击无证行医情况汇总表', false, '{}', true);

CREATE FUNCTION @extschema@.form_unlicensed_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('机构类型', '行政处罚单位数', '没收违法所得户次', '没收违法所得金额（万元）', '罚款户次',
                              '罚款金额（万元）', '取缔户次', '移送案件数', '法院判决案件数', '因无证行医追责人数', '信息系统录入情况')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.institution_type, f.penalized_units::text,
                    f.confiscation_count::text, f.confiscation_wan::text, f.fine_count::text, f.fine_wan::text,
                    f.ban_count::text, f.transferred_cases::text, f.court_judgments::text,
                    f.persons_held_accountable::text, f.cases_entered::text) OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_unlicensed_summary($1, $2) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) IS '附表1 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_unlicensed_summary_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表2 打击非法医疗美容专项行动“回头看”汇总表 =====
CREATE FUNCTION @extschema@.form_beauty_lookback(division_code text, prior daterange, current daterange)
  RETURNS TABLE (row_label text, prior_penalized_units bigint, prior_rectified_units bigint, reoffending_units bigint,
                 order_correct_count bigint, warning_count bigint, suspension_count bigint, fine_count bigint,
                 fine_wan numeric, confiscation_wan numeric, license_revoked_count bigint, transferred_count bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2, $3);   -- bad arguments are errors, not zeros
  WITH cats(label, cat, ord) AS (
    VALUES ('无证行医', '无证行医'::@extschema@.case_category, 1),
           ('医疗机构', '医疗机构违法执业'::@extschema@.case_category, 2)
  ), p AS (
    SELECT f.category,
           @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                             f.entered_in_system, f.rectified) AS s
      FROM @extschema@.case_facts f
     WHERE f.institution_type = '医疗美容'
       AND f.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
     GROUP BY f.category
  ), pen AS (
    SELECT p.category,
           @extschema@.tally_subject_ids(p.s, @extschema@.penalty_mask()) AS ids,
           @extschema@.tally_subjects(p.s, @extschema@.penalty_mask()) AS penalized,
           @extschema@.tally_subjects(p.s, @extschema@.tally_bit('penalized_rectified')) AS rectified
      FROM p
  ), c AS (
    SELECT f.category,
           @extschema@.tally(f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
                             f.entered_in_system, f.rectified) AS s
      FROM @extschema@.case_facts f JOIN pen ON pen.category = f.category
     WHERE f.institution_type = '医疗美容'
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $3
       AND f.subject_id = ANY (pen.ids)
     GROUP BY f.category
  )
  SELECT cats.label,
         coalesce(pen.penalized, 0),
         coalesce(pen.rectified, 0),
         coalesce(@extschema@.tally_subjects(c.s), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('责令改正')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('警告')), 0),
         coalesce(@extschema@.tally_subjects(c.s, @extschema@.action_bit('责令停业整顿')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('罚款')), 0),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_fine_yuan(c.s), 0)),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_confiscation_yuan(c.s), 0)),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_mask('吊销执业许可', '吊销执业证书')), 0),
         coalesce(@extschema@.tally_cases(c.s, @extschema@.action_bit('移送司法机关')), 0)
    FROM cats LEFT JOIN pen ON pen.category = cats.cat LEFT JOIN c ON c.category = cats.cat
   ORDER BY cats.ord;
END;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) IS
  '附表2 打击非法医疗美容专项行动“回头看”汇总表：医疗美容案件；行按前期案件类别（无证行医、医疗机构违法执业）；再犯 = 前期受过处罚且本期有同类案件的当事人，其后各列统计再犯者本期同类案件';
ALTER FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback(text, daterange, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('beauty_lookback', '附表2', '打击非法医疗美容专项行动“回头看”汇总表', true, '{}', true);

CREATE FUNCTION @extschema@.form_beauty_lookback_csv(division_code text, prior daterange, current daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('',
           illegal_practice_internal.period_years($2) OPERATOR(pg_catalog.||) '打击非法医疗美容专项行动处罚单位数',
           illegal_practice_internal.period_years($2) OPERATOR(pg_catalog.||) '查处后落实整改单位数',
           illegal_practice_internal.period_years($3) OPERATOR(pg_catalog.||) '“回头看”行动中发现再次开展非法医疗美容户数',
           '责令整改数', '警告数', '责令停业整顿户数', '罚款户（人）次', '罚款金额（万元）', '没收违法所得（万元）',
           '吊销行政许可资质', '移送司法机关')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.row_label, f.prior_penalized_units::text,
                    f.prior_rectified_units::text, f.reoffending_units::text, f.order_correct_count::text,
                    f.warning_count::text, f.suspension_count::text, f.fine_count::text, f.fine_wan::text,
                    f.confiscation_wan::text, f.license_revoked_count::text, f.transferred_count::text)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_beauty_lookback($1, $2, $3) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) IS
  '附表2 的 CSV 导出（首行为原表中文表头，年份取自期间）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_beauty_lookback_csv(text, daterange, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表3 “回头看”行动中再次受处罚对象信息报告表 =====
CREATE FUNCTION @extschema@.form_repeat_offenders(division_code text, prior daterange, current daterange)
  RETURNS TABLE (seq bigint, subject_name text, address text, legal_representative text, first_cause text, second_cause text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2, $3);   -- bad arguments are errors, not zeros
  WITH pc AS (      -- prior 医疗美容 cases with a penalty action
    SELECT f.subject_id, f.category, f.case_id, f.case_date
      FROM @extschema@.case_facts f
     WHERE f.institution_type = '医疗美容'
       AND f.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
       AND (f.kinds OPERATOR(pg_catalog.&) @extschema@.penalty_mask()) <> 0
  ), cc AS (      -- current cases of the same category by those subjects
    SELECT e.subject_id, e.category, e.id AS case_id, e.case_date AS case_date
      FROM @extschema@.enforcement_case e
     WHERE e.institution_type = '医疗美容'
       AND e.category IN ('无证行医', '医疗机构违法执业')
       AND @extschema@.covers($1, e.division_code)
       AND e.case_date OPERATOR(pg_catalog.<@) $3
       AND EXISTS (SELECT FROM pc WHERE pc.subject_id = e.subject_id AND pc.category = e.category)
  ), first_case AS (
    SELECT DISTINCT ON (pc.subject_id) pc.subject_id, pc.case_id
      FROM pc
     WHERE EXISTS (SELECT FROM cc WHERE cc.subject_id = pc.subject_id AND cc.category = pc.category)
     ORDER BY pc.subject_id, pc.case_date, pc.case_id
  ), second_case AS (
    SELECT DISTINCT ON (cc.subject_id) cc.subject_id, cc.case_id, cc.case_date
      FROM cc ORDER BY cc.subject_id, cc.case_date, cc.case_id
  )
  SELECT pg_catalog.row_number() OVER (ORDER BY s.case_date, s.case_id),
         @extschema@.pii_name(e2.subject_name), @extschema@.pii_address(e2.subject_address),
         @extschema@.pii_name(e2.legal_representative), e1.cause, e2.cause
    FROM second_case s
    JOIN first_case f ON f.subject_id = s.subject_id
    JOIN @extschema@.enforcement_case e1 ON e1.id = f.case_id
    JOIN @extschema@.enforcement_case e2 ON e2.id = s.case_id
   ORDER BY s.case_date, s.case_id;
END;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) IS
  '附表3 再次受处罚对象信息报告表：附表2 计入的再犯当事人，每人一行，按其最早本期案件的日期、编号排序；名称、地址、负责人取该案件；第一次案由取最早的前期处罚案件';
ALTER FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders(text, daterange, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('repeat_offenders', '附表3', '“回头看”行动中再次受处罚对象信息报告表', true, '{"subject_name": "name", "address": "address", "legal_representative": "name"}', true);

CREATE FUNCTION @extschema@.form_repeat_offenders_csv(division_code text, prior daterange, current daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('序号', '被处罚对象', '地址', '法人或负责人', '第一次处罚案由', '第二次处罚或拟处罚案由')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.seq::text, f.subject_name, f.address,
                    f.legal_representative, f.first_cause, f.second_cause) OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.seq), '')
    FROM @extschema@.form_repeat_offenders($1, $2, $3) AS f;
END;
COMMENT ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) IS '附表3 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_repeat_offenders_csv(text, daterange, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

-- ===== 附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表 =====
CREATE FUNCTION @extschema@.form_two_illegal_summary(division_code text, period daterange)
  RETURNS TABLE (category text, inspected_subjects bigint, penalty_cases bigint, order_correct_count bigint,
                 warning_count bigint, fine_count bigint, fine_wan numeric, confiscation_wan numeric,
                 certificate_revoked_count bigint, referred_to_departments bigint, transferred_to_judiciary bigint,
                 cases_entered bigint)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.form_args($1, $2);   -- bad arguments are errors, not zeros
  WITH cats(cat, ord) AS (
    VALUES ('非医学需要的胎儿性别鉴定'::@extschema@.case_category, 1),
           ('非医学需要选择性别人工终止妊娠'::@extschema@.case_category, 2)
  ), x AS (
    SELECT f.category, f.subject_id, f.kinds, f.fine_yuan, f.confiscation_yuan, f.persons_accountable,
           f.entered_in_system, f.rectified
      FROM @extschema@.case_facts f
     WHERE f.category IN ('非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
       AND @extschema@.covers($1, f.division_code)
       AND f.case_date OPERATOR(pg_catalog.<@) $2
    UNION ALL      -- inspections: kinds NULL marks a subject as inspected, not a case
    SELECT i.category, i.subject_id, NULL::integer, NULL::numeric, NULL::numeric, NULL::integer, NULL::boolean, NULL::boolean
      FROM @extschema@.inspection i
     WHERE i.category IN ('非医学需要的胎儿性别鉴定', '非医学需要选择性别人工终止妊娠')
       AND @extschema@.covers($1, i.division_code)
       AND i.inspected_on OPERATOR(pg_catalog.<@) $2
  ), t AS (
    SELECT x.category,
           @extschema@.tally(x.subject_id, x.kinds, x.fine_yuan, x.confiscation_yuan, x.persons_accountable,
                             x.entered_in_system, x.rectified) AS s
      FROM x GROUP BY x.category
  )
  SELECT cats.cat::text,
         coalesce(@extschema@.tally_subjects(t.s, @extschema@.tally_bit('inspected')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.penalty_mask()), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('责令改正')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('警告')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('罚款')), 0),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_fine_yuan(t.s), 0)),
         @extschema@.yuan_to_wan(coalesce(@extschema@.tally_confiscation_yuan(t.s), 0)),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('吊销执业证书')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送相关部门')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.action_bit('移送司法机关')), 0),
         coalesce(@extschema@.tally_cases(t.s, @extschema@.tally_bit('entered')), 0)
    FROM cats LEFT JOIN t ON t.category = cats.cat
   ORDER BY cats.ord;
END;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) IS
  '附表4 查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表：两行（两类两非案件），检查对象数取自 inspection';
ALTER FUNCTION @extschema@.form_two_illegal_summary(text, daterange) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary(text, daterange) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary(text, daterange) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
-- a form a stage can snapshot (report_form, 12_campaign.sql)
INSERT INTO @extschema@.report_form (name, label, title, with_prior, personal, shipped) VALUES
  ('two_illegal_summary', '附表4', '查处非医学需要的胎儿性别鉴定和选择性别人工终止妊娠汇总表', false, '{}', true);

CREATE FUNCTION @extschema@.form_two_illegal_summary_csv(division_code text, period daterange, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('案件分类', '检查对象数', '行政处罚数', '责令改正数', '警告数', '罚款户（人）次',
                              '罚款金额（万元）', '没收违法所得（万元）', '吊销执业证书数', '移送相关部门', '移送司法机关',
                              '案件信息系统录入数')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.category, f.inspected_subjects::text,
                    f.penalty_cases::text, f.order_correct_count::text, f.warning_count::text, f.fine_count::text,
                    f.fine_wan::text, f.confiscation_wan::text, f.certificate_revoked_count::text,
                    f.referred_to_departments::text, f.transferred_to_judiciary::text, f.cases_entered::text)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.ordinality), '')
    FROM @extschema@.form_two_illegal_summary($1, $2) WITH ORDINALITY AS f;
END;
COMMENT ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) IS '附表4 的 CSV 导出（首行为原表中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_two_illegal_summary_csv(text, daterange, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
