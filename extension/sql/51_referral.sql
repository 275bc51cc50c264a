-- 51_referral.sql — 案件移送 between 市场监管, 卫生健康, 公安 and 司法机关 (仙居 三(一)3; 江苏 四(三); spec §8),
-- the transfer clocks of 国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 and the referral → case path.
-- Clocks (calendar days, the start day not counted), only for a suspected crime moved from an administrative
-- agency (市场监管, 卫生健康) to 公安 or 司法机关:
--   移送审批  Art 5: the head decides within 3 days of the written report   due reported_on + 3, done approved_on
--   移送交接  Art 5: an approved transfer is handed over within 24 hours     due approved_on + 1, done referred_on
--   立案审查  Art 8: the receiving body decides whether to file within 3 days
--                    of accepting the case                                  due coalesce(received_on, referred_on) + 3,
--                                                                           done result_on
-- Status as spec §6 (已完成, 逾期完成, 已逾期, 即将到期, 未到期); a done date after as_of counts as not done.

CREATE FUNCTION @extschema@.is_agency(agency text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  RETURN agency OPERATOR(pg_catalog.=) ANY (ARRAY['市场监管', '卫生健康', '公安', '司法机关']);
COMMENT ON FUNCTION @extschema@.is_agency(text) IS '是否已知的移送部门：市场监管、卫生健康、公安、司法机关';

CREATE FUNCTION @extschema@.normalize_agency(agency text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN agency LIKE '%市场监%' THEN '市场监管'
              WHEN agency LIKE '%卫生%' OR agency LIKE '%卫健%' THEN '卫生健康'
              WHEN agency LIKE '%公安%' OR agency LIKE '%派出所%' THEN '公安'
              WHEN agency LIKE '%检察%' OR agency LIKE '%法院%' OR agency LIKE '%司法%' THEN '司法机关'
              ELSE pg_catalog.btrim(agency) END;
COMMENT ON FUNCTION @extschema@.normalize_agency(text) IS
  '部门名称归一：含“市场监”为市场监管，含“卫生/卫健”为卫生健康，含“公安/派出所”为公安，含“检察/法院/司法”为司法机关；其他原样（去首尾空格）';

CREATE FUNCTION @extschema@.institution_inspection_agency() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.agency := @extschema@.normalize_agency(NEW.agency);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.institution_inspection_agency() IS '触发器：检查部门名称归一（如 仙居县卫生健康局 → 卫生健康）';
CREATE TRIGGER institution_inspection_agency BEFORE INSERT OR UPDATE ON @extschema@.institution_inspection
  FOR EACH ROW EXECUTE FUNCTION @extschema@.institution_inspection_agency();

CREATE TABLE @extschema@.referral (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code  text REFERENCES @extschema@.division (code),
  from_agency    text NOT NULL,
  to_agency      text NOT NULL,
  reported_on    date,
  approved_on    date,
  approved       boolean,
  referred_on    date,
  subject_name   text NOT NULL,
  subject_uscc   @extschema@.uscc,
  institution_id bigint REFERENCES @extschema@.institution (id),
  case_id        bigint REFERENCES @extschema@.enforcement_case (id),
  reason         text,
  received_on    date,
  result         text,
  result_on      date,
  CONSTRAINT referral_from_agency_known CHECK (@extschema@.is_agency(from_agency)),
  CONSTRAINT referral_to_agency_known CHECK (@extschema@.is_agency(to_agency)),
  CONSTRAINT referral_between_agencies CHECK (from_agency <> to_agency),
  CONSTRAINT referral_dated CHECK (referred_on IS NOT NULL OR reported_on IS NOT NULL),
  CONSTRAINT referral_approved_after_report CHECK (approved_on >= reported_on),
  CONSTRAINT referral_approval_dated CHECK (approved IS NULL OR approved_on IS NOT NULL),
  CONSTRAINT referral_handed_over_after_approval CHECK (referred_on >= approved_on),
  CONSTRAINT referral_received_after_referred CHECK (received_on >= referred_on),
  CONSTRAINT referral_received_needs_referred CHECK (received_on IS NULL OR referred_on IS NOT NULL),
  CONSTRAINT referral_result_after_receipt CHECK (result_on >= coalesce(received_on, referred_on)),
  CONSTRAINT referral_result_needs_referred CHECK (result_on IS NULL OR referred_on IS NOT NULL),
  CONSTRAINT referral_subject_not_blank CHECK (pg_catalog.btrim(subject_name) <> '')
);
CREATE INDEX referral_division_idx ON @extschema@.referral (division_code);
CREATE INDEX referral_institution_idx ON @extschema@.referral (institution_id);
CREATE INDEX referral_case_idx ON @extschema@.referral (case_id);
COMMENT ON TABLE @extschema@.referral IS
  '案件移送（市场监管、卫生健康、公安、司法机关之间）；涉嫌犯罪案件移送公安、司法机关适用国务院令第310号时限';
COMMENT ON COLUMN @extschema@.referral.id IS '编号';
COMMENT ON COLUMN @extschema@.referral.division_code IS '移送机关所在区划（为空时取机构或案件的区划）';
COMMENT ON COLUMN @extschema@.referral.from_agency IS '移送部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.referral.to_agency IS '接收部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.referral.reported_on IS '移送书面报告报本机关负责人审批的日期（310号令第五条：3日内作出决定）';
COMMENT ON COLUMN @extschema@.referral.approved_on IS '负责人作出批准或不批准移送决定的日期';
COMMENT ON COLUMN @extschema@.referral.approved IS '是否批准移送（不批准的理由记入 result）';
COMMENT ON COLUMN @extschema@.referral.referred_on IS '移送日期（批准后24小时内移送）；为空表示尚未移送';
COMMENT ON COLUMN @extschema@.referral.subject_name IS '移送对象名称或姓名（个人时为个人信息；为空时取机构名称）';
COMMENT ON COLUMN @extschema@.referral.subject_uscc IS '移送对象统一社会信用代码（为空时取机构的代码）';
COMMENT ON COLUMN @extschema@.referral.institution_id IS '涉及机构（场所）';
COMMENT ON COLUMN @extschema@.referral.case_id IS '接收部门据此立案的案件（enforcement_case）';
COMMENT ON COLUMN @extschema@.referral.reason IS '移送理由（涉嫌违法事实）';
COMMENT ON COLUMN @extschema@.referral.received_on IS '接收部门接受日期（为空时按移送日期计算立案审查时限）';
COMMENT ON COLUMN @extschema@.referral.result IS '处理结果：立案、不予立案、已立案查处……';
COMMENT ON COLUMN @extschema@.referral.result_on IS '作出处理结果的日期（310号令第八条：接受后3日内决定是否立案）';

CREATE FUNCTION @extschema@.referral_fill() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  inst record;
BEGIN
  NEW.from_agency := @extschema@.normalize_agency(NEW.from_agency);
  NEW.to_agency := @extschema@.normalize_agency(NEW.to_agency);
  IF NEW.institution_id IS NOT NULL THEN
    SELECT i.name, i.uscc, i.division_code INTO inst FROM @extschema@.institution i WHERE i.id = NEW.institution_id;
    IF FOUND THEN
      NEW.subject_name := coalesce(NEW.subject_name, inst.name);
      NEW.subject_uscc := coalesce(NEW.subject_uscc, inst.uscc);
      NEW.division_code := coalesce(NEW.division_code, inst.division_code);
    END IF;
  END IF;
  IF NEW.division_code IS NULL AND NEW.case_id IS NOT NULL THEN
    NEW.division_code := (SELECT c.division_code FROM @extschema@.enforcement_case c WHERE c.id = NEW.case_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.referral_fill() IS
  '触发器：部门名称归一（如 县市场监督管理局 → 市场监管）；移送对象名称、统一社会信用代码、区划为空时取自机构（区划再取自案件）';
CREATE TRIGGER referral_fill BEFORE INSERT OR UPDATE ON @extschema@.referral
  FOR EACH ROW EXECUTE FUNCTION @extschema@.referral_fill();

CREATE FUNCTION @extschema@.is_criminal_transfer(from_agency text, to_agency text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN from_agency IN ('市场监管', '卫生健康') AND to_agency IN ('公安', '司法机关');
COMMENT ON FUNCTION @extschema@.is_criminal_transfer(text, text) IS
  '是否行政执法机关向公安、司法机关移送涉嫌犯罪案件（适用国务院令第310号时限）';

CREATE FUNCTION @extschema@.referral_clock_status(due_on date, done_on date, as_of date) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN done_on <= as_of AND done_on <= due_on THEN '已完成'
              WHEN done_on <= as_of THEN '逾期完成'
              WHEN as_of > due_on THEN '已逾期'
              WHEN due_on <= @extschema@.add_workdays(as_of, 3) THEN '即将到期'
              ELSE '未到期' END;
COMMENT ON FUNCTION @extschema@.referral_clock_status(date, date, date) IS
  '时限状态（§6）：已完成（完成日≤截止日）、逾期完成、已逾期（未完成且已过截止日）、即将到期（截止日≤今后第3个工作日）、未到期；完成日晚于 as_of 视为未完成';

CREATE FUNCTION @extschema@.referral_deadlines(as_of date DEFAULT NULL)
  RETURNS TABLE (division_code text, kind text, reference text, due_on date, done_on date, status text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH a AS (SELECT coalesce(referral_deadlines.as_of, @extschema@.patrol_today()) AS d),
  clocks AS (
    SELECT r.id, r.division_code, '移送审批' AS kind, r.reported_on AS started, r.reported_on + 3 AS due, r.approved_on AS done,
           r.subject_name, r.from_agency, r.to_agency, 1 AS ord
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.reported_on IS NOT NULL
    UNION ALL
    SELECT r.id, r.division_code, '移送交接', r.approved_on, r.approved_on + 1, r.referred_on,
           r.subject_name, r.from_agency, r.to_agency, 2
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.approved_on IS NOT NULL
       AND r.approved IS DISTINCT FROM false
    UNION ALL
    SELECT r.id, r.division_code, '立案审查', coalesce(r.received_on, r.referred_on),
           coalesce(r.received_on, r.referred_on) + 3, r.result_on, r.subject_name, r.from_agency, r.to_agency, 3
      FROM @extschema@.referral r
     WHERE @extschema@.is_criminal_transfer(r.from_agency, r.to_agency) AND r.referred_on IS NOT NULL
  )
  SELECT c.division_code, c.kind,
         '移送#' || c.id || ' ' || @extschema@.pii_name(c.subject_name) || '（' || c.from_agency || '→' || c.to_agency || '）',
         c.due, CASE WHEN c.done <= a.d THEN c.done END,
         @extschema@.referral_clock_status(c.due, c.done, a.d)
    FROM clocks c, a
   WHERE c.started <= a.d
   ORDER BY c.due, c.id, c.ord;
END;
COMMENT ON FUNCTION @extschema@.referral_deadlines(date) IS
  '移送时限（国务院令第310号，供 deadlines 合并）：移送审批（报告后3日内决定）、移送交接（批准后24小时内移送）、'
  '立案审查（接受后3日内决定是否立案）；列同 deadlines：区划、事项、对象、截止日、完成日、状态；as_of 为空取今天';

-- ===== referral → case (e.g. a beauty salon referred by 市场监管 to 卫生健康) =====
CREATE FUNCTION @extschema@.referral_to_case(referral_id bigint, category @extschema@.case_category DEFAULT '无证行医',
                                             filed_on date DEFAULT NULL, cause text DEFAULT NULL)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r record;
  inst record;
  new_case bigint;
  filed date;
BEGIN
  SELECT * INTO r FROM @extschema@.referral x WHERE x.id = referral_to_case.referral_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown referral %', referral_id USING ERRCODE = '22023', HINT = 'see table referral';
  END IF;
  IF r.case_id IS NOT NULL THEN
    RAISE EXCEPTION 'referral % already became case %', referral_id, r.case_id
      USING ERRCODE = '23505', HINT = 'one referral gives at most one case';
  END IF;
  IF r.division_code IS NULL THEN
    RAISE EXCEPTION 'referral % has no division to file the case in', referral_id
      USING ERRCODE = '23502', HINT = 'set referral.division_code or its institution_id first';
  END IF;
  filed := coalesce(referral_to_case.filed_on, r.received_on, r.referred_on);
  IF filed IS NULL THEN
    RAISE EXCEPTION 'referral % has not been handed over yet', referral_id
      USING ERRCODE = '23502', HINT = 'give filed_on, or set referred_on / received_on first';
  END IF;
  SELECT i.address, i.institution_type INTO inst FROM @extschema@.institution i WHERE i.id = r.institution_id;
  INSERT INTO @extschema@.enforcement_case (division_code, category, institution_type, subject_name, subject_address,
                                            subject_uscc, cause, filed_on)
  VALUES (r.division_code, referral_to_case.category, coalesce(inst.institution_type, '其他'), r.subject_name, inst.address,
          r.subject_uscc, coalesce(referral_to_case.cause, r.reason), filed)
  RETURNING id INTO new_case;
  UPDATE @extschema@.referral x
     SET case_id = new_case,
         received_on = coalesce(x.received_on, x.referred_on),
         result = coalesce(x.result, '已立案'),
         result_on = coalesce(x.result_on, filed)
   WHERE x.id = referral_to_case.referral_id;
  RETURN new_case;
END $$;
COMMENT ON FUNCTION @extschema@.referral_to_case(bigint, @extschema@.case_category, date, text) IS
  '接收部门据移送立案：按移送对象（及机构地址、机构类型）新建案件（当事人自动识别），回填移送的案件编号、处理结果“已立案”与日期；返回案件编号';
