-- illegal_practice 1.0 — assembled from extension/sql/NN_*.sql in name order.
-- Every object is created in @extschema@ (illegal_practice) and every reference is
-- schema-qualified, so a hostile search_path cannot substitute objects.
\echo Use "CREATE EXTENSION illegal_practice" to load this file. \quit
