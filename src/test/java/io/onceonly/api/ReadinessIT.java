package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.EmbeddedKafkaBroker;
import io.onceonly.testing.HubExtension;

/** /health/ready says DOWN (503) when Kafka becomes unreachable, while /health/live stays UP. */
class ReadinessIT {
    @TempDir
    Path dir;
    @RegisterExtension
    final HubExtension fixture = new HubExtension();

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void notReadyWhileKafkaIsUnreachable() throws Exception {
        // Closed after the hub, as the hub's own broker would be.
        EmbeddedKafkaBroker broker = fixture.closeAfter(EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0));
        OnceOnlyHub hub = fixture.setting("onceonly.kafka.bootstrap", broker.bootstrapServers()).start();
        String base = "http://127.0.0.1:" + hub.httpPort();
        assertThat(status(base + "/health/ready")).isEqualTo(200);
        broker.close();
        await("readiness follows Kafka").atMost(Duration.ofSeconds(30)).until(() -> status(base + "/health/ready") == 503);
        assertThat(status(base + "/health/live")).isEqualTo(200);
    }
}
