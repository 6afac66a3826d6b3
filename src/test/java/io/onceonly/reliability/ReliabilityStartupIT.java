package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.CapturedLogs;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.WebhookReceiver;

/**
 * The hub starts only with the guarantees it relies on, and a subscription never jumps silently over records whose
 * position was deleted: it fails with a message that says what happened and how to fix it.
 */
class ReliabilityStartupIT {
    private static final String SUBSCRIPTION = "culture-bureau.activities";

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private OnceOnlyHub hub;
    private WebhookReceiver webhook;

    private SourceTable startHub(int rows) throws Exception {
        SourceTable source = new SourceTable();
        webhook = fixture.webhook();
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("culture.yaml", SourceTable.webhookSubscription(SUBSCRIPTION, webhook.url()));
        for (int id = 1; id <= rows; id++) {
            source.insert(id, "活动" + id, "20240305");
        }
        hub = fixture.start();
        return source;
    }

    /** Deletes every record of the schema topic, as retention would after the subscriber fell far behind. */
    private void deleteAllRecords() throws Exception {
        String topic = hub.topics().schema("cultural-activity", 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, hub.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get(10, TimeUnit.SECONDS);
        }
    }

    private int published() {
        int[] n = {0};
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> n[0]++);
        return n[0];
    }

    @Test
    void onASingleBrokerTheHubStartsAndSaysMinInsyncReplicasIsNotChecked() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            startHub(1);
            assertThat(logs.text()).contains("is a single broker: min.insync.replicas is not checked");
        }
    }

    @Test
    void aSubscriptionResumedAfterItsPositionWasDeletedFailsWithTheFixInsteadOfSkipping() throws Exception {
        SourceTable source = startHub(5);
        await("first rows delivered").atMost(Duration.ofSeconds(30)).until(() -> webhook.latestBySubject().size() == 5);
        hub.setPaused("Subscription/" + SUBSCRIPTION, true, "test");
        for (int id = 6; id <= 10; id++) {
            source.insert(id, "活动" + id, "20240305");
        }
        await("later rows published while the subscription is paused").atMost(Duration.ofSeconds(30))
                .until(() -> published() == 10);
        deleteAllRecords();

        hub.setPaused("Subscription/" + SUBSCRIPTION, false, "test");

        Map<String, Object> status = hub.localStatus("Subscription/" + SUBSCRIPTION);
        assertThat(status.get("state")).isEqualTo("FAILED");
        assertThat((String) status.get("error"))
                .contains("Consumer group " + hub.topics().subscriptionGroup(SUBSCRIPTION) + " has a committed position that")
                .contains("no longer holds")
                .contains("--reset-offsets --to-earliest");
        assertThat(webhook.latestBySubject()).as("nothing delivered past the gap").hasSize(5);
    }

    @Test
    void aRunningSubscriptionWhosePositionIsDeletedUnderItStopsWithTheFixInsteadOfSkipping() throws Exception {
        SourceTable source = startHub(0);
        // The subscriber is down, so the group stays at its start while records arrive and are then deleted.
        webhook.failNext(1_000_000);
        for (int id = 1; id <= 3; id++) {
            source.insert(id, "活动" + id, "20240305");
        }
        await("rows published").atMost(Duration.ofSeconds(30)).until(() -> published() == 3);
        deleteAllRecords();

        await("the subscription stops with a clear error").atMost(Duration.ofSeconds(90))
                .until(() -> "FAILED".equals(hub.localStatus("Subscription/" + SUBSCRIPTION).get("state"))
                        && String.valueOf(hub.localStatus("Subscription/" + SUBSCRIPTION).get("error")).contains("no longer holds"));
        webhook.failNext(0);
        assertThat(webhook.events()).isEmpty();
    }
}
