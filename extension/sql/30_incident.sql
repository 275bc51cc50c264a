-- 30_incident.sql — 重大案件（事件）及时上报 (仙居 四(一); spec §8): deaths and disabilities caused by
-- illegal practice. Its rows feed 附件3 rules 2.7a (deaths) and 2.7b (disabilities) in assessment_derived
-- (31_assessment.sql), which is why this table is created before 31 and not with the rest of §8 in
-- 50_supervision.sql (a BEGIN ATOMIC body resolves its tables when it is created). The foreign key to
-- enforcement_case is added in 50_supervision.sql, once that table exists.
-- The township of an incident: division_code when it is a township code, else the township of its site.
CREATE TABLE @extschema@.incident (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code text NOT NULL REFERENCES @extschema@.division (code),
  site_id       bigint REFERENCES @extschema@.site (id),
  case_id       bigint,
  occurred_on   date NOT NULL,
  deaths        integer NOT NULL DEFAULT 0,
  disabilities  integer NOT NULL DEFAULT 0,
  reported_on   date NOT NULL DEFAULT @extschema@.patrol_today(),
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

CREATE FUNCTION @extschema@.incident_township(division_code text, site_id bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE WHEN @extschema@.division_level_of(division_code) = '乡镇' THEN division_code
              ELSE (SELECT s.township_code FROM @extschema@.site s WHERE s.id = site_id) END;
COMMENT ON FUNCTION @extschema@.incident_township(text, bigint) IS
  '事件发生乡镇：区划代码为乡镇时即为该乡镇，否则为场所所在乡镇（无场所时为空，不计入任何乡镇考核）';

CREATE FUNCTION @extschema@.incident_check() RETURNS trigger
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
COMMENT ON FUNCTION @extschema@.incident_check() IS '触发器：有场所的事件，其区划须包含场所所在乡镇';
CREATE TRIGGER incident_check BEFORE INSERT OR UPDATE ON @extschema@.incident
  FOR EACH ROW EXECUTE FUNCTION @extschema@.incident_check();
