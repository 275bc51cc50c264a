-- 67_cron.sql — the pg_cron job illegal_practice_tick (spec §6) and its run history for analysts.
-- pg_cron is optional: nothing here needs it at CREATE EXTENSION time; the functions look for it
-- when called and say what to do when it is missing or lives in another database.

CREATE FUNCTION @extschema@.cron_ready() RETURNS boolean
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'pg_cron');
END $$;
COMMENT ON FUNCTION @extschema@.cron_ready() IS '本数据库是否已安装 pg_cron 扩展';

CREATE FUNCTION @extschema@.cron_require() RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cron_db text := nullif(current_setting('cron.database_name', true), '');
  loaded boolean := current_setting('shared_preload_libraries') ~ '(^|[ ,])pg_cron($|[ ,])';
  here text := current_database();
BEGIN
  IF @extschema@.cron_ready() THEN
    RETURN;
  END IF;
  IF NOT loaded THEN
    RAISE EXCEPTION 'pg_cron is not loaded in this server'
      USING ERRCODE = '55000',
            HINT = format('add pg_cron to shared_preload_libraries, set cron.database_name = %L and '
                          'cron.use_background_workers = on in postgresql.conf, restart the server, '
                          'then run CREATE EXTENSION pg_cron in database %s', here, here);
  ELSIF cron_db IS NOT NULL AND cron_db <> here THEN
    RAISE EXCEPTION 'pg_cron runs in database "%", not in "%"', cron_db, here
      USING ERRCODE = '55000',
            DETAIL = 'pg_cron keeps its jobs in the one database named by cron.database_name',
            HINT = format('either set cron.database_name = %L and restart, or connect to database %s and run '
                          'SELECT cron.schedule_in_database(%L, %L, %L, %L)',
                          here, cron_db, 'illegal_practice_tick', '5 16 * * *', 'SELECT @extschema@.tick()', here);
  ELSE
    RAISE EXCEPTION 'pg_cron is not installed in database "%"', here
      USING ERRCODE = '55000', HINT = 'run CREATE EXTENSION pg_cron in this database (as a superuser)';
  END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_require() IS '检查 pg_cron 是否可用；不可用时报错并提示如何安装或改用哪个数据库';

CREATE FUNCTION @extschema@.schedule_jobs(schedule text DEFAULT '5 16 * * *') RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  owner text;
  job bigint;
  st text; m text;
BEGIN
  PERFORM @extschema@.cron_require();
  IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) current_user) THEN
    RAISE EXCEPTION 'role % cannot schedule the tick job', current_user
      USING ERRCODE = '42501',
            DETAIL = 'the job runs as the extension owner so that it sees every division',
            HINT = 'call schedule_jobs() as a superuser (e.g. the role that created the extension)';
  END IF;
  SELECT r.rolname INTO owner
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) e.extowner
   WHERE e.extname OPERATOR(pg_catalog.=) 'illegal_practice';
  -- one job: drop whatever jobs carry the name (whoever scheduled them), then schedule anew
  PERFORM cron.unschedule(j.jobid) FROM cron.job j WHERE j.jobname OPERATOR(pg_catalog.=) 'illegal_practice_tick';
  BEGIN
    job := cron.schedule_in_database('illegal_practice_tick', schedule, 'SELECT @extschema@.tick()',
                                     current_database(), owner, true);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
    IF m ~* 'schedule' THEN
      RAISE EXCEPTION 'invalid cron schedule "%"', schedule
        USING ERRCODE = '22023', DETAIL = m,
              HINT = 'five fields in UTC: minute hour day month weekday, e.g. ''5 16 * * *'' = 00:05 Beijing time';
    END IF;
    RAISE EXCEPTION '%', m USING ERRCODE = st;
  END;
  RETURN job;
END $$;
COMMENT ON FUNCTION @extschema@.schedule_jobs(text) IS
  '登记 pg_cron 任务 illegal_practice_tick（默认 ''5 16 * * *''，即 UTC 16:05 = 北京时间 00:05）执行 SELECT illegal_practice.tick()；重复调用只保留一个任务；任务以扩展所有者身份运行；返回任务编号';

CREATE FUNCTION @extschema@.unschedule_jobs() RETURNS integer
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n integer := 0;
  j bigint;
BEGIN
  IF NOT @extschema@.cron_ready() THEN
    RETURN 0;
  END IF;
  FOR j IN SELECT c.jobid FROM cron.job c WHERE c.jobname OPERATOR(pg_catalog.=) 'illegal_practice_tick' LOOP
    PERFORM cron.unschedule(j);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.unschedule_jobs() IS '取消 pg_cron 任务 illegal_practice_tick；返回取消的任务数（未安装 pg_cron 时为 0）';

CREATE FUNCTION @extschema@.job_history_rows()
  RETURNS TABLE (jobid bigint, runid bigint, job_name text, command text, status text, return_message text,
                 start_time timestamptz, end_time timestamptz, run_on date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
  IF NOT @extschema@.cron_ready() THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT d.jobid, d.runid, j.jobname::text, d.command, d.status, d.return_message, d.start_time, d.end_time,
         (d.start_time AT TIME ZONE @extschema@.setting('timezone'))::date
    FROM cron.job_run_details d LEFT JOIN cron.job j ON j.jobid = d.jobid
   WHERE j.jobname = 'illegal_practice_tick' OR d.command ~ 'illegal_practice\.tick\('
   ORDER BY d.start_time DESC NULLS FIRST, d.runid DESC;
END $$;
COMMENT ON FUNCTION @extschema@.job_history_rows() IS
  'illegal_practice 定时任务的运行记录（读 cron.job_run_details，只含本扩展的任务；未安装 pg_cron 时为空）';

CREATE VIEW @extschema@.job_history AS
  SELECT jobid, runid, job_name, command, status, return_message, start_time, end_time, run_on
    FROM @extschema@.job_history_rows();
COMMENT ON VIEW @extschema@.job_history IS '定时任务运行记录（最新在前）：每次 tick 的开始、结束时间与结果';
COMMENT ON COLUMN @extschema@.job_history.jobid IS '任务编号';
COMMENT ON COLUMN @extschema@.job_history.runid IS '运行编号';
COMMENT ON COLUMN @extschema@.job_history.job_name IS '任务名称（任务已取消时为空）';
COMMENT ON COLUMN @extschema@.job_history.command IS '执行的命令';
COMMENT ON COLUMN @extschema@.job_history.status IS '状态：starting、running、sending、connecting、succeeded、failed';
COMMENT ON COLUMN @extschema@.job_history.return_message IS '返回信息或错误信息';
COMMENT ON COLUMN @extschema@.job_history.start_time IS '开始时间';
COMMENT ON COLUMN @extschema@.job_history.end_time IS '结束时间';
COMMENT ON COLUMN @extschema@.job_history.run_on IS '运行日期（按 illegal_practice.timezone，默认北京时间）';
