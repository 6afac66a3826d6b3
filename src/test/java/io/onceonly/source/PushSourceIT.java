package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.ActivityColumns;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/** A department's system posts records; the answer says per record what became of it, and only a 2xx is a yes. */
class PushSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSH_TOKEN = "hospital-push-token";
    private static final String OPERATOR = "operator-token";
    private final HttpClient client = HttpClient.newHttpClient();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private OnceOnlyHub hub;

    @BeforeEach
    void start() throws Exception {
        fixture.write("source.yaml", ActivityColumns.pushed(Resources.source("township-c.activities", "township-c")
                .from("push", "token", "{{township-c.push-token}}", "idField", "record.no"), "320115103", "东山街道"));
        hub = fixture.setting("onceonly.api.operator-token", OPERATOR).setting("onceonly.source.batch-size", "5")
                .secret("township-c.push-token", PUSH_TOKEN).start();
    }

    private HttpResponse<String> post(String source, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                        + "/api/v1/sources/" + source + "/records"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String record(int no, String title, String date) {
        return """
                {"record": {"no": %d}, "title": "%s", "date": "%s", "venue": "东山文化站"}""".formatted(no, title, date);
    }

    private Map<String, Integer> publishedPerKey() {
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        return perKey;
    }

    private List<JsonNode> rejects() {
        List<JsonNode> rejects = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().rejects(), r -> {
            try {
                rejects.add(JSON.readTree(r.value()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return rejects;
    }

    @Test
    void eachPushedRecordIsPublishedUnchangedOrRejectedWithItsReason() throws Exception {
        String batch = "[" + record(1, "健康讲座", "20240305") + "," + record(2, "书法展", "2024-13-45") + ","
                + record(3, "义诊", "2024年3月7日") + "]";
        HttpResponse<String> first = post("township-c.activities", PUSH_TOKEN, batch);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.path("published").asInt()).isEqualTo(2);
        assertThat(answer.path("rejected").asInt()).isEqualTo(1);
        JsonNode results = answer.path("results");
        assertThat(results.get(0).path("outcome").asText()).isEqualTo("published");
        assertThat(results.get(0).path("key").asText()).isEqualTo("320115103-1");
        assertThat(results.get(1).path("outcome").asText()).isEqualTo("rejected");
        assertThat(results.get(1).path("id").asText()).isEqualTo("2");
        assertThat(results.get(1).path("problems").get(0).path("reason").asText())
                .startsWith("activity_date: '2024-13-45' is not a date");
        assertThat(results.get(2).path("outcome").asText()).isEqualTo("published");
        // A 2xx means committed: the records are already readable.
        assertThat(publishedPerKey()).containsOnlyKeys("320115103-1", "320115103-3");
        assertThat(rejects()).singleElement().satisfies(r -> {
            assertThat(r.path("sourceRecord").asText()).isEqualTo("2");
            assertThat(r.path("raw").path("date").asText()).isEqualTo("2024-13-45");
        });

        // The same request again, as a system does after a timeout: nothing doubles.
        JsonNode again = JSON.readTree(post("township-c.activities", PUSH_TOKEN, batch).body());
        assertThat(again.path("unchanged").asInt()).isEqualTo(2);
        assertThat(again.path("published").asInt()).isZero();
        assertThat(publishedPerKey()).containsEntry("320115103-1", 1).containsEntry("320115103-3", 1);

        // One object alone is a request of one record; the operator may push too.
        HttpResponse<String> single = post("township-c.activities", OPERATOR, record(1, "健康讲座（改期）", "20240306"));
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(publishedPerKey()).containsEntry("320115103-1", 2);
    }

    @Test
    void aRunningPushSourceWithNothingPushedYetIsAliveNotStale() {
        await("a sign of life without any push").atMost(Duration.ofSeconds(10)).until(() -> hub.metrics().registry()
                .find("onceonly.source.last.success").tag("source", "township-c.activities").gauge() != null);
        double seen = hub.metrics().registry().find("onceonly.source.last.success").tag("source", "township-c.activities")
                .gauge().value();
        assertThat(seen).isGreaterThan(java.time.Instant.now().getEpochSecond() - 10);
    }

    @Test
    void aRequestWhoseEveryRecordIsRejectedIsAnswered422() throws Exception {
        HttpResponse<String> response = post("township-c.activities", PUSH_TOKEN, "[" + record(4, "", "20240305") + "]");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).path("results").get(0).path("problems").get(0).path("field").asText())
                .isEqualTo("title");
    }

    @Test
    void badTokensAreRefusedWithoutSayingWhichSourcesExist() throws Exception {
        assertThat(post("township-c.activities", null, record(1, "a", "20240305")).statusCode()).isEqualTo(401);
        assertThat(post("township-c.activities", "wrong", record(1, "a", "20240305")).statusCode()).isEqualTo(401);
        assertThat(post("no-such.source", PUSH_TOKEN, record(1, "a", "20240305")).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = post("no-such.source", OPERATOR, record(1, "a", "20240305"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no source 'no-such.source'");
        assertThat(publishedPerKey()).isEmpty();
    }

    @Test
    void malformedOrOversizedRequestsAreRefusedWholeWithAReason() throws Exception {
        HttpResponse<String> notJson = post("township-c.activities", PUSH_TOKEN, "[{\"title\": \"未闭合\"");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("detail").asText()).startsWith("The body is not valid JSON");
        HttpResponse<String> notObject = post("township-c.activities", PUSH_TOKEN, "[" + record(1, "a", "20240305") + ", 42]");
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notObject.body()).path("detail").asText()).startsWith("Element 1 is not a JSON object");
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(post("township-c.activities", PUSH_TOKEN, deep).statusCode()).isEqualTo(400);
        assertThat(post("township-c.activities", PUSH_TOKEN, "[]").statusCode()).isEqualTo(400);

        List<String> six = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            six.add(record(i, "活动" + i, "20240305"));
        }
        HttpResponse<String> tooMany = post("township-c.activities", PUSH_TOKEN, "[" + String.join(",", six) + "]");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooMany.body()).path("detail").asText()).contains("at most 5 per request");
        String huge = "[{\"title\": \"" + "x".repeat(17 * 1024 * 1024) + "\"}]";
        assertThat(post("township-c.activities", PUSH_TOKEN, huge).statusCode()).isEqualTo(413);
        assertThat(publishedPerKey()).isEmpty();
        assertThat(rejects()).isEmpty();
    }

    @Test
    void aPausedSourceAnswers503AndPublishesNothing() throws Exception {
        hub.camel().getRouteController().stopRoute("source.township-c.activities");
        HttpResponse<String> response = post("township-c.activities", PUSH_TOKEN, record(1, "a", "20240305"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        hub.camel().getRouteController().startRoute("source.township-c.activities");
        await("the source takes records again").atMost(Duration.ofSeconds(10))
                .until(() -> post("township-c.activities", PUSH_TOKEN, record(1, "a", "20240305")).statusCode() == 200);
        assertThat(publishedPerKey()).containsOnlyKeys("320115103-1");
    }
}
