package io.onceonly.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a subscriber's upsert table again and again while the suite runs: a key whose version (from the title) or
 * {@code onceonly_version} goes down, or a row that disappears, is a regression; a column the subscription was not
 * granted is a leak. Reads wait at most two seconds, so a locked table is only a missed sample.
 */
final class JdbcSinkWatcher {
    private final String url;
    private final String table;
    private final Set<String> granted;
    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, Long> rowVersions = new HashMap<>();
    private final Set<String> leakedColumns = new HashSet<>();
    private int regressions;
    private int duplicateRows;

    JdbcSinkWatcher(String url, String table, Set<String> granted) {
        this.url = url;
        this.table = table;
        this.granted = granted;
    }

    /** One look at the table; false when it cannot be read just now (not created yet, locked, down). */
    synchronized boolean sample() {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String column = meta.getColumnLabel(i).toLowerCase();
                    if (!granted.contains(column) && !column.equals("onceonly_version")) {
                        leakedColumns.add(column);
                    }
                }
                Map<String, Integer> seen = new HashMap<>();
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    String key = rs.getString("activity_id");
                    int version = Ledger.version(rs.getString("title"));
                    long rowVersion = rs.getLong("onceonly_version");
                    seen.put(key, version);
                    Integer before = versions.get(key);
                    Long rowBefore = rowVersions.get(key);
                    if ((before != null && version < before) || (rowBefore != null && rowVersion < rowBefore)) {
                        regressions++;
                    }
                    versions.merge(key, version, Math::max);
                    rowVersions.merge(key, rowVersion, Math::max);
                }
                duplicateRows = Math.max(duplicateRows, rows - seen.size());
                for (String key : versions.keySet()) {
                    if (!seen.containsKey(key)) {
                        regressions++; // a row that was there is gone
                    }
                }
                return true;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    synchronized Map<String, Integer> versions() {
        return Map.copyOf(versions);
    }

    synchronized int regressions() {
        return regressions;
    }

    synchronized int duplicateRows() {
        return duplicateRows;
    }

    synchronized Set<String> leakedColumns() {
        return Set.copyOf(leakedColumns);
    }

    String table() {
        return table;
    }
}
