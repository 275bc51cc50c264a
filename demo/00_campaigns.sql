-- 专项行动、阶段与报送截止日
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 专项行动与阶段（Campaigns, stages and report due dates）'
SELECT c.code AS 文号, s.ordinal AS 序号, s.name AS 阶段, lower(s.period) AS 开始,
       upper(s.period) - 1 AS 结束, stage_report_due(s.id) AS 报送截止,
       CASE WHEN s.report_due_on IS NOT NULL THEN '明确日期'
            WHEN s.report_due_workdays IS NOT NULL THEN s.report_due_workdays || '个工作日内' END AS 规则
  FROM campaign c JOIN campaign_stage s ON s.campaign_id = c.id
 ORDER BY c.issued_on, s.ordinal;
\echo '== 考核资料报送期（Reporting windows）'
SELECT c.code AS 文号, w.name AS 期间, lower(w.covers) AS 开始, upper(w.covers) - 1 AS 结束, w.due_on AS 截止
  FROM campaign c JOIN reporting_window w ON w.campaign_id = c.id ORDER BY w.due_on;
\echo '== 行政区划（Divisions）'
SELECT level AS 级别, count(*) AS 数量, string_agg(name, '、' ORDER BY code) AS 名称
  FROM division GROUP BY level ORDER BY level;
