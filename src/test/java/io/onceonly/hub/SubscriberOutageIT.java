package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** A subscriber that is down for a while gets every record once it is back; the other subscriber is not held up. */
class SubscriberOutageIT {
    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @Test
    void webhookDownLongerThanTheRetriesStillReceivesEveryRecordAndMariaDbIsNotHeldUp() throws Exception {
        SourceTable source = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        webhook = fixture.webhook();
        // More failures than the delivery route's in-place retries (5): the batch must be polled again, not skipped.
        webhook.failNext(8);
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
        for (int id = 1; id <= 5; id++) {
            source.insert(id, "活动" + id, "20240305");
        }
        hub = fixture.start();

        await("MariaDB subscriber has every row while the webhook is down").atMost(Duration.ofSeconds(30))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 5);
        assertThat(webhook.events()).isEmpty();
        await("webhook has every row once it answers again").atMost(Duration.ofSeconds(120))
                .until(() -> webhook.latestBySubject().size() == 5);
        assertThat(webhook.events()).hasSize(5);
    }
}
