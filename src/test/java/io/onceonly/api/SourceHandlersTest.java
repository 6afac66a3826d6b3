package io.onceonly.api;

import static io.onceonly.api.ApiTestServer.CULTURE_BUREAU;
import static io.onceonly.api.ApiTestServer.OPERATOR;
import static io.onceonly.api.ApiTestServer.TOWNSHIP_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


class SourceHandlersTest {
    static final String PUSH_TOKEN = "the-push-token";

    /** Sources in memory: positions, rejects and pushes recorded. */
    static final class FakeSources extends ApiTestServer.FakeRegistry implements SourceOperations {
        Set<String> pushSources = new HashSet<>();
        UnavailableException unavailable;

        @Override
        public Map<String, String> position(String source) {
            return Map.of("cursor", "2024-03-05T10:00:00");
        }

        @Override
        public void resetPosition(String source, String by) {
            calls.add("reset " + source + " by " + by);
        }

        @Override
        public List<Map<String, Object>> rejects(Set<String> sources, int limit) {
            calls.add("rejects " + new java.util.TreeSet<>(sources) + " limit " + limit);
            return List.of();
        }

        @Override
        public Set<String> pushSources() {
            return pushSources;
        }

        @Override
        public boolean isPushToken(String source, String bearerToken) {
            return PUSH_TOKEN.equals(bearerToken);
        }

        @Override
        public int maxRecordsPerPush() {
            return 2;
        }

        @Override
        public Map<String, Object> push(String source, List<Map<String, Object>> records) throws UnavailableException {
            if (unavailable != null) {
                throw unavailable;
            }
            calls.add("push " + records.size() + " to " + source);
            long rejected = records.stream().filter(r -> r.containsKey("bad")).count();
            return Map.of("source", source, "rejected", (int) rejected);
        }
    }

    static final FakeSources HUB = new FakeSources();
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new SourceHandlers(HUB, ApiTestServer.TOKENS));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void registry() {
        HUB.entries = ApiTestServer.registry(ApiTestServer.source("township-a.activities", "township-a"),
                ApiTestServer.source("township-a.pushed", "township-a"),
                ApiTestServer.source("culture-bureau.events", "culture-bureau"));
        HUB.pushSources = new HashSet<>(Set.of("township-a.pushed"));
        HUB.unavailable = null;
        HUB.calls.clear();
    }

    @Test
    void theOffsetsShowTheSourcesPosition() {
        ApiTestServer.Answer offsets = api.get("/api/v1/sources/township-a.activities/offsets", TOWNSHIP_A);
        assertThat(offsets.status()).isEqualTo(200);
        assertThat(offsets.json().path("position").path("cursor").asText()).isEqualTo("2024-03-05T10:00:00");
        assertThat(api.get("/api/v1/sources/township-a.activities/offsets", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/sources/township-a.activities/offsets", CULTURE_BUREAU).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/sources/nobody.nothing/offsets", OPERATOR).status()).isEqualTo(404);
    }

    @Test
    void aRunningSourcesPositionIsNotResetAPausedOnesIs() {
        ApiTestServer.Answer running = api.delete("/api/v1/sources/township-a.activities/offsets", TOWNSHIP_A);
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.json().path("detail").asText()).contains("Pause the source first");
        HUB.entries.put("Source/township-a.activities", HUB.entries.get("Source/township-a.activities").withPaused(true, "test"));
        assertThat(api.delete("/api/v1/sources/township-a.activities/offsets", TOWNSHIP_A).status()).isEqualTo(204);
        assertThat(HUB.calls).containsExactly("reset township-a.activities by department:township-a");
    }

    @Test
    void rejectsAreReadOnlyFromTheCallersSources() {
        assertThat(api.get("/api/v1/rejects?limit=5000", TOWNSHIP_A).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/sources/culture-bureau.events/rejects", OPERATOR).status()).isEqualTo(200);
        assertThat(HUB.calls).containsExactly("rejects [township-a.activities, township-a.pushed] limit 1000",
                "rejects [culture-bureau.events] limit 100");
        ApiTestServer.Answer badLimit = api.get("/api/v1/rejects?limit=many", OPERATOR);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("title").asText()).isEqualTo("Bad limit");
    }

    @Test
    void aPushWithoutAKnownTokenIsUnauthorizedWithoutSayingWhichSourcesExist() {
        assertThat(api.post("/api/v1/sources/township-a.pushed/records", null, "[{}]").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/sources/nobody.nothing/records", "guess", "[{}]").status()).isEqualTo(401);
        assertThat(HUB.calls).isEmpty();
    }

    @Test
    void aPushWithTheSourcesTokenOrItsDepartmentsIsPublished() {
        ApiTestServer.Answer pushed = api.post("/api/v1/sources/township-a.pushed/records", PUSH_TOKEN, "[{\"a\": 1}]");
        assertThat(pushed.status()).isEqualTo(200);
        assertThat(api.post("/api/v1/sources/township-a.pushed/records", TOWNSHIP_A, "[{\"a\": 1}, {\"a\": 2}]").status())
                .isEqualTo(200);
        assertThat(HUB.calls).containsExactly("push 1 to township-a.pushed", "push 2 to township-a.pushed");
    }

    @Test
    void aPushToAnotherDepartmentsOrAMissingOrAPolledSourceIsRefused() {
        assertThat(api.post("/api/v1/sources/township-a.pushed/records", CULTURE_BUREAU, "[{}]").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/sources/nobody.nothing/records", OPERATOR, "[{}]").status()).isEqualTo(404);
        ApiTestServer.Answer polled = api.post("/api/v1/sources/township-a.activities/records", TOWNSHIP_A, "[{}]");
        assertThat(polled.status()).isEqualTo(409);
        assertThat(polled.json().path("title").asText()).isEqualTo("Not a push source");
        assertThat(HUB.calls).isEmpty();
    }

    @Test
    void aPushThatIsUnreadableTooLargeOrAllRejectedSaysSo() {
        assertThat(api.post("/api/v1/sources/township-a.pushed/records", PUSH_TOKEN, "not json").status()).isEqualTo(400);
        ApiTestServer.Answer tooMany = api.post("/api/v1/sources/township-a.pushed/records", PUSH_TOKEN, "[{}, {}, {}]");
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().path("detail").asText()).contains("at most 2 per request");
        assertThat(api.post("/api/v1/sources/township-a.pushed/records", PUSH_TOKEN, "[{\"bad\": 1}]").status()).isEqualTo(422);
    }

    @Test
    void aPushTheSourceCannotTakeNowIsUnavailableWithRetryAfter() {
        HUB.unavailable = new UnavailableException("Source township-a.pushed is PAUSED; nothing was published.", null);
        ApiTestServer.Answer refused = api.post("/api/v1/sources/township-a.pushed/records", PUSH_TOKEN, "[{}]");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("30");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains("PAUSED");
    }

    @Test
    void aPushIsRefusedBeforeItsBodyIsReadWhenTheTokenDoesNotReachTheSource() throws Exception {
        assertThat(api.statusBeforeBody("POST", "/api/v1/sources/township-a.pushed/records", "not-a-token", 16_000_000))
                .contains(" 401 ");
        assertThat(api.statusBeforeBody("POST", "/api/v1/sources/township-a.pushed/records", null, 16_000_000))
                .contains(" 401 ");
        assertThat(api.statusBeforeBody("POST", "/api/v1/sources/township-a.pushed/records", CULTURE_BUREAU, 16_000_000))
                .contains(" 403 ");
        assertThat(HUB.calls).isEmpty();
    }
}
