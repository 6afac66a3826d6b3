package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.HubFixture;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** A subscriber that is down for a while gets every record once it is back; the other subscriber is not held up. */
class SubscriberOutageIT {
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
    void webhookDownLongerThanTheRetriesStillReceivesEveryRecordAndMariaDbIsNotHeldUp() throws Exception {
        SourceTable source = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        webhook = new WebhookReceiver();
        // More failures than the delivery route's in-place retries (5): the batch must be polled again, not skipped.
        webhook.failNext(8);
        HubFixture.write(connectors, "source.yaml", source.sourceYaml("township-x.activities"));
        HubFixture.write(connectors, "propaganda.yaml", SourceTable.mariaDbSubscriptionYaml("propaganda-dept.activities", sinkTable));
        HubFixture.write(connectors, "culture.yaml", SourceTable.webhookSubscriptionYaml("culture-bureau.activities", webhook.url()));
        for (int id = 1; id <= 5; id++) {
            source.insert(id, "活动" + id, "20240305");
        }
        hub = OnceOnlyHub.start(HubFixture.settings(connectors, HubFixture.uniquePrefix(), Map.of()), Map.of());

        await("MariaDB subscriber has every row while the webhook is down").atMost(Duration.ofSeconds(30))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 5);
        assertThat(webhook.events()).isEmpty();
        await("webhook has every row once it answers again").atMost(Duration.ofSeconds(120))
                .until(() -> webhook.latestBySubject().size() == 5);
        assertThat(webhook.events()).hasSize(5);
    }
}
