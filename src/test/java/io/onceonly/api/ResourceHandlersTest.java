package io.onceonly.api;

import static io.onceonly.api.ApiTestServer.CULTURE_BUREAU;
import static io.onceonly.api.ApiTestServer.OPERATOR;
import static io.onceonly.api.ApiTestServer.TOWNSHIP_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceKey;

class ResourceHandlersTest {
    /** A registry in memory that records what the API asked of it. */
    static final class FakeResources extends ApiTestServer.FakeRegistry implements ResourceOperations {
        List<String> problems = List.of();
        RuntimeException failure;

        @Override
        public List<String> apply(ResourceDocument doc, String by) {
            calls.add("apply " + doc.key() + " by " + by);
            if (problems.isEmpty()) {
                entries.put(doc.key(), RegistryEntry.of(doc, by, "api"));
            }
            return problems;
        }

        @Override
        public void delete(ResourceKey key, String by) {
            fail();
            calls.add("delete " + key + " by " + by);
            entries.remove(key.toString());
        }

        @Override
        public void setPaused(ResourceKey key, boolean paused, String by) {
            fail();
            calls.add((paused ? "pause " : "resume ") + key + " by " + by);
            entries.put(key.toString(), entries.get(key.toString()).withPaused(paused, by));
        }

        @Override
        public void restart(ResourceKey key, String by) {
            fail();
            calls.add("restart " + key + " by " + by);
        }

        @Override
        public Map<String, Object> localStatus(ResourceKey key) {
            return Map.of("instance", "test", "state", "RUNNING");
        }

        @Override
        public List<Map<String, Object>> instanceStatus(ResourceKey key) {
            return List.of(localStatus(key));
        }

        @Override
        public Map<String, Object> overview() {
            return Map.of("ledger", Map.of("recordsShared", 3));
        }

        private void fail() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    static final FakeResources HUB = new FakeResources();
    static ApiTestServer api;

    @BeforeAll
    static void start() {
        api = new ApiTestServer(new ResourceHandlers(HUB));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void registry() {
        HUB.entries = ApiTestServer.registry(ApiTestServer.source("township-a.activities", "township-a"),
                ApiTestServer.subscription("culture-bureau.activities", "culture-bureau"));
        HUB.problems = List.of();
        HUB.failure = null;
        HUB.calls.clear();
    }

    @Test
    void withoutATokenEveryResourceEndpointIsUnauthorized() {
        ApiTestServer.Answer refused = api.get("/api/v1/sources", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(api.get("/api/v1/sources/township-a.activities", "not-a-token").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/sources/township-a.activities/pause", null, "").status()).isEqualTo(401);
        assertThat(HUB.calls).isEmpty();
    }

    @Test
    void aDepartmentListsOnlyItsOwnResourcesAndTheOperatorAll() {
        assertThat(api.get("/api/v1/sources", TOWNSHIP_A).json().path("items")).hasSize(1);
        assertThat(api.get("/api/v1/sources", CULTURE_BUREAU).json().path("items")).isEmpty();
        assertThat(api.get("/api/v1/subscriptions", OPERATOR).json().path("items").get(0).path("name").asText())
                .isEqualTo("culture-bureau.activities");
    }

    @Test
    void aResourceShowsItsStateAndWhoChangedIt() {
        ApiTestServer.Answer one = api.get("/api/v1/sources/township-a.activities", TOWNSHIP_A);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/json");
        assertThat(one.json().path("state").path("state").asText()).isEqualTo("RUNNING");
        assertThat(one.json().path("changedBy").asText()).isEqualTo("test");
        assertThat(one.json().path("resource").path("kind").asText()).isEqualTo("Source");
    }

    @Test
    void anotherDepartmentsResourceIsForbiddenWithAProblem() {
        ApiTestServer.Answer refused = api.get("/api/v1/sources/township-a.activities", CULTURE_BUREAU);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains("belongs to another department", "culture-bureau's");
        assertThat(api.post("/api/v1/sources/township-a.activities/pause", CULTURE_BUREAU, "").status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/sources/township-a.activities", CULTURE_BUREAU).status()).isEqualTo(403);
        assertThat(HUB.calls).isEmpty();
    }

    @Test
    void aMissingResourceIsNotFound() {
        ApiTestServer.Answer missing = api.get("/api/v1/subscriptions/nobody.nothing", OPERATOR);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).isEqualTo("There is no subscription 'nobody.nothing'. "
                + "GET /api/v1/subscriptions lists them.");
    }

    @Test
    void theOverviewIsTheOperatorsOnly() {
        assertThat(api.get("/api/v1/overview", TOWNSHIP_A).status()).isEqualTo(403);
        ApiTestServer.Answer overview = api.get("/api/v1/overview", OPERATOR);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.json().path("ledger").path("recordsShared").asInt()).isEqualTo(3);
    }

    @Test
    void postCreatesAResourceAndNamesWhereItIs() {
        ApiTestServer.Answer created = api.post("/api/v1/sources", TOWNSHIP_A, ApiTestServer.source("township-a.visits", "township-a"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/sources/township-a.visits");
        assertThat(HUB.calls).containsExactly("apply Source/township-a.visits by department:township-a");
    }

    @Test
    void postOfAnExistingResourceIsAConflictAndPutReplacesIt() {
        String again = ApiTestServer.source("township-a.activities", "township-a");
        ApiTestServer.Answer conflict = api.post("/api/v1/sources", TOWNSHIP_A, again);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().path("detail").asText()).contains("PUT /api/v1/sources/township-a.activities");
        assertThat(api.put("/api/v1/sources/township-a.activities", TOWNSHIP_A, again).status()).isEqualTo(200);
    }

    @Test
    void aDepartmentCannotWriteAnotherDepartmentsResource() {
        ApiTestServer.Answer refused = api.post("/api/v1/sources", CULTURE_BUREAU, ApiTestServer.source("township-a.x", "township-a"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.put("/api/v1/sources/township-a.activities", CULTURE_BUREAU,
                ApiTestServer.source("township-a.activities", "culture-bureau")).status()).isEqualTo(403);
        assertThat(HUB.calls).isEmpty();
    }

    @Test
    void aBodyThatDoesNotMatchThePathIsABadRequestListingEachMismatch() {
        ApiTestServer.Answer wrongKind = api.post("/api/v1/sources", OPERATOR, ApiTestServer.subscription("a.b", "township-a"));
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.json().path("problems").get(0).asText()).contains("Send it to /api/v1/subscriptions");
        ApiTestServer.Answer wrongName = api.put("/api/v1/sources/other", OPERATOR, ApiTestServer.source("a.b", "township-a"));
        assertThat(wrongName.json().path("problems").get(0).asText()).contains("the path names 'other'");
        assertThat(api.post("/api/v1/sources", OPERATOR, "{ not yaml: [").status()).isEqualTo(400);
    }

    @Test
    void aRefusedResourceAnswersEveryProblemAndChangesNothing() {
        HUB.problems = List.of("spec.schema: no such schema", "spec.from.type: unknown");
        ApiTestServer.Answer refused = api.post("/api/v1/sources", TOWNSHIP_A, ApiTestServer.source("township-a.bad", "township-a"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("problems")).hasSize(2);
        assertThat(HUB.entries).doesNotContainKey("Source/township-a.bad");
    }

    @Test
    void pauseResumeRestartAndDeleteActWithTheCallerAsAuthor() {
        ApiTestServer.Answer paused = api.post("/api/v1/sources/township-a.activities/pause", TOWNSHIP_A, "");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("paused").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/sources/township-a.activities/resume", TOWNSHIP_A, "").json().path("paused").asBoolean()).isFalse();
        assertThat(api.post("/api/v1/sources/township-a.activities/restart", OPERATOR, "").status()).isEqualTo(202);
        assertThat(api.get("/api/v1/sources/township-a.activities/status", TOWNSHIP_A).json().path("instances")).hasSize(1);
        assertThat(api.delete("/api/v1/sources/township-a.activities", TOWNSHIP_A).status()).isEqualTo(204);
        assertThat(HUB.calls).containsExactly("pause Source/township-a.activities by department:township-a",
                "resume Source/township-a.activities by department:township-a", "restart Source/township-a.activities by operator",
                "delete Source/township-a.activities by department:township-a");
    }

    @Test
    void aFailedOperationIsAProblemWithItsMessage() {
        HUB.failure = new IllegalStateException("Kafka is not reachable; nothing changed.");
        ApiTestServer.Answer notDone = api.post("/api/v1/subscriptions/culture-bureau.activities/pause", OPERATOR, "");
        assertThat(notDone.status()).isEqualTo(503);
        assertThat(notDone.json().path("title").asText()).isEqualTo("Not done");
        assertThat(notDone.json().path("detail").asText()).isEqualTo("Kafka is not reachable; nothing changed.");
        HUB.failure = new io.onceonly.registry.UnknownResourceException("There is no Subscription 'culture-bureau.activities'.");
        assertThat(api.post("/api/v1/subscriptions/culture-bureau.activities/restart", OPERATOR, "").status()).isEqualTo(404);
    }

    @Test
    void aResourceFromAnUnknownCallerIsRefusedBeforeItsBodyIsRead() throws Exception {
        assertThat(api.statusBeforeBody("PUT", "/api/v1/sources/township-a.activities", "not-a-token", 1_000_000))
                .contains(" 401 ");
        assertThat(api.statusBeforeBody("POST", "/api/v1/subscriptions", null, 1_000_000)).contains(" 401 ");
    }
}
