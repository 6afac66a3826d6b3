package io.onceonly.connector.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL that differs between the databases a JDBC sink writes to: guarded upsert, delete and column types. */
enum SqlDialect {
    POSTGRESQL, MARIADB, H2;

    static SqlDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return MARIADB;
        } else if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("JDBC sink URL '" + jdbcUrl.replaceAll("password=[^&;]*", "password=***")
                + "' is not PostgreSQL, MariaDB/MySQL or H2. Those are the databases a JDBC sink can upsert into.");
    }

    /**
     * Insert, or update the existing row with the same key. With a version column, an existing row is only updated
     * by a version at least as new, so a late redelivery of an old version never overwrites a newer one.
     * The version column, when given, is the last of {@code columns}.
     */
    String upsert(String table, List<String> columns, List<String> keys, String version) {
        return upsert(table, columns, keys, version, 1);
    }

    /**
     * Rows one upsert statement writes: MariaDB applies a batch of single-row {@code INSERT ... ON DUPLICATE KEY
     * UPDATE} statements one by one (its driver's bulk protocol does not take them before MariaDB 11.5), so the sink
     * writes many rows per statement there, as PostgreSQL's driver does with {@code reWriteBatchedInserts}.
     */
    int rowsPerUpsert() {
        return this == MARIADB ? 250 : 1;
    }

    /** The upsert of {@code rows} rows at once ({@link #rowsPerUpsert}); parameters row after row. */
    String upsert(String table, List<String> columns, List<String> keys, String version, int rows) {
        if (rows > 1 && this != MARIADB) {
            throw new IllegalArgumentException(this + " upserts one row per statement.");
        }
        String cols = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String row = "(" + marks + ")";
        List<String> updated = columns.stream().filter(c -> !keys.contains(c)).toList();
        return switch (this) {
            case POSTGRESQL -> "INSERT INTO " + table + " AS existing (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
                    + String.join(", ", keys) + ") DO " + (updated.isEmpty() ? "NOTHING" : "UPDATE SET "
                    + updated.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                    + (version == null ? "" : " WHERE existing." + version + " IS NULL OR existing." + version
                    + " <= EXCLUDED." + version));
            case MARIADB -> "INSERT INTO " + table + " (" + cols + ") VALUES " + String.join(", ", java.util.Collections.nCopies(rows, row))
                    + " ON DUPLICATE KEY UPDATE "
                    + (updated.isEmpty() ? keys.get(0) + " = " + keys.get(0) : mariaDbAssignments(updated, version));
            case H2 -> version == null
                    ? "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")"
                    : "MERGE INTO " + table + " t USING (VALUES (" + marks + ")) s (" + cols + ") ON "
                    + keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "))
                    + " WHEN MATCHED AND (t." + version + " IS NULL OR t." + version + " <= s." + version + ") THEN UPDATE SET "
                    + updated.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "))
                    + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES ("
                    + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
        };
    }

    /** MariaDB applies assignments left to right, so the version column is compared first and assigned last. */
    private static String mariaDbAssignments(List<String> updated, String version) {
        if (version == null) {
            return updated.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
        }
        String newer = "(" + version + " IS NULL OR " + version + " <= VALUES(" + version + "))";
        List<String> assignments = new ArrayList<>();
        for (String c : updated) {
            if (!c.equals(version)) {
                assignments.add(c + " = IF(" + newer + ", VALUES(" + c + "), " + c + ")");
            }
        }
        assignments.add(version + " = IF(" + newer + ", VALUES(" + version + "), " + version + ")");
        return String.join(", ", assignments);
    }

    /** Deletes the row with the key; with a version column, only when the deletion is not older than the row. */
    String delete(String table, List<String> keys, String version) {
        String where = keys.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
        return "DELETE FROM " + table + " WHERE " + where
                + (version == null ? "" : " AND (" + version + " IS NULL OR " + version + " <= ?)");
    }

    /** Column type for a schema field type (JSON Schema type and format); key columns need a bounded length. */
    String columnType(String type, String format, boolean key) {
        if ("integer".equals(type)) {
            return "BIGINT";
        } else if ("number".equals(type)) {
            return this == MARIADB ? "DECIMAL(38,10)" : "NUMERIC(38,10)";
        } else if ("boolean".equals(type)) {
            return "BOOLEAN";
        } else if ("date".equals(format)) {
            return "DATE";
        } else if ("date-time".equals(format)) {
            return switch (this) {
                case POSTGRESQL -> "TIMESTAMPTZ";
                case MARIADB -> "DATETIME(6)";
                case H2 -> "TIMESTAMP WITH TIME ZONE";
            };
        } else if (key) {
            return "VARCHAR(255)";
        }
        return this == H2 ? "VARCHAR" : "TEXT";
    }

    String createTableSuffix() {
        // MariaDB's default character set may not hold Chinese text.
        return this == MARIADB ? " DEFAULT CHARSET=utf8mb4" : "";
    }
}
