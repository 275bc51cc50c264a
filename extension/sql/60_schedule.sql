-- 60_schedule.sql — "today" in the campaign's time zone, and the tables of §6:
-- stage_submission (阶段总结与典型案例报送), tip (举报线索), stage_report (阶段汇总表快照).

CREATE FUNCTION @extschema@.today() RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (pg_catalog.now() AT TIME ZONE
          coalesce(nullif(pg_catalog.current_setting('illegal_practice.timezone', true), ''), 'Asia/Shanghai'))::date;
COMMENT ON FUNCTION @extschema@.today() IS
  '今天：按设置 illegal_practice.timezone（默认 Asia/Shanghai，北京时间）计算的日期，而不是服务器的 UTC 日期';

-- 阶段总结 -------------------------------------------------------------------------------------
CREATE TABLE @extschema@.stage_submission (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stage_id      bigint NOT NULL REFERENCES @extschema@.campaign_stage (id) ON DELETE CASCADE,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  submitted_on  date NOT NULL,
  summary       text,
  typical_cases text,
  CONSTRAINT stage_submission_date_finite CHECK (pg_catalog.isfinite(submitted_on))
);
CREATE INDEX stage_submission_stage_idx ON @extschema@.stage_submission (stage_id, division_code, submitted_on);
CREATE INDEX stage_submission_division_idx ON @extschema@.stage_submission (division_code);
COMMENT ON TABLE @extschema@.stage_submission IS '阶段工作总结与典型案例报送（下级区划向专项行动发文单位报送）';
COMMENT ON COLUMN @extschema@.stage_submission.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_submission.stage_id IS '所属阶段';
COMMENT ON COLUMN @extschema@.stage_submission.division_code IS '报送单位所辖区划';
COMMENT ON COLUMN @extschema@.stage_submission.submitted_on IS '报送日期';
COMMENT ON COLUMN @extschema@.stage_submission.summary IS '阶段工作总结';
COMMENT ON COLUMN @extschema@.stage_submission.typical_cases IS '典型案例';

CREATE FUNCTION @extschema@.stage_submission_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  scope text;
BEGIN
  SELECT c.division_code INTO scope
    FROM @extschema@.campaign_stage s JOIN @extschema@.campaign c ON c.id = s.campaign_id
   WHERE s.id = NEW.stage_id;
  IF scope IS NOT NULL AND NOT @extschema@.covers(scope, NEW.division_code) THEN
    RAISE EXCEPTION 'division % is outside campaign division % of stage %', NEW.division_code, scope, NEW.stage_id
      USING ERRCODE = '23514', HINT = 'a stage summary comes from a division the campaign''s division covers';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.stage_submission_check() IS '触发器：阶段总结的报送单位须在专项行动发文单位辖区内';
CREATE TRIGGER stage_submission_check BEFORE INSERT OR UPDATE ON @extschema@.stage_submission
  FOR EACH ROW EXECUTE FUNCTION @extschema@.stage_submission_check();

-- 举报线索 -------------------------------------------------------------------------------------
CREATE TABLE @extschema@.tip (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code   text NOT NULL REFERENCES @extschema@.division (code),
  received_on     date NOT NULL,
  channel         text,
  real_name       boolean NOT NULL DEFAULT false,
  reporter_name   text,
  reporter_phone  text,
  subject_name    text,
  subject_address text,
  content         text,
  investigated_on date,
  finding         text,
  feedback_on     date,
  case_id         bigint,
  CONSTRAINT tip_received_finite CHECK (pg_catalog.isfinite(received_on)),
  CONSTRAINT tip_investigated_after_received CHECK (investigated_on IS NULL OR investigated_on >= received_on),
  CONSTRAINT tip_feedback_after_received CHECK (feedback_on IS NULL OR feedback_on >= received_on)
);
CREATE INDEX tip_division_idx ON @extschema@.tip (division_code);
CREATE INDEX tip_received_idx ON @extschema@.tip (received_on);
COMMENT ON TABLE @extschema@.tip IS '举报线索（事事有调查，件件有回音：每条须调查，实名举报须反馈）';
COMMENT ON COLUMN @extschema@.tip.id IS '编号';
COMMENT ON COLUMN @extschema@.tip.division_code IS '受理单位所辖区划';
COMMENT ON COLUMN @extschema@.tip.received_on IS '受理日期';
COMMENT ON COLUMN @extschema@.tip.channel IS '举报渠道（电话、信件、网络、来访等）';
COMMENT ON COLUMN @extschema@.tip.real_name IS '是否实名举报';
COMMENT ON COLUMN @extschema@.tip.reporter_name IS '举报人姓名';
COMMENT ON COLUMN @extschema@.tip.reporter_phone IS '举报人电话';
COMMENT ON COLUMN @extschema@.tip.subject_name IS '被举报对象名称';
COMMENT ON COLUMN @extschema@.tip.subject_address IS '被举报对象地址';
COMMENT ON COLUMN @extschema@.tip.content IS '举报内容';
COMMENT ON COLUMN @extschema@.tip.investigated_on IS '调查核实日期';
COMMENT ON COLUMN @extschema@.tip.finding IS '调查结果';
COMMENT ON COLUMN @extschema@.tip.feedback_on IS '向实名举报人反馈日期';
COMMENT ON COLUMN @extschema@.tip.case_id IS '据此立案的案件编号';

-- tip.case_id references enforcement_case when that table is part of the extension (it is
-- created by an earlier file in the full build); the reference is added here only then.
DO $$
BEGIN
  IF pg_catalog.to_regclass('@extschema@.enforcement_case') IS NOT NULL THEN
    ALTER TABLE @extschema@.tip ADD CONSTRAINT tip_case_fk
      FOREIGN KEY (case_id) REFERENCES @extschema@.enforcement_case (id) ON DELETE SET NULL;
  END IF;
END $$;

-- 阶段汇总表快照 -------------------------------------------------------------------------------
CREATE TABLE @extschema@.stage_report (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stage_id      bigint NOT NULL REFERENCES @extschema@.campaign_stage (id) ON DELETE CASCADE,
  form          text NOT NULL,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  as_of         date NOT NULL,
  payload       jsonb NOT NULL,
  generated_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  UNIQUE (stage_id, form, division_code),
  CONSTRAINT stage_report_form_known CHECK (form OPERATOR(pg_catalog.=) ANY (@extschema@.known_forms())),
  CONSTRAINT stage_report_payload_array CHECK (pg_catalog.jsonb_typeof(payload) OPERATOR(pg_catalog.=) 'array')
);
CREATE INDEX stage_report_division_idx ON @extschema@.stage_report (division_code);
COMMENT ON TABLE @extschema@.stage_report IS
  '阶段汇总表快照：阶段结束后由 tick() 写入一次，此后不再改变（如需重新生成，删除该行后再运行 tick()）';
COMMENT ON COLUMN @extschema@.stage_report.id IS '编号';
COMMENT ON COLUMN @extschema@.stage_report.stage_id IS '阶段';
COMMENT ON COLUMN @extschema@.stage_report.form IS '汇总表名称（form_ 函数名去掉前缀）';
COMMENT ON COLUMN @extschema@.stage_report.division_code IS '汇总范围（专项行动发文单位所辖区划）';
COMMENT ON COLUMN @extschema@.stage_report.as_of IS '生成时的业务日期（tick 的 as_of）';
COMMENT ON COLUMN @extschema@.stage_report.payload IS '汇总表各行，按表中顺序组成的 JSON 数组';
COMMENT ON COLUMN @extschema@.stage_report.generated_at IS '生成时间';

CREATE FUNCTION @extschema@.stage_report_immutable() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'stage_report % (stage %, form %) is a snapshot and cannot be changed', OLD.id, OLD.stage_id, OLD.form
    USING ERRCODE = '23514', HINT = 'delete the row and run tick() to take the snapshot again';
END $$;
COMMENT ON FUNCTION @extschema@.stage_report_immutable() IS '触发器：阶段快照写入后不得修改';
CREATE TRIGGER stage_report_immutable BEFORE UPDATE ON @extschema@.stage_report
  FOR EACH ROW EXECUTE FUNCTION @extschema@.stage_report_immutable();

