-- 12_campaign.sql — campaigns (文件), their stages (工作步骤) and reporting windows (考核资料报送期).
CREATE FUNCTION @extschema@.known_forms() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ARRAY['patrol_register', 'unlicensed_summary', 'two_illegal_summary', 'beauty_lookback', 'repeat_offenders'];
COMMENT ON FUNCTION @extschema@.known_forms() IS
  '阶段快照可选的汇总表名称（form_ 函数名去掉前缀）：附件1、附表1、附表4、附表2、附表3';

CREATE TABLE @extschema@.campaign (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           text NOT NULL UNIQUE,
  title          text NOT NULL,
  issuer         text,
  division_code  text NOT NULL REFERENCES @extschema@.division (code),
  issued_on      date,
  rule_set       text,
  forms          text[] NOT NULL DEFAULT '{}',
  lookback_prior daterange,
  CONSTRAINT campaign_forms_known CHECK (forms OPERATOR(pg_catalog.<@) @extschema@.known_forms()),
  CONSTRAINT campaign_lookback_needs_prior CHECK (
    lookback_prior IS NOT NULL
    OR NOT (forms OPERATOR(pg_catalog.&&) ARRAY['beauty_lookback', 'repeat_offenders']))
);
CREATE FUNCTION @extschema@.campaign_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY NEW.forms LOOP
    IF NOT f = ANY (@extschema@.known_forms()) THEN
      RAISE EXCEPTION 'unknown form "%" in campaign %', f, NEW.code
        USING ERRCODE = '23514',
              HINT = 'forms are named without form_: ' || array_to_string(@extschema@.known_forms(), ', ');
    END IF;
  END LOOP;
  IF NEW.lookback_prior IS NULL AND NEW.forms && ARRAY['beauty_lookback', 'repeat_offenders'] THEN
    RAISE EXCEPTION 'campaign % snapshots a look-back form but has no lookback_prior', NEW.code
      USING ERRCODE = '23514', HINT = 'set lookback_prior to the prior period, e.g. [2017-01-01,2019-01-01)';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.campaign_check() IS '触发器：校验快照表名称与“回头看”前期期间';
CREATE TRIGGER campaign_check BEFORE INSERT OR UPDATE ON @extschema@.campaign
  FOR EACH ROW EXECUTE FUNCTION @extschema@.campaign_check();
CREATE INDEX campaign_division_idx ON @extschema@.campaign (division_code);
COMMENT ON TABLE @extschema@.campaign IS '专项行动（一份工作方案文件）';
COMMENT ON COLUMN @extschema@.campaign.id IS '编号';
COMMENT ON COLUMN @extschema@.campaign.code IS '文号，如 仙打非办〔2020〕1号';
COMMENT ON COLUMN @extschema@.campaign.title IS '标题';
COMMENT ON COLUMN @extschema@.campaign.issuer IS '发文单位';
COMMENT ON COLUMN @extschema@.campaign.division_code IS '发文单位所辖区划';
COMMENT ON COLUMN @extschema@.campaign.issued_on IS '印发日期';
COMMENT ON COLUMN @extschema@.campaign.rule_set IS '考核细则规则集，如 xianju2020';
COMMENT ON COLUMN @extschema@.campaign.forms IS '每个阶段结束时快照的汇总表（patrol_register, unlicensed_summary, two_illegal_summary, beauty_lookback, repeat_offenders）';
COMMENT ON COLUMN @extschema@.campaign.lookback_prior IS '“回头看”的前期期间（附表2/3 的 prior）';

CREATE TABLE @extschema@.campaign_stage (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id         bigint NOT NULL REFERENCES @extschema@.campaign (id) ON DELETE CASCADE,
  ordinal             integer NOT NULL,
  name                text NOT NULL,
  period              daterange NOT NULL,
  report_due_on       date,
  report_due_workdays integer,
  UNIQUE (campaign_id, ordinal),
  CONSTRAINT campaign_stage_period_must_be_bounded CHECK (
    NOT pg_catalog.isempty(period) AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)),
  CONSTRAINT campaign_stage_one_due_date_or_workdays CHECK (report_due_on IS NULL OR report_due_workdays IS NULL),
  CONSTRAINT campaign_stage_workdays_positive CHECK (report_due_workdays IS NULL OR report_due_workdays >= 0)
);
CREATE INDEX campaign_stage_period_idx ON @extschema@.campaign_stage USING gist (period);
COMMENT ON TABLE @extschema@.campaign_stage IS '工作步骤（阶段）；阶段可以重叠';
COMMENT ON COLUMN @extschema@.campaign_stage.id IS '编号';
COMMENT ON COLUMN @extschema@.campaign_stage.campaign_id IS '所属专项行动';
COMMENT ON COLUMN @extschema@.campaign_stage.ordinal IS '阶段序号';
COMMENT ON COLUMN @extschema@.campaign_stage.name IS '阶段名称';
COMMENT ON COLUMN @extschema@.campaign_stage.period IS '阶段期间 [起, 止)';
COMMENT ON COLUMN @extschema@.campaign_stage.report_due_on IS '报送截止日（明确日期，如“8月底前”）';
COMMENT ON COLUMN @extschema@.campaign_stage.report_due_workdays IS '阶段结束后第N个工作日内报送（如“5个工作日内”）';

CREATE TABLE @extschema@.reporting_window (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES @extschema@.campaign (id) ON DELETE CASCADE,
  name        text NOT NULL,
  covers      daterange NOT NULL,
  due_on      date NOT NULL,
  UNIQUE (campaign_id, name),
  CONSTRAINT reporting_window_bounded CHECK (
    NOT pg_catalog.isempty(covers) AND NOT pg_catalog.lower_inf(covers) AND NOT pg_catalog.upper_inf(covers))
);
COMMENT ON TABLE @extschema@.reporting_window IS '考核资料报送期（仙居：1–6月 7月15日前，7–11月 11月30日前；“前”含当日）';
COMMENT ON COLUMN @extschema@.reporting_window.id IS '编号';
COMMENT ON COLUMN @extschema@.reporting_window.campaign_id IS '所属专项行动';
COMMENT ON COLUMN @extschema@.reporting_window.name IS '名称，如 1–6月';
COMMENT ON COLUMN @extschema@.reporting_window.covers IS '考核期间 [起, 止)';
COMMENT ON COLUMN @extschema@.reporting_window.due_on IS '报送截止日（含当日）';

CREATE FUNCTION @extschema@.stage_report_due(stage_id bigint) RETURNS date
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(s.report_due_on,
                          @extschema@.add_workdays(pg_catalog.upper(s.period) - 1, s.report_due_workdays))
            FROM @extschema@.campaign_stage s WHERE s.id = stage_id);
COMMENT ON FUNCTION @extschema@.stage_report_due(bigint) IS
  '阶段报告截止日：有明确日期用明确日期，否则为阶段最后一天之后第N个工作日；都没有则为 NULL';
