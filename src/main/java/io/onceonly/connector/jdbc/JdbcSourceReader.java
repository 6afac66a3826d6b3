package io.onceonly.connector.jdbc;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePosition;
import io.onceonly.source.SourceReader;

/**
 * Reads a table or view. Incremental: in cursor order, only up to "now minus the lag window" by the database's own
 * clock, so a row committed late with a slightly older timestamp is still read; rows with the same cursor value are
 * ordered by the tie-breaker, so none is skipped or read twice. Full refresh: the whole table in tie-breaker order,
 * one snapshot per poll, for tables with no usable cursor; changes and deletions are found by comparison.
 */
final class JdbcSourceReader implements SourceReader {
    private final JdbcSourceSettings settings;
    /** Shared with the other sources on the same database account; a connection is borrowed for each read. */
    private final ConnectionPool pool;
    private int cursorType = Types.NULL;
    /** Whether this database's index scans start at a row-value position; found out at the first read. */
    private Boolean rowValues;
    /** Full refresh: the tie-breaker value the current snapshot has reached; null between snapshots. */
    private Object snapshotAfter;
    private boolean inSnapshot;
    private boolean closed;

    JdbcSourceReader(JdbcSourceSettings settings) {
        this.settings = settings;
        this.pool = ConnectionPool.share(settings.url(), settings.user(), settings.password());
    }

    @Override
    public boolean resumesFromPositionAlone() {
        return !settings.fullRefresh(); // a full refresh keeps the snapshot it is reading
    }

    @Override
    public RawBatch read(SourcePosition after, int max) throws SQLException {
        try (ConnectionPool.Lease lease = pool.borrow()) {
            try {
                return settings.fullRefresh() ? readSnapshot(lease.connection(), max)
                        : readIncremental(lease.connection(), after, max);
            } catch (SQLException e) {
                lease.broken(); // the next read gets a new connection; a broken one must not be lent again
                throw e;
            }
        }
    }

    /**
     * The next rows of the current snapshot by tie-breaker order. A snapshot interrupted by a restart starts over:
     * deletions can only be decided from a complete one, and re-read rows are unchanged, so nothing is published twice.
     */
    private RawBatch readSnapshot(Connection c, int max) throws SQLException {
        try {
            String tb = settings.tiebreaker();
            StringBuilder sql = new StringBuilder("SELECT * FROM ").append(settings.relation());
            if (inSnapshot) {
                sql.append(" WHERE ").append(tb).append(" > ?");
            }
            sql.append(" ORDER BY ").append(tb).append(" LIMIT ").append(max);
            List<RawRecord> records = query(c, sql.toString(), inSnapshot ? Collections.singletonList(snapshotAfter) : List.of(), max, row -> {
                Object tiebreakerValue = column(row, tb);
                snapshotAfter = tiebreakerValue;
                return new RawRecord(settings.recordPrefix() + ":" + SourcePosition.text(tiebreakerValue), row,
                        SourcePosition.of(Map.of("mode", "full-refresh", "tiebreaker", SourcePosition.text(tiebreakerValue))));
            });
            boolean full = records.size() == max;
            inSnapshot = full;
            if (!full) {
                snapshotAfter = null;
            }
            return new RawBatch(records, full, !full);
        } catch (SQLException e) {
            inSnapshot = false; // start the snapshot over: a partial one cannot decide deletions
            snapshotAfter = null;
            throw e;
        }
    }

    /** Up to {@code max} rows after {@code after} (all from the start when null), in cursor then tie-breaker order. */
    private RawBatch readIncremental(Connection c, SourcePosition after, int max) throws SQLException {
        if (after != null && after.get("cursor") == null) {
            after = null; // stored by another mode (the source was switched from full refresh): read from the start
        }
        Object upperBound = upperBound(c);
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(settings.relation()).append(" WHERE ");
        List<Object> params = new ArrayList<>();
        String cur = settings.cursor();
        String tb = settings.tiebreaker();
        if (upperBound != null) {
            sql.append(cur).append(" <= ? AND ");
            params.add(upperBound);
        } else {
            sql.append(cur).append(" IS NOT NULL AND ");
        }
        if (after != null && comparesRowValues(c)) {
            sql.append("(").append(cur).append(", ").append(tb).append(") > (?, ?)");
            params.add(after.cursorValue());
            params.add(after.tiebreakerValue());
        } else if (after != null) {
            sql.append("(").append(cur).append(" > ? OR (").append(cur).append(" = ? AND ").append(tb).append(" > ?))");
            params.add(after.cursorValue());
            params.add(after.cursorValue());
            params.add(after.tiebreakerValue());
        } else {
            sql.append("1 = 1");
        }
        sql.append(" ORDER BY ").append(cur).append(", ").append(tb).append(" LIMIT ").append(max);
        List<RawRecord> records = query(c, sql.toString(), params, max, row -> {
            Object tiebreakerValue = column(row, tb);
            return new RawRecord(settings.recordPrefix() + ":" + SourcePosition.text(tiebreakerValue), row,
                    SourcePosition.cursor(column(row, cur), tiebreakerValue));
        });
        return RawBatch.incremental(records, records.size() == max);
    }

    /**
     * How to say "after this position" so that the database starts its (cursor, tie-breaker) index scan there.
     * PostgreSQL does that for a row-value comparison {@code (cursor, id) > (?, ?)}; for the equivalent OR
     * it scans the index from its start and filters, so every read cost as much as all rows before it (a million-row
     * backlog took quadratic time, and one bulk load giving every row the same timestamp is common). MariaDB and
     * MySQL are the other way round: they turn the OR into index ranges, not the row value. Other databases get the
     * OR, which every one of them understands.
     */
    private boolean comparesRowValues(Connection c) throws SQLException {
        if (rowValues == null) {
            String product = String.valueOf(c.getMetaData().getDatabaseProductName()).toLowerCase(java.util.Locale.ROOT);
            rowValues = product.contains("postgresql");
        }
        return rowValues;
    }

    /** The rows of a query with its parameters bound, each turned into a record in the order read. */
    private static List<RawRecord> query(Connection c, String sql, List<Object> params, int max, Function<Map<String, Object>, RawRecord> toRecord)
            throws SQLException {
        List<RawRecord> records = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.setFetchSize(Math.min(max, 1000));
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    records.add(toRecord.apply(row(rs, md)));
                }
            }
        }
        return records;
    }

    /** "Now minus lag" by the database clock, of the cursor column's type; null when the cursor is not a time. */
    private Object upperBound(Connection c) throws SQLException {
        if (cursorType == Types.NULL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + settings.cursor() + ", " + settings.tiebreaker()
                    + " FROM " + settings.relation() + " WHERE 1 = 0");
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

    private static Map<String, Object> row(ResultSet rs, ResultSetMetaData md) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), value(rs, i, effectiveType(md, i)));
        }
        return row;
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
        if (!closed) {
            closed = true;
            pool.release();
        }
    }
}
