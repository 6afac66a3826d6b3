package io.onceonly.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlDialectTest {
    private final List<String> columns = List.of("activity_id", "title", "v");
    private final List<String> key = List.of("activity_id");

    @Test
    void postgresUpsertsOnConflictOnlyWithANewerVersion() {
        assertThat(SqlDialect.of("jdbc:postgresql://localhost/test").upsert("t", columns, key, "v")).isEqualTo(
                "INSERT INTO t AS existing (activity_id, title, v) VALUES (?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET "
                        + "title = EXCLUDED.title, v = EXCLUDED.v WHERE existing.v IS NULL OR existing.v <= EXCLUDED.v");
    }

    @Test
    void mariaDbComparesTheVersionBeforeAssigningItLast() {
        assertThat(SqlDialect.of("jdbc:mariadb://localhost/test").upsert("t", columns, key, "v")).isEqualTo(
                "INSERT INTO t (activity_id, title, v) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "title = IF((v IS NULL OR v <= VALUES(v)), VALUES(title), title), "
                        + "v = IF((v IS NULL OR v <= VALUES(v)), VALUES(v), v)");
    }

    @Test
    void mariaDbWritesManyRowsInOneStatement() {
        SqlDialect mariaDb = SqlDialect.of("jdbc:mariadb://localhost/test");
        assertThat(mariaDb.rowsPerUpsert()).isGreaterThan(1);
        assertThat(mariaDb.upsert("t", columns, key, "v", 3)).startsWith(
                "INSERT INTO t (activity_id, title, v) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE ");
        assertThat(SqlDialect.of("jdbc:postgresql://localhost/test").rowsPerUpsert()).isEqualTo(1);
        assertThatThrownBy(() -> SqlDialect.of("jdbc:h2:mem:x").upsert("t", columns, key, "v", 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutVersionEachDialectSimplyUpserts() {
        assertThat(SqlDialect.of("jdbc:h2:mem:x").upsert("t", List.of("activity_id", "title"), key, null))
                .isEqualTo("MERGE INTO t (activity_id, title) KEY (activity_id) VALUES (?, ?)");
        assertThat(SqlDialect.of("jdbc:mariadb://localhost/test").upsert("t", List.of("activity_id", "title"), key, null))
                .endsWith("ON DUPLICATE KEY UPDATE title = VALUES(title)");
    }

    @Test
    void deletesOnlyRowsNotNewerThanTheDeletion() {
        assertThat(SqlDialect.of("jdbc:postgresql://localhost/test").delete("t", key, "v"))
                .isEqualTo("DELETE FROM t WHERE activity_id = ? AND (v IS NULL OR v <= ?)");
    }

    @Test
    void unknownDatabaseIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> SqlDialect.of("jdbc:oracle:thin:@db?user=x&password=secret"))
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("secret");
    }
}
