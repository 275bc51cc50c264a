-- 30_assessment_rules.sql — 考核细则 (附件3, spec §4): rule sets, the scoring functions, manual facts.
CREATE TABLE @extschema@.assessment_rule_set (
  rule_set    text PRIMARY KEY,
  title       text NOT NULL,
  base_score  numeric CHECK (base_score IS NULL OR base_score >= 0),
  shipped     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.assessment_rule_set IS '考核细则规则集（可选）：名称与基础分（“扣完为止”时的总分）';
COMMENT ON COLUMN @extschema@.assessment_rule_set.rule_set IS '规则集代码，如 xianju2020';
COMMENT ON COLUMN @extschema@.assessment_rule_set.title IS '名称';
COMMENT ON COLUMN @extschema@.assessment_rule_set.base_score IS '基础分：得分 = 基础分 − 扣分，最低为0；NULL 表示只计扣分';

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
COMMENT ON COLUMN @extschema@.assessment_rule_set.shipped IS '是否扩展自带（自带行不进入 pg_dump）';
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
COMMENT ON FUNCTION @extschema@.score_after(numeric, numeric) IS '得分 = 基础分 − 扣分，扣完为止（最低0分）；无基础分返回 NULL';

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

CREATE FUNCTION @extschema@.window_rule_set(window_id bigint) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(c.rule_set, 'xianju2020')
            FROM @extschema@.reporting_window w JOIN @extschema@.campaign c ON c.id = w.campaign_id
           WHERE w.id = window_id);
COMMENT ON FUNCTION @extschema@.window_rule_set(bigint) IS '考核期间所属专项行动的规则集（未设置时为 xianju2020）';

CREATE FUNCTION @extschema@.assessment_fact_check() RETURNS trigger
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
  IF NOT EXISTS (SELECT 1 FROM @extschema@.assessment_rule r WHERE r.rule_set = rs AND r.code = NEW.rule_code) THEN
    RAISE EXCEPTION 'unknown rule "%" in rule set %', NEW.rule_code, rs
      USING ERRCODE = '23503',
            HINT = 'rules: ' || (SELECT string_agg(code, ', ' ORDER BY code) FROM @extschema@.assessment_rule WHERE rule_set = rs);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.recorded_at := now();
    NEW.recorded_by := current_user;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_fact_check() IS '触发器：校验考核事实的乡镇与条款，更新时记录复核人和时间';
CREATE TRIGGER assessment_fact_check BEFORE INSERT OR UPDATE ON @extschema@.assessment_fact
  FOR EACH ROW EXECUTE FUNCTION @extschema@.assessment_fact_check();
