-- 22_patrol_import.sql — bulk import of a township's 附件1 spreadsheet: a staging table holding the
-- form's columns as text, and import_patrol_register() which loads the good rows (creating or
-- matching sites and practitioners) and leaves the bad ones in staging with the reason.

CREATE TABLE @extschema@.patrol_register_staging (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source            text,
  line_no           integer,
  seq               text,
  township          text,
  unit_name         text,
  people            text,
  address           text,
  phone             text,
  school            text,
  major             text,
  qualification     text,
  subjects          text,
  joint_enforcement text,
  patrolled_on      text,
  operating         text,
  outcome           text,
  inspector         text,
  error             text,
  checked_at        timestamptz
);
COMMENT ON TABLE @extschema@.patrol_register_staging IS
  '附件1 巡查登记表导入暂存表：各列为表格原文；import_patrol_register() 导入正确的行并删除，有误的行留下并写明原因';
COMMENT ON COLUMN @extschema@.patrol_register_staging.id IS '编号';
COMMENT ON COLUMN @extschema@.patrol_register_staging.source IS '来源（文件名等，可空）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.line_no IS '表格中的行号（可空）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.seq IS '序号（原文，不导入）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.township IS '乡镇：名称或9位代码';
COMMENT ON COLUMN @extschema@.patrol_register_staging.unit_name IS '无证行医单位名称';
COMMENT ON COLUMN @extschema@.patrol_register_staging.people IS '负责人及从业人员姓名：负责人在前，以“、”“，”或“;”分隔，可写“姓名（身份证号）”';
COMMENT ON COLUMN @extschema@.patrol_register_staging.address IS '行医地址';
COMMENT ON COLUMN @extschema@.patrol_register_staging.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.patrol_register_staging.school IS '毕业院校（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.major IS '所学专业（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.qualification IS '从医资格（负责人）：无、村防保员、村公共卫生联系员、乡村医生、执业助理医师、执业医师、护士、药士、药师、其他';
COMMENT ON COLUMN @extschema@.patrol_register_staging.subjects IS '诊治科目（负责人）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.joint_enforcement IS '是否要联合查处：是 / 否（空为否）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.patrolled_on IS '巡查日期：2020-07-01、2020/7/1、2020.7.1、2020年7月1日、20200701 或 Excel 日期序号';
COMMENT ON COLUMN @extschema@.patrol_register_staging.operating IS '（附加列，可空）是否发现正在执业：是 / 否';
COMMENT ON COLUMN @extschema@.patrol_register_staging.outcome IS '（附加列，可空）处理结果：未发现执业、责令限期整改、劝导停业、拒不整改、已取缔';
COMMENT ON COLUMN @extschema@.patrol_register_staging.inspector IS '（附加列，可空）巡查人';
COMMENT ON COLUMN @extschema@.patrol_register_staging.error IS '上次导入时发现的错误（为空表示尚未导入）';
COMMENT ON COLUMN @extschema@.patrol_register_staging.checked_at IS '上次检查时间';

CREATE FUNCTION @extschema@.parse_register_date(value text) RETURNS date
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := btrim(value);
  m text[];
BEGIN
  m := regexp_match(v, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$');
  IF m IS NULL THEN
    m := regexp_match(v, '^(\d{4})(\d{2})(\d{2})$');
  END IF;
  IF m IS NOT NULL THEN
    RETURN make_date(m[1]::integer, m[2]::integer, m[3]::integer);
  END IF;
  IF v ~ '^\d{5}$' THEN
    RETURN date '1899-12-30' + v::integer;   -- Excel's day number
  END IF;
  RETURN NULL;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format OR numeric_value_out_of_range THEN
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.parse_register_date(text) IS
  '解析登记表中的日期（2020-07-01、2020/7/1、2020.7.1、2020年7月1日、20200701、Excel 日期序号）；无法解析或不存在的日期返回 NULL';

CREATE FUNCTION @extschema@.import_patrol_register(division_code text DEFAULT NULL)
  RETURNS TABLE (staging_id bigint, line_no integer, result text, site_id bigint, patrol_id bigint, reason text)
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r record;
  reasons text[];
  tcode text;
  tcodes text[];
  day date;
  people text[];
  pnames text[];
  pids @extschema@.resident_id[];
  item text;
  m text[];
  qual @extschema@.qualification;
  joint boolean;
  op boolean;
  oc @extschema@.patrol_outcome;
  sid bigint;
  pid bigint;
  xid bigint;
  i integer;
  msg text;
  det text;
  res text;
BEGIN
  IF division_code IS NOT NULL THEN
    PERFORM @extschema@.patrol_division_arg(division_code);
  END IF;
  FOR r IN
    SELECT g.* FROM @extschema@.patrol_register_staging g
     ORDER BY @extschema@.parse_register_date(g.patrolled_on) NULLS LAST, g.id
  LOOP
    reasons := '{}'; tcode := NULL; day := NULL; qual := NULL; joint := false; op := NULL; oc := NULL;
    pnames := '{}'; pids := '{}';
    -- 乡镇: a 9-digit code or a township name (within division_code when given)
    IF coalesce(btrim(r.township), '') = '' THEN
      reasons := reasons || '乡镇为空'::text;
    ELSE
      SELECT array_agg(d.code ORDER BY d.code) INTO tcodes FROM @extschema@.division d
       WHERE (d.code = btrim(r.township) OR d.name = btrim(r.township))
         AND (division_code IS NULL OR @extschema@.covers(division_code, d.code));
      IF tcodes IS NULL THEN
        reasons := reasons || format('未知乡镇“%s”', btrim(r.township));
      ELSIF cardinality(tcodes) > 1 THEN
        reasons := reasons || format('乡镇“%s”不唯一（%s），请填写9位代码', btrim(r.township), array_to_string(tcodes, '、'));
      ELSIF (SELECT d.level FROM @extschema@.division d WHERE d.code = tcodes[1]) <> '乡镇' THEN
        reasons := reasons || format('“%s”不是乡镇级区划', btrim(r.township));
      ELSE
        tcode := tcodes[1];
      END IF;
    END IF;
    IF coalesce(btrim(r.unit_name), '') = '' THEN
      reasons := reasons || '无证行医单位名称为空'::text;
    END IF;
    IF coalesce(btrim(r.patrolled_on), '') = '' THEN
      reasons := reasons || '巡查日期为空'::text;
    ELSE
      day := @extschema@.parse_register_date(r.patrolled_on);
      IF day IS NULL THEN
        reasons := reasons || format('巡查日期有误“%s”（应为 2020-07-01 或 2020年7月1日 等）', btrim(r.patrolled_on));
      END IF;
    END IF;
    -- people: the person in charge first; “姓名（身份证号）” carries a resident_id
    FOREACH item IN ARRAY coalesce(regexp_split_to_array(btrim(r.people), '\s*[、,，;；/]\s*'), '{}') LOOP
      CONTINUE WHEN item = '';
      m := regexp_match(item, '^(.*?)\s*[（(]\s*([^）)]*?)\s*[）)]$');
      IF m IS NULL THEN
        pnames := pnames || item; pids := pids || NULL::@extschema@.resident_id;
      ELSE
        BEGIN
          pids := pids || m[2]::@extschema@.resident_id;
          pnames := pnames || m[1];
        EXCEPTION WHEN invalid_text_representation THEN
          GET STACKED DIAGNOSTICS det = PG_EXCEPTION_DETAIL;
          reasons := reasons || format('%s的身份证号码有误“%s”%s', m[1], m[2], coalesce('：' || nullif(det, ''), ''));
        END;
      END IF;
    END LOOP;
    IF coalesce(btrim(r.qualification), '') <> '' THEN
      IF btrim(r.qualification) = ANY (enum_range(NULL::@extschema@.qualification)::text[]) THEN
        qual := btrim(r.qualification)::@extschema@.qualification;
      ELSE
        reasons := reasons || format('未知从医资格“%s”（应为：%s）', btrim(r.qualification),
                                     array_to_string(enum_range(NULL::@extschema@.qualification)::text[], '、'));
      END IF;
    END IF;
    CASE coalesce(btrim(r.joint_enforcement), '')
      WHEN '是' THEN joint := true;
      WHEN '否', '' THEN joint := false;
      ELSE reasons := reasons || format('是否要联合查处应为“是”或“否”，不是“%s”', btrim(r.joint_enforcement));
    END CASE;
    CASE coalesce(btrim(r.operating), '')
      WHEN '是' THEN op := true;
      WHEN '否' THEN op := false;
      WHEN '' THEN op := NULL;
      ELSE reasons := reasons || format('是否在执业应为“是”或“否”，不是“%s”', btrim(r.operating));
    END CASE;
    IF coalesce(btrim(r.outcome), '') <> '' THEN
      IF btrim(r.outcome) = ANY (enum_range(NULL::@extschema@.patrol_outcome)::text[]) THEN
        oc := btrim(r.outcome)::@extschema@.patrol_outcome;
      ELSE
        reasons := reasons || format('未知处理结果“%s”', btrim(r.outcome));
      END IF;
    END IF;

    IF cardinality(reasons) > 0 THEN
      UPDATE @extschema@.patrol_register_staging g SET error = array_to_string(reasons, '；'), checked_at = now()
       WHERE g.id = r.id;
      RETURN QUERY SELECT r.id, r.line_no, '有误'::text, NULL::bigint, NULL::bigint, array_to_string(reasons, '；');
      CONTINUE;
    END IF;

    BEGIN
      -- the site: same township and name (the same address preferred), else a new site found that day
      SELECT s.id INTO sid FROM @extschema@.site s
       WHERE s.township_code = tcode AND s.name = btrim(r.unit_name)
       ORDER BY s.address IS NOT DISTINCT FROM nullif(btrim(r.address), '') DESC, s.id LIMIT 1;
      IF NOT FOUND THEN
        INSERT INTO @extschema@.site (township_code, name, address, phone, found_on)
        VALUES (tcode, btrim(r.unit_name), nullif(btrim(r.address), ''), nullif(btrim(r.phone), ''), day)
        RETURNING id INTO sid;
      ELSE
        UPDATE @extschema@.site s SET address = coalesce(s.address, nullif(btrim(r.address), '')),
                                      phone = coalesce(s.phone, nullif(btrim(r.phone), ''))
         WHERE s.id = sid AND (s.address IS NULL OR s.phone IS NULL);
      END IF;
      -- the practitioners: matched by resident_id, else by name, at that site
      FOR i IN 1 .. coalesce(cardinality(pnames), 0) LOOP
        xid := NULL;
        IF pids[i] IS NOT NULL THEN
          SELECT x.id INTO xid FROM @extschema@.practitioner x
           WHERE x.site_id = sid AND x.resident_id OPERATOR(@extschema@.=) pids[i];
        END IF;
        IF xid IS NULL THEN
          SELECT x.id INTO xid FROM @extschema@.practitioner x
           WHERE x.site_id = sid AND x.name = pnames[i] AND (pids[i] IS NULL OR x.resident_id IS NULL)
           ORDER BY x.id LIMIT 1;
        END IF;
        IF xid IS NULL THEN
          INSERT INTO @extschema@.practitioner (site_id, name, resident_id, in_charge)
          VALUES (sid, pnames[i], pids[i],
                  i = 1 AND NOT EXISTS (SELECT 1 FROM @extschema@.practitioner x WHERE x.site_id = sid AND x.in_charge))
          RETURNING id INTO xid;
        ELSIF pids[i] IS NOT NULL THEN
          UPDATE @extschema@.practitioner x SET resident_id = pids[i] WHERE x.id = xid AND x.resident_id IS NULL;
        END IF;
        IF i = 1 THEN
          UPDATE @extschema@.practitioner x
             SET school = coalesce(x.school, nullif(btrim(r.school), '')),
                 major = coalesce(x.major, nullif(btrim(r.major), '')),
                 qualification = coalesce(x.qualification, qual),
                 treatment_subjects = coalesce(x.treatment_subjects, nullif(btrim(r.subjects), ''))
           WHERE x.id = xid;
        END IF;
      END LOOP;
      -- the patrol: once per site and day
      SELECT p.id INTO pid FROM @extschema@.patrol p WHERE p.site_id = sid AND p.patrolled_on = day ORDER BY p.id LIMIT 1;
      IF FOUND THEN
        res := '已存在'; msg := '该场所当日的巡查已登记，未重复导入';
      ELSE
        INSERT INTO @extschema@.patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
        VALUES (tcode, sid, day, nullif(btrim(r.inspector), ''), op, oc, joint)
        RETURNING id INTO pid;
        res := '已导入'; msg := NULL;
      END IF;
      DELETE FROM @extschema@.patrol_register_staging g WHERE g.id = r.id;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
      msg := '无法导入：' || msg; res := '有误'; sid := NULL; pid := NULL;
      UPDATE @extschema@.patrol_register_staging g SET error = msg, checked_at = now() WHERE g.id = r.id;
    END;
    RETURN QUERY SELECT r.id, r.line_no, res, sid, pid, msg;
  END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.import_patrol_register(text) IS
  '导入 patrol_register_staging：逐行校验（乡镇、单位名称、巡查日期、身份证号码、从医资格、是否要联合查处等），'
  '正确的行建立或匹配场所与从业人员、登记巡查后从暂存表删除；有误的行留在暂存表并写明原因。'
  '同一场所同一天的巡查不重复登记，可反复执行。division_code 限定按名称查找乡镇的范围';
