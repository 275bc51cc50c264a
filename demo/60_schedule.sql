-- 阶段报告、期限与定时任务（Stage reports, deadlines and the pg_cron schedule）
SET search_path = illegal_practice, pg_catalog;
CREATE EXTENSION IF NOT EXISTS pg_cron;   -- the demo database is the cluster's cron.database_name
\echo
\echo '== 定时任务：每天北京时间 00:05（UTC 16:05）运行 tick()（The pg_cron job）'
SELECT schedule_jobs() IS NOT NULL AS 已登记;
SELECT jobname AS 任务, schedule AS 时间表_UTC, command AS 命令, database AS 数据库, username AS 运行身份
  FROM cron.job WHERE jobname = 'illegal_practice_tick';

\echo '== tick()：按样例日期逐日补做阶段快照（tick for the sample dates）'
SELECT bool_and(EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname = 'form_' || f
                          AND p.pronamespace = 'illegal_practice'::regnamespace)) AS forms_ready
  FROM unnest(known_forms()) f \gset
\if :forms_ready
SELECT d AS 业务日期, t.stage AS 阶段, t.form AS 汇总表, min(t.division_code) AS 发文区划,
       count(*) - 1 AS 下级报送单位数, sum(t.rows) AS 行数
  FROM unnest(ARRAY['2019-05-01', '2019-09-01', '2020-01-01', '2020-10-01', '2020-12-01', '2021-07-01']::date[]) d,
       LATERAL tick(d) t
 GROUP BY d, t.stage_id, t.stage, t.form ORDER BY d, t.stage_id, t.form;
SELECT * FROM tick();   -- 今天：已全部完成，不再写入
SELECT c.code AS 文号, s.name AS 阶段, r.form AS 汇总表, count(*) AS 报送单位数, min(r.as_of) AS 生成日期,
       sum(jsonb_array_length(r.payload)) AS 行数
  FROM stage_report r JOIN campaign_stage s ON s.id = r.stage_id JOIN campaign c ON c.id = s.campaign_id
 GROUP BY c.code, s.id, s.name, s.period, r.form
 ORDER BY upper(s.period), s.id, r.form;
\echo '== 南京市的附表1（监督检查阶段快照；each city has its own snapshot）'
SELECT e ->> 'institution_type' AS 机构类型, e ->> 'penalized_units' AS 行政处罚单位数,
       e ->> 'confiscation_count' AS 没收违法所得户次, e ->> 'confiscation_wan' AS "没收违法所得金额（万元）",
       e ->> 'fine_count' AS 罚款户次, e ->> 'fine_wan' AS "罚款金额（万元）", e ->> 'ban_count' AS 取缔户次,
       e ->> 'transferred_cases' AS 移送案件数, e ->> 'court_judgments' AS 法院判决案件数,
       e ->> 'persons_held_accountable' AS 因无证行医追责人数, e ->> 'cases_entered' AS 信息系统录入情况
  FROM stage_report r JOIN campaign_stage s ON s.id = r.stage_id AND s.name = '监督检查阶段',
       LATERAL jsonb_array_elements(r.payload) WITH ORDINALITY AS x(e, n)
 WHERE r.form = 'unlicensed_summary' AND r.division_code = '320100'
 ORDER BY x.n;
\echo '== 仙居县阶段汇总表（巡查复查阶段快照，县级）'
SELECT e ->> 'township' AS 乡镇, e ->> 'patrols' AS 巡查, e ->> 'sites_operating' AS 发现执业,
       e ->> 'persuaded_count' AS 劝导停业, e ->> 'refused_count' AS 拒不整改, e ->> 'banned_sites' AS 取缔,
       e ->> 'joint_applications' AS 申请, e ->> 'closed_site_visits_owed' AS 应巡查月次,
       e ->> 'closed_site_visits_made' AS 已巡查月次
  FROM stage_report r JOIN campaign_stage s ON s.id = r.stage_id AND s.name = '巡查复查阶段',
       LATERAL jsonb_array_elements(r.payload) WITH ORDINALITY AS x(e, n)
 WHERE r.form = 'patrol_summary' AND r.division_code = '331024'
 ORDER BY x.n;
\else
\echo '（本构建尚未包含全部汇总表函数，跳过 tick；forms not in this build yet, tick skipped）'
\endif

\echo '== 期限一览（Deadlines on 2020-10-12, by kind and status）'
SELECT kind AS 类别, status AS 状态, count(*) AS 件数
  FROM deadlines('2020-10-12') GROUP BY kind, status ORDER BY kind, status;
\echo '== 需要关注的期限（已逾期、即将到期，2020-10-12）'
SELECT d.division_code AS 区划, v.name AS 名称, d.kind AS 类别, d.reference AS 事项, d.due_on AS 截止, d.status AS 状态
  FROM deadlines('2020-10-12') d LEFT JOIN division v ON v.code = d.division_code
 WHERE d.status IN ('已逾期', '即将到期') AND d.due_on >= '2020-09-01'
 ORDER BY d.due_on, d.division_code LIMIT 25;
\echo '== 定时任务运行记录（Job history）'
SELECT job_name AS 任务, status AS 状态, return_message AS 信息, run_on AS 日期 FROM job_history LIMIT 5;
