package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.HubProcess;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/**
 * Two hub instances in separate JVMs on one Kafka cluster share the work: each source is polled by exactly one of
 * them, and when that one is killed its sources move to the survivor; no source stops and no record is doubled.
 */
class MultiInstanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "operator-token";
    private static final int ROWS = 200;
    private static final List<String> SOURCES = List.of("township-x.activities", "township-y.activities");
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final Map<String, HubProcess> hubs = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private WebhookReceiver webhook;

    @AfterEach
    void stop() throws Exception {
        for (HubProcess hub : hubs.values()) {
            hub.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The state each live instance reports for a source, by instance id. */
    private Map<String, String> states(String instance, String source) {
        Map<String, String> states = new HashMap<>();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ports.get(instance) + "/api/v1/sources/" + source + "/status"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JSON.readTree(response.body()).path("instances")
                        .forEach(i -> states.put(i.path("instance").asText(), i.path("state").asText()));
            }
        } catch (Exception notUpYet) {
            // the instance is still starting
        }
        return states;
    }

    /** Which instance polls the source, when exactly one live instance says RUNNING and the others UNASSIGNED. */
    private String runner(String askedInstance, String source, Set<String> live) {
        Map<String, String> states = states(askedInstance, source);
        List<String> running = live.stream().filter(i -> "RUNNING".equals(states.get(i))).toList();
        boolean othersIdle = live.stream().filter(i -> !running.contains(i)).allMatch(i -> "UNASSIGNED".equals(states.get(i)));
        return running.size() == 1 && othersIdle ? running.get(0) : null;
    }

    @Test
    void sourcesMoveToTheSurvivorWhenAnInstanceIsKilledAndNothingIsDoubled() throws Exception {
        SourceTable x = new SourceTable();
        SourceTable y = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        webhook = new WebhookReceiver();
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        x.source(SOURCES.get(0)).writeTo(connectors, "x.yaml");
        y.source(SOURCES.get(1)).department("township-y").map("activity_id", "template", "320115102-{id}")
                .writeTo(connectors, "y.yaml");
        SourceTable.mariaDbSubscription("propaganda-dept.activities", sinkTable).writeTo(connectors, "propaganda.yaml");
        SourceTable.webhookSubscription("culture-bureau.activities", webhook.url()).writeTo(connectors, "culture.yaml");
        String prefix = HubExtension.uniquePrefix();
        for (String instance : List.of("hub-a", "hub-b")) {
            int port = freePort();
            ports.put(instance, port);
            Map<String, String> env = HubProcess.environment(SharedKafkaBroker.bootstrapServers(), prefix, connectors);
            env.put("ONCEONLY_SOURCE_BATCH_SIZE", "10");
            env.put("ONCEONLY_DELIVERY_BATCH_SIZE", "20");
            env.put("ONCEONLY_HTTP_PORT", Integer.toString(port));
            env.put("ONCEONLY_INSTANCE_ID", instance);
            env.put("ONCEONLY_API_OPERATOR_TOKEN", TOKEN);
            hubs.put(instance, HubProcess.start(env, dir.resolve(instance + ".log")));
        }
        Set<String> live = new HashSet<>(hubs.keySet());
        await("each source polled by exactly one instance").atMost(Duration.ofSeconds(90))
                .until(() -> SOURCES.stream().allMatch(s -> runner("hub-a", s, live) != null));

        CompletableFuture<Void> clerks = CompletableFuture.runAsync(() -> {
            try {
                for (int id = 1; id <= ROWS; id++) {
                    x.insert(id, "镇X活动" + id, "20240305");
                    y.insert(id, "镇Y活动" + id, "20240306");
                    LockSupport.parkNanos(Duration.ofMillis(40).toNanos());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("deliveries under way").atMost(Duration.ofSeconds(60))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) >= 40);

        // Kill whichever instance polls township-x's source, mid-stream.
        String victim = runner("hub-a", SOURCES.get(0), live);
        String survivor = victim.equals("hub-a") ? "hub-b" : "hub-a";
        hubs.get(victim).kill();
        live.remove(victim);
        long killedAt = System.nanoTime();
        await("the survivor polls every source").atMost(Duration.ofSeconds(60))
                .until(() -> SOURCES.stream().allMatch(s -> "RUNNING".equals(states(survivor, s).get(survivor))));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        clerks.get();

        await("every row of both sources at MariaDB").atMost(Duration.ofSeconds(120))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2 * ROWS);
        await("every row at the webhook").atMost(Duration.ofSeconds(120))
                .until(() -> webhook.latestBySubject().size() == 2 * ROWS);
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(SharedKafkaBroker.bootstrapServers(), prefix + ".cultural-activity.v1",
                r -> perKey.merge(r.key(), 1, Integer::sum));
        assertThat(perKey).as("each row published once, though its source moved").hasSize(2 * ROWS);
        assertThat(perKey.values()).allMatch(n -> n == 1);
        Set<String> ids = new HashSet<>();
        webhook.events().forEach(e -> ids.add(e.path("id").asText()));
        assertThat(ids).hasSize(2 * ROWS);
        System.out.printf("MultiInstanceIT: killed %s; %s polled every source again after %d ms; %d rows, %d webhook "
                + "events for %d distinct ids%n", victim, survivor, takeover.toMillis(), 2 * ROWS, webhook.events().size(), ids.size());
    }
}
