package io.onceonly.delivery;

import java.util.List;
import java.util.stream.Collectors;

/** The SQL that differs between the databases a JDBC sink writes to: upsert and column types. */
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

    String upsert(String table, List<String> columns, List<String> keys) {
        String cols = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> updated = columns.stream().filter(c -> !keys.contains(c)).toList();
        return switch (this) {
            case POSTGRESQL -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
                    + String.join(", ", keys) + ") DO " + (updated.isEmpty() ? "NOTHING" : "UPDATE SET "
                    + updated.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
            case MARIADB -> "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON DUPLICATE KEY UPDATE "
                    + (updated.isEmpty() ? keys.get(0) + " = " + keys.get(0)
                    : updated.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", ")));
            case H2 -> "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
        };
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
