package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** /metrics in the Prometheus text format: source outcomes, deliveries, latency, lag, JVM; checked by promtool. */
class MetricsIT {
    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;

    @BeforeEach
    void runAHubWithTraffic() throws Exception {
        SourceTable source = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        webhook = fixture.webhook();
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "2024-13-45");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        hub = fixture.start();
        await("delivered").atMost(Duration.ofSeconds(60)).until(() -> webhook.latestBySubject().size() == 2
                && TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    @Test
    void sourceOutcomesDeliveriesLatencyAndLagAreExposed() throws Exception {
        await("lag probed after the deliveries").atMost(Duration.ofSeconds(30)).until(() ->
                scrape().contains("onceonly_delivery_lag_records{subscription=\"propaganda-dept.activities\"} 0.0"));
        String metrics = scrape();
        assertThat(metrics)
                .containsPattern("onceonly_source_records_total\\{[^}]*outcome=\"published\"[^}]*source=\"township-x.activities\"[^}]*} 2\\.0")
                .containsPattern("onceonly_source_records_total\\{[^}]*outcome=\"rejected\",reason=\"type\"[^}]*} 1\\.0")
                .containsPattern("onceonly_delivery_records_total\\{[^}]*outcome=\"delivered\",subscription=\"culture-bureau.activities\"} 2\\.0")
                .containsPattern("onceonly_delivery_latency_seconds_bucket\\{[^}]*subscription=\"propaganda-dept.activities\"")
                .containsPattern("onceonly_delivery_lag_records\\{subscription=\"propaganda-dept.activities\"} 0\\.0")
                .containsPattern("onceonly_source_last_success_seconds\\{department=\"township-x\",source=\"township-x.activities\"}")
                .contains("onceonly_source_poll_seconds_count")
                .containsPattern("onceonly_source_last_record_seconds\\{department=\"township-x\",source=\"township-x.activities\"}")
                .contains("onceonly_route_up{route=\"subscription.culture-bureau.activities\"} 1.0")
                .contains("jvm_memory_used_bytes")
                // Kafka's own client metrics: the source's producer and the subscriptions' consumers.
                .containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=\"onceonly-source-township-x.activities\"")
                .containsPattern("kafka_consumer_connection_creation_total\\{");
        // Bounded tags only: no record ids, keys or messages.
        assertThat(metrics).doesNotContain("320115101-").doesNotContain("2024-13-45");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Assumptions.assumeTrue(Path.of("/usr/bin/promtool").toFile().canExecute(),
                "promtool is not installed (Debian package prometheus); .ci/run installs it");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as("promtool check metrics said: %s", output).isZero();
    }
}
