-- 乡镇巡查：附件1 巡查登记表、附件2 联合执法申请函、每月巡查
SET search_path = illegal_practice, pg_catalog;
\echo
\echo '== 附件1 仙居县横溪镇非法行医巡查登记表（2020年6月–9月）'
SELECT seq AS 序号, township AS 乡镇, unit_name AS 无证行医单位名称, people AS 负责人及从业人员姓名,
       address AS 行医地址, phone AS 联系电话, school AS 毕业院校, major AS 所学专业, qualification AS 从医资格,
       subjects AS 诊治科目, joint_enforcement AS 是否要联合查处, patrolled_on AS 巡查日期
  FROM form_patrol_register('331024101', '[2020-06-01,2020-10-01)');
\echo '== 附件1 CSV'
\pset format unaligned
\pset tuples_only on
SELECT form_patrol_register_csv('331024101', '[2020-06-01,2020-10-01)');
\echo
\echo '== 附件2 联合执法申请函'
SELECT joint_application_letter(id) FROM joint_application WHERE township_code = '331024101' ORDER BY id LIMIT 1;
\pset format aligned
\pset tuples_only off
\echo
\echo '== 场所状态历史（Site status history）'
SELECT s.name AS 场所, h.status AS 状态, lower(h.valid) AS 起, upper(h.valid) - 1 AS 止
  FROM site s JOIN site_status_history h ON h.site_id = s.id ORDER BY s.id, lower(h.valid);
\echo '== 2020年10月应巡未巡（已取缔或自行歇业场所）'
SELECT township AS 乡镇, site_name AS 场所, status AS 状态, closed_since AS 停业日期, due_on AS 截止
  FROM monthly_patrol_obligations('331024', '2020-10-01');
