#!/usr/bin/env python3
"""A BI tool's view of the extension, through psycopg2 (libpq) as a LOGIN member of
illegal_practice_reader: introspect the report views and form functions the way Superset /
Metabase / FineBI do (information_schema.columns, pg_catalog comments), fetch every column through
server-side cursors with bound parameters, and check that every result column has a standard
built-in type (OID < 16384, not an enum or an extension type) and a Chinese label (comment)."""
import os
import sys

import psycopg2
from psycopg2 import sql

SCHEMA = "illegal_practice"
FIRST_USER_OID = 16384
FORM_ARGS = {   # form function → arguments a dashboard would bind
    "form_patrol_register": ("331024", "[2020-06-01,2020-10-01)"),
    "form_unlicensed_summary": ("320000", "[2019-01-01,2020-01-01)"),
    "form_beauty_lookback": ("320000", "[2017-01-01,2019-01-01)", "[2019-01-01,2020-01-01)"),
    "form_repeat_offenders": ("320000", "[2017-01-01,2019-01-01)", "[2019-01-01,2020-01-01)"),
    "form_two_illegal_summary": ("320000", "[2019-01-01,2020-01-01)"),
}
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def builtin_type(cur, oid):
    cur.execute("SELECT typname, typtype FROM pg_catalog.pg_type WHERE oid = %s", (oid,))
    row = cur.fetchone()
    return row


def main():
    conn = psycopg2.connect(dbname=os.environ["BI_DB"], user=os.environ["BI_USER"],
                            host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                            application_name="73_bi_client")
    conn.set_session(readonly=True)
    cur = conn.cursor()
    cur.execute("SELECT current_user, pg_catalog.pg_has_role(current_user, 'illegal_practice_reader', 'MEMBER'), "
                "(SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)")
    user, member, superuser = cur.fetchone()
    check(member, f"{user} is not a member of illegal_practice_reader")
    check(not superuser, f"{user} must not be a superuser")

    # 1. the report views, as a BI tool lists them
    cur.execute("""SELECT table_name FROM information_schema.views
                    WHERE table_schema = %s AND table_name LIKE 'report\\_%%' ORDER BY table_name""", (SCHEMA,))
    views = [r[0] for r in cur.fetchall()]
    check(len(views) >= 2, f"expected the report views, found {views}")
    for view in views:
        cur.execute("""SELECT c.column_name, c.data_type, c.udt_name,
                              pg_catalog.col_description(format('%%I.%%I', c.table_schema, c.table_name)::regclass,
                                                         c.ordinal_position::integer)
                         FROM information_schema.columns c
                        WHERE c.table_schema = %s AND c.table_name = %s ORDER BY c.ordinal_position""",
                    (SCHEMA, view))
        cols = cur.fetchall()
        check(cols, f"{view}: information_schema.columns shows no column (no privilege?)")
        cur.execute("SELECT pg_catalog.obj_description(format('%%I.%%I', %s, %s)::regclass, 'pg_class')", (SCHEMA, view))
        check(cur.fetchone()[0], f"{view}: the view has no comment")
        for name, data_type, udt, comment in cols:
            check(data_type != "USER-DEFINED", f"{view}.{name}: information_schema type is USER-DEFINED ({udt})")
            check(bool(comment), f"{view}.{name}: no column comment (BI label)")
        # every column, through a server-side (named) cursor with a bound parameter
        named = conn.cursor(name=f"bi_{view}")
        named.itersize = 500
        named.execute(sql.SQL("SELECT * FROM {}.{} WHERE division_code LIKE %s ORDER BY 1, 2, 3")
                      .format(sql.Identifier(SCHEMA), sql.Identifier(view)), ("32%",))
        rows = named.fetchall()
        desc = named.description
        named.close()
        check(len(rows) > 0, f"{view}: no rows for 江苏 in the sample data")
        check([d.name for d in desc] == [c[0] for c in cols], f"{view}: fetched columns differ from information_schema")
        for d in desc:
            t = builtin_type(cur, d.type_code)
            check(d.type_code < FIRST_USER_OID and t is not None and t[1] == "b",
                  f"{view}.{d.name}: type OID {d.type_code} {t} is not a standard built-in base type")
        print(f"ok: {view}: {len(desc)} columns, {len(rows)} rows, types {sorted({d.type_code for d in desc})}")

    # 2. the form functions: result columns from pg_catalog, then a call with bound parameters
    for fn, args in FORM_ARGS.items():
        cur.execute("""SELECT p.oid, pg_catalog.obj_description(p.oid, 'pg_proc'),
                              pg_catalog.has_function_privilege(p.oid, 'EXECUTE'),
                              (SELECT array_agg(t ORDER BY n) FROM unnest(p.proallargtypes, p.proargmodes)
                                      WITH ORDINALITY u(t, m, n) WHERE m = 't')
                         FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace s ON s.oid = p.pronamespace
                        WHERE s.nspname = %s AND p.proname = %s""", (SCHEMA, fn))
        found = cur.fetchall()
        check(len(found) == 1, f"{fn}: expected one function, found {len(found)}")
        if not found:
            continue
        oid, comment, can_execute, out_types = found[0]
        check(bool(comment), f"{fn}: no comment")
        check(can_execute, f"{fn}: {user} cannot EXECUTE it")
        for t in out_types or []:
            check(t < FIRST_USER_OID, f"{fn}: declared result type OID {t} is not built in")
        cur.execute("""SELECT parameter_name, data_type FROM information_schema.parameters
                        WHERE specific_schema = %s AND specific_name = (
                              SELECT specific_name FROM information_schema.routines
                               WHERE routine_schema = %s AND routine_name = %s) AND parameter_mode = 'IN'
                        ORDER BY ordinal_position""", (SCHEMA, SCHEMA, fn))
        params = cur.fetchall()
        check(len(params) == len(args), f"{fn}: information_schema.parameters lists {params}")
        placeholders = sql.SQL(", ").join(
            sql.SQL("%s::text") if i == 0 else sql.SQL("%s::daterange") for i in range(len(args)))
        named = conn.cursor(name=f"bi_{fn}")
        named.execute(sql.SQL("SELECT * FROM {}.{}(") .format(sql.Identifier(SCHEMA), sql.Identifier(fn))
                      + placeholders + sql.SQL(")"), args)
        rows = named.fetchall()
        desc = named.description
        named.close()
        check(len(rows) > 0, f"{fn}{args}: no rows")
        for d in desc:
            t = builtin_type(cur, d.type_code)
            check(d.type_code < FIRST_USER_OID and t is not None and t[1] == "b",
                  f"{fn}.{d.name}: type OID {d.type_code} {t} is not a standard built-in base type")
        check([d.type_code for d in desc] == list(out_types or []), f"{fn}: fetched types differ from pg_proc")
        print(f"ok: {fn}: {len(desc)} columns, {len(rows)} rows, types {sorted({d.type_code for d in desc})}")

    # 4. the BI schema (docs/bi.md): only what this role may read, Chinese column names, no 合计 rows,
    #    only text / integer / bigint / numeric / date, COMMENTs a GBK client can receive
    allowed = {25: "text", 23: "integer", 20: "bigint", 1700: "numeric", 1082: "date"}
    cur.execute("""SELECT table_name FROM information_schema.tables WHERE table_schema = 'illegal_practice_bi'
                    ORDER BY table_name""")
    listed = [r[0] for r in cur.fetchall()]
    cur.execute("""SELECT c.relname FROM pg_catalog.pg_class c
                    WHERE c.relnamespace = 'illegal_practice_bi'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
                    ORDER BY c.relname""")
    every = [r[0] for r in cur.fetchall()]
    check(listed == every and len(every) >= 6, f"illegal_practice_bi: the reader lists {listed} of {every}")
    for view in every:
        cur.execute("SELECT pg_catalog.convert_to(coalesce(pg_catalog.obj_description(%s::regclass, 'pg_class'), ''), 'GBK')",
                    (f"illegal_practice_bi.{view}",))
        named = conn.cursor(name=f"bi2_{view}")
        named.execute(sql.SQL("SELECT * FROM illegal_practice_bi.{}").format(sql.Identifier(view)))
        rows = named.fetchall()
        desc = named.description
        named.close()
        check(len(rows) > 0, f"illegal_practice_bi.{view}: no rows for the reader")
        for d in desc:
            check(any("\u4e00" <= ch <= "\u9fff" for ch in d.name), f"illegal_practice_bi.{view}.{d.name}: not a Chinese column name")
            check(d.type_code in allowed, f"illegal_practice_bi.{view}.{d.name}: type OID {d.type_code} not text/int/numeric/date")
        totals = [r for r in rows if any(v == "合计" for v in r)]
        check(not totals, f"illegal_practice_bi.{view}: {len(totals)} 合计 row(s)")
        cur.execute("""SELECT count(*) FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = %s::regclass AND a.attnum > 0
                          AND pg_catalog.col_description(a.attrelid, a.attnum) IS NULL""", (f"illegal_practice_bi.{view}",))
        check(cur.fetchone()[0] == 0, f"illegal_practice_bi.{view}: a column without COMMENT")
        print(f"ok: illegal_practice_bi.{view}: {len(desc)} Chinese-named columns, {len(rows)} rows, "
              f"types {sorted({allowed.get(d.type_code, d.type_code) for d in desc})}, no 合计")
    cur.execute("""SELECT count(*), count(*) FILTER (WHERE "联系电话" !~ '[*]' OR "负责人及从业人员姓名" !~ '[*]')
                     FROM illegal_practice_bi.patrol_register WHERE "联系电话" <> '' AND "负责人及从业人员姓名" <> ''""")
    n, clear = cur.fetchone()
    check(n > 0 and clear == 0, f"illegal_practice_bi.patrol_register: {clear} of {n} rows unmasked for the reader")
    cur.execute("""SELECT d.description FROM pg_catalog.pg_description d
                    JOIN pg_catalog.pg_depend x ON x.classid = d.classoid AND x.objid = d.objoid AND x.deptype = 'e'
                    JOIN pg_catalog.pg_extension e ON e.oid = x.refobjid AND e.extname = 'illegal_practice'""")
    bad = []
    for (text,) in cur.fetchall():
        try:
            text.encode("gbk")
        except UnicodeEncodeError:
            bad.append(text[:40])
    check(not bad, f"COMMENTs a GBK client cannot receive: {bad}")
    print(f"ok: every COMMENT of the extension encodes in GBK")

    # 3. a prepared statement: parameters bound on the server (extended query protocol as JDBC/ODBC do)
    cur.execute("PREPARE bi_form(text, daterange) AS SELECT * FROM illegal_practice.form_unlicensed_summary($1, $2)")
    cur.execute("EXECUTE bi_form(%s, %s)", ("320100", "[2019-01-01,2020-01-01)"))
    rows = cur.fetchall()
    check(len(rows) == 6 and rows[-1][0] == "合计", f"prepared form_unlicensed_summary: {rows}")
    cur.execute("DEALLOCATE bi_form")
    conn.close()
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("73_bi_client: ok")


main()
