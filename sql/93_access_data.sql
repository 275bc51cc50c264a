-- §7 on the real data tables, exercised AS the unprivileged roles: clerk of 横溪镇 (A) vs 埠头镇 (B),
-- an analyst and a BI reader of the county, an admin. Expected values by hand from the data below.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;
SET client_min_messages = warning;
DO $$ BEGIN
  DROP ROLE IF EXISTS ip_t_clerk_a; DROP ROLE IF EXISTS ip_t_clerk_b; DROP ROLE IF EXISTS ip_t_analyst;
  DROP ROLE IF EXISTS ip_t_reader; DROP ROLE IF EXISTS ip_t_admin;
END $$;
CREATE ROLE ip_t_clerk_a LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_t_clerk_b LOGIN IN ROLE illegal_practice_clerk;
CREATE ROLE ip_t_analyst LOGIN IN ROLE illegal_practice_analyst;
CREATE ROLE ip_t_reader LOGIN IN ROLE illegal_practice_reader;
CREATE ROLE ip_t_admin LOGIN IN ROLE illegal_practice_admin;
GRANT USAGE ON SCHEMA regress TO illegal_practice_clerk, illegal_practice_analyst, illegal_practice_reader;
RESET client_min_messages;
INSERT INTO user_scope VALUES ('ip_t_clerk_a', '331024101'), ('ip_t_clerk_b', '331024102'),
  ('ip_t_analyst', '331024'), ('ip_t_reader', '331024'), ('ip_t_admin', '331024');
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024'), ('331024102', '埠头镇', '乡镇', '331024'),
  ('320000', '江苏省', '省', NULL), ('320100', '南京市', '市', '320000');
INSERT INTO site (township_code, name, address, phone, institution_type, found_on) VALUES
  ('331024101', '甲诊所', '横溪镇横溪村1号', '13812345678', '西医', '2020-06-01'),
  ('331024102', '乙诊所', '埠头镇埠头村2号', '0576-87797091', '中医', '2020-06-01');
INSERT INTO practitioner (site_id, name, resident_id, in_charge, qualification) VALUES
  (1, '张三丰', '331024200506151231', true, '乡村医生'), (2, '李四', '331024200002290027', true, '无');
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed) VALUES
  ('331024101', 1, '2020-06-10', '王五', true, '责令限期整改', false),
  ('331024102', 2, '2020-06-11', '赵六', true, '劝导停业', true);
INSERT INTO campaign (code, title, division_code) VALUES ('c', '方案', '331024');
INSERT INTO reporting_window (campaign_id, name, covers, due_on) VALUES (1, '1–6月', '[2020-01-01,2020-07-01)', '2020-07-15');
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024102', 1, '2.5', 1);
INSERT INTO enforcement_case (division_code, category, institution_type, subject_name, subject_address, filed_on, entered_in_system)
VALUES ('320100', '无证行医', '西医', '钱七', '南京市某区某路8号', '2019-05-01', true);
INSERT INTO case_action (case_id, kind, amount_yuan, acted_on) VALUES (1, '罚款', 20000, '2019-05-10');
CREATE FUNCTION regress.leak(t text) RETURNS boolean LANGUAGE plpgsql COST 0.0001 AS $$
BEGIN RAISE NOTICE 'leak saw: %', t; RETURN true; END $$;
GRANT EXECUTE ON FUNCTION regress.leak(text) TO PUBLIC;

-- == clerk of 横溪镇 (A): sees only A, in every table and form
SET ROLE ip_t_clerk_a;
SELECT name, phone FROM site ORDER BY id;                                  -- 甲诊所 only, unmasked
SELECT name FROM practitioner;                                             -- 张三丰
SELECT township_code, patrolled_on FROM patrol;                            -- 331024101 only
SELECT count(*) FROM site_status_history;                                  -- 1 (甲诊所 在营)
SELECT count(*) FROM assessment_fact;                                      -- 0: B's fact is invisible
SELECT count(*) FROM enforcement_case;                                     -- 0: 南京 is out of scope
SELECT seq, township, people, phone FROM form_patrol_register('331024', '[2020-06-01,2020-07-01)');  -- A's row only
SELECT name FROM site WHERE leak(name);                                    -- the leak probe sees 甲诊所 only
SELECT try($$INSERT INTO site (township_code, name, found_on) VALUES ('331024102', '越权', '2020-06-01')$$);  -- 42501
SELECT try($$UPDATE site SET phone = '1' WHERE township_code = '331024102'$$);                             -- ok, 0 rows
SELECT try($$INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences) VALUES ('331024102', 1, '2.5', 9)$$); -- 42501, not 23505
SELECT try($$INSERT INTO practitioner (site_id, name) VALUES (2, '越权')$$);                                -- 42501: B's site
SELECT try($$SELECT * FROM audit_log$$);                                   -- 42501
SELECT try($$SELECT * FROM subject$$);                                     -- 42501
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
VALUES ('331024101', 1, '2020-06-20', '王五', false, '未发现执业', false);
RESET ROLE;
SET ROLE ip_t_clerk_b;
SELECT s.name, p.patrolled_on FROM site s JOIN patrol p ON p.site_id = s.id;  -- 乙诊所 2020-06-11 only
RESET ROLE;
SELECT phone FROM site WHERE id = 2;                                       -- unchanged: 0576-87797091

-- == analyst: no base tables, masked views, masked forms
SET ROLE ip_t_analyst;
SELECT try($$SELECT * FROM site$$);                                        -- 42501
SELECT try($$SELECT * FROM practitioner$$);                                -- 42501
SELECT name, address, phone FROM site_masked ORDER BY id;                  -- first 6 characters kept: 横溪镇横溪村**, 138****5678; 埠头镇埠头村**, 0576-****7091
SELECT name, resident_id FROM practitioner_masked ORDER BY id;             -- 张**, 331024********1231; 李*, 331024********0027
SELECT inspector FROM patrol_masked ORDER BY id;                           -- 王*, 赵*, 王*
SELECT seq, township, people, address, phone FROM form_patrol_register('331024', '[2020-06-01,2020-07-01)');
SELECT township_code, deduction FROM assessment_summary('331024', 1);      -- 101: 1 (2.2b); 102: 3 + 1 (2.2b) = 4
SELECT count(*) FROM case_action_masked;                                   -- 0: 南京 is out of scope
SELECT try($$SELECT * FROM audit_log$$);                                   -- 42501
RESET ROLE;

-- == BI reader: forms and report views only
SET ROLE ip_t_reader;
SELECT institution_type, penalized_units, fine_count FROM form_unlicensed_summary('331024', '[2019-01-01,2020-01-01)') LIMIT 2;  -- zeros: out of scope
SELECT count(*) FROM report_cases_monthly;                                 -- 0
SELECT try($$SELECT * FROM site_masked$$);                                 -- 42501
SELECT try($$SELECT * FROM assessment_summary('331024', 1)$$);             -- 42501
SELECT people FROM form_patrol_register('331024101', '[2020-06-01,2020-07-01)') ORDER BY seq;  -- 张**
RESET ROLE;

-- == admin of the county: everything in the county, the audit trail
SET ROLE ip_t_admin;
SELECT count(*) FROM site;                                                 -- 2
SELECT actor, session_actor = session_user AS same_session, table_name, op
  FROM audit_log WHERE actor = 'ip_t_clerk_a' ORDER BY id;                 -- the clerk's patrol insert (+ status-history rows it caused)
SELECT try($$DELETE FROM audit_log$$);                                     -- 42501: nobody writes the log
RESET ROLE;

-- == superuser: sees every division through the definer-owned forms
SELECT institution_type, fine_count, fine_wan FROM form_unlicensed_summary('320000', '[2019-01-01,2020-01-01)') WHERE institution_type IN ('西医', '合计');  -- 1, 2.0000

-- == clean up the login roles (cluster-wide)
DELETE FROM user_scope WHERE role_name LIKE 'ip_t_%';
DROP ROLE ip_t_clerk_a; DROP ROLE ip_t_clerk_b; DROP ROLE ip_t_analyst; DROP ROLE ip_t_reader; DROP ROLE ip_t_admin;
