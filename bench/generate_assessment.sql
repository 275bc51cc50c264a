-- Deterministic data for benchmark 4 (assessment_summary); no random(): every value is a function
-- of the row number. Usage (as a superuser, into a database with the extension):
--   psql -v townships=1000 -f bench/generate_assessment.sql
-- Variables (all optional): townships (1000), sites (sites per township, 30), province (2 digits, 36).
-- Divisions: province PP0000; cities PPcc00 of 5 counties each; counties PPcckk of 20 townships each
-- (the last county may have fewer); townships PPcckk001 … PPcckk020. The first county, PP0101, is
-- "the county of 20 townships". One campaign (rule_set xianju2020) with the reporting window '2020年'
-- covering [2020-01-01, 2021-01-01), due 2021-01-15, and a half-year window '1–6月'.
-- A year of patrols (2020): every site about monthly (from its found_on on), one area sweep per
-- township per month, register submissions, joint applications and actions, incidents, a few
-- manual facts. Township n behaves by n (on time or late, persuades or not, skips months …) so
-- the derived rules 2.2a–2.4, 2.7a/b all fire somewhere and the ranking is not one big tie.
-- Per-row triggers are off (session_replication_role = replica); what they would have written is
-- written here: site.status/closed_on/status_since and site_status_history (as if each site were
-- inserted on found_on and its patrols and closures recorded in date order), patrol.township_code.
\set ON_ERROR_STOP 1
\if :{?townships}
\else
\set townships 1000
\endif
\if :{?sites}
\else
\set sites 30
\endif
\if :{?province}
\else
\set province 36
\endif
SET search_path = illegal_practice, pg_catalog;
SET session_replication_role = replica;

-- ===== divisions =====
CREATE TEMP TABLE bt AS   -- townships: n = 0 … townships-1
  SELECT n, :'province' || lpad((k / 5 + 1)::text, 2, '0') || lpad((k % 5 + 1)::text, 2, '0') AS county,
         :'province' || lpad((k / 5 + 1)::text, 2, '0') || lpad((k % 5 + 1)::text, 2, '0')
           || lpad((n % 20 + 1)::text, 3, '0') AS code
    FROM generate_series(0, :townships - 1) n, LATERAL (SELECT n / 20 AS k) x;
INSERT INTO division (code, name, level, parent_code) VALUES (:'province' || '0000', '示例省' || :'province', '省', NULL);
INSERT INTO division (code, name, level, parent_code)
SELECT DISTINCT left(county, 4) || '00', '示例市' || left(county, 4), '市'::division_level, :'province' || '0000' FROM bt;
INSERT INTO division (code, name, level, parent_code)
SELECT DISTINCT county, '示例县' || county, '县'::division_level, left(county, 4) || '00' FROM bt;
INSERT INTO division (code, name, level, parent_code)
SELECT code, '示例乡镇' || n, '乡镇', county FROM bt;

-- ===== campaign, reporting windows =====
INSERT INTO campaign (code, title, issuer, division_code, issued_on, rule_set)
VALUES ('示例打非办〔2020〕1号', '示例省2020年打击非法行医专项行动（基准数据）', '示例省打非办', :'province' || '0000',
        DATE '2020-01-01', 'xianju2020');
INSERT INTO reporting_window (campaign_id, name, covers, due_on)
SELECT c.id, w.name, w.covers, w.due_on
  FROM campaign c,
       (VALUES ('2020年', daterange('2020-01-01', '2021-01-01'), DATE '2021-01-15'),
               ('1–6月', daterange('2020-01-01', '2020-07-01'), DATE '2020-07-15')) w (name, covers, due_on)
 WHERE c.code = '示例打非办〔2020〕1号';

-- ===== sites =====
-- Site g = n * sites + j + 1 (j = 0 … sites-1); kind by j % 10:
--   0–5 在营 throughout (found 2017-01-01 … 2019-09-27);  9 在营, found during 2020;
--   6 banned (已取缔) by its patrol of month mc (Feb–Oct 2020);  7 自行歇业 from c (2020);
--   8 自行歇业 from c before 2020; in townships n % 8 = 3 its June patrol finds it operating again (→ 在营).
CREATE TEMP TABLE bs AS
  SELECT g, n, code AS township_code,
         CASE WHEN j % 10 = 6 AND n % 97 = 50 THEN 0 ELSE j % 10 END AS kind,   -- no patrols: nobody bans
         CASE WHEN j % 10 = 9 THEN DATE '2020-01-01' + (g * 13) % 300
              ELSE DATE '2017-01-01' + (g * 37) % 1000 END AS found_on,
         2 + g % 9 AS mc,                                             -- kind 6: month of the banning patrol
         CASE WHEN j % 10 = 7 THEN DATE '2020-01-31' + (g * 11) % 250
              WHEN j % 10 = 8 THEN DATE '2017-01-01' + (g * 37) % 1000 + 30 + g % 60 END AS c,
         (j % 10 = 8 AND n % 8 = 3 AND n % 97 <> 50) AS reopens,
         n % 97 = 50 AS no_patrols,                                   -- 2.2a: the township never patrols
         n % 4 = 0 AS persuades,                                      -- every operating find is 劝导停业
         (n % 4 = 1 AND j % 10 = 3) AS never_persuaded,               -- 2.3a
         n % 6 = 0 AS lax                                             -- skips months (2.4)
    FROM bt, generate_series(0, :sites - 1) j, LATERAL (SELECT n * :sites + j + 1 AS g) x;

-- Patrols (one candidate per site and month, kept when on or after found_on and not skipped).
CREATE TEMP TABLE bp AS
  SELECT s.g, s.township_code, m, make_date(2020, m, 1 + (s.g * 7 + m * 3) % 28) AS pd, s.kind, s.found_on, s.c,
         s.mc, s.reopens, s.persuades, s.never_persuaded
    FROM bs s, generate_series(1, 12) m
   WHERE NOT s.no_patrols
     AND make_date(2020, m, 1 + (s.g * 7 + m * 3) % 28) >= s.found_on
     AND ((s.kind = 6 AND m = s.mc) OR (s.reopens AND m = 6)
          OR NOT CASE WHEN s.lax THEN (s.g + m) % 4 = 0 ELSE (s.g * 5 + m) % 23 = 0 END);
-- kind 6: the date of the banning patrol; kind 8 reopening: the date of the June patrol
CREATE TEMP TABLE bsd AS
  SELECT s.*, b.pd AS banned_on, r.pd AS reopened_on
    FROM bs s
    LEFT JOIN bp b ON b.g = s.g AND b.m = s.mc AND s.kind = 6
    LEFT JOIN bp r ON r.g = s.g AND r.m = 6 AND s.reopens;

INSERT INTO site (id, township_code, name, address, phone, institution_type, status, found_on, closed_on, status_since)
SELECT g, township_code, '示例诊所' || g, '示例地址' || g || '号', '0576-' || lpad((g % 10000000)::text, 7, '0'),
       (enum_range(NULL::institution_type))[1 + g % 5],
       CASE WHEN kind = 6 THEN '已取缔' WHEN kind = 7 THEN '自行歇业' WHEN kind = 8 AND NOT reopens THEN '自行歇业'
            ELSE '在营' END::site_status,
       found_on,
       CASE WHEN kind = 6 THEN banned_on WHEN kind = 7 OR (kind = 8 AND NOT reopens) THEN c END,
       CASE WHEN kind = 6 THEN banned_on WHEN kind = 7 OR (kind = 8 AND NOT reopens) THEN c
            WHEN reopens THEN reopened_on ELSE found_on END
  FROM bsd ORDER BY g;
SELECT setval(pg_get_serial_sequence('illegal_practice.site', 'id'), (SELECT max(id) FROM site));
-- the history site_after() would have written: 在营 from found_on, then each change from its date
INSERT INTO site_status_history (site_id, status, valid)
SELECT g, '在营', daterange(found_on, CASE WHEN kind = 6 THEN banned_on WHEN kind IN (7, 8) THEN c END)
  FROM bsd
UNION ALL
SELECT g, CASE WHEN kind = 6 THEN '已取缔' ELSE '自行歇业' END::site_status,
       daterange(CASE WHEN kind = 6 THEN banned_on ELSE c END, reopened_on)
  FROM bsd WHERE kind IN (6, 7, 8)
UNION ALL
SELECT g, '在营', daterange(reopened_on, NULL) FROM bsd WHERE reopens;

INSERT INTO practitioner (site_id, name, in_charge, school, major, qualification, treatment_subjects)
SELECT g, '示例医师' || g || '-' || i, i = 1, '示例卫生学校', (ARRAY['临床医学', '中医', '护理', '药学'])[1 + (g + i) % 4],
       (enum_range(NULL::qualification))[1 + (g + i) % 10], (ARRAY['内科', '外科', '中医科', '口腔科'])[1 + g % 4]
  FROM bs, generate_series(1, 1 + g % 2) i;

-- ===== patrols =====
-- open (before closing / after reopening): operating 2 months in 3; the outcome by the township's habits;
-- the banning patrol: 已取缔; closed: not operating, 未发现执业 (so no patrol reopens a site by mistake).
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome, joint_enforcement_needed)
SELECT township_code, g, pd, '巡查员' || (g % 7 + 1), op,
       CASE WHEN kind = 6 AND m = mc THEN '已取缔'
            WHEN NOT op THEN CASE WHEN (g + m) % 2 = 0 THEN '未发现执业' END
            WHEN persuades THEN '劝导停业'
            WHEN never_persuaded THEN NULL
            ELSE (ARRAY[NULL, '责令限期整改', '劝导停业', '拒不整改', NULL, '责令限期整改'])[1 + (g * 3 + m) % 6]
       END::patrol_outcome,
       op AND (g + m) % 5 = 0
  FROM (SELECT bp.*,
               CASE WHEN kind = 6 AND m = mc THEN true
                    WHEN kind = 6 AND m > mc THEN false
                    WHEN kind = 7 AND pd >= c THEN false
                    WHEN kind = 8 AND NOT (reopens AND m >= 6) THEN false
                    WHEN reopens AND m = 6 THEN true
                    ELSE (g + m) % 3 <> 0 END AS op
          FROM bp) x
 ORDER BY pd, g;
-- area sweeps (no site found): one a month per township
INSERT INTO patrol (township_code, site_id, patrolled_on, inspector, operating, outcome)
SELECT code, NULL, make_date(2020, m, 1 + (n * 5 + m) % 28), '巡查员', false, CASE WHEN m % 2 = 0 THEN '未发现执业' END::patrol_outcome
  FROM bt, generate_series(1, 12) m
 WHERE n % 97 <> 50;

-- ===== register submissions (window 2020年: on time n % 3 <> 1; late n % 6 = 1; none n % 6 = 4) =====
INSERT INTO register_submission (township_code, window_id, filled_by, filled_on, phone, reviewed_by, sealed, submitted_on)
SELECT bt.code, w.id, '填表人' || n, sub - 2, '0576-0000000', '审核人' || n, n % 2 = 0, sub
  FROM bt CROSS JOIN reporting_window w
  CROSS JOIN LATERAL (SELECT CASE WHEN n % 3 <> 1 THEN DATE '2021-01-05' + n % 10 ELSE DATE '2021-01-20' END AS sub) s
 WHERE w.name = '2020年' AND n % 6 <> 4
UNION ALL   -- a second, late copy for some townships that were on time
SELECT bt.code, w.id, '填表人' || n, DATE '2021-01-25', '0576-0000000', NULL, false, DATE '2021-01-27'
  FROM bt CROSS JOIN reporting_window w WHERE w.name = '2020年' AND n % 11 = 0 AND n % 3 <> 1
UNION ALL   -- the half-year window: most on time
SELECT bt.code, w.id, '填表人' || n, DATE '2020-07-08', '0576-0000000', NULL, true, DATE '2020-07-10' + n % 10
  FROM bt CROSS JOIN reporting_window w WHERE w.name = '1–6月' AND n % 5 <> 0;

-- ===== joint applications and actions =====
-- n % 5 <> 2 applies once (2020-03-01 …); n % 5 = 0 applies again on 2020-12-20 (action in 2021)
INSERT INTO joint_application (township_code, period, applied_on, contact, phone)
SELECT code, daterange(DATE '2020-01-01', a), a, '联系人' || n, '0576-1111111'
  FROM bt, LATERAL (SELECT DATE '2020-03-01' + (n * 13) % 280 AS a) x WHERE n % 5 <> 2
UNION ALL
SELECT code, daterange(DATE '2020-06-01', DATE '2020-12-20'), DATE '2020-12-20', '联系人' || n, '0576-1111111'
  FROM bt WHERE n % 5 = 0;
INSERT INTO joint_action (application_id, acted_on, township_participated, note)
SELECT a.id, a.applied_on + 7 + bt.n % 10, bt.n % 7 <> 3, '联合取缔行动'
  FROM joint_application a JOIN bt ON bt.code = a.township_code;

-- ===== incidents (2.7a deaths, 2.7b disabilities) =====
INSERT INTO incident (division_code, site_id, occurred_on, deaths, disabilities, reported_on, description)
SELECT code, NULL, DATE '2020-05-03' + n % 30, 1, 0, DATE '2020-05-04' + n % 30, '示例事件（致死）'
  FROM bt WHERE n % 25 = 7
UNION ALL   -- recorded at county level with the site: the township is the site's
SELECT county, n * :sites + 1, DATE '2020-08-10' + n % 20, CASE WHEN n % 50 = 13 THEN 1 ELSE 0 END, 2,
       DATE '2020-08-12' + n % 20, '示例事件（致残）'
  FROM bt WHERE n % 25 = 13 AND :sites > 0
UNION ALL   -- before the window: counts nowhere
SELECT code, NULL, DATE '2019-11-03', 1, 1, DATE '2019-11-04', '示例事件（上年）'
  FROM bt WHERE n % 25 = 19;

-- ===== manual facts (复核) for the window 2020年 =====
INSERT INTO assessment_fact (township_code, window_id, rule_code, occurrences, evidence, recorded_by)
SELECT bt.code, w.id, f.rule_code, f.occ, '示例复核', 'bench'
  FROM bt CROSS JOIN reporting_window w
  CROSS JOIN LATERAL (VALUES ('2.5', 1, bt.n % 10 = 3), ('2.3a', 0, bt.n % 20 = 6),
                             ('1.1', 1, bt.n % 50 = 1), ('2.2b', 0, bt.n % 30 = 9),
                             ('2.6', 2, bt.n % 40 = 17)) f (rule_code, occ, on_)
 WHERE w.name = '2020年' AND f.on_;

RESET session_replication_role;
ANALYZE division; ANALYZE site; ANALYZE site_status_history; ANALYZE practitioner; ANALYZE patrol;
ANALYZE register_submission; ANALYZE joint_application; ANALYZE joint_action; ANALYZE incident; ANALYZE assessment_fact;
SELECT illegal_practice.assessment_cache_rebuild() AS assessment_rows;
