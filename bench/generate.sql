-- Deterministic benchmark data (no random(): every value is a function of the row number).
-- Usage: psql -v cases=2000000 -f bench/generate.sql   (run as a superuser, triggers off)
-- Divisions: 4 provinces × 13 cities × 6 counties; subjects: cases/3 (so repeat offenders);
-- cases over 2018-01-01 .. 2019-12-31 in 5 categories × 5 types; 1–3 actions per case (~2 on average).
SET search_path = illegal_practice, pg_catalog;
SET session_replication_role = replica;   -- bulk load: no per-row triggers; cells rebuilt at the end
INSERT INTO division (code, name, level, parent_code)
SELECT p || '0000', '省' || p, '省', NULL FROM unnest(ARRAY['32', '33', '34', '35']) p;
INSERT INTO division (code, name, level, parent_code)
SELECT p || lpad(c::text, 2, '0') || '00', '市' || p || c, '市', p || '0000'
  FROM unnest(ARRAY['32', '33', '34', '35']) p, generate_series(1, 13) c;
INSERT INTO division (code, name, level, parent_code)
SELECT p || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), '县' || p || c || k, '县', p || lpad(c::text, 2, '0') || '00'
  FROM unnest(ARRAY['32', '33', '34', '35']) p, generate_series(1, 13) c, generate_series(1, 6) k;
CREATE TEMP TABLE bench_county AS
  SELECT row_number() OVER (ORDER BY code) - 1 AS n, code FROM division WHERE level = '县';
INSERT INTO subject (id, kind, name, address)
SELECT g, CASE WHEN g % 4 = 0 THEN '个人' ELSE '单位' END, '示例当事人' || g, '示例地址' || g
  FROM generate_series(1, greatest(:cases / 3, 1)) g;
INSERT INTO enforcement_case (id, division_code, category, institution_type, subject_id, subject_name, subject_address,
                              filed_on, decided_on, rectified_on, entered_in_system)
SELECT g, bc.code,
       (enum_range(NULL::case_category))[1 + g % 5],
       (enum_range(NULL::institution_type))[1 + (g / 5) % 5],
       1 + (g * 2654435761) % greatest(:cases / 3, 1),
       '示例当事人', '示例地址',
       DATE '2018-01-01' + (g * 37) % 720,
       CASE WHEN g % 5 <> 0 THEN DATE '2018-01-01' + (g * 37) % 720 + g % 20 END,
       CASE WHEN g % 9 = 0 THEN DATE '2018-01-01' + (g * 37) % 720 + 30 END,
       g % 3 <> 0
  FROM generate_series(1, :cases) g
  JOIN bench_county bc ON bc.n = g % (SELECT count(*) FROM bench_county);
-- actions: kinds chosen by the case number; 1–3 per case
INSERT INTO case_action (case_id, kind, amount_yuan, persons, acted_on, division_code)
SELECT g, k.kind,
       CASE WHEN k.kind IN ('罚款', '没收违法所得') THEN 1000 + (g * 31) % 50000 END,
       CASE WHEN k.kind = '追责' THEN 1 + g % 2 END,
       DATE '2018-01-01' + (g * 37) % 720, bc.code   -- division_code as the trigger would copy it
  FROM generate_series(1, :cases) g
  JOIN bench_county bc ON bc.n = g % (SELECT count(*) FROM bench_county)
  CROSS JOIN LATERAL (
    SELECT (ARRAY['罚款', '警告', '取缔', '没收违法所得', '责令改正', '移送司法机关', '责令停业整顿', '追责', '法院判决']::action_kind[])[1 + (g / 25 + i * 4) % 9] AS kind
      FROM generate_series(1, 1 + g % 3) i) k;
SELECT setval(pg_get_serial_sequence('illegal_practice.subject', 'id'), (SELECT max(id) FROM subject));
SELECT setval(pg_get_serial_sequence('illegal_practice.enforcement_case', 'id'), (SELECT max(id) FROM enforcement_case));
RESET session_replication_role;
ANALYZE division; ANALYZE subject; ANALYZE enforcement_case; ANALYZE case_action;
SELECT tally_cells_rebuild() AS cells;
ANALYZE tally_cell;
