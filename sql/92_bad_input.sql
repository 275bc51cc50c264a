-- Hostile input through SQL (§7): over-long strings, empty strings, full-width digits, NULLs and
-- quoting tricks give a 22xxx/23xxx/42xxx error or a clean value — never a crash or an internal error.
CALL regress.fresh();
SET search_path = illegal_practice, illegal_practice_internal, regress, public;
SET datestyle = ISO;

-- == identifier types: only the SQLSTATE is shown
SELECT left(try($$SELECT '３３１０２４２００５０６１５１２３１'::illegal_practice.resident_id$$), 5);  -- 22P02: full-width digits
SELECT left(try($$SELECT repeat('1', 1000000)::illegal_practice.resident_id$$), 5);              -- 22P02: over-long
SELECT left(try($$SELECT ''::illegal_practice.resident_id$$), 5);                                 -- 22P02: empty
SELECT left(try($$SELECT repeat('9', 1000000)::illegal_practice.uscc$$), 5);                      -- 22P02
SELECT left(try($$SELECT E'91331024MA2H3K5P3\u00e9'::illegal_practice.uscc$$), 5);                 -- 22P02: non-ASCII last char
SELECT left(try($$SELECT ''::illegal_practice.uscc$$), 5);                                        -- 22P02
SELECT NULL::text::resident_id IS NULL AS null_in_null_out;                                      -- t

-- == covers / covers_any never raise
SELECT covers(repeat('3', 100000), '331024') AS long_scope,                                      -- f
       covers('331024', repeat('3', 100000)) AS long_code,                                       -- f
       covers('３３１０２４', '331024001') AS fullwidth,                                          -- f
       covers_any(array_fill('331024'::text, ARRAY[100000]), '331025001') AS big_array,          -- f
       covers_any(array_fill('331024'::text, ARRAY[100000]) || '331025'::text, '331025001') AS big_array_hit; -- t

-- == masks never raise
SELECT length(mask_name(repeat('张', 100000))) AS name_len,                                      -- 100000
       mask_phone(E'\t\n') AS ctl,                                                               -- **
       mask_phone('０５７６-８７７９７０９１') AS fullwidth_landline,                              -- ****-******** (full-width: not a phone shape)
       mask_address(repeat('路', 7)) AS addr;                                                    -- 路路路路路路*

-- == tables reject odd codes with 23514, and quoting tricks stay data
SELECT try($$INSERT INTO illegal_practice.division VALUES ('３３１０２４', '全角', '县', NULL)$$);                  -- 23514
SELECT try($$INSERT INTO illegal_practice.division VALUES ('', '空', '县', NULL)$$);                                -- 23514
SELECT try($$INSERT INTO illegal_practice.user_scope VALUES ('x', '')$$);                                          -- 23514
SELECT try($$INSERT INTO illegal_practice.user_scope VALUES ('"; DROP TABLE illegal_practice.division; --', '331024')$$); -- ok
SELECT caller_scope();                                                                            -- {}: the odd name is no role
SELECT count(*) FROM division;                                                                    -- 0, still there
CREATE TABLE regress.odd (id bigint PRIMARY KEY, township_code text, "na""me" text);
SELECT try($$SELECT illegal_practice_internal.masked_view('regress.odd', '{"na\"me; DROP TABLE regress.odd": "name"}')$$); -- 42703
SELECT masked_view('regress.odd', '{"na\"me": "name"}');                                          -- odd_masked
SELECT pg_get_viewdef('regress.odd_masked'::regclass);
SELECT try($$SELECT illegal_practice_internal.secure_table('regress.odd', 'township_code; DROP TABLE regress.odd')$$); -- 42601 syntax error
SELECT count(*) FROM regress.odd;                                                                 -- 0, still there
DROP TABLE regress.odd CASCADE;
