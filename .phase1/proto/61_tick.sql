-- 61_tick.sql — tick(): the daily job. Snapshots each ended stage's forms into stage_report once,
-- catching up every stage missed while the server was down (spec §6).

CREATE FUNCTION @extschema@.form_payload(form text, division_code text, period daterange, prior daterange DEFAULT NULL)
  RETURNS jsonb
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  fn text := 'form_' || form;
  result jsonb;
BEGIN
  IF form IS NULL OR NOT form OPERATOR(pg_catalog.=) ANY (@extschema@.known_forms()) THEN
    RAISE EXCEPTION 'unknown form "%"', form
      USING ERRCODE = '22023', HINT = 'forms are named without form_: ' || array_to_string(@extschema@.known_forms(), ', ');
  END IF;
  IF form OPERATOR(pg_catalog.=) ANY (ARRAY['beauty_lookback', 'repeat_offenders']) THEN
    IF prior IS NULL THEN
      RAISE EXCEPTION 'form % needs the prior period', form
        USING ERRCODE = '22004', HINT = 'set campaign.lookback_prior, e.g. [2017-01-01,2019-01-01)';
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.proname OPERATOR(pg_catalog.=) fn
                    AND p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::regnamespace) THEN
    RAISE EXCEPTION 'form function @extschema@.% does not exist', fn
      USING ERRCODE = '42883', HINT = 'install the extension version that provides this form, or remove it from campaign.forms';
  END IF;
  IF form OPERATOR(pg_catalog.=) ANY (ARRAY['beauty_lookback', 'repeat_offenders']) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) OPERATOR(pg_catalog.-) %L ORDER BY f.ordinality), %L::jsonb)'
                   ' FROM %I.%I($1, $2, $3) WITH ORDINALITY AS f', 'ordinality', '[]', '@extschema@', fn)
      INTO result USING division_code, prior, period;
  ELSE
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) OPERATOR(pg_catalog.-) %L ORDER BY f.ordinality), %L::jsonb)'
                   ' FROM %I.%I($1, $2) WITH ORDINALITY AS f', 'ordinality', '[]', '@extschema@', fn)
      INTO result USING division_code, period;
  END IF;
  RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.form_payload(text, text, daterange, daterange) IS
  '按名称调用汇总表函数 form_<form>(区划, 期间) 或 form_<form>(区划, 前期, 本期)，返回各行按表中顺序组成的 JSON 数组';

CREATE FUNCTION @extschema@.tick(as_of date DEFAULT @extschema@.today())
  RETURNS TABLE (stage_id bigint, campaign_code text, stage text, form text, division_code text, rows integer)
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  d date := $1;
  t date := @extschema@.today();
  s record;
  f text;
  dv text;
  written integer;
  pending integer;
  p jsonb;
  st text; m text; dt text; h text;
BEGIN
  IF d IS NULL THEN
    RAISE EXCEPTION 'tick needs a date' USING ERRCODE = '22004', HINT = 'call tick() for today, or tick(''2020-10-01'') for a past date';
  END IF;
  IF d > t THEN
    RAISE EXCEPTION 'as_of % is after today (%)', d, t
      USING ERRCODE = '22023',
            DETAIL = 'today is taken in time zone ' ||
                     coalesce(nullif(current_setting('illegal_practice.timezone', true), ''), 'Asia/Shanghai'),
            HINT = 'a stage can only be snapshotted once it has ended; pass today or an earlier date';
  END IF;
  -- one tick at a time: a second caller waits here, then finds the snapshots already written
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('illegal_practice.tick'));
  -- catching up more than one stage (the server was down): a NOTICE per stage reports the progress
  SELECT count(*) INTO pending
    FROM @extschema@.campaign_stage cs JOIN @extschema@.campaign c ON c.id = cs.campaign_id
   WHERE pg_catalog.upper(cs.period) <= d
     AND EXISTS (SELECT 1 FROM pg_catalog.unnest(c.forms) fm (name)
                  CROSS JOIN (SELECT c.division_code AS code UNION ALL
                              SELECT x.code FROM @extschema@.division x WHERE x.parent_code = c.division_code) dv
                  WHERE NOT EXISTS (SELECT 1 FROM @extschema@.stage_report r
                                     WHERE r.stage_id = cs.id AND r.form = fm.name AND r.division_code = dv.code));
  FOR s IN
    SELECT cs.id, cs.name, cs.period, c.code, c.division_code AS scope, c.forms, c.lookback_prior
      FROM @extschema@.campaign_stage cs JOIN @extschema@.campaign c ON c.id = cs.campaign_id
     WHERE pg_catalog.upper(cs.period) <= d
     ORDER BY pg_catalog.upper(cs.period), cs.id
  LOOP
    written := 0;
    FOREACH f IN ARRAY s.forms LOOP
      -- the submitters: the campaign's division and each division whose parent it is (仙居's townships,
      -- 江苏's cities; each 市卫生健康委 stamps its own 附表)
      FOR dv IN SELECT x.code FROM (SELECT 0 AS o, s.scope AS code
                                    UNION ALL
                                    SELECT 1, c.code FROM @extschema@.division c WHERE c.parent_code = s.scope) x
                 ORDER BY x.o, x.code LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM @extschema@.stage_report r
                               WHERE r.stage_id = s.id AND r.form = f AND r.division_code = dv);
        BEGIN
          p := @extschema@.form_payload(f, dv, s.period, s.lookback_prior);
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, dt = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
          RAISE EXCEPTION 'form % of stage % (%, %) for division % failed: %', f, s.id, s.code, s.name, dv, m
            USING ERRCODE = st, DETAIL = coalesce(nullif(dt, ''), 'no snapshot was written by this tick'),
                  HINT = coalesce(nullif(h, ''), 'fix the form or the data and run tick() again');
        END;
        INSERT INTO @extschema@.stage_report AS r (stage_id, form, division_code, as_of, payload)
        VALUES (s.id, f, dv, d, p)
        ON CONFLICT ON CONSTRAINT stage_report_stage_id_form_division_code_key DO NOTHING;
        IF FOUND THEN
          written := written + 1;
          stage_id := s.id; campaign_code := s.code; stage := s.name; form := f;
          division_code := dv; rows := pg_catalog.jsonb_array_length(p);
          RETURN NEXT;
        END IF;
      END LOOP;
    END LOOP;
    IF written > 0 AND pending > 1 THEN
      RAISE NOTICE 'tick: stage % % of % (ended %): % snapshot(s) written', s.id, s.name, s.code, upper(s.period) - 1, written;
    END IF;
  END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.tick(date) IS
  '每日任务：对截至 as_of 已结束（upper(period) ≤ as_of）的每个阶段，按阶段结束日、编号顺序，把专项行动的每张汇总表（阶段期间）按报送单位——发文单位辖区及其每个直接下级区划（仙居各乡镇、江苏各市）——快照写入 stage_report，只写一次；补做多个阶段时每个阶段给出一条 NOTICE（进度）；补做停机期间错过的阶段；单一事务、咨询锁串行、可重复执行；as_of 不得晚于 today()；返回本次写入的快照';
