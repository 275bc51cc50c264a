-- 50_assessment.sql — 考核细则 (附件3, spec §4): rule sets, the scoring functions, manual facts.
CREATE TABLE @extschema@.assessment_rule_set (
  rule_set    text PRIMARY KEY,
  title       text NOT NULL,
  base_score  numeric CHECK (base_score IS NULL OR base_score >= 0),
  shipped     boolean NOT NULL DEFAULT false,
  division_code text NOT NULL DEFAULT '000000'
    CONSTRAINT assessment_rule_set_division_shape CHECK (division_code = '000000' OR @extschema@.division_level_of(division_code) IS NOT NULL)
);
COMMENT ON TABLE @extschema@.assessment_rule_set IS '考核细则规则集（可选）：名称与基础分（“扣完为止”时的总分）';
COMMENT ON COLUMN @extschema@.assessment_rule_set.rule_set IS '规则集代码，如 xianju2020';
COMMENT ON COLUMN @extschema@.assessment_rule_set.title IS '名称';
COMMENT ON COLUMN @extschema@.assessment_rule_set.base_score IS '基础分：得分 = 基础分 - 扣分，最低为0；NULL 表示只计扣分';

CREATE TABLE @extschema@.assessment_rule (
  rule_set       text NOT NULL,
  code           text NOT NULL,
  section        text,
  clause         text NOT NULL,
  points         numeric NOT NULL CHECK (points >= 0),
  per_occurrence boolean NOT NULL,
  derived        boolean NOT NULL DEFAULT false,
  max_points     numeric CHECK (max_points IS NULL OR max_points >= 0),
  shipped        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (rule_set, code)
);
COMMENT ON TABLE @extschema@.assessment_rule IS '考核细则条款：每条扣分规则（标志性规则扣一次，按次规则按次数扣）';
COMMENT ON COLUMN @extschema@.assessment_rule.rule_set IS '规则集，如 xianju2020';
COMMENT ON COLUMN @extschema@.assessment_rule.code IS '条款编号，如 2.3a';
COMMENT ON COLUMN @extschema@.assessment_rule.section IS '所属部分，如 （二）落实专项行动工作要求';
COMMENT ON COLUMN @extschema@.assessment_rule.clause IS '条款内容（简写）';
COMMENT ON COLUMN @extschema@.assessment_rule.points IS '扣分值';
COMMENT ON COLUMN @extschema@.assessment_rule.per_occurrence IS '是否按次扣分（每起、每家、每人）；否则发生即扣一次';
COMMENT ON COLUMN @extschema@.assessment_rule.derived IS '是否由巡查数据自动判定（否则须人工录入事实）';
COMMENT ON COLUMN @extschema@.assessment_rule.max_points IS '本条最高扣分（最高扣X分），NULL 表示不封顶';

INSERT INTO @extschema@.assessment_rule_set (rule_set, title, base_score) VALUES
  ('xianju2020', '仙居县2020年乡镇、街道打击非法行医考核细则（仙打非办〔2020〕1号 附件3）', NULL);
INSERT INTO @extschema@.assessment_rule (rule_set, code, section, clause, points, per_occurrence, derived) VALUES
  ('xianju2020', '1.1',  '（一）落实监管工作机制', '未制定下发文件、建立领导组织机构', 1, false, false),
  ('xianju2020', '1.2',  '（一）落实监管工作机制', '领导组织机构没有专人负责', 1, false, false),
  ('xianju2020', '2.1',  '（二）落实专项行动工作要求', '未纳入网格化管理等平台并列入平安综治考核', 2, false, false),
  ('xianju2020', '2.2a', '（二）落实专项行动工作要求', '未组织开展辖区内无证行医回访、排查', 2, false, true),
  ('xianju2020', '2.2b', '（二）落实专项行动工作要求', '未及时上报《非法行医巡查登记表》', 1, false, true),
  ('xianju2020', '2.3a', '（二）落实专项行动工作要求', '发现非法行医窝点，未劝导停业', 2, false, true),
  ('xianju2020', '2.3b', '（二）落实专项行动工作要求', '劝导无果又未向县打非办申请协同取缔', 1, false, true),
  ('xianju2020', '2.3c', '（二）落实专项行动工作要求', '申请后未组织配合县级联合行动', 2, false, true),
  ('xianju2020', '2.4',  '（二）落实专项行动工作要求', '未对已取缔或自行歇业的机构和人员开展每月巡查', 1, false, true),
  ('xianju2020', '2.5',  '（二）落实专项行动工作要求', '被省级及以上主要媒体负面报道经查证属实', 3, true, false),
  ('xianju2020', '2.6',  '（二）落实专项行动工作要求', '被省级暗访组发现非法行医点', 1, true, false),
  ('xianju2020', '2.7a', '（二）落实专项行动工作要求', '发生无证行医致人死亡', 5, true, true),
  ('xianju2020', '2.7b', '（二）落实专项行动工作要求', '发生无证行医致人伤残', 3, true, true);
UPDATE @extschema@.assessment_rule SET shipped = true;
UPDATE @extschema@.assessment_rule_set SET shipped = true;
COMMENT ON COLUMN @extschema@.assessment_rule.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
-- a rule belongs to its rule set's division: shipped sets (and rules of no listed set) are national
SELECT illegal_practice_internal.share_table('@extschema@.assessment_rule',
  '(SELECT s.division_code FROM @extschema@.assessment_rule_set s WHERE s.rule_set = assessment_rule.rule_set)', ARRAY['rule_set', 'code']);
-- the assessment (internal, as illegal_practice_tally) reads the reference data too
CREATE POLICY ip_tally ON @extschema@.assessment_rule FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.assessment_rule TO illegal_practice_tally;
COMMENT ON COLUMN @extschema@.assessment_rule_set.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
COMMENT ON COLUMN @extschema@.assessment_rule_set.division_code IS '制定该规则集的区划（000000 = 全国，扩展自带）：只有该区划的管理员可改此规则集及其条款';
SELECT illegal_practice_internal.share_table('@extschema@.assessment_rule_set', 'division_code', ARRAY['rule_set']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_rule', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_rule_set', 'WHERE NOT shipped');

CREATE FUNCTION @extschema@.rule_deduction(points numeric, per_occurrence boolean, occurrences integer,
                                           max_points numeric DEFAULT NULL) RETURNS numeric
  AS 'MODULE_PATHNAME', 'ip_rule_deduction' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rule_deduction(numeric, boolean, integer, numeric) IS
  '一条规则的扣分：标志性规则发生即扣 points（一次），按次规则扣 points×次数，有封顶时不超过 max_points';

CREATE FUNCTION @extschema@.total_deduction_sfunc(numeric, numeric, boolean, integer, numeric) RETURNS numeric
  AS 'MODULE_PATHNAME', 'ip_total_deduction_sfunc' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_deduction_sfunc(numeric, numeric, boolean, integer, numeric) IS
  'total_deduction 聚合的状态转移函数';
CREATE AGGREGATE @extschema@.total_deduction(points numeric, per_occurrence boolean, occurrences integer,
                                             max_points numeric) (
  SFUNC = @extschema@.total_deduction_sfunc,
  STYPE = numeric,
  COMBINEFUNC = pg_catalog.numeric_add,
  INITCOND = '0',
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.total_deduction(numeric, boolean, integer, numeric) IS
  '总扣分：对任意 (规则, 次数) 行集合求扣分之和（标志性规则一次、按次规则乘次数、封顶）';

CREATE FUNCTION @extschema@.score_after(base_score numeric, deduction numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN base_score IS NULL THEN NULL ELSE GREATEST(base_score - coalesce(deduction, 0), 0) END;
COMMENT ON FUNCTION @extschema@.score_after(numeric, numeric) IS '得分 = 基础分 - 扣分，扣完为止（最低0分）；无基础分返回 NULL';

CREATE TABLE @extschema@.assessment_fact (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  township_code text NOT NULL REFERENCES @extschema@.division (code),
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id) ON DELETE CASCADE,
  rule_code     text NOT NULL,
  occurrences   integer NOT NULL CHECK (occurrences >= 0),
  evidence      text,
  recorded_by   text NOT NULL DEFAULT CURRENT_USER,
  recorded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  UNIQUE (township_code, window_id, rule_code)
);
COMMENT ON TABLE @extschema@.assessment_fact IS '考核事实（人工录入与复核更正）：有记录时取代自动判定结果';
COMMENT ON COLUMN @extschema@.assessment_fact.id IS '编号';
COMMENT ON COLUMN @extschema@.assessment_fact.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.assessment_fact.window_id IS '考核期间';
COMMENT ON COLUMN @extschema@.assessment_fact.rule_code IS '条款编号';
COMMENT ON COLUMN @extschema@.assessment_fact.occurrences IS '发生次数（0 表示复核后确认未发生）';
COMMENT ON COLUMN @extschema@.assessment_fact.evidence IS '依据（材料、复核说明）';
COMMENT ON COLUMN @extschema@.assessment_fact.recorded_by IS '录入人';
COMMENT ON COLUMN @extschema@.assessment_fact.recorded_at IS '录入时间';
SELECT illegal_practice_internal.secure_table('@extschema@.assessment_fact', 'township_code', false);
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.assessment_fact FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.assessment_fact TO illegal_practice_tally;

CREATE FUNCTION @extschema@.window_rule_set(window_id bigint) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(c.rule_set, 'xianju2020')
            FROM @extschema@.reporting_window w JOIN @extschema@.campaign c ON c.id = w.campaign_id
           WHERE w.id = window_id);
COMMENT ON FUNCTION @extschema@.window_rule_set(bigint) IS '考核期间所属专项行动的规则集（未设置时为 xianju2020）';

CREATE FUNCTION illegal_practice_internal.assessment_fact_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  rs text := @extschema@.window_rule_set(NEW.window_id);
BEGIN
  IF @extschema@.division_level_of(NEW.township_code) IS DISTINCT FROM '乡镇' THEN
    RAISE EXCEPTION 'assessment facts are recorded per township, not for division "%"', NEW.township_code
      USING ERRCODE = '23514', HINT = 'use a 9-digit township code';
  END IF;
  IF NEW.occurrences < 0 THEN
    RAISE EXCEPTION 'occurrences must not be negative: %', NEW.occurrences
      USING ERRCODE = '23514', HINT = 'record 0 to clear a finding after 复核';
  END IF;
  IF rs IS NULL THEN
    RAISE EXCEPTION 'unknown reporting window %', coalesce(NEW.window_id::text, 'NULL')
      USING ERRCODE = '23503', HINT = 'see table reporting_window';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM @extschema@.assessment_rule r WHERE r.rule_set = rs AND r.code = NEW.rule_code) THEN
    RAISE EXCEPTION 'unknown rule "%" in rule set %', NEW.rule_code, rs
      USING ERRCODE = '23503',
            HINT = coalesce('rules: ' || (SELECT string_agg(code, ', ' ORDER BY code) FROM @extschema@.assessment_rule WHERE rule_set = rs),
                            'no reporting window ' || coalesce(NEW.window_id::text, 'NULL') || ' or no rules in its rule set: see table reporting_window');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.recorded_at := now();
    NEW.recorded_by := current_user;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_fact_check() IS '触发器：校验考核事实的乡镇与条款，更新时记录复核人和时间';
CREATE TRIGGER assessment_fact_check BEFORE INSERT OR UPDATE ON @extschema@.assessment_fact
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_fact_check();

-- ===== assessment =====
-- 考核 (附件3, spec v3 §4): derived facts from patrol work, per-township assessment, ranking, the campaign total.
-- Derived rules (computed only where the rule set marks the code derived):
--   2.2a no patrol dated in W · 2.2b no register_submission for (township, W) submitted on or before due
--   2.3a a site with an operating patrol in W and no patrol before the end of W (in W or earlier) with a handling
--        outcome 责令限期整改/劝导停业/拒不整改/已取缔
--   2.3b persuasion failed at f (拒不整改 in W, or the first operating patrol in W after a 责令限期整改/劝导停业 patrol
--        of any date) and neither a joint_application with f ≤ applied_on < end of W nor the township's own ban
--        (a patrol with outcome 已取缔 dated f … end of W)
--   2.3c a joint_action of the township's application, acted in W, without the township taking part
--   2.4  the one monthly obligation (closed_site_months, 20_patrol.sql): a month wholly inside W, starting on or
--        after the closing date c of a 已取缔/自行歇业/已停业 closure, closed throughout, without a patrol of the site
--   2.7a/2.7b deaths / disabilities of the incidents in the township (incident_township) with occurred_on in W
-- Planned per call with the real division and window (plpgsql EXECUTE … USING), not generically: the
-- townships and the window's dates are resolved first, so every scan has index-friendly (and under row-level
-- security leak-proof) conditions — township_code = ANY(…), date ranges — and the planner sees true row counts.
-- Per-site facts come from ONE hashed pass over the patrols (first/last operating find in W, handled and last
-- ban before e, first 拒不整改, first persuasion); only 2.3b's "operating after the first persuasion" probes the
-- index, and only for sites where that date is not already known. Patrols are selected by their own
-- township_code, which the patrol and site triggers keep equal to their site's.
-- Each township's facts depend only on its own rows (and the window's), so the result for a set of
-- townships is the union of the results for each: the cache below keeps them per (window, township).
CREATE FUNCTION illegal_practice_internal.assessment_derived_towns(towns text[], window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
  w record;
BEGIN
  SELECT lower(rw.covers) AS s, upper(rw.covers) AS e, rw.due_on AS d, rw.name INTO w
    FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived_towns.window_id;
  IF NOT FOUND OR towns IS NULL OR pg_catalog.cardinality(towns) = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY EXECUTE $q$
  WITH t AS (
    SELECT u.code FROM pg_catalog.unnest($1::text[]) AS u (code)
  ), ts AS (
    SELECT s.id, s.township_code, s.name FROM @extschema@.site s WHERE s.township_code = ANY ($1)
  ), ps AS (
    SELECT p.site_id,
           min(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS fo,
           max(p.patrolled_on) FILTER (WHERE p.operating AND p.patrolled_on >= $2) AS lo,
           coalesce(bool_or(p.outcome IN ('责令限期整改', '劝导停业', '拒不整改', '已取缔')), false) AS handled,
           max(p.patrolled_on) FILTER (WHERE p.outcome = '已取缔') AS lb,
           min(p.patrolled_on) FILTER (WHERE p.outcome = '拒不整改' AND p.patrolled_on >= $2) AS fr,
           min(p.patrolled_on) FILTER (WHERE p.outcome IN ('责令限期整改', '劝导停业')) AS fpd,
           count(*) AS n
      FROM @extschema@.patrol p
     WHERE p.township_code = ANY ($1) AND p.site_id IS NOT NULL AND p.patrolled_on < $3
     GROUP BY p.site_id
  ), failed AS MATERIALIZED (   -- 2.3b: 拒不整改, or an operating patrol after the site's first persuasion
    SELECT ps.site_id, ps.lb, LEAST(ps.fr, CASE
             WHEN ps.fpd IS NULL OR NOT ps.lo >= ps.fpd OR ps.fr <= ps.fpd THEN NULL
             WHEN ps.fo > ps.fpd THEN ps.fo
             ELSE (SELECT min(p.patrolled_on) FROM @extschema@.patrol p
                    WHERE p.site_id = ps.site_id AND p.operating
                      AND p.patrolled_on >= ps.fpd AND p.patrolled_on >= $2 AND p.patrolled_on < $3
                      AND (p.patrolled_on > ps.fpd
                           OR EXISTS (SELECT 1 FROM @extschema@.patrol q
                                       WHERE q.site_id = ps.site_id AND q.patrolled_on = ps.fpd
                                         AND q.outcome IN ('责令限期整改', '劝导停业') AND q.id < p.id))) END) AS f
      FROM ps WHERE ps.fr IS NOT NULL OR ps.lo >= ps.fpd
  ), r23a AS (
    SELECT ts.township_code, ts.name || '（' || ps.fo || ' 发现执业）' AS ev, ps.fo AS f
      FROM ps JOIN ts ON ts.id = ps.site_id
     WHERE ps.fo IS NOT NULL AND NOT ps.handled
  ), r23b AS (
    SELECT ts.township_code, ts.name || '（' || fl.f || ' 劝导无果）' AS ev, fl.f
      FROM failed fl JOIN ts ON ts.id = fl.site_id
     WHERE fl.f IS NOT NULL
       AND NOT coalesce(fl.lb >= fl.f, false)   -- the township banned the site itself
       AND NOT EXISTS (SELECT 1 FROM @extschema@.joint_application ja
                        WHERE ja.township_code = ts.township_code AND ja.applied_on >= fl.f AND ja.applied_on < $3)
  ), r23c AS (
    SELECT ja.township_code, '联合行动 ' || a.acted_on || '（申请 ' || ja.applied_on || '）乡镇未参与' AS ev, a.acted_on AS f
      FROM @extschema@.joint_action a
      JOIN @extschema@.joint_application ja ON ja.id = a.application_id
     WHERE ja.township_code = ANY ($1) AND a.acted_on >= $2 AND a.acted_on < $3 AND a.township_participated = false
  ), r24 AS (   -- the one monthly obligation (closed_site_months), months wholly inside W
    SELECT m.township_code, m.site_name || ' ' || pg_catalog.to_char(m.month, 'YYYY-MM') || ' 无巡查' AS ev, m.month AS f
      FROM @extschema@.closed_site_months($1, pg_catalog.daterange($2, $3)) m
     WHERE m.patrolled_on IS NULL
  ), inc AS (
    SELECT t.code AS township_code, i.id, i.occurred_on, i.deaths, i.disabilities
      FROM @extschema@.incident i
      LEFT JOIN @extschema@.site s ON s.id = i.site_id   -- incident_township(), inlined
      JOIN t ON t.code = CASE WHEN @extschema@.division_level_of(i.division_code) = '乡镇' THEN i.division_code
                              ELSE s.township_code END
     WHERE i.occurred_on >= $2 AND i.occurred_on < $3
  )
  SELECT t.code, '2.2a', 1, $5 || '内无回访、排查（巡查）记录'
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.patrol p
                      WHERE p.township_code = t.code AND p.patrolled_on >= $2 AND p.patrolled_on < $3)
  UNION ALL
  SELECT t.code, '2.2b', 1,
         coalesce('巡查登记表 ' || (SELECT min(rs.submitted_on) FROM @extschema@.register_submission rs
                                     WHERE rs.township_code = t.code AND rs.window_id = $6)
                  || ' 报送，晚于截止日 ' || $4,
                  '未报送巡查登记表（截止 ' || $4 || '）')
    FROM t
   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.register_submission rs
                      WHERE rs.township_code = t.code AND rs.window_id = $6 AND rs.submitted_on <= $4)
  UNION ALL
  SELECT r.township_code, r.code, count(*)::integer, string_agg(r.ev, '；' ORDER BY r.f, r.ev)
    FROM (SELECT r23a.township_code, '2.3a' AS code, r23a.ev, r23a.f FROM r23a
          UNION ALL SELECT r23b.township_code, '2.3b', r23b.ev, r23b.f FROM r23b
          UNION ALL SELECT r23c.township_code, '2.3c', r23c.ev, r23c.f FROM r23c
          UNION ALL SELECT r24.township_code, '2.4', r24.ev, r24.f FROM r24) r
   GROUP BY r.township_code, r.code
  UNION ALL
  SELECT inc.township_code, '2.7a', sum(inc.deaths)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 死亡 ' || inc.deaths || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.deaths > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.deaths) > 0
  UNION ALL
  SELECT inc.township_code, '2.7b', sum(inc.disabilities)::integer,
         string_agg('事件 ' || inc.occurred_on || ' 伤残 ' || inc.disabilities || ' 人', '；' ORDER BY inc.occurred_on, inc.id)
           FILTER (WHERE inc.disabilities > 0)
    FROM inc GROUP BY inc.township_code HAVING sum(inc.disabilities) > 0
  $q$ USING towns, w.s, w.e, w.d, w.name, assessment_derived_towns.window_id;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) IS
  '（内部，读全部数据）从基表现算给定乡镇在考核期间自动判定的考核事实（spec v3）：2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件致死 2.7a、致残 2.7b 人数，次数与依据；每个乡镇的结果只取决于它自己的数据';
-- not a definer: run only by the tally-owned functions below (assessment_derived_all, the cache upkeep)
ALTER FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_derived_towns(text[], bigint) FROM PUBLIC;

-- ===== the derived facts kept per (window, township), exact on write =====
-- assessment_derived_cache holds assessment_derived_towns({township}, window) for the townships of each
-- window's campaign division. A writer's statement-level triggers note the townships (or windows) it
-- touched in assessment_cache_dirty; one deferred constraint trigger per transaction recomputes them at
-- commit, under per-township advisory locks (64 buckets, in order) taken before the recompute's snapshot,
-- so concurrent writers never leave a stale row (READ COMMITTED). A township without a cache row (a
-- window's campaign not covering it, data loaded with triggers off before assessment_cache_rebuild()) is
-- computed from the tables; so is everything while the transaction has its own pending changes.
-- Inputs, and what they dirty: site, patrol, register_submission, joint_application (their township_code,
-- old and new), site_status_history (its site's township), joint_action (its application's township),
-- incident (its division_code and its site's township), reporting_window (the window: every township of its
-- campaign), campaign updates (its windows), division (everything). A deleted window takes its rows with it (ON DELETE CASCADE).
CREATE TABLE illegal_practice_internal.assessment_derived_cache (
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id) ON DELETE CASCADE,
  township_code text NOT NULL,
  rule_codes    text[] NOT NULL,
  occurrences   integer[] NOT NULL,
  evidences     text[] NOT NULL,
  PRIMARY KEY (window_id, township_code)
);
COMMENT ON TABLE illegal_practice_internal.assessment_derived_cache IS
  '（内部）自动判定考核事实的预计算：每个考核期间、每个乡镇一行（= assessment_derived_towns 的结果），写入提交时重算';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.window_id IS '考核期间';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.township_code IS '乡镇（街道）代码';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.rule_codes IS '违反的条款编号（与下两列一一对应；空数组 = 无自动判定的扣分事实）';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.occurrences IS '各条款的次数';
COMMENT ON COLUMN illegal_practice_internal.assessment_derived_cache.evidences IS '各条款的依据';
ALTER TABLE illegal_practice_internal.assessment_derived_cache ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_derived_cache FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_derived_cache FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_derived_cache FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_derived_cache TO illegal_practice_tally;
-- pg_dump keeps it: a restore brings the cache back with the rows it was computed from (the triggers stand aside)
SELECT pg_catalog.pg_extension_config_dump('illegal_practice_internal.assessment_derived_cache', '');

CREATE TABLE illegal_practice_internal.assessment_cache_dirty (
  township_code text,
  window_id     bigint
);
COMMENT ON TABLE illegal_practice_internal.assessment_cache_dirty IS
  '（内部）本事务写入触及、待提交时重算的考核预计算：乡镇（其全部考核期间）、考核期间（其专项行动辖区的全部乡镇），两列皆空 = 全部';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_dirty.township_code IS '区划代码（重算时只取乡镇）';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_dirty.window_id IS '考核期间';
ALTER TABLE illegal_practice_internal.assessment_cache_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_cache_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_cache_dirty FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_cache_dirty FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_cache_dirty TO illegal_practice_tally;

CREATE TABLE illegal_practice_internal.assessment_cache_txn (
  xid xid8 PRIMARY KEY
);
COMMENT ON TABLE illegal_practice_internal.assessment_cache_txn IS '（内部）有待重算考核预计算的事务（每事务一行，触发一次提交时重算）';
COMMENT ON COLUMN illegal_practice_internal.assessment_cache_txn.xid IS '事务号';
ALTER TABLE illegal_practice_internal.assessment_cache_txn ENABLE ROW LEVEL SECURITY;
ALTER TABLE illegal_practice_internal.assessment_cache_txn FORCE ROW LEVEL SECURITY;
CREATE POLICY ip_tally ON illegal_practice_internal.assessment_cache_txn FOR ALL TO illegal_practice_tally USING (true) WITH CHECK (true);
REVOKE ALL ON illegal_practice_internal.assessment_cache_txn FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON illegal_practice_internal.assessment_cache_txn TO illegal_practice_tally;

-- The read: cached rows of the division's townships, the rest (and everything while this transaction has
-- pending changes of its own) computed from the tables.
CREATE FUNCTION illegal_practice_internal.assessment_derived_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
  missing text[];
BEGIN
  IF NOT EXISTS (SELECT FROM @extschema@.reporting_window rw WHERE rw.id = assessment_derived_all.window_id) THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty) THEN
    -- this transaction's own writes are not folded in yet: every township from the tables
    SELECT pg_catalog.array_agg(dv.code ORDER BY dv.code) INTO missing
      FROM @extschema@.division dv
     WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived_all.division_code, dv.code);
  ELSE
    -- the cache holds township codes only (a division change recomputes it all), so covers() selects them
    RETURN QUERY
      SELECT c.township_code, u.rule_code, u.occurrences, u.evidence
        FROM illegal_practice_internal.assessment_derived_cache c
       CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(c.rule_codes), pg_catalog.unnest(c.occurrences), pg_catalog.unnest(c.evidences)) AS u (rule_code, occurrences, evidence)
       WHERE c.window_id = assessment_derived_all.window_id AND @extschema@.covers(assessment_derived_all.division_code, c.township_code);
    SELECT pg_catalog.array_agg(dv.code ORDER BY dv.code) INTO missing
      FROM @extschema@.division dv
     WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_derived_all.division_code, dv.code)
       AND NOT EXISTS (SELECT FROM illegal_practice_internal.assessment_derived_cache c
                        WHERE c.window_id = assessment_derived_all.window_id AND c.township_code = dv.code);
  END IF;
  IF missing IS NOT NULL THEN
    RETURN QUERY SELECT * FROM illegal_practice_internal.assessment_derived_towns(missing, assessment_derived_all.window_id);
  END IF;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）自动判定的考核事实（spec v3）：辖区内每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件（incident）致死 2.7a、致残 2.7b 人数，次数与依据；读预计算，缺的乡镇（及本事务有未提交写入时的全部乡镇）从基表现算';
ALTER FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_derived_all(text, bigint) TO illegal_practice_definer;

-- Recompute the pending (window, township) pairs: per-township bucket locks in order, then one
-- statement per window (a new snapshot, including every writer that committed before the locks).
-- everything: (re)compute every pair (division changes; assessment_cache_rebuild()).
CREATE FUNCTION illegal_practice_internal.assessment_cache_recompute(everything boolean) RETURNS integer
  LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
  b integer;
  w record;
  n integer := 0;
  k integer;
BEGIN
  everything := everything OR EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty x
                                       WHERE x.township_code IS NULL AND x.window_id IS NULL);
  -- the buckets of every township whose rows are rewritten, in order (all 64 for everything)
  FOR b IN SELECT g FROM pg_catalog.generate_series(0, 63) g WHERE everything
           UNION
           SELECT pg_catalog.hashtext(x.township_code) & 63 FROM illegal_practice_internal.assessment_cache_dirty x
            WHERE NOT everything AND x.township_code IS NOT NULL
           UNION
           SELECT pg_catalog.hashtext(dv.code) & 63
             FROM illegal_practice_internal.assessment_cache_dirty x
             JOIN @extschema@.reporting_window rw ON rw.id = x.window_id
             JOIN @extschema@.campaign c ON c.id = rw.campaign_id
             JOIN @extschema@.division dv ON dv.level = '乡镇' AND @extschema@.covers(c.division_code, dv.code)
            WHERE NOT everything AND x.township_code IS NULL
           ORDER BY 1 LOOP
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.assessment_cache'), b);
  END LOOP;
  -- from here on, new statements: snapshots that include every writer that committed before our locks
  IF everything THEN
    DELETE FROM illegal_practice_internal.assessment_derived_cache;
  ELSE   -- every row of a noted window (its campaign's division may have changed), every row of a noted township
    DELETE FROM illegal_practice_internal.assessment_derived_cache c
     WHERE c.window_id IN (SELECT x.window_id FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.township_code IS NULL)
        OR c.township_code IN (SELECT x.township_code FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.window_id IS NULL);
  END IF;
  FOR w IN SELECT rw.id AS window_id, pg_catalog.array_agg(dv.code ORDER BY dv.code) AS towns
             FROM @extschema@.reporting_window rw
             JOIN @extschema@.campaign c ON c.id = rw.campaign_id
             JOIN @extschema@.division dv ON dv.level = '乡镇' AND @extschema@.covers(c.division_code, dv.code)
            WHERE everything
               OR rw.id IN (SELECT x.window_id FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.township_code IS NULL)
               OR dv.code IN (SELECT x.township_code FROM illegal_practice_internal.assessment_cache_dirty x WHERE x.window_id IS NULL)
            GROUP BY rw.id ORDER BY rw.id LOOP
    INSERT INTO illegal_practice_internal.assessment_derived_cache (window_id, township_code, rule_codes, occurrences, evidences)
    SELECT w.window_id, t.code,
           coalesce(pg_catalog.array_agg(d.rule_code ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}'),
           coalesce(pg_catalog.array_agg(d.occurrences ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}'),
           coalesce(pg_catalog.array_agg(d.evidence ORDER BY d.rule_code) FILTER (WHERE d.rule_code IS NOT NULL), '{}')
      FROM pg_catalog.unnest(w.towns) AS t (code)
      LEFT JOIN illegal_practice_internal.assessment_derived_towns(w.towns, w.window_id) d ON d.township_code = t.code
     GROUP BY t.code;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END LOOP;
  DELETE FROM illegal_practice_internal.assessment_cache_dirty;
  RETURN n;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) IS
  '（内部）重算本事务待重算的考核预计算（everything 为真时全部重算）：先按乡镇桶号顺序加锁，再按考核期间逐个现算；返回行数';
ALTER FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_recompute(boolean) FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.assessment_cache_commit() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  DELETE FROM illegal_practice_internal.assessment_cache_txn WHERE xid = pg_catalog.pg_current_xact_id();
  -- one lock order for the two commit-time recomputes: the tally cells' buckets first, always (a transaction
  -- that wrote cases and patrols would otherwise take the two sets in either order and could deadlock with
  -- another); tally's own commit trigger then finds nothing left to do
  IF (SELECT s.enabled FROM @extschema@.tally_cell_status s) AND EXISTS (SELECT FROM @extschema@.tally_cell_dirty) THEN
    PERFORM illegal_practice_internal.tally_cells_flush_pending();
  END IF;
  IF EXISTS (SELECT FROM illegal_practice_internal.assessment_cache_dirty) THEN
    PERFORM illegal_practice_internal.assessment_cache_recompute(false);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_commit() IS '（内部）延迟约束触发器：事务提交时一次性重算本事务触及的考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_commit() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_commit() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER assessment_cache_commit AFTER INSERT ON illegal_practice_internal.assessment_cache_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_commit();

-- statement-level: note the townships a statement touched (old and new rows), by table
CREATE FUNCTION illegal_practice_internal.assessment_cache_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  q text := CASE TG_TABLE_NAME
    WHEN 'site_status_history' THEN 'SELECT s.township_code FROM %I r JOIN @extschema@.site s ON s.id = r.site_id'
    WHEN 'joint_action' THEN 'SELECT a.township_code FROM %I r JOIN @extschema@.joint_application a ON a.id = r.application_id'
    WHEN 'incident' THEN 'SELECT r.division_code FROM %1$I r UNION SELECT s.township_code FROM %1$I r JOIN @extschema@.site s ON s.id = r.site_id'
    ELSE 'SELECT r.township_code FROM %I r' END;
  towns text[] := '{}';
  more text[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(DISTINCT x.c) FROM (' || q || ') x (c)', 'new_rows') INTO more;
    towns := towns || coalesce(more, '{}');
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(DISTINCT x.c) FROM (' || q || ') x (c)', 'old_rows') INTO more;
    towns := towns || coalesce(more, '{}');
  END IF;
  IF pg_catalog.cardinality(towns) > 0 THEN
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (township_code)
    SELECT DISTINCT u.c FROM pg_catalog.unnest(towns) u (c) WHERE u.c IS NOT NULL;
    INSERT INTO illegal_practice_internal.assessment_cache_txn (xid) VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_changed() IS
  '（内部）语句级触发器：记下巡查类数据增删改触及的乡镇（新旧行），提交时重算其考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_changed() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_changed() FROM PUBLIC;

CREATE FUNCTION illegal_practice_internal.assessment_cache_window_changed() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME = 'reporting_window' THEN
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (window_id) SELECT DISTINCT n.id FROM new_rows n;
  ELSIF TG_TABLE_NAME = 'campaign' THEN   -- its division: which townships its windows cover
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (window_id)
    SELECT rw.id FROM @extschema@.reporting_window rw WHERE rw.campaign_id IN (SELECT n.id FROM new_rows n);
  ELSE   -- division: everything
    INSERT INTO illegal_practice_internal.assessment_cache_dirty (township_code, window_id) VALUES (NULL, NULL);
  END IF;
  INSERT INTO illegal_practice_internal.assessment_cache_txn (xid) VALUES (pg_catalog.pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_cache_window_changed() IS
  '（内部）语句级触发器：考核期间新增或修改时记下该期间，专项行动修改时记下其各期间，区划变动时记下全部，提交时重算考核预计算';
ALTER FUNCTION illegal_practice_internal.assessment_cache_window_changed() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_cache_window_changed() FROM PUBLIC;

DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['site', 'patrol', 'site_status_history', 'register_submission', 'joint_application',
                           'joint_action', 'incident'] LOOP
    EXECUTE format('CREATE TRIGGER assessment_cache_ins AFTER INSERT ON @extschema@.%I REFERENCING NEW TABLE AS new_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
    EXECUTE format('CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
    EXECUTE format('CREATE TRIGGER assessment_cache_del AFTER DELETE ON @extschema@.%I REFERENCING OLD TABLE AS old_rows
                      FOR EACH STATEMENT WHEN (pg_catalog.current_setting(''row_security'') OPERATOR(pg_catalog.<>) ''off'') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_changed()', t);
  END LOOP;
END $do$;
CREATE TRIGGER assessment_cache_ins AFTER INSERT ON @extschema@.reporting_window REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.reporting_window REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_upd AFTER UPDATE ON @extschema@.campaign REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();
CREATE TRIGGER assessment_cache_any AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.division
  FOR EACH STATEMENT WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.assessment_cache_window_changed();

CREATE FUNCTION @extschema@.assessment_cache_rebuild() RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  RETURN illegal_practice_internal.assessment_cache_recompute(true);
COMMENT ON FUNCTION @extschema@.assessment_cache_rebuild() IS
  '从基表重建考核预计算（每个考核期间 × 其专项行动辖区内每个乡镇一行）；在关闭触发器批量导入巡查数据之后使用；返回行数';
ALTER FUNCTION @extschema@.assessment_cache_rebuild() OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION @extschema@.assessment_cache_rebuild() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_cache_rebuild() TO illegal_practice_admin;

-- The assessment reads every township of the division, whoever asks (owned by illegal_practice_tally, whose
-- policies on the patrol tables read every row), so a township's rank is its rank among all townships
-- (spec §4); the user-facing functions below return only the townships inside the caller's scope.
CREATE FUNCTION @extschema@.assessment_derived(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.occurrences, d.evidence
    FROM illegal_practice_internal.assessment_derived_all(assessment_derived.division_code, assessment_derived.window_id) d
   WHERE @extschema@.in_caller_scope(d.township_code);
END;
COMMENT ON FUNCTION @extschema@.assessment_derived(text, bigint) IS
  '自动判定的考核事实（spec v3）：辖区内（调用者权限内）每个乡镇在考核期间违反的 2.2a、2.2b、2.3a、2.3b、2.3c、2.4 条款，以及事件致死 2.7a、致残 2.7b 人数，次数与依据';
ALTER FUNCTION @extschema@.assessment_derived(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_derived(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_derived(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_derived(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- plpgsql: one cached plan per session (a SQL function body is planned again at every call); no ORDER BY —
-- every caller groups or orders the rows itself
CREATE FUNCTION illegal_practice_internal.assessment_detail_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off   -- planned generically: the estimated cost is far over jit_above_cost, the real work is small
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT t.code, r.code, r.clause, o.occurrences,
         @extschema@.rule_deduction(r.points, r.per_occurrence, o.occurrences, r.max_points),
         CASE WHEN f.id IS NOT NULL THEN '人工' ELSE '自动' END,
         CASE WHEN f.id IS NOT NULL THEN f.evidence ELSE d.evidence END
    FROM @extschema@.division t
    JOIN @extschema@.assessment_rule r ON r.rule_set = @extschema@.window_rule_set($2)
    LEFT JOIN @extschema@.assessment_fact f
           ON f.township_code = t.code AND f.window_id = $2 AND f.rule_code = r.code
    LEFT JOIN illegal_practice_internal.assessment_derived_all($1, $2) d
           ON r.derived AND d.township_code = t.code AND d.rule_code = r.code
    CROSS JOIN LATERAL (SELECT coalesce(f.occurrences, d.occurrences, 0) AS occurrences) o
   WHERE t.level = '乡镇' AND @extschema@.covers($1, t.code);
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）辖区内每个乡镇、每条考核条款的次数、扣分、来源（人工/自动）与依据';
ALTER FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_detail_all(text, bigint) TO illegal_practice_definer;

-- The ranking needs only the non-zero occurrences (a rule with none deducts nothing): the manual facts of the
-- window and the derived facts of derived rules, the fact replacing the derived value — a few rows per
-- township instead of one per township and rule, with no clause or evidence text.
CREATE FUNCTION illegal_practice_internal.assessment_occurrences_all(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, occurrences integer, points numeric, per_occurrence boolean,
               max_points numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
BEGIN
  RETURN QUERY
  SELECT x.township_code, r.code, x.occurrences, r.points, r.per_occurrence, r.max_points
    FROM (SELECT coalesce(f.township_code, d.township_code) AS township_code, coalesce(f.rule_code, d.rule_code) AS rule_code,
                 CASE WHEN f.township_code IS NOT NULL THEN f.occurrences ELSE d.occurrences END AS occurrences,
                 f.township_code IS NOT NULL AS manual
            FROM (SELECT af.township_code, af.rule_code, af.occurrences FROM @extschema@.assessment_fact af
                   WHERE af.window_id = $2 AND @extschema@.covers($1, af.township_code)) f
            FULL JOIN illegal_practice_internal.assessment_derived_all($1, $2) d
              ON d.township_code = f.township_code AND d.rule_code = f.rule_code) x
    JOIN @extschema@.assessment_rule r ON r.rule_set = @extschema@.window_rule_set($2) AND r.code = x.rule_code
                                       AND (x.manual OR r.derived)
    JOIN @extschema@.division t ON t.code = x.township_code AND t.level = '乡镇'
   WHERE x.occurrences > 0;
END
$fn$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) IS
  '（内部，读全部乡镇，供排名）辖区内每个乡镇在考核期间次数不为0的条款（人工录入取代自动判定）及该条款的扣分值、是否按次、封顶；次数为0的条款不扣分，不列出';
ALTER FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) OWNER TO illegal_practice_tally;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION illegal_practice_internal.assessment_occurrences_all(text, bigint) TO illegal_practice_definer;

CREATE FUNCTION @extschema@.assessment_detail(division_code text, window_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
    FROM illegal_practice_internal.assessment_detail_all(assessment_detail.division_code, assessment_detail.window_id) d
   WHERE @extschema@.in_caller_scope(d.township_code)
   ORDER BY d.township_code, d.rule_code;
END;
COMMENT ON FUNCTION @extschema@.assessment_detail(text, bigint) IS
  '辖区内（调用者权限内）每个乡镇、每条考核条款的次数、扣分、来源（人工/自动）与依据';
ALTER FUNCTION @extschema@.assessment_detail(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_detail(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_detail(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_detail(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment(township_code text, window_id bigint)
RETURNS TABLE (rule_code text, clause text, occurrences integer, deduction numeric, source text, evidence text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.division dv WHERE dv.code = assessment.township_code AND dv.level = '乡镇') THEN
    RAISE EXCEPTION 'unknown township "%"', assessment.township_code
      USING ERRCODE = '22023', HINT = 'give the 9-digit code of a township in table division';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = assessment.window_id) THEN
    RAISE EXCEPTION 'unknown reporting window %', assessment.window_id
      USING ERRCODE = '22023', HINT = 'see table reporting_window';
  END IF;
  RETURN QUERY
    SELECT d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
      FROM @extschema@.assessment_detail(assessment.township_code, assessment.window_id) d
     ORDER BY d.rule_code;
END $$;
COMMENT ON FUNCTION @extschema@.assessment(text, bigint) IS
  '乡镇考核明细（附件3）：每条条款的次数、扣分、来源（人工录入为“人工”，自动判定为“自动”）与依据';
ALTER FUNCTION @extschema@.assessment(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment_summary(division_code text, window_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SET jit = off
BEGIN ATOMIC
  SELECT @extschema@.form_args(division_code), @extschema@.window_arg(window_id);   -- bad arguments are errors
  SELECT r.code, r.name, r.total, r.rnk
    FROM (SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total) AS rnk
            FROM (SELECT dv.code, dv.name,
                         coalesce(sum(@extschema@.rule_deduction(d.points, d.per_occurrence, d.occurrences, d.max_points)), 0) AS total
                    FROM @extschema@.division dv
                    LEFT JOIN illegal_practice_internal.assessment_occurrences_all(assessment_summary.division_code, assessment_summary.window_id) d
                           ON d.township_code = dv.code
                   WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_summary.division_code, dv.code)
                   GROUP BY dv.code, dv.name) s) r
   WHERE @extschema@.in_caller_scope(r.code)
   ORDER BY 4, 1;
END;
COMMENT ON FUNCTION @extschema@.assessment_summary(text, bigint) IS
  '考核汇总：辖区内每个乡镇（有无数据均列出）的总扣分与排名（扣分少者在前，并列同名次，如 1,1,3）；只列调用者权限内的乡镇，名次为其在辖区全部乡镇中的名次';
ALTER FUNCTION @extschema@.assessment_summary(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 全年考核 (spec v3 §4 assessment_total): flags once per campaign, per-occurrence clauses summed =====
CREATE FUNCTION illegal_practice_internal.assessment_total_all(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '64MB' AS $$
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(assessment_total_all.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total_all.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total_all.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  -- the sums in one hashed pass; the evidence (ordered by window) only for the few rows that have any;
  -- no ORDER BY: every caller groups or orders the rows itself
  RETURN QUERY
  WITH d AS MATERIALIZED (
    SELECT w.id AS wid, w.name AS wname, lower(w.covers) AS wlo, coalesce(c.rule_set, 'xianju2020') AS rs, x.*
      FROM @extschema@.reporting_window w
      JOIN @extschema@.campaign c ON c.id = w.campaign_id
      CROSS JOIN LATERAL illegal_practice_internal.assessment_detail_all(assessment_total_all.division_code, w.id) x
     WHERE w.campaign_id = assessment_total_all.campaign_id
  ), g AS (
    SELECT d.township_code, d.rule_code, d.rs, min(d.clause) AS clause, sum(d.occurrences)::integer AS n,
           bool_or(d.source = '人工') AS manual
      FROM d GROUP BY d.township_code, d.rule_code, d.rs
  ), e AS (
    SELECT d.township_code, d.rule_code, string_agg(d.wname || '：' || d.evidence, '；' ORDER BY d.wlo, d.wid) AS ev
      FROM d WHERE d.occurrences > 0 AND d.evidence IS NOT NULL
     GROUP BY d.township_code, d.rule_code
  )
  SELECT g.township_code, g.rule_code, g.clause, g.n,
         @extschema@.rule_deduction(r.points, r.per_occurrence, g.n, r.max_points),
         CASE WHEN g.manual THEN '人工' ELSE '自动' END, e.ev
    FROM g
    JOIN @extschema@.assessment_rule r ON r.rule_set = g.rs AND r.code = g.rule_code
    LEFT JOIN e ON e.township_code = g.township_code AND e.rule_code = g.rule_code;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) IS
  '（内部，全部乡镇，供排名）专项行动全年考核明细：辖区内每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';

ALTER FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION illegal_practice_internal.assessment_total_all(text, bigint) FROM PUBLIC;
-- (run by the definer's functions only: users have no USAGE on the internal schema)

CREATE FUNCTION @extschema@.assessment_total_detail(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, rule_code text, clause text, occurrences integer, deduction numeric,
               source text, evidence text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT d.township_code, d.rule_code, d.clause, d.occurrences, d.deduction, d.source, d.evidence
    FROM illegal_practice_internal.assessment_total_all(assessment_total_detail.division_code, assessment_total_detail.campaign_id) d
   WHERE @extschema@.in_caller_scope(d.township_code)
   ORDER BY d.township_code, d.rule_code;
END;
COMMENT ON FUNCTION @extschema@.assessment_total_detail(text, bigint) IS
  '专项行动全年考核明细：辖区内（调用者权限内）每个乡镇、每条条款在全部考核期间的次数之和与扣分（标志性条款任一期间发生即扣一次，按次条款按次数之和扣），来源（任一期间人工录入为“人工”）与各期间的依据';
ALTER FUNCTION @extschema@.assessment_total_detail(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_detail(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_detail(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_detail(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.assessment_total(division_code text, campaign_id bigint)
RETURNS TABLE (township_code text, township text, deduction numeric, rank bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(assessment_total.division_code);
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = assessment_total.campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', assessment_total.campaign_id
      USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN QUERY
  SELECT r.code, r.name, r.total, r.rnk
    FROM (SELECT s.code, s.name, s.total, rank() OVER (ORDER BY s.total) AS rnk
            FROM (SELECT dv.code, dv.name, coalesce(sum(d.deduction), 0) AS total
                    FROM @extschema@.division dv
                    -- per township and rule, the occurrences of every window summed (flags deduct once)
                    LEFT JOIN (SELECT o.township_code,
                                      @extschema@.rule_deduction(o.points, o.per_occurrence, sum(o.occurrences)::integer, o.max_points) AS deduction
                                 FROM @extschema@.reporting_window w
                                 CROSS JOIN LATERAL illegal_practice_internal.assessment_occurrences_all(assessment_total.division_code, w.id) o
                                WHERE w.campaign_id = assessment_total.campaign_id
                                GROUP BY o.township_code, o.rule_code, o.points, o.per_occurrence, o.max_points) d
                           ON d.township_code = dv.code
                   WHERE dv.level = '乡镇' AND @extschema@.covers(assessment_total.division_code, dv.code)
                   GROUP BY dv.code, dv.name) s) r
   WHERE @extschema@.in_caller_scope(r.code)
   ORDER BY 4, 1;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total(text, bigint) IS
  '专项行动全年考核汇总（附件3 为全年一份细则，纳入平安考核）：辖区内每个乡镇的全年扣分与排名；标志性条款只扣一次，按次条款按各期间次数之和扣；扣分少者在前，并列同名次；只列调用者权限内的乡镇，名次为其在辖区全部乡镇中的名次';
ALTER FUNCTION @extschema@.assessment_total(text, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total(text, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total(text, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== 考核结果 as a document (spec v3 §4): CSV and printable HTML, for a window and for the campaign =====
-- One row per township and deducting clause (a township without deductions gets one row with empty clause
-- columns), ordered by rank then township code then clause.
CREATE FUNCTION @extschema@.assessment_result_rows(division_code text, window_id bigint, campaign_id bigint)
  RETURNS TABLE (rank bigint, township_code text, township text, deduction numeric, rule_code text, clause text,
                 occurrences integer, rule_deduction numeric, evidence text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
  IF window_id IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.reporting_window rw WHERE rw.id = window_id) THEN
      RAISE EXCEPTION 'unknown reporting window %', window_id USING ERRCODE = '22023', HINT = 'see table reporting_window';
    END IF;
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_summary(division_code, window_id) s
      LEFT JOIN @extschema@.assessment_detail(division_code, window_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  ELSE
    RETURN QUERY
    SELECT s.rank, s.township_code, s.township, s.deduction, d.rule_code, d.clause, d.occurrences, d.deduction, d.evidence
      FROM @extschema@.assessment_total(division_code, campaign_id) s
      LEFT JOIN @extschema@.assessment_total_detail(division_code, campaign_id) d
             ON d.township_code = s.township_code AND d.deduction > 0
     ORDER BY s.rank, s.township_code, d.rule_code;
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) IS
  '考核结果的行（CSV、打印页共用）：考核期间 window_id 或（为空时）专项行动全年 campaign_id；每个乡镇每条扣分条款一行，无扣分的乡镇一行';
ALTER FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_rows(text, bigint, bigint) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_result_csv(division_code text, window_id bigint, campaign_id bigint, bom boolean)
  RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom)
         OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('名次', '乡镇（街道）', '扣分合计', '条款', '条款内容', '次数', '扣分', '依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(r.rank::text, r.township, r.deduction::text, r.rule_code, r.clause,
                    r.occurrences::text, r.rule_deduction::text, r.evidence)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY r.ordinality), '')
    FROM @extschema@.assessment_result_rows(division_code, window_id, campaign_id) WITH ORDINALITY AS r;
END;
COMMENT ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) IS '考核结果 CSV（assessment_summary_csv 与 assessment_total_csv 共用）';
ALTER FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_result_csv(text, bigint, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_summary_csv(division_code text, window_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN @extschema@.assessment_result_csv(division_code, window_id, NULL, bom);
COMMENT ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) IS
  '考核期间的考核结果 CSV：名次、乡镇（街道）、扣分合计，以及每条扣分条款的编号、内容、次数、扣分与依据；默认以 UTF-8 BOM 开头（bom => false 不加）';
ALTER FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_summary_csv(text, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


CREATE FUNCTION @extschema@.assessment_total_csv(division_code text, campaign_id bigint, bom boolean DEFAULT true)
  RETURNS text
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM @extschema@.campaign c WHERE c.id = campaign_id) THEN
    RAISE EXCEPTION 'unknown campaign %', campaign_id USING ERRCODE = '22023', HINT = 'see table campaign';
  END IF;
  RETURN @extschema@.assessment_result_csv(division_code, NULL, campaign_id, bom);
END $$;
COMMENT ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) IS
  '专项行动全年考核结果 CSV（标志性条款只扣一次，按次条款次数相加）：列同 assessment_summary_csv，依据注明考核期间';
ALTER FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.assessment_total_csv(text, bigint, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;


