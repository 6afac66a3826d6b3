package io.onceonly.delivery;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.onceonly.jdbc.DepartmentDatabase;
import io.onceonly.schema.SchemaField;
import io.onceonly.schema.SharedSchema;

/**
 * Upserts records into a subscriber's table by entity key, in one batched statement and one transaction per batch.
 * Writing the same batch twice leaves the table as writing it once.
 */
public final class JdbcUpsertSink implements Sink {
    private final DepartmentDatabase database;
    private final String table;
    private final boolean createTable;
    private final SqlDialect dialect;
    private final List<SchemaField> columns = new ArrayList<>();
    private final List<String> keys;
    private final String upsertSql;
    private boolean tableChecked;

    public JdbcUpsertSink(String url, String user, String password, String table, boolean createTable,
                          SharedSchema schema, List<String> fields) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("JDBC sink table '" + table + "' is not a plain table name (letters, digits, _).");
        }
        this.database = new DepartmentDatabase(url, user, password, false);
        this.table = table;
        this.createTable = createTable;
        this.dialect = SqlDialect.of(url);
        for (String f : fields) {
            columns.add(schema.fields().get(f));
        }
        this.keys = schema.keyFields();
        this.upsertSql = dialect.upsert(table, columns.stream().map(SchemaField::name).toList(), keys);
    }

    @Override
    public void write(List<DeliveryRecord> records) throws SQLException {
        // Only the newest version of each key in the batch matters, and a batched upsert must not touch a row twice.
        Map<String, DeliveryRecord> latest = new LinkedHashMap<>();
        for (DeliveryRecord r : records) {
            latest.remove(r.key());
            latest.put(r.key(), r);
        }
        Connection c = database.connection();
        try {
            ensureTable(c);
            try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
                for (DeliveryRecord r : latest.values()) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(ps, i + 1, columns.get(i), r.data().get(columns.get(i).name()));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
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
            boolean key = keys.contains(f.name());
            ddl.append(f.name()).append(' ').append(dialect.columnType(f.type(), f.format(), key));
            if (key) {
                ddl.append(" NOT NULL");
            }
            ddl.append(", ");
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
