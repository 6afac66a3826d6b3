package io.onceonly.hub;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.TestDatabases;

/**
 * The same flow against a PostgreSQL version other than the machine's, in a container: source and subscriber both
 * in it. Runs where a Docker engine exists; elsewhere JUnit reports it skipped because Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerIT {
    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @RegisterExtension
    final HubExtension fixture = new HubExtension();

    @Test
    void rowsFlowFromOnePostgresTableIntoAnotherThroughTheHub() throws Exception {
        String jdbc = POSTGRES.getJdbcUrl();
        String url = jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + POSTGRES.getUsername()
                + "&password=" + POSTGRES.getPassword();
        TestDatabases.execute(url, "CREATE TABLE activity (id INT PRIMARY KEY, title TEXT, held_on TEXT, "
                + "updated_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP)");
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO activity (id, title, held_on) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= 3; id++) {
                ps.setInt(1, id);
                ps.setString(2, "活动" + id);
                ps.setString(3, "2024年3月" + id + "日");
                ps.executeUpdate();
            }
        }
        fixture.write("all.yaml", Resources.documents(
                Resources.source("township-x.activities", "township-x")
                        .from("jdbc", "url", url, "table", "activity", "cursor", "updated_at", "tiebreaker", "id",
                                "lag", "0s", "every", "200ms")
                        .map("activity_id", "template", "320115101-{id}")
                        .mapFrom("title", "title")
                        .mapConst("category", "performance")
                        .map("activity_date", "from", "held_on", "type", "date")
                        .mapConst("venue", "街道文化站")
                        .mapConst("division_code", "320115101000")
                        .mapConst("organizer_name", "秣陵街道文化站"),
                Resources.subscription("propaganda-dept.activities", "propaganda-dept")
                        .to("jdbc", "url", url, "table", "shared_activity")));
        try (OnceOnlyHub hub = fixture.start()) {
            await("rows upserted into the subscriber table").atMost(Duration.ofSeconds(60))
                    .until(() -> TestDatabases.count(url, "shared_activity") == 3);
        }
    }
}
