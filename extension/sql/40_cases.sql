-- 40_cases.sql — 当事人 subject, 案件 enforcement_case, 处理措施 case_action, 检查 inspection (spec §2)
-- and subject resolution (spec §5.1).

-- ===== subject identity (§5.1) =====
CREATE FUNCTION @extschema@.subject_key(name text, address text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN pg_catalog.lower(pg_catalog.regexp_replace(normalize(coalesce(name, ''), NFKC),
                            '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]', '', 'g') COLLATE "C")
      OPERATOR(pg_catalog.||) '|' OPERATOR(pg_catalog.||)
         pg_catalog.lower(pg_catalog.regexp_replace(normalize(coalesce(address, ''), NFKC),
                            '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]', '', 'g') COLLATE "C");
COMMENT ON FUNCTION @extschema@.subject_key(text, text) IS
  '当事人名称+地址的归一化键：NFKC 规范化、去除全部空白、ASCII 字母转小写，以 | 连接（§5.1）';

CREATE TABLE @extschema@.subject (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                 text NOT NULL DEFAULT '单位',
  name                 text NOT NULL,
  address              text,
  legal_representative text,
  uscc                 @extschema@.uscc UNIQUE,
  resident_id          @extschema@.resident_id UNIQUE,
  name_key             text NOT NULL GENERATED ALWAYS AS (@extschema@.subject_key(name, address)) STORED,
  CONSTRAINT subject_kind_known CHECK (kind IN ('单位', '个人')),
  CONSTRAINT subject_name_not_blank CHECK (pg_catalog.btrim(name) <> '')
);
CREATE INDEX subject_name_key_idx ON @extschema@.subject (name_key);
COMMENT ON TABLE @extschema@.subject IS '当事人（被处罚或被检查的单位、个人），跨区划共享，自动识别（§5.1）；办事员、分析员与只读用户不可读';
COMMENT ON COLUMN @extschema@.subject.id IS '编号';
COMMENT ON COLUMN @extschema@.subject.kind IS '类别：单位 或 个人';
COMMENT ON COLUMN @extschema@.subject.name IS '名称或姓名';
COMMENT ON COLUMN @extschema@.subject.address IS '地址';
COMMENT ON COLUMN @extschema@.subject.legal_representative IS '法定代表人或负责人';
COMMENT ON COLUMN @extschema@.subject.uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.subject.resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.subject.name_key IS '名称+地址归一化键（subject_key）';

CREATE FUNCTION @extschema@.resolve_subject(kind text, name text, address text, legal_representative text,
                                            uscc @extschema@.uscc, resident_id @extschema@.resident_id)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  found_id bigint;
  key text := @extschema@.subject_key(name, address);
BEGIN
  IF name IS NULL OR btrim(name) = '' THEN
    RAISE EXCEPTION 'cannot identify a subject without a name'
      USING ERRCODE = '23502', HINT = 'give subject_name (and uscc or resident_id when known)';
  END IF;
  -- one resolver at a time: two sessions must not both create the same subject
  PERFORM pg_advisory_xact_lock(hashtext('illegal_practice.resolve_subject'));
  -- 1. uscc  2. resident_id  3. normalised (name, address) among subjects without a conflicting code
  IF uscc IS NOT NULL THEN
    SELECT s.id INTO found_id FROM @extschema@.subject s WHERE s.uscc OPERATOR(@extschema@.=) resolve_subject.uscc;
  END IF;
  IF found_id IS NULL AND resident_id IS NOT NULL THEN
    SELECT s.id INTO found_id FROM @extschema@.subject s
     WHERE s.resident_id OPERATOR(@extschema@.=) resolve_subject.resident_id;
  END IF;
  IF found_id IS NULL THEN
    SELECT s.id INTO found_id FROM @extschema@.subject s
     WHERE s.name_key = key
       AND (s.uscc IS NULL OR resolve_subject.uscc IS NULL)
       AND (s.resident_id IS NULL OR resolve_subject.resident_id IS NULL)
     ORDER BY s.id LIMIT 1;
  END IF;
  IF found_id IS NULL THEN
    INSERT INTO @extschema@.subject (kind, name, address, legal_representative, uscc, resident_id)
    VALUES (coalesce(resolve_subject.kind, CASE WHEN resolve_subject.uscc IS NULL AND resolve_subject.resident_id IS NOT NULL
                                                THEN '个人' ELSE '单位' END),
            resolve_subject.name, resolve_subject.address, resolve_subject.legal_representative,
            resolve_subject.uscc, resolve_subject.resident_id)
    RETURNING id INTO found_id;
  ELSE
    -- learn the codes the subject lacked, when no other subject holds them
    UPDATE @extschema@.subject s
       SET uscc = coalesce(s.uscc, CASE WHEN NOT EXISTS (SELECT FROM @extschema@.subject o
                                                         WHERE o.uscc OPERATOR(@extschema@.=) resolve_subject.uscc)
                                        THEN resolve_subject.uscc END),
           resident_id = coalesce(s.resident_id, CASE WHEN NOT EXISTS (SELECT FROM @extschema@.subject o
                                   WHERE o.resident_id OPERATOR(@extschema@.=) resolve_subject.resident_id)
                                                      THEN resolve_subject.resident_id END),
           legal_representative = coalesce(s.legal_representative, resolve_subject.legal_representative)
     WHERE s.id = found_id
       AND ((s.uscc IS NULL AND resolve_subject.uscc IS NOT NULL)
            OR (s.resident_id IS NULL AND resolve_subject.resident_id IS NOT NULL)
            OR (s.legal_representative IS NULL AND resolve_subject.legal_representative IS NOT NULL));
  END IF;
  RETURN found_id;
END $$;
COMMENT ON FUNCTION @extschema@.resolve_subject(text, text, text, text, @extschema@.uscc, @extschema@.resident_id) IS
  '当事人识别（§5.1）：先按统一社会信用代码，再按身份证号，再按归一化的（名称, 地址）在代码不冲突的当事人中取编号最小者；都没有则新建。匹配后补记对方缺少的代码。以扩展所有者身份执行';

-- ===== enforcement_case =====
CREATE TABLE @extschema@.enforcement_case (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code        text NOT NULL REFERENCES @extschema@.division (code),
  category             @extschema@.case_category NOT NULL,
  institution_type     @extschema@.institution_type NOT NULL DEFAULT '其他',
  subject_id           bigint REFERENCES @extschema@.subject (id),
  subject_kind         text,
  subject_name         text NOT NULL,
  subject_address      text,
  legal_representative text,
  subject_uscc         @extschema@.uscc,
  subject_resident_id  @extschema@.resident_id,
  site_id              bigint,
  cause                text,
  filed_on             date NOT NULL,
  decided_on           date,
  rectified_on         date,
  entered_in_system    boolean NOT NULL DEFAULT false,
  CONSTRAINT enforcement_case_subject_kind_known CHECK (subject_kind IN ('单位', '个人')),
  CONSTRAINT enforcement_case_decided_after_filed CHECK (decided_on >= filed_on),
  CONSTRAINT enforcement_case_rectified_after_filed CHECK (rectified_on >= filed_on),
  CONSTRAINT enforcement_case_dates_finite CHECK (pg_catalog.isfinite(filed_on)
    AND (decided_on IS NULL OR pg_catalog.isfinite(decided_on)) AND (rectified_on IS NULL OR pg_catalog.isfinite(rectified_on)))
);
CREATE INDEX enforcement_case_division_idx ON @extschema@.enforcement_case (division_code);
CREATE INDEX enforcement_case_subject_idx ON @extschema@.enforcement_case (subject_id);
CREATE INDEX enforcement_case_date_idx ON @extschema@.enforcement_case ((coalesce(decided_on, filed_on)));
COMMENT ON TABLE @extschema@.enforcement_case IS '行政执法案件；案件日期为 coalesce(决定日期, 立案日期)';
COMMENT ON COLUMN @extschema@.enforcement_case.id IS '编号';
COMMENT ON COLUMN @extschema@.enforcement_case.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.enforcement_case.category IS '案件类别';
COMMENT ON COLUMN @extschema@.enforcement_case.institution_type IS '机构类型（附表1 行）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_id IS '当事人编号（为空时插入时自动识别）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_kind IS '当事人类别：单位 或 个人（可空：有统一社会信用代码为单位，只有身份证号为个人，否则单位）';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_name IS '被处罚对象名称或姓名';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_address IS '地址';
COMMENT ON COLUMN @extschema@.enforcement_case.legal_representative IS '法人或负责人';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.enforcement_case.subject_resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.enforcement_case.site_id IS '无证行医场所编号（site）';
COMMENT ON COLUMN @extschema@.enforcement_case.cause IS '案由';
COMMENT ON COLUMN @extschema@.enforcement_case.filed_on IS '立案日期（代替违法行为发生日期）';
COMMENT ON COLUMN @extschema@.enforcement_case.decided_on IS '处罚决定日期';
COMMENT ON COLUMN @extschema@.enforcement_case.rectified_on IS '落实整改日期';
COMMENT ON COLUMN @extschema@.enforcement_case.entered_in_system IS '是否已录入信息系统';

CREATE FUNCTION @extschema@.enforcement_case_resolve() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.subject_id IS NULL THEN
    NEW.subject_id := @extschema@.resolve_subject(NEW.subject_kind, NEW.subject_name, NEW.subject_address,
                        NEW.legal_representative, NEW.subject_uscc, NEW.subject_resident_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.enforcement_case_resolve() IS '触发器：案件未给 subject_id 时按 §5.1 识别或新建当事人';
CREATE TRIGGER enforcement_case_resolve BEFORE INSERT OR UPDATE ON @extschema@.enforcement_case
  FOR EACH ROW EXECUTE FUNCTION @extschema@.enforcement_case_resolve();

-- ===== case_action =====
CREATE TABLE @extschema@.case_action (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES @extschema@.enforcement_case (id) ON DELETE CASCADE,
  kind        @extschema@.action_kind NOT NULL,
  amount_yuan numeric(14,2),
  persons     integer,
  acted_on    date,
  CONSTRAINT case_action_amount_not_negative CHECK (amount_yuan >= 0),
  CONSTRAINT case_action_amount_only_for_money CHECK (amount_yuan IS NULL OR kind IN ('罚款', '没收违法所得', '没收药品器械')),
  CONSTRAINT case_action_persons_not_negative CHECK (persons >= 0),
  CONSTRAINT case_action_persons_only_for_people CHECK (persons IS NULL OR kind IN ('追责', '移送司法机关', '法院判决'))
);
CREATE INDEX case_action_case_idx ON @extschema@.case_action (case_id);
COMMENT ON TABLE @extschema@.case_action IS '案件处理措施（处罚、移送、判决、追责等）；案件在期间内时其全部措施都计入';
COMMENT ON COLUMN @extschema@.case_action.id IS '编号';
COMMENT ON COLUMN @extschema@.case_action.case_id IS '所属案件';
COMMENT ON COLUMN @extschema@.case_action.kind IS '措施种类';
COMMENT ON COLUMN @extschema@.case_action.amount_yuan IS '金额（元）：仅罚款、没收违法所得、没收药品器械';
COMMENT ON COLUMN @extschema@.case_action.persons IS '人数：仅追责、移送司法机关、法院判决';
COMMENT ON COLUMN @extschema@.case_action.acted_on IS '执行日期';

-- ===== inspection =====
CREATE TABLE @extschema@.inspection (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  division_code       text NOT NULL REFERENCES @extschema@.division (code),
  category            @extschema@.case_category NOT NULL,
  subject_id          bigint REFERENCES @extschema@.subject (id),
  subject_kind        text,
  subject_name        text NOT NULL,
  subject_address     text,
  subject_uscc        @extschema@.uscc,
  subject_resident_id @extschema@.resident_id,
  inspected_on        date NOT NULL,
  CONSTRAINT inspection_subject_kind_known CHECK (subject_kind IN ('单位', '个人')),
  CONSTRAINT inspection_date_finite CHECK (pg_catalog.isfinite(inspected_on))
);
CREATE INDEX inspection_division_idx ON @extschema@.inspection (division_code);
CREATE INDEX inspection_date_idx ON @extschema@.inspection (inspected_on);
COMMENT ON TABLE @extschema@.inspection IS '检查对象记录（如两非检查）；当事人按 §5.1 识别';
COMMENT ON COLUMN @extschema@.inspection.id IS '编号';
COMMENT ON COLUMN @extschema@.inspection.division_code IS '检查区划';
COMMENT ON COLUMN @extschema@.inspection.category IS '检查所属案件类别';
COMMENT ON COLUMN @extschema@.inspection.subject_id IS '当事人编号（为空时插入时自动识别）';
COMMENT ON COLUMN @extschema@.inspection.subject_kind IS '当事人类别：单位 或 个人（可空）';
COMMENT ON COLUMN @extschema@.inspection.subject_name IS '检查对象名称';
COMMENT ON COLUMN @extschema@.inspection.subject_address IS '地址';
COMMENT ON COLUMN @extschema@.inspection.subject_uscc IS '统一社会信用代码';
COMMENT ON COLUMN @extschema@.inspection.subject_resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.inspection.inspected_on IS '检查日期';

CREATE FUNCTION @extschema@.inspection_resolve() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.subject_id IS NULL THEN
    NEW.subject_id := @extschema@.resolve_subject(NEW.subject_kind, NEW.subject_name, NEW.subject_address,
                        NULL, NEW.subject_uscc, NEW.subject_resident_id);
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.inspection_resolve() IS '触发器：检查记录未给 subject_id 时按 §5.1 识别或新建当事人';
CREATE TRIGGER inspection_resolve BEFORE INSERT OR UPDATE ON @extschema@.inspection
  FOR EACH ROW EXECUTE FUNCTION @extschema@.inspection_resolve();

-- ===== one row per case, ready for the tally aggregate =====
CREATE FUNCTION @extschema@.action_bit(kind @extschema@.action_kind) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE kind WHEN '责令改正' THEN 1 WHEN '警告' THEN 2 WHEN '罚款' THEN 4 WHEN '没收违法所得' THEN 8
                   WHEN '没收药品器械' THEN 16 WHEN '责令停业整顿' THEN 32 WHEN '吊销执业许可' THEN 64
                   WHEN '吊销执业证书' THEN 128 WHEN '取缔' THEN 256 WHEN '移送司法机关' THEN 512
                   WHEN '移送相关部门' THEN 1024 WHEN '法院判决' THEN 2048 WHEN '追责' THEN 4096 END;
COMMENT ON FUNCTION @extschema@.action_bit(@extschema@.action_kind) IS
  '措施在 tally 位集中的位：2^(枚举序号)，责令改正=1 … 追责=4096';

CREATE VIEW @extschema@.case_facts WITH (security_invoker = true) AS
SELECT c.id AS case_id, c.division_code, c.category, c.institution_type, c.subject_id,
       coalesce(c.decided_on, c.filed_on) AS case_date,
       coalesce(a.kinds, 0) AS kinds, a.fine_yuan, a.confiscation_yuan, a.persons_accountable,
       c.entered_in_system, c.rectified_on IS NOT NULL AS rectified
  FROM @extschema@.enforcement_case c
  CROSS JOIN LATERAL (
    SELECT pg_catalog.bit_or(@extschema@.action_bit(x.kind)) AS kinds,
           pg_catalog.sum(x.amount_yuan) FILTER (WHERE x.kind = '罚款') AS fine_yuan,
           pg_catalog.sum(x.amount_yuan) FILTER (WHERE x.kind = '没收违法所得') AS confiscation_yuan,
           pg_catalog.sum(x.persons) FILTER (WHERE x.kind = '追责')::integer AS persons_accountable
      FROM @extschema@.case_action x WHERE x.case_id = c.id) a;
COMMENT ON VIEW @extschema@.case_facts IS '每件案件一行：措施位集、罚款与没收违法所得金额、追责人数，供 tally 聚合';
COMMENT ON COLUMN @extschema@.case_facts.case_id IS '案件编号';
COMMENT ON COLUMN @extschema@.case_facts.division_code IS '办案区划';
COMMENT ON COLUMN @extschema@.case_facts.category IS '案件类别';
COMMENT ON COLUMN @extschema@.case_facts.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.case_facts.subject_id IS '当事人编号';
COMMENT ON COLUMN @extschema@.case_facts.case_date IS '案件日期 coalesce(决定日期, 立案日期)';
COMMENT ON COLUMN @extschema@.case_facts.kinds IS '措施位集（action_bit 按位或）';
COMMENT ON COLUMN @extschema@.case_facts.fine_yuan IS '罚款金额（元）';
COMMENT ON COLUMN @extschema@.case_facts.confiscation_yuan IS '没收违法所得金额（元）';
COMMENT ON COLUMN @extschema@.case_facts.persons_accountable IS '追责人数';
COMMENT ON COLUMN @extschema@.case_facts.entered_in_system IS '是否已录入信息系统';
COMMENT ON COLUMN @extschema@.case_facts.rectified IS '是否已落实整改';
