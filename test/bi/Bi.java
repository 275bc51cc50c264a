// test/73_bi_client.sh, JDBC part: what Metabase / DBeaver see through pgjdbc as the reader — the BI
// schema's views from DatabaseMetaData (names, types, REMARKS), every row, and a form with bound
// parameters. Prints "ok: …" lines; exits 1 on the first failure list.
import java.sql.*;
import java.util.*;

public class Bi {
    static List<String> failures = new ArrayList<>();
    static void check(boolean ok, String msg) { if (!ok) { failures.add(msg); System.out.println("FAIL: " + msg); } }

    public static void main(String[] a) throws Exception {
        String url = "jdbc:postgresql://localhost:" + System.getenv("PGPORT") + "/" + System.getenv("BI_DB");
        Properties p = new Properties();
        p.setProperty("user", System.getenv("BI_USER"));
        p.setProperty("ApplicationName", "73_bi_client_jdbc");
        Set<Integer> allowed = new HashSet<>(Arrays.asList(Types.VARCHAR, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DATE));
        try (Connection c = DriverManager.getConnection(url, p)) {
            DatabaseMetaData md = c.getMetaData();
            List<String> views = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "illegal_practice_bi", "%", new String[] {"VIEW", "TABLE"})) {
                while (rs.next()) {
                    views.add(rs.getString("TABLE_NAME"));
                    check(rs.getString("REMARKS") != null && !rs.getString("REMARKS").isEmpty(), rs.getString("TABLE_NAME") + ": no REMARKS");
                }
            }
            check(views.size() >= 6, "getTables(illegal_practice_bi) gave " + views);
            for (String v : views) {
                int ncol = 0;
                try (ResultSet rs = md.getColumns(null, "illegal_practice_bi", v, "%")) {
                    while (rs.next()) {
                        ncol++;
                        String col = rs.getString("COLUMN_NAME");
                        int type = rs.getInt("DATA_TYPE");
                        check(allowed.contains(type), v + "." + col + ": JDBC type " + type + " (" + rs.getString("TYPE_NAME") + ")");
                        check(col.codePoints().anyMatch(ch -> ch >= 0x4e00 && ch <= 0x9fff), v + "." + col + ": not a Chinese name");
                        check(rs.getString("REMARKS") != null, v + "." + col + ": no REMARKS");
                    }
                }
                int rows = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM illegal_practice_bi." + v)) {
                    ResultSetMetaData m = rs.getMetaData();
                    check(m.getColumnCount() == ncol, v + ": " + m.getColumnCount() + " columns fetched, " + ncol + " in the metadata");
                    for (int i = 1; i <= m.getColumnCount(); i++)
                        check(allowed.contains(m.getColumnType(i)), v + "." + m.getColumnLabel(i) + ": fetched type " + m.getColumnType(i));
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= m.getColumnCount(); i++) {
                            Object o = rs.getObject(i);
                            check(!"合计".equals(o), v + ": a 合计 row");
                            if (!(o == null || o instanceof String || o instanceof Number || o instanceof java.util.Date))
                                check(false, v + "." + m.getColumnLabel(i) + ": value of class " + o.getClass());
                        }
                    }
                }
                check(rows > 0, v + ": no rows");
                System.out.println("ok: jdbc illegal_practice_bi." + v + ": " + ncol + " columns, " + rows + " rows");
            }
            // a form through the extended protocol, the way a native query with a variable runs
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM illegal_practice.form_unlicensed_summary(?, daterange(?::date, ?::date))")) {
                ps.setString(1, "320100"); ps.setString(2, "2019-01-01"); ps.setString(3, "2020-01-01");
                int n = 0; String last = null;
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) { n++; last = rs.getString(1); } }
                check(n == 6 && "合计".equals(last), "prepared form_unlicensed_summary: " + n + " rows, last " + last);
                System.out.println("ok: jdbc prepared form_unlicensed_summary: " + n + " rows");
            }
        }
        if (!failures.isEmpty()) { System.out.println(failures.size() + " failure(s)"); System.exit(1); }
        System.out.println("jdbc: ok");
    }
}
