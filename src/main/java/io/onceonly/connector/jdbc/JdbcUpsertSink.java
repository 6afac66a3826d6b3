package io.onceonly.connector.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.Sink;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SharedSchema;

/**
 * Upserts records into a subscriber's table by entity key and deletes rows for deletions, in batched statements and
 * one transaction per batch. Writing the same batch twice leaves the table as writing it once, and with a version
 * column (the record's publication time in microseconds) an older version never overwrites a newer one.
 */
public final class JdbcUpsertSink implements Sink {
    private final DepartmentDatabase database;
    private final String table;
    private final boolean createTable;
    private final SqlDialect dialect;
    private final List<SchemaField> columns = new ArrayList<>();
    private final List<String> keys;
    private final List<SchemaField> keyFields = new ArrayList<>();
    private final String versionColumn;
    private final Map<String, String> columnNames;
    private final String upsertSql;
    /** The upsert of a full chunk of rows, where the database takes several rows per statement; else null. */
    private final String chunkUpsertSql;
    private final List<String> upsertColumns;
    private final String deleteSql;
    private boolean tableChecked;

    /**
     * @param versionColumn column holding each row's version, or null/empty for no version guard
     * @param columnNames   schema field to the subscriber's column name where they differ
     */
    public JdbcUpsertSink(String url, String user, String password, String table, boolean createTable,
                          String versionColumn, Map<String, String> columnNames, SharedSchema schema, List<String> fields) {
        this(url, user, password, table, createTable, versionColumn, columnNames, schema, fields,
                DepartmentDatabase.DEFAULT_TIMEOUT);
    }

    /** @param timeout the longest one database call (log in, a batch, the commit) may take before it is retried */
    public JdbcUpsertSink(String url, String user, String password, String table, boolean createTable,
                          String versionColumn, Map<String, String> columnNames, SharedSchema schema, List<String> fields,
                          java.time.Duration timeout) {
        String identifier = "[A-Za-z_][A-Za-z0-9_]*";
        if (!table.matches(identifier + "(\\." + identifier + ")?")) {
            throw new IllegalArgumentException("JDBC sink table '" + table + "' is not a plain table name (letters, digits, _).");
        }
        this.versionColumn = versionColumn == null || versionColumn.isBlank() ? null : versionColumn;
        if (this.versionColumn != null && !this.versionColumn.matches(identifier)) {
            throw new IllegalArgumentException("JDBC sink versionColumn '" + versionColumn + "' is not a plain column name.");
        }
        this.database = new DepartmentDatabase(url, user, password, false, timeout);
        this.table = table;
        this.createTable = createTable;
        this.dialect = SqlDialect.of(url);
        for (Map.Entry<String, String> e : columnNames.entrySet()) {
            if (!fields.contains(e.getKey())) {
                throw new IllegalArgumentException("JDBC sink columns maps '" + e.getKey() + "', which is not among the "
                        + "subscription's fields " + fields + ".");
            }
            if (!e.getValue().matches(identifier)) {
                throw new IllegalArgumentException("JDBC sink column '" + e.getValue() + "' is not a plain column name.");
            }
        }
        this.columnNames = Map.copyOf(columnNames);
        for (String f : fields) {
            columns.add(schema.fields().get(f));
        }
        this.keys = schema.keyFields().stream().map(this::column).toList();
        schema.keyFields().forEach(k -> keyFields.add(schema.fields().get(k)));
        List<String> names = new ArrayList<>(columns.stream().map(f -> column(f.name())).toList());
        if (this.versionColumn != null) {
            names.add(this.versionColumn);
        }
        this.upsertColumns = List.copyOf(names);
        this.upsertSql = dialect.upsert(table, names, keys, this.versionColumn);
        this.chunkUpsertSql = dialect.rowsPerUpsert() > 1
                ? dialect.upsert(table, names, keys, this.versionColumn, dialect.rowsPerUpsert()) : null;
        this.deleteSql = dialect.delete(table, keys, this.versionColumn);
    }

    /** The subscriber's column for a schema field. */
    private String column(String field) {
        return columnNames.getOrDefault(field, field);
    }

    /**
     * Parses the {@code columns} option, {@code "title=HDMC, activity_date=HDRQ"}: schema field = column.
     */
    public static Map<String, String> parseColumns(String option) {
        Map<String, String> columns = new LinkedHashMap<>();
        if (option == null || option.isBlank()) {
            return columns;
        }
        for (String pair : option.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("JDBC sink columns '" + option + "' is not a list of field=COLUMN "
                        + "pairs, for example \"title=HDMC, activity_date=HDRQ\".");
            }
            columns.put(parts[0].trim(), parts[1].trim());
        }
        return columns;
    }

    @Override
    public void write(List<DeliveryRecord> records) throws SQLException {
        // Only the newest version of each key in the batch matters, and a batched upsert must not touch a row twice.
        // With a version column that is the highest version, wherever it sits in the batch (a redelivered or replayed
        // old version may come after a newer one); without one, the last record, as Kafka ordered them.
        Map<String, DeliveryRecord> latest = new LinkedHashMap<>();
        for (DeliveryRecord r : records) {
            DeliveryRecord kept = latest.get(r.key());
            if (kept == null || versionColumn == null || version(r) >= version(kept)) {
                latest.remove(r.key());
                latest.put(r.key(), r);
            }
        }
        Connection c = database.connection();
        try {
            ensureTable(c);
            List<DeliveryRecord> upserts = new ArrayList<>(latest.size());
            try (PreparedStatement delete = c.prepareStatement(deleteSql)) {
                boolean deletes = false;
                for (DeliveryRecord r : latest.values()) {
                    if (r.deletion()) {
                        bindDelete(delete, r);
                        delete.addBatch();
                        deletes = true;
                    } else {
                        upserts.add(r);
                    }
                }
                upsert(c, upserts);
                if (deletes) {
                    delete.executeBatch();
                }
            }
            io.onceonly.ops.CrashPoint.reached("before-sink-commit");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Full chunks of rows in multi-row statements where the database takes them, the rest one row per batch entry. */
    private void upsert(Connection c, List<DeliveryRecord> records) throws SQLException {
        int chunk = dialect.rowsPerUpsert();
        int whole = chunkUpsertSql == null ? 0 : records.size() / chunk * chunk;
        if (whole > 0) {
            try (PreparedStatement upsert = c.prepareStatement(chunkUpsertSql)) {
                for (int from = 0; from < whole; from += chunk) {
                    for (int i = 0; i < chunk; i++) {
                        bindRow(upsert, i * upsertColumns.size(), records.get(from + i));
                    }
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (whole < records.size()) {
            try (PreparedStatement upsert = c.prepareStatement(upsertSql)) {
                for (DeliveryRecord r : records.subList(whole, records.size())) {
                    bindRow(upsert, 0, r);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
    }

    /** Binds one record's row at the parameters after {@code offset}. */
    private void bindRow(PreparedStatement upsert, int offset, DeliveryRecord r) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            bind(upsert, offset + i + 1, columns.get(i), r.data().get(columns.get(i).name()));
        }
        if (versionColumn != null) {
            upsert.setLong(offset + columns.size() + 1, version(r));
        }
    }

    /** A record's version: when it was published, in microseconds; records without a time are newest. */
    private static long version(DeliveryRecord r) {
        if (r.event() == null || r.event().getTime() == null) {
            return Long.MAX_VALUE;
        }
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, r.event().getTime().toInstant());
    }

    private void bindDelete(PreparedStatement ps, DeliveryRecord r) throws SQLException {
        // The entity key is the key fields' values joined by '/', as the source built it.
        String[] parts = keyFields.size() == 1 ? new String[] {r.key()} : r.key().split("/", -1);
        if (parts.length != keyFields.size()) {
            throw new SQLException("Deletion key '" + r.key() + "' does not have the " + keyFields.size()
                    + " parts of key " + keys + ".", "22000");
        }
        for (int i = 0; i < keyFields.size(); i++) {
            bind(ps, i + 1, keyFields.get(i), TextNode.valueOf(parts[i]));
        }
        if (versionColumn != null) {
            ps.setLong(keyFields.size() + 1, version(r));
        }
    }

    private void bind(PreparedStatement ps, int index, SchemaField field, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            ps.setNull(index, Types.NULL);
            return;
        }
        String type = field.type() == null ? "string" : field.type();
        if ("integer".equals(type)) {
            ps.setLong(index, value.asLong());
        } else if ("number".equals(type)) {
            ps.setBigDecimal(index, new BigDecimal(value.asText()));
        } else if ("boolean".equals(type)) {
            ps.setBoolean(index, value.asBoolean());
        } else if ("date".equals(field.format())) {
            ps.setObject(index, LocalDate.parse(value.asText()));
        } else if ("date-time".equals(field.format())) {
            OffsetDateTime t = OffsetDateTime.parse(value.asText());
            ps.setObject(index, dialect == SqlDialect.MARIADB ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : t);
        } else {
            ps.setString(index, value.isTextual() ? value.asText() : value.toString());
        }
    }

    private void ensureTable(Connection c) throws SQLException {
        if (tableChecked || !createTable) {
            return;
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table).append(" (");
        for (SchemaField f : columns) {
            boolean key = keys.contains(column(f.name()));
            ddl.append(column(f.name())).append(' ').append(dialect.columnType(f.type(), f.format(), key));
            if (key) {
                ddl.append(" NOT NULL");
            }
            ddl.append(", ");
        }
        if (versionColumn != null) {
            ddl.append(versionColumn).append(" BIGINT, ");
        }
        ddl.append("PRIMARY KEY (").append(String.join(", ", keys)).append("))").append(dialect.createTableSuffix());
        try (Statement st = c.createStatement()) {
            st.execute(ddl.toString());
        }
        c.commit();
        tableChecked = true;
    }

    @Override
    public void close() {
        database.close();
    }
}
