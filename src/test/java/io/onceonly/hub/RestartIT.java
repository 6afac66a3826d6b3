package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** Stopping and starting the hub while rows keep arriving loses none and doubles none. */
class RestartIT {
    private static final int ROWS = 400;

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @Test
    void hubRestartedMidStreamLosesNoRowAndDuplicatesNone() throws Exception {
        SourceTable source = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        webhook = fixture.webhook();
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
        // Small batches, so the restart falls between many source transactions and sink commits.
        fixture.setting("onceonly.source.batch-size", "20").setting("onceonly.delivery.batch-size", "25");

        AtomicInteger typed = new AtomicInteger();
        CompletableFuture<Void> clerk = CompletableFuture.runAsync(() -> {
            try {
                for (int id = 1; id <= ROWS; id++) {
                    source.insert(id, "活动" + id, "20240305");
                    typed.set(id);
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // a steady stream, not one burst

                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        hub = fixture.start();
        await("some rows delivered before the restart").atMost(Duration.ofSeconds(60))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) >= 20);
        fixture.stop();
        int deliveredBeforeRestart = TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable);
        hub = fixture.start();
        clerk.get();

        await("every row at MariaDB").atMost(Duration.ofSeconds(90))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == ROWS);
        await("every row at the webhook").atMost(Duration.ofSeconds(90))
                .until(() -> webhook.latestBySubject().size() == ROWS);

        assertThat(deliveredBeforeRestart).as("the restart happened mid-stream").isLessThan(ROWS);
        // Source transactions publish each row exactly once, across the restart.
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        assertThat(perKey).hasSize(ROWS);
        assertThat(perKey.values()).allMatch(n -> n == 1);
        // A graceful stop commits every delivered batch: the webhook saw no event twice.
        List<JsonNode> events = webhook.events();
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.path("id").asText()));
        assertThat(ids).hasSize(events.size());
        assertThat(events).hasSize(ROWS);
    }
}
