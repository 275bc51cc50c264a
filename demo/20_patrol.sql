-- 乡镇巡查：各阶段巡查统计、附件1 巡查登记表、附件2 联合执法申请函、场所状态、每月巡查
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 仙居县各乡镇巡查次数（三个阶段；阶段有重叠，9月、11月分别计入两个阶段）'
SELECT d.name AS 乡镇,
       count(*) FILTER (WHERE p.patrolled_on < '2020-06-01') AS "方案前(1–5月)",
       count(*) FILTER (WHERE p.patrolled_on <@ s1.period) AS 巡查复查阶段,
       count(*) FILTER (WHERE p.patrolled_on <@ s2.period) AS 取缔打击阶段,
       count(*) FILTER (WHERE p.patrolled_on <@ s3.period) AS 常态巡查阶段,
       count(*) FILTER (WHERE p.operating) AS 发现执业,
       count(DISTINCT p.site_id) AS 场所数
  FROM division d JOIN patrol p ON p.township_code = d.code
  JOIN campaign c ON c.code = '仙打非办〔2020〕1号'
  JOIN campaign_stage s1 ON s1.campaign_id = c.id AND s1.ordinal = 1
  JOIN campaign_stage s2 ON s2.campaign_id = c.id AND s2.ordinal = 2
  JOIN campaign_stage s3 ON s3.campaign_id = c.id AND s3.ordinal = 3
 GROUP BY d.code, d.name ORDER BY d.code;
\echo '== 附件1 仙居县横溪镇非法行医巡查登记表（巡查复查阶段 2020年6月–9月）'
SELECT seq AS 序号, township AS 乡镇, unit_name AS 无证行医单位名称, people AS 负责人及从业人员姓名,
       address AS 行医地址, phone AS 联系电话, school AS 毕业院校, major AS 所学专业, qualification AS 从医资格,
       subjects AS 诊治科目, joint_enforcement AS 是否要联合查处, patrolled_on AS 巡查日期
  FROM form_patrol_register('331024101', '[2020-06-01,2020-10-01)');
\echo '== 附件1 CSV（安洲街道，2020年7–8月）'
\pset format unaligned
\pset tuples_only on
SELECT form_patrol_register_csv('331024001', '[2020-07-01,2020-09-01)');
\echo
\echo '== 附件2 联合执法申请函（安洲街道）'
SELECT joint_application_letter(id) FROM joint_application WHERE township_code = '331024001' ORDER BY id LIMIT 1;
\pset format aligned
\pset tuples_only off
\echo
\echo '== 联合执法申请与县级联合行动（Joint applications and actions）'
SELECT d.name AS 乡镇, a.applied_on AS 申请日期, (joint_application_counts(a.id)).sites_found AS 发现家数,
       (joint_application_counts(a.id)).sites_remaining AS 仍在执业, j.acted_on AS 行动日期,
       CASE WHEN j.township_participated THEN '是' ELSE '否' END AS 乡镇参与,
       (SELECT string_agg(s.name, '、') FROM joint_action_site x JOIN site s ON s.id = x.site_id WHERE x.joint_action_id = j.id) AS 取缔场所
  FROM joint_application a JOIN division d ON d.code = a.township_code
  LEFT JOIN joint_action j ON j.application_id = a.id
 ORDER BY a.applied_on, a.id;
\echo '== 场所状态（Site status, 仙居县）'
SELECT status AS 状态, count(*) AS 场所数 FROM site GROUP BY status ORDER BY status;
\echo '== 场所状态历史（横溪镇、福应街道）'
SELECT s.name AS 场所, h.status AS 状态, lower(h.valid) AS 起, upper(h.valid) - 1 AS 止
  FROM site s JOIN site_status_history h ON h.site_id = s.id
 WHERE s.township_code IN ('331024101', '331024003') ORDER BY s.id, lower(h.valid);
\echo '== 每月巡查：2020年6–11月应巡未巡（已取缔或自行歇业场所）'
SELECT township AS 乡镇, site_name AS 场所, status AS 状态, closed_since AS 停业日期, month AS 月份, due_on AS 截止
  FROM patrol_obligations('331024', '[2020-06-01,2020-12-01)') WHERE patrolled_on IS NULL;
