package io.onceonly.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The machine's PostgreSQL and MariaDB (started by .ci/run), and unique table names so tests never collide. */
public final class TestDatabases {
    public static final String POSTGRES_URL = System.getProperty("onceonly.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    public static final String MARIADB_URL = System.getProperty("onceonly.test.mariadb",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    private TestDatabases() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Count of rows, or -1 while the table does not exist (a sink creates it with its first batch). */
    public static int count(String url, String table) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
