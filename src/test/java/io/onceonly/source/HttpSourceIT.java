package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.DepartmentApi;
import io.onceonly.testing.DepartmentApi.Answer;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/** The HTTP source against a real department API: each pagination style, incremental pulls, auth, faults, rejects. */
class HttpSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dept-token-7f3a";

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private DepartmentApi api;
    private OnceOnlyHub hub;

    @BeforeEach
    void startApi() {
        api = fixture.departmentApi(250).requireToken(TOKEN);
    }

    /** Starts a hub whose source reads the API with these extra spec.from options; the token is a hub property. */
    private void startHub(String fromOptions) throws Exception {
        fixture.write("source.yaml", Resources.source("township-x.activities", "township-x")
                .from("http", "url", api.url(), "recordsPointer", "/data/items", "idField", "id",
                        "authToken", "Bearer {{dept.token}}", "every", "300ms")
                .options(Resources.options(fromOptions))
                .map("activity_id", "template", "api-{id}")
                .mapFrom("title", "name")
                .mapFrom("category", "kind")
                .mapFrom("activity_date", "date")
                .mapFrom("venue", "place.name")
                .mapFrom("division_code", "place.division")
                .mapFrom("organizer_name", "organizer.name")
                .mapFrom("participant_count", "participants"));
        hub = fixture.secret("dept.token", TOKEN).start();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "pagination: none",
            "pagination: page, pageSize: 40",
            "pagination: offset, pageSize: 40",
            "pagination: cursor, pageSize: 40, nextCursorPointer: /paging/next"})
    void everyRecordReachesTheSchemaTopicExactlyOnce(String pagination) throws Exception {
        startHub(pagination);
        await("all 250 activities published").atMost(Duration.ofSeconds(60))
                .until(() -> publishedPerKey().size() == 250);
        long polls = polls();
        await("the API read again, unchanged").atMost(Duration.ofSeconds(30)).until(() -> polls() >= polls + 3);

        Map<String, Integer> perKey = publishedPerKey();
        assertThat(perKey).hasSize(250).containsKeys("api-1", "api-250");
        assertThat(perKey.values()).allMatch(n -> n == 1);
        // The resolved secret, never the reference, is what the API received.
        assertThat(api.requests()).extracting(DepartmentApi.Request::authorization).containsOnly("Bearer " + TOKEN);
        JsonNode first = latest("api-7");
        assertThat(first.path("venue").asText()).isEqualTo("街道文化站");
        assertThat(first.path("participant_count").asInt()).isEqualTo(27);
    }

    @Test
    void theNextPollAsksSinceTheHighWaterMarkAndOnlyNewerRecordsArePublished() throws Exception {
        startHub("pagination: page, pageSize: 100, sinceParam: since, sinceField: updated_at");
        await("the first poll").atMost(Duration.ofSeconds(60)).until(() -> publishedPerKey().size() == 250);
        String mark = DepartmentApi.updatedAt(250);
        await("a poll since the high-water mark").atMost(Duration.ofSeconds(30))
                .until(() -> api.requests().stream().anyMatch(r -> mark.equals(r.param("since"))));

        api.put(DepartmentApi.activity(7, "活动7（改期）", DepartmentApi.updatedAt(400)));
        api.put(DepartmentApi.activity(251, "新活动", DepartmentApi.updatedAt(401)));
        String newMark = DepartmentApi.updatedAt(401);
        await("the changed and the new activity").atMost(Duration.ofSeconds(30))
                .until(() -> publishedPerKey().getOrDefault("api-7", 0) == 2 && publishedPerKey().containsKey("api-251"));
        await("polls since the new mark").atMost(Duration.ofSeconds(30))
                .until(() -> api.requests().stream().filter(r -> newMark.equals(r.param("since"))).count() >= 3);

        // Only the first poll read everything: pages 1 to 3, and the empty page 4 that ended it.
        assertThat(api.requests()).filteredOn(r -> r.param("since") == null)
                .extracting(r -> r.param("page")).containsExactly("1", "2", "3", "4");
        assertThat(api.requests()).extracting(r -> r.param("since")).filteredOn(s -> s != null)
                .containsOnly(mark, newMark);
        Map<String, Integer> perKey = publishedPerKey();
        assertThat(perKey).hasSize(251);
        // api-250, then api-251, sat at the mark and were read again on every poll: unchanged, so not published again.
        assertThat(perKey.entrySet()).filteredOn(e -> !e.getKey().equals("api-7")).allMatch(e -> e.getValue() == 1);
        assertThat(latest("api-7").path("title").asText()).isEqualTo("活动7（改期）");
    }

    @Test
    void aPageAnswered503IsRetriedAndNothingIsLostOrDoubled() throws Exception {
        api.interceptOnce(r -> "3".equals(r.param("page"))
                ? Answer.of(503, "text/plain", "busy").withHeader("Retry-After", "1") : null);
        startHub("pagination: page, pageSize: 40");
        await("all 250 activities published").atMost(Duration.ofSeconds(60))
                .until(() -> publishedPerKey().size() == 250);
        long polls = polls();
        await("more polls").atMost(Duration.ofSeconds(30)).until(() -> polls() >= polls + 3);

        assertThat(publishedPerKey().values()).hasSize(250).allMatch(n -> n == 1);
        List<String> pages = api.requests().stream().map(r -> r.param("page")).toList();
        assertThat(pages.subList(0, 4)).containsExactly("1", "2", "3", "3"); // asked again, after the Retry-After
    }

    @Test
    void aBadRecordInTheMiddleOfAPageIsRejectedWithItsIdWhileTheOthersFlow() throws Exception {
        api.put(DepartmentApi.activity(57, "活动57", DepartmentApi.updatedAt(57)).put("date", "2024-13-45"));
        api.putRaw(120, TextNode.valueOf("活动120 的记录损坏"));
        startHub("pagination: page, pageSize: 100");
        await("the good activities and both rejects").atMost(Duration.ofSeconds(60))
                .until(() -> publishedPerKey().size() == 248 && rejects().size() >= 2);
        long polls = polls();
        await("more polls").atMost(Duration.ofSeconds(30)).until(() -> polls() >= polls + 2);

        Map<String, Integer> perKey = publishedPerKey();
        assertThat(perKey).hasSize(248).doesNotContainKeys("api-57", "api-120");
        assertThat(perKey.values()).allMatch(n -> n == 1);
        Map<String, JsonNode> bySourceRecord = new HashMap<>();
        rejects().forEach(r -> bySourceRecord.put(r.path("sourceRecord").asText(), r));
        assertThat(bySourceRecord).containsOnlyKeys("57", "page 2 #20");
        JsonNode badDate = bySourceRecord.get("57").path("problems").get(0);
        assertThat(badDate.path("field").asText()).isEqualTo("activity_date");
        assertThat(badDate.path("reason").asText()).contains("2024-13-45");
        JsonNode notAnObject = bySourceRecord.get("page 2 #20").path("problems").get(0);
        assertThat(notAnObject.path("rule").asText()).isEqualTo("not-an-object");
        assertThat(notAnObject.path("reason").asText()).contains("is a string, not a JSON object of fields");
        assertThat(notAnObject.path("value").asText()).isEqualTo("\"活动120 的记录损坏\"");
    }

    private Map<String, Integer> publishedPerKey() {
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        return perKey;
    }

    private JsonNode latest(String key) {
        JsonNode[] latest = new JsonNode[1];
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            if (key.equals(r.key())) {
                latest[0] = json(r.value());
            }
        });
        return latest[0];
    }

    /** Each reject's value: source, sourceRecord, problems and raw input. */
    private List<JsonNode> rejects() {
        List<JsonNode> rejects = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().rejects(), r -> rejects.add(json(r.value())));
        return rejects;
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long polls() {
        var timer = hub.metrics().registry().find("onceonly.source.poll").tag("source", "township-x.activities").timer();
        return timer == null ? 0 : timer.count();
    }
}
