-- 40_supervision.sql — 有证医疗机构监管 (仙居 二(二)、三(一)2-3; 江苏 二(二)(三); spec §8):
-- institutions (licensed ones and the places the market regulator supervises), their inspections,
-- violations, and 不良执业行为记分 (bad-practice points) with configurable rule sets and bands.
-- No national scale exists and none is shipped: docs/supervision.md shows how to load one.

CREATE TYPE @extschema@.violation_kind AS ENUM
  ('科室出租承包', '聘用非卫生技术人员', '助理医师单独执业', '超范围执业', '出租出借证照', '医疗废物与消毒隔离',
   '违规出具医学证明', '违规临床用血', '违规开展细胞治疗', '制售假药', '违规销售终止妊娠药品', '其他');
COMMENT ON TYPE @extschema@.violation_kind IS
  '医疗机构违法违规行为种类（仙居 二(二) 七类，江苏 二(二)(三) 细胞治疗、假药，仙居 二(三) 零售药店违规销售终止妊娠药品）';

-- ===== institution =====
CREATE TABLE @extschema@.institution (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code    text NOT NULL REFERENCES @extschema@.division (code),
  name             text NOT NULL,
  uscc             @extschema@.uscc,
  licence_no       text,
  institution_type @extschema@.institution_type NOT NULL DEFAULT '其他',
  kind             text NOT NULL DEFAULT '其他',
  licensed         boolean NOT NULL DEFAULT true,
  address          text,
  CONSTRAINT institution_name_not_blank CHECK (pg_catalog.btrim(name) <> ''),
  CONSTRAINT institution_kind_not_blank CHECK (pg_catalog.btrim(kind) <> '')
);
CREATE INDEX institution_division_idx ON @extschema@.institution (division_code);
CREATE INDEX institution_uscc_idx ON @extschema@.institution (uscc);
COMMENT ON TABLE @extschema@.institution IS
  '医疗机构及市场监管部门监管的场所（生活美容场所、零售药店等）：有证机构接受双随机、年度校验等检查并记不良执业行为分';
COMMENT ON COLUMN @extschema@.institution.id IS '编号';
COMMENT ON COLUMN @extschema@.institution.division_code IS '所在区划（县或乡镇）';
COMMENT ON COLUMN @extschema@.institution.name IS '机构（场所）名称';
COMMENT ON COLUMN @extschema@.institution.uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.institution.licence_no IS '《医疗机构执业许可证》登记号（无证场所为空）';
COMMENT ON COLUMN @extschema@.institution.institution_type IS '机构类型（西医、中医、医疗美容、口腔、其他）';
COMMENT ON COLUMN @extschema@.institution.kind IS '机构类别：医院、诊所、医疗美容机构、生活美容场所、零售药店……';
COMMENT ON COLUMN @extschema@.institution.licensed IS '是否持有《医疗机构执业许可证》';
COMMENT ON COLUMN @extschema@.institution.address IS '地址';
SELECT illegal_practice_internal.secure_table('@extschema@.institution', 'division_code', false);

-- ===== institution_inspection =====
CREATE TABLE @extschema@.institution_inspection (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES @extschema@.institution (id) ON DELETE CASCADE,
  inspected_on   date NOT NULL,
  kind           text NOT NULL,
  agency         text NOT NULL DEFAULT '卫生健康',
  inspector      text,
  findings       text,
  CONSTRAINT institution_inspection_kind_not_blank CHECK (pg_catalog.btrim(kind) <> ''),
  CONSTRAINT institution_inspection_agency_known CHECK (agency IN ('市场监管', '卫生健康', '公安', '司法机关')),
  CONSTRAINT institution_inspection_date_finite CHECK (pg_catalog.isfinite(inspected_on))
);
CREATE INDEX institution_inspection_institution_idx ON @extschema@.institution_inspection (institution_id);
CREATE INDEX institution_inspection_date_idx ON @extschema@.institution_inspection (inspected_on);
COMMENT ON TABLE @extschema@.institution_inspection IS '对医疗机构（场所）的监督检查：双随机、年度校验、定期抽查、投诉核查等';
COMMENT ON COLUMN @extschema@.institution_inspection.id IS '编号';
COMMENT ON COLUMN @extschema@.institution_inspection.institution_id IS '被检查机构';
COMMENT ON COLUMN @extschema@.institution_inspection.inspected_on IS '检查日期';
COMMENT ON COLUMN @extschema@.institution_inspection.kind IS '检查方式：双随机、年度校验、定期抽查、投诉核查……';
COMMENT ON COLUMN @extschema@.institution_inspection.agency IS '检查部门：市场监管、卫生健康、公安、司法机关';
COMMENT ON COLUMN @extschema@.institution_inspection.inspector IS '检查人员（个人信息）';
COMMENT ON COLUMN @extschema@.institution_inspection.findings IS '检查发现';
SELECT illegal_practice_internal.secure_table('@extschema@.institution_inspection', '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.institution_inspection', '{"inspector": "name", "findings": "hide"}');

-- ===== violation =====
CREATE TABLE @extschema@.violation (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id  bigint REFERENCES @extschema@.institution_inspection (id) ON DELETE SET NULL,
  case_id        bigint REFERENCES @extschema@.enforcement_case (id) ON DELETE SET NULL,
  institution_id bigint NOT NULL REFERENCES @extschema@.institution (id) ON DELETE CASCADE,
  kind           @extschema@.violation_kind NOT NULL,
  found_on       date NOT NULL,
  note           text,
  CONSTRAINT violation_date_finite CHECK (pg_catalog.isfinite(found_on))
);
CREATE INDEX violation_institution_idx ON @extschema@.violation (institution_id, found_on);
CREATE INDEX violation_inspection_idx ON @extschema@.violation (inspection_id);
CREATE INDEX violation_case_idx ON @extschema@.violation (case_id);
COMMENT ON TABLE @extschema@.violation IS '医疗机构违法违规行为：由检查发现或案件认定，按记分规则集计不良执业行为分';
COMMENT ON COLUMN @extschema@.violation.id IS '编号';
COMMENT ON COLUMN @extschema@.violation.inspection_id IS '发现该行为的检查（可空）';
COMMENT ON COLUMN @extschema@.violation.case_id IS '认定该行为的案件（可空）';
COMMENT ON COLUMN @extschema@.violation.institution_id IS '机构（为空时取检查所属机构）';
COMMENT ON COLUMN @extschema@.violation.kind IS '违法违规行为种类';
COMMENT ON COLUMN @extschema@.violation.found_on IS '发现（认定）日期，决定计入哪个记分周期（为空时取检查日期）';
COMMENT ON COLUMN @extschema@.violation.note IS '说明';
SELECT illegal_practice_internal.secure_table('@extschema@.violation', '(SELECT i.division_code FROM @extschema@.institution i WHERE i.id = institution_id)');
SELECT illegal_practice_internal.masked_view('@extschema@.violation', '{"note": "hide"}');

CREATE FUNCTION illegal_practice_internal.violation_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  insp record;
BEGIN
  IF NEW.inspection_id IS NOT NULL THEN
    SELECT i.institution_id, i.inspected_on INTO insp FROM @extschema@.institution_inspection i WHERE i.id = NEW.inspection_id;
    IF FOUND THEN
      NEW.institution_id := coalesce(NEW.institution_id, insp.institution_id);
      NEW.found_on := coalesce(NEW.found_on, insp.inspected_on);
      IF NEW.institution_id <> insp.institution_id THEN
        RAISE EXCEPTION 'violation names institution % but inspection % was of institution %',
                        NEW.institution_id, NEW.inspection_id, insp.institution_id
          USING ERRCODE = '23514', HINT = 'leave institution_id NULL to take it from the inspection';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.violation_check() IS
  '触发器：违法行为由检查发现时，机构、日期默认取自检查，且机构须与检查一致';
CREATE TRIGGER violation_check BEFORE INSERT OR UPDATE ON @extschema@.violation
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.violation_check();

-- ===== 不良执业行为记分: rule sets and bands =====
CREATE TABLE @extschema@.practice_point_rule (
  rule_set       text NOT NULL,
  violation_kind @extschema@.violation_kind NOT NULL,
  points         numeric NOT NULL,
  note           text,
  PRIMARY KEY (rule_set, violation_kind),
  CONSTRAINT practice_point_rule_points_not_negative CHECK (points >= 0),
  CONSTRAINT practice_point_rule_set_not_blank CHECK (pg_catalog.btrim(rule_set) <> '')
);
COMMENT ON TABLE @extschema@.practice_point_rule IS
  '不良执业行为记分规则集：每种违法违规行为每次记多少分（扩展不自带全国标准，各地自行加载，如某省办法）';
COMMENT ON COLUMN @extschema@.practice_point_rule.rule_set IS '规则集代码，如 示例省2020';
COMMENT ON COLUMN @extschema@.practice_point_rule.violation_kind IS '违法违规行为种类';
COMMENT ON COLUMN @extschema@.practice_point_rule.points IS '每次记分';
COMMENT ON COLUMN @extschema@.practice_point_rule.note IS '依据条款、说明';
SELECT illegal_practice_internal.share_table('@extschema@.practice_point_rule', NULL, ARRAY['rule_set', 'violation_kind']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.practice_point_rule', '');

CREATE TABLE @extschema@.practice_point_band (
  rule_set   text NOT NULL,
  min_points numeric NOT NULL,
  band       text NOT NULL,
  measure    text,
  PRIMARY KEY (rule_set, min_points),
  UNIQUE (rule_set, band),
  CONSTRAINT practice_point_band_min_not_negative CHECK (min_points >= 0),
  CONSTRAINT practice_point_band_not_blank CHECK (pg_catalog.btrim(band) <> '')
);
COMMENT ON TABLE @extschema@.practice_point_band IS
  '记分档次阈值（按规则集配置）：周期累计分 ≥ min_points 的最高一档即机构所在档次；低于最低档为空';
COMMENT ON COLUMN @extschema@.practice_point_band.rule_set IS '规则集代码';
COMMENT ON COLUMN @extschema@.practice_point_band.min_points IS '本档下限（累计分大于等于此值）';
COMMENT ON COLUMN @extschema@.practice_point_band.band IS '档次名称，如 约谈、通报批评、暂缓校验';
COMMENT ON COLUMN @extschema@.practice_point_band.measure IS '对应处理措施';
SELECT illegal_practice_internal.share_table('@extschema@.practice_point_band', NULL, ARRAY['rule_set', 'min_points']);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.practice_point_band', '');

CREATE FUNCTION @extschema@.practice_scoring_period(as_of date) RETURNS daterange
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN pg_catalog.daterange(pg_catalog.date_trunc('year', as_of)::date,
                              (pg_catalog.date_trunc('year', as_of) + interval '1 year')::date);
COMMENT ON FUNCTION @extschema@.practice_scoring_period(date) IS
  '默认记分周期：该日期所在的自然年 [1月1日, 次年1月1日)';

CREATE FUNCTION @extschema@.practice_band(rule_set text, points numeric) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT b.band FROM @extschema@.practice_point_band b
           WHERE b.rule_set = practice_band.rule_set AND b.min_points <= practice_band.points
           ORDER BY b.min_points DESC LIMIT 1);
COMMENT ON FUNCTION @extschema@.practice_band(text, numeric) IS '累计分所在档次：下限不超过该分的最高一档；没有则为空';

CREATE FUNCTION @extschema@.practice_points(division_code text, period daterange, rule_set text)
  RETURNS TABLE (institution_id bigint, name text, points numeric, violation_count integer,
                 violations text, band text)
  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p daterange := coalesce(period, @extschema@.practice_scoring_period(@extschema@.today()));
BEGIN
  PERFORM illegal_practice_internal.patrol_division_arg(division_code);
  IF rule_set IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.practice_point_rule r WHERE r.rule_set = practice_points.rule_set) THEN
    RAISE EXCEPTION 'unknown practice point rule set "%"', rule_set
      USING ERRCODE = '22023',
            HINT = coalesce('loaded rule sets: ' || (SELECT string_agg(DISTINCT r.rule_set, ', ') FROM @extschema@.practice_point_rule r),
                            'no rule set is loaded: insert one into practice_point_rule (see docs/supervision.md)');
  END IF;
  RETURN QUERY
  WITH v AS (
    SELECT x.institution_id, x.id, x.found_on, x.kind, coalesce(r.points, 0) AS pts, r.points IS NULL AS unrated
      FROM @extschema@.violation x
      LEFT JOIN @extschema@.practice_point_rule r ON r.rule_set = practice_points.rule_set AND r.violation_kind = x.kind
     WHERE x.found_on OPERATOR(pg_catalog.<@) p
  ), agg AS (
    SELECT v.institution_id, sum(v.pts) AS pts, count(*)::integer AS n,
           string_agg(v.found_on || ' ' || v.kind || ' ' || CASE WHEN v.unrated THEN '未定分值' ELSE v.pts || '分' END,
                      '；' ORDER BY v.found_on, v.id) AS list
      FROM v GROUP BY v.institution_id
  )
  SELECT i.id, i.name, coalesce(agg.pts, 0), coalesce(agg.n, 0), coalesce(agg.list, ''),
         @extschema@.practice_band(practice_points.rule_set, coalesce(agg.pts, 0))
    FROM @extschema@.institution i
    LEFT JOIN agg ON agg.institution_id = i.id
   WHERE @extschema@.covers(practice_points.division_code, i.division_code)
     AND (i.licensed OR agg.institution_id IS NOT NULL)
   ORDER BY 3 DESC, i.id;
END $$;
COMMENT ON FUNCTION @extschema@.practice_points(text, daterange, text) IS
  '不良执业行为记分：辖区内每个有证机构（及期间内有违法行为的无证场所）在记分周期内的累计分、行为次数、'
  '所依据的违法行为（日期 种类 分值）与档次；按分数从高到低。period 为空时取今天所在自然年';
ALTER FUNCTION @extschema@.practice_points(text, daterange, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.practice_points(text, daterange, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.practice_points(text, daterange, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.practice_points(text, daterange, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

CREATE FUNCTION @extschema@.practice_points(division_code text, rule_set text)
  RETURNS TABLE (institution_id bigint, name text, points numeric, violation_count integer,
                 violations text, band text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM @extschema@.practice_points(practice_points.division_code, NULL::daterange, practice_points.rule_set);
END;
COMMENT ON FUNCTION @extschema@.practice_points(text, text) IS
  '不良执业行为记分（默认记分周期：今天所在自然年，“今天”按 illegal_practice.timezone）';
ALTER FUNCTION @extschema@.practice_points(text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.practice_points(text, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.practice_points(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.practice_points(text, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst;

-- ===== incident: 重大案件（事件）及时上报 (仙居 四(一)) =====
-- Deaths and disabilities caused by illegal practice; they feed 附件3 rules 2.7a/2.7b (50_assessment.sql).
-- The township of an incident: division_code when it is a township code, else the township of its site.
CREATE TABLE @extschema@.incident (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  site_id       bigint REFERENCES @extschema@.site (id),
  case_id       bigint CONSTRAINT incident_case_id_fkey REFERENCES @extschema@.enforcement_case (id),
  occurred_on   date NOT NULL,
  deaths        integer NOT NULL DEFAULT 0,
  disabilities  integer NOT NULL DEFAULT 0,
  reported_on   date NOT NULL DEFAULT @extschema@.today(),
  description   text,
  CONSTRAINT incident_deaths_not_negative CHECK (deaths >= 0),
  CONSTRAINT incident_disabilities_not_negative CHECK (disabilities >= 0),
  CONSTRAINT incident_reported_after_occurred CHECK (reported_on >= occurred_on),
  CONSTRAINT incident_dates_finite CHECK (pg_catalog.isfinite(occurred_on) AND pg_catalog.isfinite(reported_on))
);
CREATE INDEX incident_division_idx ON @extschema@.incident (division_code);
CREATE INDEX incident_site_idx ON @extschema@.incident (site_id);
CREATE INDEX incident_occurred_idx ON @extschema@.incident (occurred_on);
COMMENT ON TABLE @extschema@.incident IS
  '重大案件（非法行医致人死亡、伤残事件）上报；死亡、伤残人数自动计入所在乡镇考核 2.7a、2.7b（人工事实优先）';
COMMENT ON COLUMN @extschema@.incident.id IS '编号';
COMMENT ON COLUMN @extschema@.incident.division_code IS '发生地区划：乡镇代码，或上级区划（此时以场所所在乡镇为发生乡镇）';
COMMENT ON COLUMN @extschema@.incident.site_id IS '无证行医场所（site）';
COMMENT ON COLUMN @extschema@.incident.case_id IS '关联案件（enforcement_case）';
COMMENT ON COLUMN @extschema@.incident.occurred_on IS '发生日期（决定计入哪个考核期间）';
COMMENT ON COLUMN @extschema@.incident.deaths IS '死亡人数（考核 2.7a 每人扣5分）';
COMMENT ON COLUMN @extschema@.incident.disabilities IS '伤残人数（考核 2.7b 每人扣3分）';
COMMENT ON COLUMN @extschema@.incident.reported_on IS '上报日期';
COMMENT ON COLUMN @extschema@.incident.description IS '简要情况';
SELECT illegal_practice_internal.secure_table('@extschema@.incident', 'division_code');
-- the assessment ranks a township among all townships (spec §4), whoever asks: its internal functions read every row as illegal_practice_tally
CREATE POLICY ip_tally ON @extschema@.incident FOR SELECT TO illegal_practice_tally USING (true);
GRANT SELECT ON @extschema@.incident TO illegal_practice_tally;
SELECT illegal_practice_internal.masked_view('@extschema@.incident', '{"description": "hide"}');

CREATE FUNCTION @extschema@.incident_township(division_code text, site_id bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN @extschema@.division_level_of(division_code) = '乡镇' THEN division_code
              ELSE (SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id) END;
COMMENT ON FUNCTION @extschema@.incident_township(text, bigint) IS
  '事件发生乡镇：区划代码为乡镇时即为该乡镇，否则为场所所在乡镇（无场所时为空，不计入任何乡镇考核）';

CREATE FUNCTION illegal_practice_internal.incident_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  site_township text;
BEGIN
  IF NEW.site_id IS NOT NULL THEN
    SELECT s.township_code INTO site_township FROM @extschema@.site s WHERE s.id = NEW.site_id;
    IF FOUND AND NOT @extschema@.covers(NEW.division_code, site_township) THEN
      RAISE EXCEPTION 'incident division "%" does not cover the township % of site %', NEW.division_code, site_township, NEW.site_id
        USING ERRCODE = '23514', DETAIL = 'an incident happens where its site is',
              HINT = 'use the site''s township code, or a division that covers it';
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.incident_check() IS '触发器：有场所的事件，其区划须包含场所所在乡镇';
CREATE TRIGGER incident_check BEFORE INSERT OR UPDATE ON @extschema@.incident
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.incident_check();

-- ===== referral: 案件移送 =====
-- 案件移送 between 市场监管, 卫生健康, 公安 and 司法机关 (仙居 三(一)3; 江苏 四(三); spec §8),
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

CREATE FUNCTION illegal_practice_internal.institution_inspection_agency() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.agency := @extschema@.normalize_agency(NEW.agency);
  RETURN NEW;
END $$;
COMMENT ON FUNCTION illegal_practice_internal.institution_inspection_agency() IS '触发器：检查部门名称归一（如 仙居县卫生健康局 → 卫生健康）';
CREATE TRIGGER institution_inspection_agency BEFORE INSERT OR UPDATE ON @extschema@.institution_inspection
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.institution_inspection_agency();

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
-- a referral with no division (no institution, case or explicit division) is visible to national scope only
SELECT illegal_practice_internal.secure_table('@extschema@.referral', 'coalesce(division_code, ''000000'')');
SELECT illegal_practice_internal.masked_view('@extschema@.referral', '{"subject_name": "name"}');

CREATE FUNCTION illegal_practice_internal.referral_fill() RETURNS trigger
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
COMMENT ON FUNCTION illegal_practice_internal.referral_fill() IS
  '触发器：部门名称归一（如 县市场监督管理局 → 市场监管）；移送对象名称、统一社会信用代码、区划为空时取自机构（区划再取自案件）';
CREATE TRIGGER referral_fill BEFORE INSERT OR UPDATE ON @extschema@.referral
  FOR EACH ROW WHEN (pg_catalog.current_setting('row_security') OPERATOR(pg_catalog.<>) 'off') EXECUTE FUNCTION illegal_practice_internal.referral_fill();

CREATE FUNCTION @extschema@.is_criminal_transfer(from_agency text, to_agency text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN from_agency IN ('市场监管', '卫生健康') AND to_agency IN ('公安', '司法机关');
COMMENT ON FUNCTION @extschema@.is_criminal_transfer(text, text) IS
  '是否行政执法机关向公安、司法机关移送涉嫌犯罪案件（适用国务院令第310号时限）';



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

-- ===== forms: 不良执业行为记分一览表, open referrals =====
-- 县卫健局打印用：医疗机构不良执业行为记分一览表 (form + CSV), and the open
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
ALTER FUNCTION @extschema@.form_practice_points(text, daterange, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_practice_points(text, daterange, text) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_practice_points(text, daterange, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_practice_points(text, daterange, text) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

CREATE FUNCTION @extschema@.form_practice_points_csv(division_code text, period daterange, rule_set text, bom boolean DEFAULT true) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.csv_bom(bom) OPERATOR(pg_catalog.||) illegal_practice_internal.csv_line('序号', '所在区划', '机构名称', '执业许可证登记号', '机构类型', '机构类别',
                              '违法行为次数', '记分', '档次', '记分依据')
         OPERATOR(pg_catalog.||) E'\n' OPERATOR(pg_catalog.||)
         coalesce(pg_catalog.string_agg(illegal_practice_internal.csv_line(f.seq::text, f.division, f.institution, f.licence_no,
                    f.institution_type, f.kind, f.violation_count::text, f.points::text, f.band, f.violations)
                    OPERATOR(pg_catalog.||) E'\n', '' ORDER BY f.seq), '')
    FROM @extschema@.form_practice_points($1, $2, $3) f;
END;
COMMENT ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) IS
  '医疗机构不良执业行为记分一览表的 CSV 导出（首行为中文表头）；以 UTF-8 BOM 开头，Excel、WPS 按 UTF-8 打开（bom => false 省略）';
ALTER FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) OWNER TO illegal_practice_definer;
REVOKE ALL ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.form_practice_points_csv(text, daterange, text, boolean) TO illegal_practice_admin, illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;

