package io.onceonly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;

/**
 * The control plane through its REST API on a running hub: resources created, changed and deleted take effect at
 * the sinks without a restart; department tokens reach only their own resources; every change names who made it.
 */
class ControlPlaneIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "operator-token";
    private static final String PROPAGANDA = "propaganda-token";
    private static final String TOWNSHIP = "township-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final HttpClient client = HttpClient.newHttpClient();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private SourceTable source;
    private OnceOnlyHub hub;

    @BeforeEach
    void start() throws Exception {
        source = new SourceTable();
        fixture.write("source.yaml", source.source("township-x.activities"));
        String tokens = "propaganda-dept=" + AccessTokens.sha256Hex(PROPAGANDA) + ",township-x=" + AccessTokens.sha256Hex(TOWNSHIP);
        hub = fixture.setting("onceonly.api.operator-token", OPERATOR).setting("onceonly.api.tokens", tokens).start();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/yaml");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The propaganda department's subscription into {@code table}, granted {@code fields} ("a, b"). */
    private static String subscription(String table, String fields) {
        return Resources.subscription("propaganda-dept.activities", "propaganda-dept")
                .fields(fields.split(", "))
                .start("earliest")
                .to("jdbc", "url", TestDatabases.MARIADB_URL, "table", table)
                .yaml();
    }

    @Test
    void aSubscriptionCreatedChangedAndDeletedThroughTheApiTakesEffectLive() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        String first = TestDatabases.uniqueName("it_live");
        String second = TestDatabases.uniqueName("it_live");
        String fields = "activity_id, title, activity_date, venue, division_code";

        HttpResponse<String> created = call("POST", "/api/v1/subscriptions", PROPAGANDA, subscription(first, fields));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/subscriptions/propaganda-dept.activities");
        assertThat(json(created).path("changedBy").asText()).isEqualTo("department:propaganda-dept");
        await("the new subscriber receives what was already shared").atMost(WAIT)
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, first) == 1);

        // Changed: the same subscription now writes to another table; it continues where it was.
        HttpResponse<String> changed = call("PUT", "/api/v1/subscriptions/propaganda-dept.activities", PROPAGANDA,
                subscription(second, fields));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        source.insert(2, "元宵灯会", "20240224");
        await("the change is in force").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, second) == 1);
        assertThat(TestDatabases.count(TestDatabases.MARIADB_URL, first)).isEqualTo(1);

        HttpResponse<String> deleted = call("DELETE", "/api/v1/subscriptions/propaganda-dept.activities", PROPAGANDA, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(hub.routeStatus()).doesNotContainKey("subscription.propaganda-dept.activities");
        assertThat(call("GET", "/api/v1/subscriptions/propaganda-dept.activities", OPERATOR, null).statusCode()).isEqualTo(404);

        List<String> audit = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().audit(), r -> {
            try {
                JsonNode entry = JSON.readTree(r.value());
                audit.add(entry.path("action").asText() + " " + entry.path("key").asText() + " by " + entry.path("by").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(audit).containsSubsequence("put Source/township-x.activities by file",
                "put Subscription/propaganda-dept.activities by department:propaganda-dept",
                "put Subscription/propaganda-dept.activities by department:propaganda-dept",
                "delete Subscription/propaganda-dept.activities by department:propaganda-dept");
    }

    @Test
    void aDepartmentReachesOnlyItsOwnResources() throws Exception {
        assertThat(call("GET", "/api/v1/sources", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/sources", "nobody", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/sources", PROPAGANDA, null).body()).doesNotContain("township-x.activities");
        assertThat(json(call("GET", "/api/v1/sources", TOWNSHIP, null)).path("items").get(0).path("name").asText())
                .isEqualTo("township-x.activities");
        assertThat(call("GET", "/api/v1/sources/township-x.activities", PROPAGANDA, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/sources/township-x.activities/pause", PROPAGANDA, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/sources/township-x.activities/rejects", PROPAGANDA, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/overview", TOWNSHIP, null).statusCode()).isEqualTo(403);
        // Registering a resource in another department's name is refused, and nothing is written.
        HttpResponse<String> foreign = call("POST", "/api/v1/subscriptions", TOWNSHIP,
                subscription(TestDatabases.uniqueName("it_x"), "activity_id, title"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/subscriptions/propaganda-dept.activities", OPERATOR, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badRequestsAreRefusedWithEveryProblemAndConflictsWith409() throws Exception {
        HttpResponse<String> bad = call("POST", "/api/v1/subscriptions", OPERATOR, """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: propaganda-dept.activities, department: propaganda-dept }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, no_such_field]
                  stat: earliest
                  to: { type: jdbc, url: "jdbc:mariadb://x/y", table: t, pasword: x }
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("problems").size()).isGreaterThanOrEqualTo(3);
        assertThat(bad.body()).contains("spec.stat").contains("no_such_field").contains("pasword");
        assertThat(call("POST", "/api/v1/subscriptions", OPERATOR, "kind: [").statusCode()).isEqualTo(400);
        HttpResponse<String> wrongKind = call("POST", "/api/v1/sources", OPERATOR,
                subscription(TestDatabases.uniqueName("it_x"), "activity_id, title"));
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertThat(json(wrongKind).path("detail").asText()).contains("Send it to /api/v1/subscriptions");
        HttpResponse<String> wrongName = call("PUT", "/api/v1/subscriptions/other.name", OPERATOR,
                subscription(TestDatabases.uniqueName("it_x"), "activity_id, title"));
        assertThat(wrongName.statusCode()).isEqualTo(400);

        HttpResponse<String> again = call("POST", "/api/v1/sources", OPERATOR, source.source("township-x.activities").yaml());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(call("GET", "/api/v1/sources/nothing.here", OPERATOR, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/subscriptions/nothing.here", OPERATOR, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSourceIsPausedReportedPerInstanceAndItsProgressResetWhileStopped() throws Exception {
        source.insert(1, "春节文艺汇演", "20240210");
        await("first record").atMost(WAIT).until(() -> !json(call("GET", "/api/v1/sources/township-x.activities/offsets",
                TOWNSHIP, null)).path("position").isNull());
        JsonNode position = json(call("GET", "/api/v1/sources/township-x.activities/offsets", TOWNSHIP, null)).path("position");
        assertThat(position.path("tiebreaker").asText()).isEqualTo("1");

        assertThat(call("DELETE", "/api/v1/sources/township-x.activities/offsets", TOWNSHIP, null).statusCode()).isEqualTo(409);
        JsonNode paused = json(call("POST", "/api/v1/sources/township-x.activities/pause", TOWNSHIP, null));
        assertThat(paused.path("paused").asBoolean()).isTrue();
        JsonNode status = json(call("GET", "/api/v1/sources/township-x.activities/status", TOWNSHIP, null));
        assertThat(status.path("instances")).singleElement().satisfies(i -> {
            assertThat(i.path("instance").asText()).isEqualTo(hub.instanceId());
            assertThat(i.path("state").asText()).isEqualTo("PAUSED");
        });
        assertThat(call("DELETE", "/api/v1/sources/township-x.activities/offsets", TOWNSHIP, null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/api/v1/sources/township-x.activities/offsets", TOWNSHIP, null)).path("position").isNull()).isTrue();

        // Resumed from the start: the row is read again, found unchanged, and not published twice.
        call("POST", "/api/v1/sources/township-x.activities/resume", TOWNSHIP, null);
        await("read again from the start").atMost(WAIT).until(() -> !json(call("GET",
                "/api/v1/sources/township-x.activities/offsets", TOWNSHIP, null)).path("position").isNull());
        int[] records = new int[1];
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> records[0]++);
        assertThat(records[0]).isEqualTo(1);
        assertThat(json(call("GET", "/api/v1/sources/township-x.activities", TOWNSHIP, null)).path("state").path("state").asText())
                .isEqualTo("RUNNING");

        // Restarted: the route is made anew from the registry and goes on from its position.
        assertThat(call("POST", "/api/v1/sources/township-x.activities/restart", TOWNSHIP, null).statusCode()).isEqualTo(202);
        source.insert(2, "元宵灯会", "20240224");
        await("the restarted source reads on").atMost(WAIT).until(() -> {
            int[] n = new int[1];
            TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> n[0]++);
            return n[0] == 2;
        });
        List<String> audit = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().audit(), r -> audit.add(new String(r.value())));
        assertThat(audit).anyMatch(a -> a.contains("\"generation\":1") && a.contains("department:township-x"));
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAToken() throws Exception {
        HttpResponse<String> doc = call("GET", "/api/v1/openapi.yaml", null, null);
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).startsWith("openapi: 3.1.0").contains("/api/v1/sources/{name}/offsets");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndNoOther() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
                call("GET", "/api/v1/openapi.yaml", null, null).body());
        java.util.SortedSet<String> documented = new java.util.TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(documented).isEqualTo(hub.apiEndpoints());
    }

    @Test
    void everyResourceEndpointRefusesAMissingTokenAnotherDepartmentAndAnUnknownName() throws Exception {
        call("PUT", "/api/v1/subscriptions/propaganda-dept.activities", PROPAGANDA,
                subscription(TestDatabases.uniqueName("it_x"), "activity_id, title"));
        for (String endpoint : hub.apiEndpoints()) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (path.equals("/api/v1/openapi.yaml")) {
                continue;
            }
            String concrete = path.replace("/sources/{name}", "/sources/township-x.activities")
                    .replace("/subscriptions/{name}", "/subscriptions/propaganda-dept.activities")
                    .replace("{name}", "cultural-activity").replace("{version}", "1");
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            assertThat(call(method, concrete, null, body).statusCode()).as("%s without a token", endpoint).isEqualTo(401);
            if (path.contains("/{name}") && !path.startsWith("/api/v1/schemas") && !method.equals("PUT")) {
                String unknown = path.replace("{name}", "no-such.resource");
                assertThat(call(method, unknown, OPERATOR, body).statusCode()).as("%s for an unknown name", endpoint)
                        .isEqualTo(404);
            }
            if (concrete.contains("/township-x.activities")) {
                assertThat(call(method, concrete, PROPAGANDA, body).statusCode()).as("%s by another department", endpoint)
                        .isEqualTo(403);
            } else if (concrete.contains("/propaganda-dept.activities")) {
                assertThat(call(method, concrete, TOWNSHIP, body).statusCode()).as("%s by another department", endpoint)
                        .isEqualTo(403);
            }
        }
    }

    /** Township X's activities from a source of the given type, mapped as an API would name the fields. */
    private static String activitiesApi(String type, String... options) {
        return Resources.source("township-x.activities-api", "township-x")
                .from(type, options)
                .mapFrom("activity_id", "id")
                .mapFrom("title", "title")
                .mapConst("category", "lecture")
                .mapFrom("activity_date", "date")
                .mapFrom("venue", "venue")
                .mapConst("division_code", "320115101000")
                .mapConst("organizer_name", "秣陵街道")
                .yaml();
    }

    @Test
    void anHttpSourceWithBadOptionsIsRefusedAtApplyNotWhenItStarts() throws Exception {
        HttpResponse<String> refused = call("PUT", "/api/v1/sources/township-x.activities-api", TOWNSHIP,
                activitiesApi("http", "url", "http://127.0.0.1:9/activities", "pagination", "cursor"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("detail").asText()).contains("spec.from.nextCursorPointer is missing");
        assertThat(call("GET", "/api/v1/sources/township-x.activities-api", TOWNSHIP, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aResourceThatCannotStartIsFailedWithTheReasonAndSinceWhen() throws Exception {
        HttpResponse<String> created = call("PUT", "/api/v1/sources/township-x.activities-api", TOWNSHIP,
                // Valid as written (so applied), but no Camel component has this scheme: the route cannot start.
                activitiesApi("camel", "uri", "nosuch-component:activities"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode state = json(created).path("state");
        assertThat(state.path("state").asText()).isEqualTo("FAILED");
        assertThat(state.path("error").asText()).contains("NoSuchEndpointException");
        assertThat(state.path("since").asText()).isNotBlank();
        JsonNode status = json(call("GET", "/api/v1/sources/township-x.activities-api/status", TOWNSHIP, null));
        assertThat(status.path("instances").get(0).path("state").asText()).isEqualTo("FAILED");
        // The other resources run on.
        assertThat(json(call("GET", "/api/v1/sources/township-x.activities", TOWNSHIP, null)).path("state").path("state").asText())
                .isEqualTo("RUNNING");

    }
}
