package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.config.HubSettings;
import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.EmbeddedKafkaBroker;
import io.onceonly.testing.HubFixture;

/** /health/ready says DOWN (503) when Kafka becomes unreachable, while /health/live stays UP. */
class ReadinessIT {
    @TempDir
    Path dir;

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
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        HubSettings settings = HubFixture.settings(connectors, HubFixture.uniquePrefix(),
                Map.of("onceonly.kafka.bootstrap", broker.bootstrapServers()));
        try (OnceOnlyHub hub = OnceOnlyHub.start(settings, Map.of())) {
            String base = "http://127.0.0.1:" + hub.httpPort();
            assertThat(status(base + "/health/ready")).isEqualTo(200);
            broker.close();
            await("readiness follows Kafka").atMost(Duration.ofSeconds(30)).until(() -> status(base + "/health/ready") == 503);
            assertThat(status(base + "/health/live")).isEqualTo(200);
        } finally {
            broker.close();
        }
    }
}
