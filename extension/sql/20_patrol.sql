-- 20_patrol.sql — 乡镇巡查工作 (仙居 工作步骤, 附件1–2; spec §2): sites and their status history,
-- practitioners, patrols, register submissions, joint applications and joint actions.
-- Status rules (documented in docs/patrol.md):
--   * a site's status history is written here, by trigger, from found_on on, ranges [from, to),
--     contiguous, without overlap, the last one open-ended and equal to site.status;
--   * a patrol with outcome 已取缔 bans its site (closed_on = patrolled_on);
--   * a patrol finding a closed site (已停业, 自行歇业, 已取缔) operating sets it back to 在营;
--   * a joint action that banned a site (joint_action_site) sets it 已取缔 (closed_on = acted_on).

-- ===== helpers =====
CREATE FUNCTION @extschema@.patrol_today() RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (pg_catalog.now() AT TIME ZONE coalesce(
            nullif(pg_catalog.current_setting('illegal_practice.timezone', true), ''), 'Asia/Shanghai'))::date;
COMMENT ON FUNCTION @extschema@.patrol_today() IS
  '“今天”：按设置 illegal_practice.timezone（默认 Asia/Shanghai）取的日期，不是服务器的 UTC 日期';

CREATE FUNCTION @extschema@.is_closed_status(@extschema@.site_status) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
  RETURN $1 OPERATOR(pg_catalog.=) ANY (ARRAY['已停业', '自行歇业', '已取缔']::@extschema@.site_status[]);
COMMENT ON FUNCTION @extschema@.is_closed_status(@extschema@.site_status) IS
  '是否停止执业的状态（已停业、自行歇业、已取缔）：只有这些状态有 closed_on';

-- Trigger function shared by every table with a township_code: the code must name a 乡镇.
CREATE FUNCTION @extschema@.township_code_check() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  tcode text := NEW.township_code;
  d record;
BEGIN
  IF tcode IS NULL THEN
    RETURN NEW;   -- NOT NULL reports it
  END IF;
  SELECT v.name, v.level INTO d FROM @extschema@.division v WHERE v.code = tcode;
  IF NOT FOUND THEN
    RAISE EXCEPTION '%.township_code "%" is not a known division', TG_TABLE_NAME, tcode
      USING ERRCODE = '23503', HINT = 'add the township to division first (a 9-digit 乡镇 code)';
  END IF;
  IF d.level IS DISTINCT FROM '乡镇'::@extschema@.division_level THEN
    RAISE EXCEPTION '%.township_code "%" (%) is a %, not a 乡镇', TG_TABLE_NAME, tcode, d.name, d.level
      USING ERRCODE = '23514', DETAIL = 'township_code must name a township-level (乡镇) division',
            HINT = 'use the 9-digit code of the township, e.g. 331024101';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.township_code_check() IS
  '触发器：township_code 必须是已登记的乡镇级区划（未知代码报 23503，非乡镇报 23514）';

-- ===== site =====
CREATE TABLE @extschema@.site (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  township_code    text NOT NULL REFERENCES @extschema@.division (code),
  name             text NOT NULL,
  address          text,
  phone            text,
  institution_type @extschema@.institution_type,
  uscc             @extschema@.uscc,
  status           @extschema@.site_status NOT NULL DEFAULT '在营',
  found_on         date,
  closed_on        date,
  status_since     date,
  CONSTRAINT site_name_not_blank CHECK (pg_catalog.btrim(name) <> ''),
  CONSTRAINT site_closed_on_needs_closing_status CHECK (closed_on IS NULL OR @extschema@.is_closed_status(status)),
  CONSTRAINT site_closing_status_needs_closed_on CHECK (closed_on IS NOT NULL OR NOT @extschema@.is_closed_status(status)),
  CONSTRAINT site_closed_after_found CHECK (closed_on >= found_on),
  CONSTRAINT site_status_since_after_found CHECK (status_since >= found_on)
);
CREATE INDEX site_township_idx ON @extschema@.site (township_code);
CREATE INDEX site_status_idx ON @extschema@.site (status);
COMMENT ON TABLE @extschema@.site IS '无证行医单位（窝点）：乡镇排查、巡查发现的非法行医场所';
COMMENT ON COLUMN @extschema@.site.id IS '编号';
COMMENT ON COLUMN @extschema@.site.township_code IS '所在乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.site.name IS '无证行医单位名称';
COMMENT ON COLUMN @extschema@.site.address IS '行医地址';
COMMENT ON COLUMN @extschema@.site.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.site.institution_type IS '机构类型';
COMMENT ON COLUMN @extschema@.site.uscc IS '统一社会信用代码（如有）';
COMMENT ON COLUMN @extschema@.site.status IS '当前状态；由巡查、联合行动自动更新，历史见 site_status_history';
COMMENT ON COLUMN @extschema@.site.found_on IS '发现日期（状态历史从此日开始；为空表示不详）';
COMMENT ON COLUMN @extschema@.site.closed_on IS '停止执业日期（仅 已停业、自行歇业、已取缔 状态；取缔时为取缔日期）';
COMMENT ON COLUMN @extschema@.site.status_since IS '当前状态的起始日期（停业状态等于 closed_on；自动维护）';

CREATE TABLE @extschema@.site_status_history (
  site_id bigint NOT NULL REFERENCES @extschema@.site (id) ON DELETE CASCADE,
  status  @extschema@.site_status NOT NULL,
  valid   daterange NOT NULL,
  PRIMARY KEY (site_id, valid),
  CONSTRAINT site_status_history_not_empty CHECK (NOT pg_catalog.isempty(valid))
);
CREATE UNIQUE INDEX site_status_history_current_idx ON @extschema@.site_status_history (site_id)
  WHERE pg_catalog.upper_inf(valid);
CREATE INDEX site_status_history_valid_idx ON @extschema@.site_status_history USING gist (valid);
COMMENT ON TABLE @extschema@.site_status_history IS
  '场所状态历史：由触发器写入；每个场所从发现日期起区间 [起, 止) 首尾相接、互不重叠，最后一段无上界且等于当前状态';
COMMENT ON COLUMN @extschema@.site_status_history.site_id IS '场所';
COMMENT ON COLUMN @extschema@.site_status_history.status IS '状态';
COMMENT ON COLUMN @extschema@.site_status_history.valid IS '该状态持续的期间 [起, 止)，当前状态无上界';

CREATE FUNCTION @extschema@.site_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  closing boolean := @extschema@.is_closed_status(NEW.status);
  first_patrol date;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since
     AND NEW.found_on IS NOT DISTINCT FROM OLD.found_on AND NEW.township_code IS NOT DISTINCT FROM OLD.township_code THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status
     AND NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on THEN
    NEW.closed_on := NULL;          -- a status change does not keep the closing date of the old status
  END IF;
  IF NEW.closed_on IS NOT NULL AND NOT closing THEN
    RAISE EXCEPTION 'site "%" has closed_on % but status %', NEW.name, NEW.closed_on, NEW.status
      USING ERRCODE = '23514', DETAIL = 'closed_on is only for the closing statuses 已停业, 自行歇业, 已取缔',
            HINT = 'set a closing status, or leave closed_on NULL';
  END IF;
  IF closing AND NEW.closed_on IS NULL THEN
    -- a site inserted closed without a date was closed when found; a change made now happens today
    NEW.closed_on := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.found_on, @extschema@.patrol_today())
                          ELSE @extschema@.patrol_today() END;
  END IF;
  IF NEW.closed_on < NEW.found_on THEN
    RAISE EXCEPTION 'site "%" closed on % before it was found on %', NEW.name, NEW.closed_on, NEW.found_on
      USING ERRCODE = '23514', HINT = 'closed_on must be on or after found_on';
  END IF;
  -- status_since: when the current status began
  IF TG_OP = 'UPDATE' AND NEW.found_on IS DISTINCT FROM OLD.found_on
     AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since AND OLD.status_since IS NOT DISTINCT FROM OLD.found_on THEN
    NEW.status_since := NEW.found_on;   -- the status held since found_on moves with it
  END IF;
  IF closing THEN
    NEW.status_since := NEW.closed_on;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status = '在营' OR NEW.status_since IS NULL THEN
      NEW.status_since := NEW.found_on;
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status_since IS NOT DISTINCT FROM OLD.status_since THEN
    NEW.status_since := greatest(@extschema@.patrol_today(), NEW.found_on);
  END IF;
  IF NEW.status_since < NEW.found_on THEN
    RAISE EXCEPTION 'site "%" has status % since %, before it was found on %', NEW.name, NEW.status, NEW.status_since, NEW.found_on
      USING ERRCODE = '23514', HINT = 'a status cannot begin before found_on';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT min(p.patrolled_on) INTO first_patrol FROM @extschema@.patrol p WHERE p.site_id = NEW.id;
    IF first_patrol < NEW.found_on THEN
      RAISE EXCEPTION 'site "%" cannot be found on %: it was patrolled on %', NEW.name, NEW.found_on, first_patrol
        USING ERRCODE = '23514', HINT = 'found_on must be on or before the first patrol of the site';
    END IF;
    IF NEW.township_code IS DISTINCT FROM OLD.township_code
       AND EXISTS (SELECT 1 FROM @extschema@.patrol p WHERE p.site_id = NEW.id AND p.township_code <> NEW.township_code) THEN
      RAISE EXCEPTION 'site "%" cannot move to township %: its patrols belong to %', NEW.name, NEW.township_code, OLD.township_code
        USING ERRCODE = '23514', HINT = 'a site''s patrols must be in the site''s township';
    END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.site_before() IS
  '触发器：校验场所日期与状态（closed_on 仅用于停业状态、不早于发现日期），补全 closed_on 与 status_since';

-- Writes site_status_history. A change dated d (status_since) makes the new status hold from d on:
-- history rows starting on or after d are replaced, the row before is cut (or stretched) to end at d,
-- equal neighbours are merged. Re-dating the current status (same status, new date) moves its start.
CREATE FUNCTION @extschema@.site_after() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  d date := NEW.status_since;
  prev record;
  bad text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF d IS DISTINCT FROM NEW.found_on THEN
      INSERT INTO @extschema@.site_status_history (site_id, status, valid)
      VALUES (NEW.id, '在营', daterange(NEW.found_on, d));
    END IF;
    INSERT INTO @extschema@.site_status_history (site_id, status, valid)
    VALUES (NEW.id, NEW.status, daterange(coalesce(d, NEW.found_on), NULL));
    RETURN NULL;
  END IF;

  IF NEW.found_on IS DISTINCT FROM OLD.found_on THEN
    DELETE FROM @extschema@.site_status_history h
     WHERE h.site_id = NEW.id AND NOT upper_inf(h.valid) AND upper(h.valid) <= NEW.found_on;
    UPDATE @extschema@.site_status_history h SET valid = daterange(NEW.found_on, upper(h.valid))
     WHERE h.site_id = NEW.id
       AND h.valid = (SELECT x.valid FROM @extschema@.site_status_history x WHERE x.site_id = NEW.id
                       ORDER BY lower(x.valid) NULLS FIRST LIMIT 1);
  END IF;

  IF NEW.status IS DISTINCT FROM OLD.status OR NEW.status_since IS DISTINCT FROM OLD.status_since THEN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
      DELETE FROM @extschema@.site_status_history h WHERE h.site_id = NEW.id AND upper_inf(h.valid);
    END IF;
    DELETE FROM @extschema@.site_status_history h
     WHERE h.site_id = NEW.id AND NOT lower_inf(h.valid) AND lower(h.valid) >= d;
    SELECT h.status, h.valid INTO prev FROM @extschema@.site_status_history h
     WHERE h.site_id = NEW.id ORDER BY lower(h.valid) DESC NULLS LAST LIMIT 1;
    IF NOT FOUND THEN
      INSERT INTO @extschema@.site_status_history (site_id, status, valid)
      VALUES (NEW.id, NEW.status, daterange(NEW.found_on, NULL));
    ELSIF prev.status = NEW.status THEN
      UPDATE @extschema@.site_status_history h SET valid = daterange(lower(prev.valid), NULL)
       WHERE h.site_id = NEW.id AND h.valid = prev.valid;
    ELSE
      UPDATE @extschema@.site_status_history h SET valid = daterange(lower(prev.valid), d)
       WHERE h.site_id = NEW.id AND h.valid = prev.valid;
      INSERT INTO @extschema@.site_status_history (site_id, status, valid)
      VALUES (NEW.id, NEW.status, daterange(d, NULL));
    END IF;
  END IF;

  -- the history must stay exact: contiguous from found_on, no overlap, last row open and current
  SELECT string_agg(format('%s %s', x.status, x.valid), ', ' ORDER BY x.rn) INTO bad
    FROM (SELECT h.status, h.valid, lag(upper(h.valid)) OVER w AS prev_upper,
                 row_number() OVER w AS rn, count(*) OVER () AS n
            FROM @extschema@.site_status_history h WHERE h.site_id = NEW.id
          WINDOW w AS (ORDER BY lower(h.valid) NULLS FIRST)) x
  HAVING bool_or(CASE WHEN x.rn = 1 THEN lower(x.valid) IS DISTINCT FROM NEW.found_on
                      ELSE lower(x.valid) IS DISTINCT FROM x.prev_upper END
                 OR (x.rn = x.n AND NOT (upper_inf(x.valid) AND x.status = NEW.status))
                 OR (x.rn < x.n AND upper_inf(x.valid)));
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'status history of site % would not be contiguous: %', NEW.id, bad
      USING ERRCODE = '23514', HINT = 'a status change cannot be dated before found_on';
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.site_after() IS
  '触发器：写场所状态历史 site_status_history（新增时从发现日期起；状态变化自 status_since 起）';
CREATE TRIGGER site_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.site
  FOR EACH ROW EXECUTE FUNCTION @extschema@.township_code_check();
CREATE TRIGGER site_before BEFORE INSERT OR UPDATE ON @extschema@.site
  FOR EACH ROW EXECUTE FUNCTION @extschema@.site_before();
CREATE TRIGGER site_after AFTER INSERT OR UPDATE ON @extschema@.site
  FOR EACH ROW EXECUTE FUNCTION @extschema@.site_after();

CREATE FUNCTION @extschema@.site_status_on(site_id bigint, day date) RETURNS @extschema@.site_status
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN (SELECT h.status FROM @extschema@.site_status_history h
           WHERE h.site_id = site_status_on.site_id AND h.valid OPERATOR(pg_catalog.@>) day);
COMMENT ON FUNCTION @extschema@.site_status_on(bigint, date) IS '某日场所的状态（读 site_status_history；发现之前为 NULL）';

-- ===== practitioner =====
CREATE TABLE @extschema@.practitioner (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id            bigint NOT NULL REFERENCES @extschema@.site (id) ON DELETE CASCADE,
  name               text NOT NULL,
  resident_id        @extschema@.resident_id,
  in_charge          boolean NOT NULL DEFAULT false,
  school             text,
  major              text,
  qualification      @extschema@.qualification,
  treatment_subjects text,
  CONSTRAINT practitioner_name_not_blank CHECK (pg_catalog.btrim(name) <> '')
);
CREATE INDEX practitioner_site_idx ON @extschema@.practitioner (site_id);
CREATE UNIQUE INDEX practitioner_site_resident_idx ON @extschema@.practitioner (site_id, resident_id)
  WHERE resident_id IS NOT NULL;
CREATE INDEX practitioner_resident_idx ON @extschema@.practitioner (resident_id) WHERE resident_id IS NOT NULL;
COMMENT ON TABLE @extschema@.practitioner IS '无证行医场所的负责人及从业人员';
COMMENT ON COLUMN @extschema@.practitioner.id IS '编号';
COMMENT ON COLUMN @extschema@.practitioner.site_id IS '所在场所';
COMMENT ON COLUMN @extschema@.practitioner.name IS '姓名';
COMMENT ON COLUMN @extschema@.practitioner.resident_id IS '居民身份证号码';
COMMENT ON COLUMN @extschema@.practitioner.in_charge IS '是否负责人';
COMMENT ON COLUMN @extschema@.practitioner.school IS '毕业院校';
COMMENT ON COLUMN @extschema@.practitioner.major IS '所学专业';
COMMENT ON COLUMN @extschema@.practitioner.qualification IS '从医资格';
COMMENT ON COLUMN @extschema@.practitioner.treatment_subjects IS '诊治科目';

-- ===== patrol =====
CREATE TABLE @extschema@.patrol (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  township_code            text NOT NULL REFERENCES @extschema@.division (code),
  site_id                  bigint REFERENCES @extschema@.site (id),
  patrolled_on             date NOT NULL,
  inspector                text,
  operating                boolean,
  outcome                  @extschema@.patrol_outcome,
  joint_enforcement_needed boolean NOT NULL DEFAULT false,
  note                     text,
  CONSTRAINT patrol_sweep_found_nothing CHECK (
    site_id IS NOT NULL OR (operating IS NOT TRUE AND (outcome IS NULL OR outcome = '未发现执业'))),
  CONSTRAINT patrol_operating_contradicts_outcome CHECK (NOT (operating AND outcome = '未发现执业'))
);
CREATE INDEX patrol_site_day_idx ON @extschema@.patrol (site_id, patrolled_on);
CREATE INDEX patrol_township_day_idx ON @extschema@.patrol (township_code, patrolled_on);
COMMENT ON TABLE @extschema@.patrol IS '巡查记录（附件1 的一行）；site_id 为空表示未发现场所的辖区排查';
COMMENT ON COLUMN @extschema@.patrol.id IS '编号';
COMMENT ON COLUMN @extschema@.patrol.township_code IS '巡查乡镇（街道）代码；有场所时可省略，取场所所在乡镇';
COMMENT ON COLUMN @extschema@.patrol.site_id IS '巡查的场所；为空表示辖区排查未发现场所';
COMMENT ON COLUMN @extschema@.patrol.patrolled_on IS '巡查日期';
COMMENT ON COLUMN @extschema@.patrol.inspector IS '巡查人';
COMMENT ON COLUMN @extschema@.patrol.operating IS '是否发现正在执业（为空表示未记录）';
COMMENT ON COLUMN @extschema@.patrol.outcome IS '处理结果';
COMMENT ON COLUMN @extschema@.patrol.joint_enforcement_needed IS '是否要联合查处';
COMMENT ON COLUMN @extschema@.patrol.note IS '备注';

CREATE FUNCTION @extschema@.patrol_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s record;
BEGIN
  IF NEW.site_id IS NULL THEN
    IF NEW.operating THEN
      RAISE EXCEPTION 'an area sweep (patrol without site) cannot have found practice operating'
        USING ERRCODE = '23514', HINT = 'record the site first and patrol it with site_id';
    END IF;
    IF NEW.outcome IS DISTINCT FROM NULL AND NEW.outcome <> '未发现执业' THEN
      RAISE EXCEPTION 'an area sweep (patrol without site) cannot have outcome %', NEW.outcome
        USING ERRCODE = '23514', HINT = 'an area sweep has outcome NULL or 未发现执业';
    END IF;
  ELSE
    SELECT x.name, x.township_code, x.found_on INTO s FROM @extschema@.site x WHERE x.id = NEW.site_id;
    IF FOUND THEN
      NEW.township_code := coalesce(NEW.township_code, s.township_code);
      IF NEW.township_code <> s.township_code THEN
        RAISE EXCEPTION 'patrol in township % cannot visit site % "%" of township %', NEW.township_code, NEW.site_id, s.name, s.township_code
          USING ERRCODE = '23514', HINT = 'a patrol''s township_code is its site''s township_code';
      END IF;
      IF NEW.patrolled_on < s.found_on THEN
        RAISE EXCEPTION 'patrol date % is before site % "%" was found (%)', NEW.patrolled_on, NEW.site_id, s.name, s.found_on
          USING ERRCODE = '23514', HINT = 'patrolled_on must be on or after the site''s found_on';
      END IF;
    ELSE
      RAISE EXCEPTION 'patrol of site % which does not exist', NEW.site_id
        USING ERRCODE = '23503', HINT = 'site_id must be an id from site, or NULL for an area sweep';
    END IF;
  END IF;
  IF NEW.operating AND NEW.outcome = '未发现执业' THEN
    RAISE EXCEPTION 'patrol found the site operating but has outcome 未发现执业'
      USING ERRCODE = '23514', HINT = 'set operating = false, or choose another outcome';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.patrol_before() IS
  '触发器：巡查须与场所同乡镇、不早于发现日期；辖区排查不能有执业发现；缺省乡镇取场所所在乡镇';

-- A patrol moves its site's status only when it is the site's latest patrol and not earlier than
-- the date the current status began (so loading old patrols never rewrites the present).
CREATE FUNCTION @extschema@.patrol_after() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s record;
BEGIN
  IF NEW.site_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT x.status, x.status_since INTO s FROM @extschema@.site x WHERE x.id = NEW.site_id FOR UPDATE;
  IF NEW.patrolled_on < s.status_since
     OR EXISTS (SELECT 1 FROM @extschema@.patrol p
                 WHERE p.site_id = NEW.site_id AND (p.patrolled_on, p.id) > (NEW.patrolled_on, NEW.id)) THEN
    RETURN NULL;
  END IF;
  IF NEW.outcome = '已取缔' THEN
    IF s.status <> '已取缔' THEN
      UPDATE @extschema@.site x SET status = '已取缔', closed_on = NEW.patrolled_on WHERE x.id = NEW.site_id;
    END IF;
  ELSIF NEW.operating AND @extschema@.is_closed_status(s.status) THEN
    UPDATE @extschema@.site x SET status = '在营', closed_on = NULL, status_since = NEW.patrolled_on
     WHERE x.id = NEW.site_id;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.patrol_after() IS
  '触发器：巡查结果更新场所状态（已取缔 → 已取缔；停业场所被发现执业 → 在营），仅限该场所最新的巡查';
CREATE TRIGGER patrol_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.patrol
  FOR EACH ROW EXECUTE FUNCTION @extschema@.township_code_check();
CREATE TRIGGER patrol_before BEFORE INSERT OR UPDATE ON @extschema@.patrol
  FOR EACH ROW EXECUTE FUNCTION @extschema@.patrol_before();
CREATE TRIGGER patrol_after AFTER INSERT OR UPDATE OF site_id, patrolled_on, operating, outcome ON @extschema@.patrol
  FOR EACH ROW EXECUTE FUNCTION @extschema@.patrol_after();

-- ===== register_submission =====
CREATE TABLE @extschema@.register_submission (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  township_code text NOT NULL REFERENCES @extschema@.division (code),
  window_id     bigint NOT NULL REFERENCES @extschema@.reporting_window (id),
  filled_by     text,
  filled_on     date,
  phone         text,
  reviewed_by   text,
  sealed        boolean NOT NULL DEFAULT false,
  submitted_on  date NOT NULL,
  CONSTRAINT register_submission_filled_before_submitted CHECK (filled_on <= submitted_on)
);
CREATE INDEX register_submission_township_window_idx ON @extschema@.register_submission (township_code, window_id, submitted_on);
CREATE INDEX register_submission_window_idx ON @extschema@.register_submission (window_id);
COMMENT ON TABLE @extschema@.register_submission IS '乡镇报送的考核资料（含《非法行医巡查登记表》）';
COMMENT ON COLUMN @extschema@.register_submission.id IS '编号';
COMMENT ON COLUMN @extschema@.register_submission.township_code IS '报送乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.register_submission.window_id IS '考核资料报送期';
COMMENT ON COLUMN @extschema@.register_submission.filled_by IS '填表人';
COMMENT ON COLUMN @extschema@.register_submission.filled_on IS '填表日期';
COMMENT ON COLUMN @extschema@.register_submission.phone IS '联系电话';
COMMENT ON COLUMN @extschema@.register_submission.reviewed_by IS '审核人';
COMMENT ON COLUMN @extschema@.register_submission.sealed IS '是否加盖单位公章';
COMMENT ON COLUMN @extschema@.register_submission.submitted_on IS '报送日期';
CREATE TRIGGER register_submission_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.register_submission
  FOR EACH ROW EXECUTE FUNCTION @extschema@.township_code_check();

-- ===== joint_application (附件2) =====
CREATE TABLE @extschema@.joint_application (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  township_code   text NOT NULL REFERENCES @extschema@.division (code),
  period          daterange NOT NULL,
  sites_found     integer,
  sites_remaining integer,
  applied_on      date NOT NULL,
  contact         text,
  phone           text,
  CONSTRAINT joint_application_period_bounded CHECK (
    NOT pg_catalog.isempty(period) AND NOT pg_catalog.lower_inf(period) AND NOT pg_catalog.upper_inf(period)),
  CONSTRAINT joint_application_sites_found_not_negative CHECK (sites_found >= 0),
  CONSTRAINT joint_application_sites_remaining_not_negative CHECK (sites_remaining >= 0),
  CONSTRAINT joint_application_remaining_within_found CHECK (sites_remaining <= sites_found),
  CONSTRAINT joint_application_applied_after_sweep_began CHECK (applied_on >= pg_catalog.lower(period))
);
CREATE INDEX joint_application_township_idx ON @extschema@.joint_application (township_code, applied_on);
COMMENT ON TABLE @extschema@.joint_application IS '联合执法申请函（附件2）：劝导无果后乡镇向县打非办申请协同取缔';
COMMENT ON COLUMN @extschema@.joint_application.id IS '编号';
COMMENT ON COLUMN @extschema@.joint_application.township_code IS '申请乡镇（街道）代码';
COMMENT ON COLUMN @extschema@.joint_application.period IS '排查期间 [起, 止)';
COMMENT ON COLUMN @extschema@.joint_application.sites_found IS '发现非法行医场所数（为空则由巡查推算）';
COMMENT ON COLUMN @extschema@.joint_application.sites_remaining IS '仍不听劝告、继续行医的场所数（为空则由巡查推算）';
COMMENT ON COLUMN @extschema@.joint_application.applied_on IS '申请日期';
COMMENT ON COLUMN @extschema@.joint_application.contact IS '联系人';
COMMENT ON COLUMN @extschema@.joint_application.phone IS '联系电话';
CREATE TRIGGER joint_application_township_check BEFORE INSERT OR UPDATE OF township_code ON @extschema@.joint_application
  FOR EACH ROW EXECUTE FUNCTION @extschema@.township_code_check();

CREATE FUNCTION @extschema@.joint_application_sites(application_id bigint)
  RETURNS TABLE (site_id bigint, still_operating boolean)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT f.site_id,
         coalesce((SELECT l.operating FROM @extschema@.patrol l
                    WHERE l.site_id = f.site_id AND l.patrolled_on <= a.applied_on
                    ORDER BY l.patrolled_on DESC, l.id DESC LIMIT 1), false)
    FROM @extschema@.joint_application a,
         LATERAL (SELECT DISTINCT p.site_id FROM @extschema@.patrol p
                   WHERE p.township_code = a.township_code AND p.site_id IS NOT NULL AND p.operating
                     AND p.patrolled_on OPERATOR(pg_catalog.<@) a.period) f
   WHERE a.id = joint_application_sites.application_id
   ORDER BY f.site_id;
END;
COMMENT ON FUNCTION @extschema@.joint_application_sites(bigint) IS
  '申请函推算：排查期间内有“发现执业”巡查的场所，及其在申请日（含）前最近一次巡查是否仍在执业';

CREATE FUNCTION @extschema@.joint_application_counts(application_id bigint,
    OUT sites_found integer, OUT sites_remaining integer)
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(a.sites_found, (SELECT count(*)::integer FROM @extschema@.joint_application_sites(a.id))),
         coalesce(a.sites_remaining,
                  (SELECT count(*)::integer FROM @extschema@.joint_application_sites(a.id) s WHERE s.still_operating))
    FROM @extschema@.joint_application a WHERE a.id = joint_application_counts.application_id;
END;
COMMENT ON FUNCTION @extschema@.joint_application_counts(bigint) IS
  '申请函的发现场所数与仍在执业场所数：申请中填写的优先，为空时由巡查推算';

-- ===== joint_action, joint_action_site =====
CREATE TABLE @extschema@.joint_action (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id        bigint NOT NULL REFERENCES @extschema@.joint_application (id),
  acted_on              date NOT NULL,
  township_participated boolean NOT NULL,
  note                  text
);
CREATE INDEX joint_action_application_idx ON @extschema@.joint_action (application_id, acted_on);
COMMENT ON TABLE @extschema@.joint_action IS '县打非办组织的联合取缔打击行动（响应乡镇申请）';
COMMENT ON COLUMN @extschema@.joint_action.id IS '编号';
COMMENT ON COLUMN @extschema@.joint_action.application_id IS '所响应的联合执法申请';
COMMENT ON COLUMN @extschema@.joint_action.acted_on IS '行动日期';
COMMENT ON COLUMN @extschema@.joint_action.township_participated IS '乡镇是否组织相关部门和人员配合参与';
COMMENT ON COLUMN @extschema@.joint_action.note IS '备注';

CREATE FUNCTION @extschema@.joint_action_before() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  applied date;
BEGIN
  SELECT a.applied_on INTO applied FROM @extschema@.joint_application a WHERE a.id = NEW.application_id;
  IF NEW.acted_on < applied THEN
    RAISE EXCEPTION 'joint action on % is before its application of %', NEW.acted_on, applied
      USING ERRCODE = '23514', HINT = 'acted_on must be on or after the application''s applied_on';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.joint_action_before() IS '触发器：联合行动不能早于申请日期';
CREATE TRIGGER joint_action_before BEFORE INSERT OR UPDATE ON @extschema@.joint_action
  FOR EACH ROW EXECUTE FUNCTION @extschema@.joint_action_before();

CREATE TABLE @extschema@.joint_action_site (
  joint_action_id bigint NOT NULL REFERENCES @extschema@.joint_action (id) ON DELETE CASCADE,
  site_id         bigint NOT NULL REFERENCES @extschema@.site (id),
  PRIMARY KEY (joint_action_id, site_id)
);
CREATE INDEX joint_action_site_site_idx ON @extschema@.joint_action_site (site_id);
COMMENT ON TABLE @extschema@.joint_action_site IS '联合行动取缔的场所（登记后场所状态改为 已取缔，取缔日期为行动日期）';
COMMENT ON COLUMN @extschema@.joint_action_site.joint_action_id IS '联合行动';
COMMENT ON COLUMN @extschema@.joint_action_site.site_id IS '被取缔的场所';

CREATE FUNCTION @extschema@.joint_action_site_ban() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  act record;
  s record;
BEGIN
  SELECT j.acted_on, a.township_code INTO act
    FROM @extschema@.joint_action j JOIN @extschema@.joint_application a ON a.id = j.application_id
   WHERE j.id = NEW.joint_action_id;
  SELECT x.name, x.township_code, x.status, x.status_since, x.found_on INTO s
    FROM @extschema@.site x WHERE x.id = NEW.site_id FOR UPDATE;
  IF NOT FOUND OR act IS NULL THEN
    RETURN NULL;   -- the foreign keys report it
  END IF;
  IF s.township_code <> act.township_code THEN
    RAISE EXCEPTION 'joint action % for township % cannot ban site % "%" of township %',
                    NEW.joint_action_id, act.township_code, NEW.site_id, s.name, s.township_code
      USING ERRCODE = '23514', HINT = 'a joint action bans sites of the applying township';
  END IF;
  IF act.acted_on < s.found_on THEN
    RAISE EXCEPTION 'joint action on % is before site % "%" was found (%)', act.acted_on, NEW.site_id, s.name, s.found_on
      USING ERRCODE = '23514';
  END IF;
  IF s.status <> '已取缔' AND act.acted_on >= s.status_since THEN
    UPDATE @extschema@.site x SET status = '已取缔', closed_on = act.acted_on WHERE x.id = NEW.site_id;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.joint_action_site_ban() IS
  '触发器：联合行动取缔的场所须属申请乡镇；场所状态改为 已取缔，closed_on = 行动日期';
CREATE TRIGGER joint_action_site_ban AFTER INSERT ON @extschema@.joint_action_site
  FOR EACH ROW EXECUTE FUNCTION @extschema@.joint_action_site_ban();
