package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** Rows typed once into a PostgreSQL source reach a MariaDB table and an HTTP webhook, normalized to the schema. */
class EndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private final String prefix = fixture.prefix();
    private final String sinkTable = TestDatabases.uniqueName("it_sink");
    private SourceTable source;
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @BeforeEach
    void registerSourceAndSubscribers() throws Exception {
        source = new SourceTable();
        webhook = fixture.webhook();
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
    }

    private void startHub() throws Exception {
        hub = fixture.start();
    }

    @Test
    void rowsReachMariaDbAndWebhookNormalizedToTheSchema() throws Exception {
        source.insert(1, "春节文艺汇演", "2024年3月5日");
        source.insert(2, "老年人防诈骗讲座", "讲座", "20240312", "60");
        startHub();

        await("both rows in the MariaDB subscriber table").atMost(WAIT)
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);
        await("both rows at the webhook").atMost(WAIT).until(() -> webhook.latestBySubject().size() == 2);

        try (Connection c = DriverManager.getConnection(TestDatabases.MARIADB_URL);
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + sinkTable + " WHERE activity_id = '320115101-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("title")).isEqualTo("春节文艺汇演");
            assertThat(rs.getString("category")).isEqualTo("performance");
            assertThat(rs.getObject("activity_date", LocalDate.class)).isEqualTo(LocalDate.of(2024, 3, 5));
            assertThat(rs.getString("venue")).isEqualTo("街道文化站大礼堂");
            assertThat(rs.getLong("participant_count")).isEqualTo(200L);
            assertThat(rs.getString("division_code")).isEqualTo("320115101000");
        }

        JsonNode event = webhook.latestBySubject().get("320115101-2");
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo(prefix + ".cultural-activity.v1");
        assertThat(event.path("source").asText()).isEqualTo("/departments/township-x/sources/township-x.activities");
        assertThat(event.path("dataschema").asText()).isEqualTo("https://onceonly.io/schemas/cultural-activity/v1");
        assertThat(event.path("contenthash").asText()).hasSize(64);
        assertThat(event.path("sourcerecord").asText()).isEqualTo(source.table + ":2");
        JsonNode data = event.path("data");
        assertThat(data.path("activity_date").asText()).isEqualTo("2024-03-12");
        assertThat(data.path("organizer_id").asText()).isEqualTo("91320115MA1XK3R2TA");
        // Only the granted fields leave the hub: this subscriber was not granted phone numbers or head counts.
        assertThat(iterableFieldNames(data)).containsExactlyInAnyOrder("activity_id", "title", "activity_date", "venue", "organizer_id");
        assertThat(webhook.lastHeaders()).containsEntry("content-type", "application/cloudevents-batch+json");
    }

    @Test
    void updatedRowIsUpdatedAtBothSinksNotDuplicated() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "20240305");
        startHub();
        await("first version delivered").atMost(WAIT).until(() -> webhook.latestBySubject().size() == 2
                && TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);

        source.updateTitle(1, "春节文艺汇演（改期）");

        await("MariaDB row updated").atMost(WAIT).until(() -> "春节文艺汇演（改期）".equals(titleInMariaDb("320115101-1")));
        await("webhook received the new version").atMost(WAIT).until(() ->
                webhook.latestBySubject().get("320115101-1").path("data").path("title").asText().equals("春节文艺汇演（改期）"));
        assertThat(TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable)).isEqualTo(2);
        assertThat(webhook.latestBySubject()).hasSize(2);
        // The unchanged row was not pushed again: two first versions plus one update.
        assertThat(webhook.events()).hasSize(3);
    }

    @Test
    void invalidRowGoesToRejectsWithReadableReasonWhileOthersFlow() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "端午节包粽子活动", "2024-13-45");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        startHub();

        await("valid rows delivered").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);
        List<JsonNode> rejects = new ArrayList<>();
        await("the bad row is on the rejects topic").atMost(WAIT).until(() -> {
            rejects.clear();
            TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().rejects(), r -> {
                try {
                    rejects.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return !rejects.isEmpty();
        });
        assertThat(rejects).hasSize(1);
        JsonNode reject = rejects.get(0);
        assertThat(reject.path("source").asText()).isEqualTo("township-x.activities");
        assertThat(reject.path("sourceRecord").asText()).isEqualTo(source.table + ":2");
        assertThat(reject.path("raw").path("held_on").asText()).isEqualTo("2024-13-45");
        assertThat(reject.path("problems").get(0).path("field").asText()).isEqualTo("activity_date");
        assertThat(reject.path("problems").get(0).path("reason").asText())
                .isEqualTo("activity_date: '2024-13-45' is not a date in any of [yyyyMMdd, yyyy年M月d日]");
        assertThat(webhook.latestBySubject().keySet()).containsExactlyInAnyOrder("320115101-1", "320115101-3");
    }

    private static List<String> iterableFieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String titleInMariaDb(String key) {
        try (Connection c = DriverManager.getConnection(TestDatabases.MARIADB_URL);
             ResultSet rs = c.createStatement().executeQuery("SELECT title FROM " + sinkTable + " WHERE activity_id = '" + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
