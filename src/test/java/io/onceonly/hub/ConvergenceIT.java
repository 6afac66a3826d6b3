package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** Five subscribers with different sinks on one schema converge to the same records, updates included. */
class ConvergenceIT {
    private static final int ROWS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @Test
    void postgresMariaDbWebhookFileAndKafkaSubscribersHoldTheSameRecords() throws Exception {
        SourceTable source = new SourceTable();
        String mariaTable = TestDatabases.uniqueName("it_maria");
        String pgTable = TestDatabases.uniqueName("it_pg");
        webhook = fixture.webhook();
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("maria.yaml", SourceTable.mariaDbSubscription("propaganda-dept.activities", mariaTable));
        fixture.write("pg.yaml", SourceTable.jdbcSubscription("civil-affairs.activities", "civil-affairs",
                TestDatabases.POSTGRES_URL, pgTable));
        fixture.write("hook.yaml", SourceTable.webhookSubscription("culture-bureau.activities", webhook.url()));
        String prefix = fixture.prefix();
        Path exports = fixture.folder("exports");
        fixture.write("file.yaml", Resources.subscription("archives.activities", "archives")
                .fields("activity_id", "title", "activity_date")
                .to("file", "dir", exports.toString(), "format", "jsonl"));
        String forwarded = prefix + "-forwarded.activities";
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(forwarded, 2, (short) 1))).all().get();
        }
        fixture.write("kafka.yaml", Resources.subscription("statistics-bureau.activities", "statistics-bureau")
                .fields("activity_id", "title")
                .to("kafka", "topic", forwarded));
        hub = fixture.setting("onceonly.delivery.batch-size", "7").start();

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
        await("Kafka topic converged").atMost(Duration.ofSeconds(90)).until(() -> topicTitles(forwarded).equals(expected));
        List<String> forwardedShape = new java.util.ArrayList<>();
        TopicReader.readToEnd(SharedKafkaBroker.bootstrapServers(), forwarded, r -> {
            if (forwardedShape.isEmpty()) {
                forwardedShape.add(new String(r.headers().lastHeader("ce_type").value(), java.nio.charset.StandardCharsets.UTF_8));
                forwardedShape.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        assertThat(forwardedShape.get(0)).isEqualTo(prefix + ".cultural-activity.v1");
        assertThat(JSON.readTree(forwardedShape.get(1)).size()).as("only the granted fields: %s", forwardedShape.get(1)).isEqualTo(2);
        await("files hold every update").atMost(Duration.ofSeconds(90)).until(() -> fileTitles(exports, true).equals(expected));
        fixture.stop(); // completes the open file
        assertThat(fileTitles(exports, false)).as("complete files only").isEqualTo(expected);
    }

    private static Map<String, String> topicTitles(String topic) {
        Map<String, String> titles = new TreeMap<>();
        TopicReader.readToEnd(SharedKafkaBroker.bootstrapServers(), topic, r -> {
            try {
                titles.put(r.key(), JSON.readTree(r.value()).path("title").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return titles;
    }

    /** The latest title per key in the exported files, in file order; with the open part file or complete ones only. */
    private static Map<String, String> fileTitles(Path dir, boolean withPart) throws java.io.IOException {
        Map<String, String> titles = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return titles;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl") || (withPart && f.toString().endsWith(".jsonl.part")))
                    .sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode record = JSON.readTree(line);
                    titles.put(record.path("_key").asText(), record.path("title").asText());
                }
            }
        }
        return titles;
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
