-- Site status from patrols in date order, whatever the arrival order (spec v3 §2).
-- Every site below receives the SAME six patrols (or the same story), entered in a different way; the
-- expected status and history were computed BY HAND by applying the patrols in date order:
--   p1 01-06 operating 责令限期整改 · p2 03-16 operating 已取缔 → 已取缔 from 03-16 · p3 04-10 not operating ·
--   p4 05-10 operating (no outcome) → reopened 在营 from 05-10 · p5 06-10 operating 劝导停业 ·
--   p6 07-10 operating 已取缔 → 已取缔 from 07-10
--   history: 在营 [01-06,03-16) | 已取缔 [03-16,05-10) | 在营 [05-10,07-10) | 已取缔 [07-10,)
--   site: status 已取缔, closed_on 2020-07-10, status_since 2020-07-10
CALL regress.fresh();
SET search_path = illegal_practice, regress, public;
SET datestyle = ISO;
INSERT INTO division VALUES ('330000', '浙江省', '省', NULL), ('331000', '台州市', '市', '330000'),
  ('331024', '仙居县', '县', '331000'), ('331024101', '横溪镇', '乡镇', '331024');
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES
  (1, '331024101', '逐条录入', '2020-01-06'), (2, '331024101', '一次倒序', '2020-01-06'),
  (3, '331024101', 'COPY乱序', '2020-01-06'), (4, '331024101', '补录旧巡查', '2020-01-06'),
  (5, '331024101', '更正结果', '2020-01-06'), (6, '331024101', '删除误录', '2020-01-06'),
  (7, '331024101', '改期', '2020-01-06');
CREATE VIEW regress.story AS
  SELECT s.id, s.name, s.status, s.closed_on, s.status_since,
         (SELECT string_agg(h.status || ' ' || h.valid, ' | ' ORDER BY lower(h.valid))
            FROM site_status_history h WHERE h.site_id = s.id) AS history
    FROM site s;

-- == 1: one per statement, in date order
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-01-06', true, '责令限期整改');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-03-16', true, '已取缔');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-04-10', false, '未发现执业');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-05-10', true, NULL);
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-06-10', true, '劝导停业');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-07-10', true, '已取缔');
-- == 2: one multi-row INSERT, in reverse date order
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (2, '2020-07-10', true, '已取缔'), (2, '2020-06-10', true, '劝导停业'), (2, '2020-05-10', true, NULL),
  (2, '2020-04-10', false, '未发现执业'), (2, '2020-03-16', true, '已取缔'), (2, '2020-01-06', true, '责令限期整改');
-- == 3: COPY, shuffled
COPY patrol (site_id, patrolled_on, operating, outcome) FROM stdin;
3	2020-05-10	t	\N
3	2020-01-06	t	责令限期整改
3	2020-07-10	t	已取缔
3	2020-04-10	f	未发现执业
3	2020-06-10	t	劝导停业
3	2020-03-16	t	已取缔
\.
-- == 4: the later patrols first, the 03-16 ban back-filled afterwards
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (4, '2020-01-06', true, '责令限期整改'), (4, '2020-04-10', false, '未发现执业'), (4, '2020-05-10', true, NULL),
  (4, '2020-06-10', true, '劝导停业'), (4, '2020-07-10', true, '已取缔');
SELECT status, history FROM regress.story WHERE id = 4;
-- before the back-fill: 已取缔 | 在营 [01-06,07-10) | 已取缔 [07-10,) (04-10 finds it not operating: nothing to change)
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (4, '2020-03-16', true, '已取缔');
-- == 5: entered with a wrong outcome on 03-16, corrected by UPDATE
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (5, '2020-01-06', true, '责令限期整改'), (5, '2020-03-16', true, '拒不整改'), (5, '2020-04-10', false, '未发现执业'),
  (5, '2020-05-10', true, NULL), (5, '2020-06-10', true, '劝导停业'), (5, '2020-07-10', true, '已取缔');
UPDATE patrol SET outcome = '已取缔' WHERE site_id = 5 AND patrolled_on = '2020-03-16';
-- == 6: an extra ban typed by mistake (02-01), deleted again
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (6, '2020-07-10', true, '已取缔'), (6, '2020-02-01', true, '已取缔'), (6, '2020-06-10', true, '劝导停业'),
  (6, '2020-05-10', true, NULL), (6, '2020-04-10', false, '未发现执业'), (6, '2020-03-16', true, '已取缔'),
  (6, '2020-01-06', true, '责令限期整改');
SELECT history FROM regress.story WHERE id = 6;
-- with the mistake: 在营 [01-06,02-01) | 已取缔 [02-01,05-10) | 在营 [05-10,07-10) | 已取缔 [07-10,)
DELETE FROM patrol WHERE site_id = 6 AND patrolled_on = '2020-02-01';
-- == 7: the ban entered with a wrong date (08-20, after everything), re-dated to 03-16
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (7, '2020-01-06', true, '责令限期整改'), (7, '2020-08-20', true, '已取缔'), (7, '2020-04-10', false, '未发现执业'),
  (7, '2020-05-10', true, NULL), (7, '2020-06-10', true, '劝导停业'), (7, '2020-07-10', true, '已取缔');
UPDATE patrol SET patrolled_on = '2020-03-16' WHERE site_id = 7 AND patrolled_on = '2020-08-20';

-- == all seven are the same
SELECT id, name, status, closed_on, status_since, history FROM regress.story ORDER BY id;
-- each: 已取缔 2020-07-10 2020-07-10 在营 [2020-01-06,2020-03-16) | 已取缔 [2020-03-16,2020-05-10) | 在营 [2020-05-10,2020-07-10) | 已取缔 [2020-07-10,)
SELECT count(DISTINCT (status, closed_on, status_since, history)) AS distinct_stories FROM regress.story;   -- 1

-- == status set by hand stays as entered; later patrols apply after it, earlier ones before it
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES
  (11, '331024101', '手工停业后巡查', '2020-01-06'), (12, '331024101', '手工停业前补录', '2020-01-06');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (11, '2020-01-06', true, '劝导停业');
UPDATE site SET status = '自行歇业', closed_on = '2020-02-01' WHERE id = 11;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES
  (11, '2020-07-10', true, '已取缔'), (11, '2020-05-10', true, NULL), (11, '2020-03-16', true, '已取缔');
SELECT status, closed_on, history FROM regress.story WHERE id = 11;
-- 已取缔 2020-07-10 在营 [01-06,02-01) | 自行歇业 [02-01,03-16) | 已取缔 [03-16,05-10) | 在营 [05-10,07-10) | 已取缔 [07-10,)
UPDATE site SET status = '自行歇业', closed_on = '2020-05-01' WHERE id = 12;
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (12, '2020-03-16', true, '已取缔');   -- back-filled, before the hand-set date
SELECT status, closed_on, history FROM regress.story WHERE id = 12;
-- 自行歇业 2020-05-01 在营 [01-06,03-16) | 已取缔 [03-16,05-01) | 自行歇业 [05-01,)
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (12, '2020-06-01', false, '未发现执业'), (12, '2020-06-15', true, NULL);
SELECT status, closed_on, status_since, history FROM regress.story WHERE id = 12;
-- found operating 06-15: 在营 NULL 2020-06-15 … | 自行歇业 [05-01,06-15) | 在营 [06-15,)

-- == a joint action's ban is an event in date order too (back-filled patrols before it do not undo it)
INSERT INTO site (id, township_code, name, found_on) OVERRIDING SYSTEM VALUE VALUES (13, '331024101', '联合取缔', '2020-04-01');
INSERT INTO joint_application (id, township_code, period, applied_on) OVERRIDING SYSTEM VALUE VALUES (1, '331024101', '[2020-04-01,2020-04-15)', '2020-04-15');
INSERT INTO joint_action (id, application_id, acted_on, township_participated) OVERRIDING SYSTEM VALUE VALUES (1, 1, '2020-04-25', true);
INSERT INTO joint_action_site VALUES (1, 13);
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (13, '2020-05-06', false, NULL), (13, '2020-04-10', true, '拒不整改'), (13, '2020-04-01', true, '劝导停业');
SELECT status, closed_on, history FROM regress.story WHERE id = 13;
-- 已取缔 2020-04-25 在营 [04-01,04-25) | 已取缔 [04-25,)
UPDATE joint_action SET acted_on = '2020-04-28' WHERE id = 1;
SELECT closed_on, history FROM regress.story WHERE id = 13;   -- 2020-04-28 在营 [04-01,04-28) | 已取缔 [04-28,)
DELETE FROM joint_action_site WHERE joint_action_id = 1;
SELECT status, closed_on, history FROM regress.story WHERE id = 13;   -- 在营 NULL 在营 [04-01,)

-- == an inserted-closed site keeps its closing; a patrol finding it operating reopens it in date order
INSERT INTO site (id, township_code, name, status, found_on, closed_on) OVERRIDING SYSTEM VALUE VALUES
  (14, '331024101', '录入即停业', '已停业', '2020-01-05', '2020-01-20');
INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (14, '2020-03-01', true, NULL), (14, '2020-02-01', false, NULL);
SELECT status, closed_on, history FROM regress.story WHERE id = 14;
-- 在营 NULL 在营 [01-05,01-20) | 已停业 [01-20,03-01) | 在营 [03-01,)

-- == the history stays exact for every site
SELECT count(*) AS bad FROM site s
 WHERE (SELECT h.status FROM site_status_history h WHERE h.site_id = s.id AND upper_inf(h.valid)) IS DISTINCT FROM s.status
    OR EXISTS (SELECT 1 FROM (SELECT h.valid, lag(upper(h.valid)) OVER (ORDER BY lower(h.valid)) AS pu,
                                     lag(h.status) OVER (ORDER BY lower(h.valid)) AS ps, h.status
                                FROM site_status_history h WHERE h.site_id = s.id) x
                WHERE (x.pu IS NOT NULL AND x.pu <> lower(x.valid)) OR x.ps = x.status);   -- 0

-- == wrong input is still refused, in any order
SELECT try($$INSERT INTO patrol (site_id, patrolled_on, operating, outcome) VALUES (1, '2020-08-01', true, NULL), (1, '2019-12-31', true, NULL)$$);   -- 23514 before found 01-06
SELECT try($$UPDATE patrol SET site_id = 99 WHERE site_id = 1$$);                                                                                     -- 23503 no site 99
SELECT count(*) AS unchanged FROM patrol WHERE site_id = 1;                                                                                           -- 6
