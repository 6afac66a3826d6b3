package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** The HTTP contract of health and the subscription admin endpoints, against a running hub. */
class AdminApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "operator-token-for-tests";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final HttpClient client = HttpClient.newHttpClient();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private SourceTable source;
    private WebhookReceiver webhook;
    private OnceOnlyHub hub;
    private String sinkTable;

    @BeforeEach
    void start() throws Exception {
        source = new SourceTable();
        webhook = fixture.webhook();
        sinkTable = TestDatabases.uniqueName("it_sink");
        source.writeWithSubscribers(fixture.connectors(), sinkTable, webhook.url());
    }

    private void startHub(String token) throws Exception {
        hub = fixture.setting("onceonly.api.operator-token", token).start();
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void healthIsOpenAndReadyListsEveryRoute() throws Exception {
        startHub(TOKEN);
        assertThat(call("GET", "/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = call("GET", "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(body(ready).path("kafka").asText()).isEqualTo("UP");
        assertThat(body(ready).path("registry").asText()).isEqualTo("UP");
        assertThat(body(ready).path("routes").path("source.township-x.activities").asText()).isEqualTo("RUNNING");
        assertThat(body(ready).path("routes").path("subscription.culture-bureau.activities").asText()).isEqualTo("RUNNING");
    }

    @Test
    void adminEndpointsNeedTheOperatorToken() throws Exception {
        startHub(TOKEN);
        HttpResponse<String> none = call("GET", "/api/v1/subscriptions", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(call("GET", "/api/v1/subscriptions", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = call("GET", "/api/v1/subscriptions", TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        List<String> names = new java.util.ArrayList<>();
        body(ok).path("items").forEach(item -> names.add(item.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("propaganda-dept.activities", "culture-bureau.activities");
        assertThat(call("POST", "/api/v1/subscriptions/nobody/pause", TOKEN).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/nothing-here", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void theSchemaCatalogIsReadableThroughTheApi() throws Exception {
        startHub(TOKEN);
        JsonNode list = body(call("GET", "/api/v1/schemas", TOKEN));
        assertThat(list.path("items").findValuesAsText("name")).contains("cultural-activity", "resident", "enterprise");
        JsonNode activity = list.path("items").findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("cultural-activity")).findFirst().orElseThrow();
        assertThat(activity.path("topic").asText()).endsWith(".cultural-activity.v1");
        assertThat(activity.path("key").get(0).asText()).isEqualTo("activity_id");
        HttpResponse<String> document = call("GET", "/api/v1/schemas/cultural-activity/versions/1", TOKEN);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(body(document).path("$id").asText()).isEqualTo("https://onceonly.io/schemas/cultural-activity/v1");
        assertThat(call("GET", "/api/v1/schemas/cultural-activity/versions/9", TOKEN).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/schemas/cultural-activity/versions/x", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsClosed() throws Exception {
        startHub("");
        HttpResponse<String> closed = call("GET", "/api/v1/subscriptions", "anything");
        assertThat(closed.statusCode()).isEqualTo(403);
        assertThat(body(closed).path("detail").asText()).contains("onceonly.api.operator-token");
    }

    @Test
    void pauseResumeAndReplayThroughTheApi() throws Exception {
        webhook.refuseWhen(e -> e.path("data").path("title").asText().contains("待审"));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "待审：非遗剪纸作品展", "20240305");
        startHub(TOKEN);
        await("one dead letter").atMost(WAIT).until(() -> body(call("GET",
                "/api/v1/subscriptions/culture-bureau.activities/dead-letters", TOKEN)).path("items").size() == 1);
        JsonNode letter = body(call("GET", "/api/v1/subscriptions/culture-bureau.activities/dead-letters", TOKEN)).path("items").get(0);
        assertThat(letter.path("key").asText()).isEqualTo("320115101-2");
        assertThat(letter.path("reason").asText()).contains("HTTP 400");

        webhook.refuseWhen(e -> false);
        HttpResponse<String> replay = call("POST", "/api/v1/subscriptions/culture-bureau.activities/dead-letters/replay", TOKEN);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(body(replay).path("replayed").asInt()).isEqualTo(1);
        assertThat(webhook.latestBySubject()).containsKey("320115101-2");

        HttpResponse<String> paused = call("POST", "/api/v1/subscriptions/propaganda-dept.activities/pause", TOKEN);
        assertThat(body(paused).path("paused").asBoolean()).isTrue();
        assertThat(body(paused).path("state").path("state").asText()).isEqualTo("PAUSED");
        List<String> states = new java.util.ArrayList<>();
        body(call("GET", "/api/v1/subscriptions", TOKEN)).path("items").forEach(i -> states.add(i.path("state").path("state").asText()));
        assertThat(states).containsExactlyInAnyOrder("PAUSED", "RUNNING");
        source.insert(3, "全民健身广场舞比赛", "20240420");
        await("webhook still flows").atMost(WAIT).until(() -> webhook.latestBySubject().size() == 3);
        assertThat(TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable)).isEqualTo(2);
        assertThat(call("POST", "/api/v1/subscriptions/propaganda-dept.activities/resume", TOKEN).statusCode()).isEqualTo(200);
        await("resumed subscriber catches up").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 3);
    }
}
