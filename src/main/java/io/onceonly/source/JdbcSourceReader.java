package io.onceonly.source;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.jdbc.DepartmentDatabase;

/**
 * Reads a table or view in cursor order. Rows are taken only up to "now minus the lag window" by the database's own
 * clock, so a row committed late with a slightly older timestamp is still read; rows with the same cursor value are
 * ordered by the tie-breaker, so none is skipped or read twice.
 */
final class JdbcSourceReader implements AutoCloseable {
    private final JdbcSourceSettings settings;
    private final DepartmentDatabase database;
    private int cursorType = Types.NULL;

    JdbcSourceReader(JdbcSourceSettings settings) {
        this.settings = settings;
        this.database = new DepartmentDatabase(settings.url(), settings.user(), settings.password(), true);
    }

    /** Up to {@code max} rows after {@code after} (all from the start when null), in cursor then tie-breaker order. */
    RawBatch read(SourcePosition after, int max) throws SQLException {
        Connection c = database.connection();
        try {
            Object upperBound = upperBound(c);
            StringBuilder sql = new StringBuilder("SELECT * FROM ").append(settings.table()).append(" WHERE ");
            List<Object> params = new ArrayList<>();
            String cur = settings.cursor();
            String tb = settings.tiebreaker();
            if (upperBound != null) {
                sql.append(cur).append(" <= ? AND ");
                params.add(upperBound);
            } else {
                sql.append(cur).append(" IS NOT NULL AND ");
            }
            if (after != null) {
                sql.append("(").append(cur).append(" > ? OR (").append(cur).append(" = ? AND ").append(tb).append(" > ?))");
                params.add(after.cursorValue());
                params.add(after.cursorValue());
                params.add(after.tiebreakerValue());
            } else {
                sql.append("1 = 1");
            }
            sql.append(" ORDER BY ").append(cur).append(", ").append(tb).append(" LIMIT ").append(max);
            List<RawRecord> records = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                ps.setFetchSize(Math.min(max, 1000));
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnLabel(i), value(rs, i, effectiveType(md, i)));
                        }
                        Object cursorValue = column(row, cur);
                        Object tiebreakerValue = column(row, tb);
                        records.add(new RawRecord(settings.table() + ":" + SourcePosition.text(tiebreakerValue), row,
                                SourcePosition.of(cursorValue, tiebreakerValue)));
                    }
                }
            }
            return new RawBatch(records, records.size() == max);
        } catch (SQLException e) {
            close(); // the next read reconnects; a broken connection must not stay cached
            throw e;
        }
    }

    /** "Now minus lag" by the database clock, of the cursor column's type; null when the cursor is not a time. */
    private Object upperBound(Connection c) throws SQLException {
        if (cursorType == Types.NULL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + settings.cursor() + ", " + settings.tiebreaker()
                    + " FROM " + settings.table() + " WHERE 1 = 0");
                 ResultSet rs = ps.executeQuery()) {
                cursorType = effectiveType(rs.getMetaData(), 1);
            }
        }
        String now = switch (cursorType) {
            case Types.TIMESTAMP, Types.DATE -> "SELECT LOCALTIMESTAMP";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "SELECT CURRENT_TIMESTAMP";
            default -> null;
        };
        if (now == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(now); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return switch (cursorType) {
                case Types.TIMESTAMP -> rs.getObject(1, LocalDateTime.class).minus(settings.lag());
                case Types.DATE -> rs.getObject(1, LocalDateTime.class).minus(settings.lag()).toLocalDate();
                default -> rs.getObject(1, OffsetDateTime.class).minus(settings.lag());
            };
        }
    }

    /** PostgreSQL reports timestamptz as TIMESTAMP; its type name tells them apart. */
    private static int effectiveType(ResultSetMetaData md, int i) throws SQLException {
        String name = String.valueOf(md.getColumnTypeName(i)).toLowerCase(java.util.Locale.ROOT);
        if (name.contains("timestamptz") || name.contains("with time zone")) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        return md.getColumnType(i);
    }

    private static Object column(Map<String, Object> row, String name) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("Column '" + name + "' is not in the rows read. Check spec.from.cursor and spec.from.tiebreaker.");
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        Object v = switch (type) {
            case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, OffsetDateTime.class);
            case Types.DATE -> rs.getObject(i, LocalDate.class);
            default -> rs.getObject(i);
        };
        if (v instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return v;
    }

    @Override
    public void close() {
        database.close();
    }
}
