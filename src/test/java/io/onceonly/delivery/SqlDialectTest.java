package io.onceonly.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlDialectTest {
    private final List<String> columns = List.of("activity_id", "title", "venue");
    private final List<String> key = List.of("activity_id");

    @Test
    void postgresUpsertsOnConflictOfTheKey() {
        assertThat(SqlDialect.of("jdbc:postgresql://localhost/test").upsert("t", columns, key)).isEqualTo(
                "INSERT INTO t (activity_id, title, venue) VALUES (?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET "
                        + "title = EXCLUDED.title, venue = EXCLUDED.venue");
    }

    @Test
    void mariaDbUpsertsOnDuplicateKey() {
        assertThat(SqlDialect.of("jdbc:mariadb://localhost/test").upsert("t", columns, key)).isEqualTo(
                "INSERT INTO t (activity_id, title, venue) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "title = VALUES(title), venue = VALUES(venue)");
    }

    @Test
    void h2MergesByKey() {
        assertThat(SqlDialect.of("jdbc:h2:mem:x").upsert("t", columns, key))
                .isEqualTo("MERGE INTO t (activity_id, title, venue) KEY (activity_id) VALUES (?, ?, ?)");
    }

    @Test
    void unknownDatabaseIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> SqlDialect.of("jdbc:oracle:thin:@db?user=x&password=secret"))
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("secret");
    }
}
