package io.onceonly.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DepartmentDatabaseTest {

    @Test
    void boundsLoggingInAndReadingOnPostgresqlInSeconds() {
        assertThat(DepartmentDatabase.loginTimeouts("jdbc:postgresql://db/x", Duration.ofMillis(2500)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("connectTimeout", "3", "loginTimeout", "3", "socketTimeout", "3"));
    }

    @Test
    void boundsConnectingAndReadingOnMariadbAndMysqlInMilliseconds() {
        assertThat(DepartmentDatabase.loginTimeouts("jdbc:mariadb://db/x", Duration.ofSeconds(10)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("connectTimeout", "10000", "socketTimeout", "10000"));
        assertThat(DepartmentDatabase.loginTimeouts("jdbc:mysql://db/x", Duration.ofSeconds(1))).containsEntry("socketTimeout", "1000");
    }

    @Test
    void leavesATimeoutTheUrlSetsAloneAndAddsNothingForEmbeddedDatabases() {
        assertThat(DepartmentDatabase.loginTimeouts("jdbc:postgresql://db/x?socketTimeout=300", Duration.ofSeconds(10)))
                .doesNotContainKey("socketTimeout").containsEntry("loginTimeout", "10");
        assertThat(DepartmentDatabase.loginTimeouts("jdbc:h2:mem:x", Duration.ofSeconds(10))).isEmpty();
    }
}
