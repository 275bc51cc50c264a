-- 50_supervision.sql — 有证医疗机构监管 (仙居 二(二)、三(一)2-3; 江苏 二(二)(三); spec §8):
-- institutions (licensed ones and the places the market regulator supervises), their inspections,
-- violations, and 不良执业行为记分 (bad-practice points) with configurable rule sets and bands.
-- No national scale exists and none is shipped: docs/supervision.md shows how to load one.

CREATE TYPE @extschema@.violation_kind AS ENUM
  ('科室出租承包', '聘用非卫生技术人员', '助理医师单独执业', '超范围执业', '出租出借证照', '医疗废物与消毒隔离',
   '违规出具医学证明', '违规临床用血', '违规开展细胞治疗', '制售假药', '违规销售终止妊娠药品', '其他');
COMMENT ON TYPE @extschema@.violation_kind IS
  '医疗机构违法违规行为种类（仙居 二(二) 七类，江苏 二(二)(三) 细胞治疗、假药，仙居 二(三) 零售药店违规销售终止妊娠药品）';

ALTER TABLE @extschema@.incident ADD CONSTRAINT incident_case_id_fkey
  FOREIGN KEY (case_id) REFERENCES @extschema@.enforcement_case (id);

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

CREATE FUNCTION @extschema@.violation_check() RETURNS trigger
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
COMMENT ON FUNCTION @extschema@.violation_check() IS
  '触发器：违法行为由检查发现时，机构、日期默认取自检查，且机构须与检查一致';
CREATE TRIGGER violation_check BEFORE INSERT OR UPDATE ON @extschema@.violation
  FOR EACH ROW EXECUTE FUNCTION @extschema@.violation_check();

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
  p daterange := coalesce(period, @extschema@.practice_scoring_period(@extschema@.patrol_today()));
BEGIN
  PERFORM @extschema@.patrol_division_arg(division_code);
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

CREATE FUNCTION @extschema@.practice_points(division_code text, rule_set text)
  RETURNS TABLE (institution_id bigint, name text, points numeric, violation_count integer,
                 violations text, band text)
  LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM @extschema@.practice_points(practice_points.division_code, NULL::daterange, practice_points.rule_set);
END;
COMMENT ON FUNCTION @extschema@.practice_points(text, text) IS
  '不良执业行为记分（默认记分周期：今天所在自然年，“今天”按 illegal_practice.timezone）';
