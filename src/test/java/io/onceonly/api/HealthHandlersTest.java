package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthHandlersTest {
    /** A hub whose answers each test sets. */
    static final class FakeProbe implements HealthProbe {
        boolean kafka = true;
        boolean registry = true;
        Map<String, String> routes = new LinkedHashMap<>();

        @Override
        public boolean kafkaReachable() {
            return kafka;
        }

        @Override
        public boolean registryLoaded() {
            return registry;
        }

        @Override
        public Map<String, String> routeStatus() {
            return routes;
        }
    }

    static final FakeProbe PROBE = new FakeProbe();
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new HealthHandlers(PROBE, () -> "onceonly_up 1\n"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void allUp() {
        PROBE.kafka = true;
        PROBE.registry = true;
        PROBE.routes = new LinkedHashMap<>(Map.of("source.a", "RUNNING", "subscription.b", "PAUSED"));
    }

    @Test
    void liveAnswersWithoutAToken() {
        ApiTestServer.Answer live = api.get("/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readyWhenKafkaAndRegistryAreUpAndEveryRouteRunsOrWasPaused() {
        ApiTestServer.Answer ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        assertThat(ready.json().path("routes").path("subscription.b").asText()).isEqualTo("PAUSED");
    }

    @Test
    void notReadyWhileTheRegistryIsUnread() {
        PROBE.registry = false;
        ApiTestServer.Answer ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("registry").asText()).isEqualTo("DOWN");
        assertThat(ready.json().path("kafka").asText()).isEqualTo("UP");
    }

    @Test
    void notReadyWhenKafkaIsAwayOrARouteFailed() {
        PROBE.kafka = false;
        assertThat(api.get("/health/ready", null).json().path("kafka").asText()).isEqualTo("DOWN");
        PROBE.kafka = true;
        PROBE.routes.put("source.c", "FAILED");
        ApiTestServer.Answer ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void metricsAreThePrometheusTextWithoutAToken() {
        ApiTestServer.Answer metrics = api.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.text()).isEqualTo("onceonly_up 1\n");
    }

    @Test
    void anUnknownPathIsAProblemNamingIt() {
        ApiTestServer.Answer missing = api.get("/healthz", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().path("detail").asText()).contains("GET /healthz");
    }
}
