package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.HubFixture;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** Three subscribers with different sinks on one schema converge to the same records, updates included. */
class ConvergenceIT {
    private static final int ROWS = 60;

    @TempDir
    Path connectors;
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void postgresMariaDbAndWebhookSubscribersHoldTheSameRecords() throws Exception {
        SourceTable source = new SourceTable();
        String mariaTable = TestDatabases.uniqueName("it_maria");
        String pgTable = TestDatabases.uniqueName("it_pg");
        webhook = new WebhookReceiver();
        HubFixture.write(connectors, "source.yaml", source.sourceYaml("township-x.activities"));
        HubFixture.write(connectors, "maria.yaml", SourceTable.mariaDbSubscriptionYaml("propaganda-dept.activities", mariaTable));
        HubFixture.write(connectors, "pg.yaml", SourceTable.mariaDbSubscriptionYaml("civil-affairs.activities", pgTable)
                .replace(TestDatabases.MARIADB_URL, TestDatabases.POSTGRES_URL).replace("propaganda-dept }", "civil-affairs }"));
        HubFixture.write(connectors, "hook.yaml", SourceTable.webhookSubscriptionYaml("culture-bureau.activities", webhook.url()));
        hub = OnceOnlyHub.start(HubFixture.settings(connectors, HubFixture.uniquePrefix(),
                Map.of("onceonly.delivery.batch-size", "7")), Map.of());

        Map<String, String> expected = new TreeMap<>();
        for (int id = 1; id <= ROWS; id++) {
            source.insert(id, "活动" + id, "20240305");
            expected.put("320115101-" + id, "活动" + id);
        }
        for (int id = 1; id <= ROWS; id += 5) {
            source.updateTitle(id, "活动" + id + "（已更新）");
            expected.put("320115101-" + id, "活动" + id + "（已更新）");
        }

        await("MariaDB converged").atMost(Duration.ofSeconds(90)).until(() -> titles(TestDatabases.MARIADB_URL, mariaTable).equals(expected));
        await("PostgreSQL converged").atMost(Duration.ofSeconds(90)).until(() -> titles(TestDatabases.POSTGRES_URL, pgTable).equals(expected));
        await("webhook converged").atMost(Duration.ofSeconds(90)).until(() -> webhookTitles().equals(expected));
    }

    private Map<String, String> webhookTitles() {
        Map<String, String> titles = new TreeMap<>();
        webhook.latestBySubject().forEach((key, event) -> titles.put(key, event.path("data").path("title").asText()));
        return titles;
    }

    private static Map<String, String> titles(String url, String table) {
        Map<String, String> titles = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT activity_id, title FROM " + table)) {
            while (rs.next()) {
                titles.put(rs.getString(1), rs.getString(2));
            }
        } catch (Exception e) {
            return Map.of(); // the table appears with the first batch
        }
        return titles;
    }
}
