package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

import io.onceonly.delivery.DeadLetters;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** A record one subscriber refuses goes to its dead letters with the reason; the rest flow; a replay delivers it. */
class DeadLetterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WEBHOOK_SUB = "culture-bureau.activities";
    private static final String MARIADB_SUB = "propaganda-dept.activities";

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private final String sinkTable = TestDatabases.uniqueName("it_sink");
    private SourceTable source;
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @BeforeEach
    void start() throws Exception {
        source = new SourceTable();
        webhook = fixture.webhook();
        webhook.refuseWhen(e -> e.path("data").path("title").asText().contains("待审"));
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonTheRestFlowAndReplayDeliversItOnce() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "待审：非遗剪纸作品展", "20240305");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        hub = fixture.start();

        await("the other subscriber has all three").atMost(WAIT)
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 3);
        await("the refused record is a dead letter").atMost(WAIT).until(() -> hub.deadLetters(WEBHOOK_SUB).size() == 1);
        assertThat(webhook.latestBySubject().keySet()).containsExactlyInAnyOrder("320115101-1", "320115101-3");
        DeadLetters.DeadLetter letter = hub.deadLetters(WEBHOOK_SUB).get(0);
        assertThat(letter.record().key()).isEqualTo("320115101-2");
        assertThat(letter.reason()).contains("refused the records with HTTP 400").contains("title not accepted");
        assertThat(letter.record().data().path("title").asText()).isEqualTo("待审：非遗剪纸作品展");
        assertThat(letter.record().data().has("contact_phone")).as("only granted fields are kept").isFalse();
        assertThat(hub.deadLetters(MARIADB_SUB)).isEmpty();

        List<JsonNode> receipts = receipts();
        assertThat(receipts).filteredOn(r -> r.path("subscription").asText().equals(WEBHOOK_SUB))
                .extracting(r -> r.path("key").asText() + " " + r.path("outcome").asText())
                .containsExactlyInAnyOrder("320115101-1 delivered", "320115101-2 dead-lettered", "320115101-3 delivered");
        assertThat(receipts).filteredOn(r -> r.path("subscription").asText().equals(MARIADB_SUB)).hasSize(3)
                .allMatch(r -> r.path("contentHash").asText().length() == 64);

        webhook.refuseWhen(e -> false); // the receiver is fixed
        assertThat(hub.replayDeadLetters(WEBHOOK_SUB)).isEqualTo(1);
        assertThat(webhook.latestBySubject()).containsKey("320115101-2");
        assertThat(hub.deadLetters(WEBHOOK_SUB)).isEmpty();
        assertThat(hub.replayDeadLetters(WEBHOOK_SUB)).as("a second replay has nothing left").isZero();
        assertThat(webhook.events()).hasSize(3);
        assertThat(receipts()).anyMatch(r -> r.path("outcome").asText().equals("replayed"));
    }

    @Test
    void aRecordThatAlwaysFailsWhileOthersGoThroughIsDeadLetteredAfterBoundedAttempts() throws Exception {
        webhook.refuseWhen(e -> false);
        webhook.crashOn(e -> e.path("data").path("title").asText().contains("乱码"));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "乱码标题", "20240305");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        hub = fixture.start();

        await("the good records reach the webhook").atMost(WAIT)
                .until(() -> webhook.latestBySubject().keySet().containsAll(List.of("320115101-1", "320115101-3")));
        await("the poison record is a dead letter").atMost(WAIT).until(() -> hub.deadLetters(WEBHOOK_SUB).size() == 1);
        assertThat(hub.deadLetters(WEBHOOK_SUB).get(0).reason()).startsWith("Failed 3 times while other records went through")
                .contains("HTTP 500");
    }

    @Test
    void aSubscriberThatIsDownDeadLettersNothing() throws Exception {
        webhook.refuseWhen(e -> false);
        webhook.crashOn(e -> true);
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "20240305");
        hub = fixture.start();
        await("the other subscriber has both").atMost(WAIT)
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);
        // Past the batch attempts and the one-record-at-a-time pass: every record failed, so it is the system.
        await("the hub tried the batch and each record").atMost(WAIT).until(() -> webhook.crashes() >= 3 + 2 + 1);
        assertThat(hub.deadLetters(WEBHOOK_SUB)).isEmpty();
        webhook.crashOn(e -> false);
        await("delivered once the subscriber is back").atMost(WAIT).until(() -> webhook.latestBySubject().size() == 2);
    }

    @Test
    void pausedSubscriptionWaitsWhileTheOthersFlowAndCatchesUpOnResume() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        hub = fixture.start();
        await("first row everywhere").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 1
                && webhook.latestBySubject().size() == 1);

        hub.setPaused("Subscription/" + MARIADB_SUB, true, "test");
        source.insert(2, "非遗剪纸作品展", "20240305");
        await("the webhook keeps receiving").atMost(WAIT).until(() -> webhook.latestBySubject().size() == 2);
        assertThat(TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable)).as("paused subscriber").isEqualTo(1);

        hub.setPaused("Subscription/" + MARIADB_SUB, false, "test");
        await("the paused subscriber catches up").atMost(WAIT)
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);
    }

    @Test
    void aDeadLetterThatCannotBeWrittenHoldsTheSubscriptionUntilItCan() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        hub = fixture.start();
        await("first row at both").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 1
                && webhook.latestBySubject().size() == 1);

        // The dead-letter store refuses every write: the broker takes no message larger than 64 bytes on that topic.
        setDeadLetterLimit("64");
        source.insert(2, "待审：非遗剪纸作品展", "20240305");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        await("the other subscriber flows").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 3);
        await("the subscription shows it is stuck").atMost(WAIT)
                .until(() -> hub.localStatus("Subscription/" + WEBHOOK_SUB).get("state"), "FAILED"::equals);
        TopicPartition poisonAt = partitionOf("320115101-2");
        long poisonOffset = offsetOf("320115101-2");
        // Retries go on; for 3 s of them the position must stay before the refused record.
        await("committed position of " + poisonAt + " stays before the refused record").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).until(() -> committed(WEBHOOK_SUB).getOrDefault(poisonAt, 0L) <= poisonOffset);
        assertThat(hub.deadLetters(WEBHOOK_SUB)).isEmpty();
        assertThat(hub.localStatus("Subscription/" + WEBHOOK_SUB).get("error").toString()).contains(WEBHOOK_SUB);

        setDeadLetterLimit(null); // the store is back
        await("the refused record is a dead letter").atMost(WAIT).until(() -> hub.deadLetters(WEBHOOK_SUB).size() == 1);
        assertThat(hub.deadLetters(WEBHOOK_SUB).get(0).record().key()).isEqualTo("320115101-2");
        await("the subscription runs again").atMost(WAIT)
                .until(() -> hub.localStatus("Subscription/" + WEBHOOK_SUB).get("state"), "RUNNING"::equals);
        await("its position moves past the refused record").atMost(WAIT)
                .until(() -> committed(WEBHOOK_SUB).getOrDefault(poisonAt, 0L) > poisonOffset);
        assertThat(webhook.latestBySubject().keySet()).containsExactlyInAnyOrder("320115101-1", "320115101-3");
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, hub.bootstrapServers()));
    }

    /** Sets (or with null removes) the dead-letter topic's max.message.bytes. */
    private void setDeadLetterLimit(String bytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, hub.topics().deadLetters());
        ConfigEntry entry = new ConfigEntry("max.message.bytes", bytes == null ? "" : bytes);
        AlterConfigOp op = new AlterConfigOp(entry, bytes == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
        }
    }

    private Map<TopicPartition, Long> committed(String subscription) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                    hub.topics().subscriptionGroup(subscription)).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> positions = new java.util.HashMap<>();
            offsets.forEach((tp, o) -> positions.put(tp, o == null ? 0L : o.offset()));
            return positions;
        }
    }

    private TopicPartition partitionOf(String key) {
        long[] at = locate(key);
        return new TopicPartition(hub.topics().schema("cultural-activity", 1), (int) at[0]);
    }

    private long offsetOf(String key) {
        return locate(key)[1];
    }

    /** Partition and offset of a key's record on the schema topic. */
    private long[] locate(String key) {
        long[] at = {-1, -1};
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            if (key.equals(r.key())) {
                at[0] = r.partition();
                at[1] = r.offset();
            }
        });
        assertThat(at[0]).as(key + " on the schema topic").isNotNegative();
        return at;
    }

    private List<JsonNode> receipts() {
        List<JsonNode> receipts = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().deliveries(), r -> {
            try {
                receipts.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return receipts;
    }
}
