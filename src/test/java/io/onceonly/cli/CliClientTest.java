package io.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.onceonly.registry.ResourceLoader;
import picocli.CommandLine;

/** How the client commands print the admin API's answers, against a stand-in server with canned answers. */
class CliClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();
    /** "GET /api/v1/sources" to status and body. */
    private final Map<String, Canned> answers = new HashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private record Canned(int status, String contentType, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(key + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            Canned canned = answers.getOrDefault(key, new Canned(404, "application/problem+json",
                    "{\"title\":\"Not found\",\"detail\":\"There is no " + key + ".\"}"));
            byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", canned.contentType());
            exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        env.put("ONCEONLY_SERVER", "http://127.0.0.1:" + server.getAddress().getPort());
        env.put("ONCEONLY_TOKEN", "operator-token");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String request, int status, String json) {
        answers.put(request, new Canned(status, status >= 400 ? "application/problem+json" : "application/json", json));
    }

    private int run(String... args) {
        CommandLine cli = OnceOnlyCommand.commandLine(new ShellEnvironment(env, new ByteArrayInputStream(new byte[0]), null));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String source(String name, String department, String schemaId, String state, boolean paused, Instant changedAt) {
        return """
                {"kind":"Source","name":"%s","department":"%s","paused":%s,"state":{"instance":"hub-1","state":"%s"},
                 "changedBy":"department:%s","changedAt":"%s","origin":"api",
                 "resource":{"apiVersion":"onceonly.io/v1","kind":"Source","metadata":{"name":"%s","department":"%s"},
                   "spec":{"schema":"%s","from":{"type":"jdbc","url":"{{env:TOWNSHIP_A_DB}}","table":"HD_HDJL"},
                     "map":{"division_code":{"const":"320115101000"},"title":{"from":"HDMC"}}}}}
                """.formatted(name, department, paused, state, department, changedAt, name, department, schemaId);
    }

    @Test
    void getPrintsOneAlignedRowPerResourceAndSendsTheTokenFromTheEnvironment() {
        Instant now = Instant.now();
        answer("GET /api/v1/sources", 200, "{\"items\":[" + source("township-a.activities", "township-a", "cultural-activity/v1",
                "RUNNING", false, now.minusSeconds(3 * 3600)) + "," + source("township-b.activities", "township-b",
                "cultural-activity/v1", "PAUSED", true, now.minusSeconds(30)) + "]}");
        assertThat(run("get", "sources")).isZero();
        assertThat(out.toString()).isEqualTo("""
                NAME                    DEPARTMENT   TYPE   SCHEMA                 STATE     PAUSED   CHANGED-BY              AGE
                township-a.activities   township-a   jdbc   cultural-activity/v1   RUNNING   no       department:township-a   3h
                township-b.activities   township-b   jdbc   cultural-activity/v1   PAUSED    yes      department:township-b   30s
                """);
        assertThat(requests).containsExactly("GET /api/v1/sources auth=Bearer operator-token");
    }

    @Test
    void getJsonPrintsTheApisAnswer() throws IOException {
        answer("GET /api/v1/sources/township-a.activities", 200, source("township-a.activities", "township-a",
                "cultural-activity/v1", "RUNNING", false, Instant.now()));
        assertThat(run("get", "source", "township-a.activities", "-o", "json")).isZero();
        JsonNode printed = JSON.readTree(out.toString());
        assertThat(printed.path("name").asText()).isEqualTo("township-a.activities");
        assertThat(printed.path("resource").path("spec").path("from").path("table").asText()).isEqualTo("HD_HDJL");
    }

    @Test
    void getYamlPrintsDocumentsThatReadBackAsTheSameResources() throws IOException {
        answer("GET /api/v1/sources", 200, "{\"items\":[" + source("township-a.activities", "township-a",
                "cultural-activity/v1", "RUNNING", false, Instant.now()) + "," + source("township-b.activities", "township-b",
                "cultural-activity/v1", "RUNNING", false, Instant.now()) + "]}");
        assertThat(run("get", "sources", "-o", "yaml")).isZero();
        var docs = ResourceLoader.parse("printed", out.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(docs).hasSize(2);
        JsonNode expected = JSON.readTree(source("township-a.activities", "township-a", "cultural-activity/v1", "RUNNING",
                false, Instant.now())).path("resource");
        assertThat((JsonNode) docs.get(0).document()).isEqualTo(expected);
        assertThat(out.toString()).contains("const: \"320115101000\"").contains("url: \"{{env:TOWNSHIP_A_DB}}\"")
                .doesNotContain("resource:").doesNotContain("changedBy");
    }

    @Test
    void anEmptyListSaysSoOnStandardError() {
        answer("GET /api/v1/subscriptions", 200, "{\"items\":[]}");
        assertThat(run("get", "subscriptions")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("No subscriptions that your token reaches.");
    }

    @Test
    void aRefusalPrintsItsTitleAndDetailAndExits1() {
        answer("GET /api/v1/sources/township-x.activities", 403, "{\"title\":\"Forbidden\",\"detail\":\"The source "
                + "'township-x.activities' belongs to another department; your token reaches only propaganda-dept's.\"}");
        assertThat(run("get", "source", "township-x.activities")).isEqualTo(1);
        assertThat(err.toString()).contains("403 Forbidden: The source 'township-x.activities' belongs to another department");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownTokenOrNoneAtAllSaysWhatToDoAboutOnceonlyToken() {
        answer("GET /api/v1/sources", 401, "{\"title\":\"Unauthorized\",\"detail\":\"Send a valid token.\"}");
        env.remove("ONCEONLY_TOKEN");
        assertThat(run("get", "sources")).isEqualTo(1);
        assertThat(err.toString()).contains("401 Unauthorized: Send a valid token.").contains("ONCEONLY_TOKEN is not set");
        assertThat(requests).containsExactly("GET /api/v1/sources auth=null");
        env.put("ONCEONLY_TOKEN", "wrong");
        assertThat(run("get", "sources")).isEqualTo(1);
        assertThat(err.toString()).contains("The token in ONCEONLY_TOKEN is not one this hub knows");
    }

    @Test
    void somethingElseThanTheHubAtTheAddressIsNamed() {
        answers.put("GET /api/v1/sources", new Canned(200, "text/html", "<html><body>Welcome to nginx!</body></html>"));
        assertThat(run("get", "sources")).isEqualTo(1);
        assertThat(err.toString()).contains("not from the OnceOnly admin API: <html><body>Welcome to nginx!")
                .contains("Is " + env.get("ONCEONLY_SERVER") + " a OnceOnly hub?");
    }

    @Test
    void rejectsShowTheFirstReasonAndHowManyMoreWithChineseRecordIdsAligned() {
        answer("GET /api/v1/rejects?limit=20", 200, """
                {"items":[
                  {"source":"township-a.activities","sourceRecord":"活动:8","time":"2024-07-02T02:15:03Z",
                   "problems":[{"field":"activity_date","reason":"activity_date: '2024-13-45' is not a date in any of [yyyyMMdd, yyyy年M月d日]"},
                               {"field":"title","reason":"title: is missing"},{"field":"venue","reason":"venue: is missing"}]},
                  {"source":"township-b.activities","sourceRecord":"HD_HDJL:12","time":"2024-07-02T02:14:00Z",
                   "problems":[{"field":"contact_phone","rule":"pattern","reason":"is not a phone number"}]}]}
                """);
        assertThat(run("rejects")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("TIME").contains("SOURCE", "RECORD", "REASONS");
        // Cut to fit, and the count of further reasons kept.
        assertThat(lines.get(1)).contains("活动:8", "activity_date: '2024-13-45' is not a date in any of").endsWith("... (+2 more)");
        assertThat(TableFormatter.width(lines.get(1).substring(lines.get(1).indexOf("activity_date")))).isEqualTo(RejectsCommand.REASON_WIDTH);
        assertThat(lines.get(2)).endsWith("contact_phone: is not a phone number");
        int reasons = TableFormatter.width(lines.get(0).substring(0, lines.get(0).indexOf("REASONS")));
        assertThat(TableFormatter.width(lines.get(1).substring(0, lines.get(1).indexOf("activity_date")))).isEqualTo(reasons);
        assertThat(TableFormatter.width(lines.get(2).substring(0, lines.get(2).indexOf("contact_phone")))).isEqualTo(reasons);
    }

    @Test
    void rejectsOfOneSourceAskForThatSourceWithTheLimit() {
        answer("GET /api/v1/sources/township-a.activities/rejects?limit=5", 200, "{\"items\":[]}");
        assertThat(run("rejects", "--source", "township-a.activities", "--limit", "5")).isZero();
        assertThat(err.toString()).contains("No rejects from township-a.activities.");
    }

    @Test
    void statusCutsLongErrorsInTheTableButNotInJson() throws IOException {
        String error = "Source township-a.activities cannot read HD_HDJL: PSQLException SQLState 28P01 (the database "
                + "refused the user name or password). The route is retried with backoff.";
        answer("GET /api/v1/sources", 200, "{\"items\":[" + source("township-a.activities", "township-a",
                "cultural-activity/v1", "FAILED", false, Instant.now()) + "]}");
        answer("GET /api/v1/subscriptions", 200, "{\"items\":[]}");
        answer("GET /api/v1/sources/township-a.activities/status", 200, """
                {"name":"township-a.activities","instances":[
                  {"instance":"hub-1","state":"FAILED","error":"%s","since":"%s"},
                  {"instance":"hub-2","state":"UNASSIGNED"}]}
                """.formatted(error, Instant.now().minusSeconds(120)));
        assertThat(run("status")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("NAME                    KIND     INSTANCE   STATE        SINCE   ERROR");
        assertThat(lines.get(1)).startsWith("township-a.activities   source   hub-1      FAILED       2m      Source township-a")
                .endsWith("...");
        assertThat(TableFormatter.width(lines.get(1).substring(lines.get(1).indexOf("Source township")))).isEqualTo(StatusCommand.ERROR_WIDTH);
        assertThat(lines.get(2)).isEqualTo("township-a.activities   source   hub-2      UNASSIGNED   -       -");

        out.getBuffer().setLength(0);
        assertThat(run("status", "-o", "json")).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("items").get(0).path("kind").asText()).isEqualTo("Source");
        assertThat(json.path("items").get(0).path("instances").get(0).path("error").asText()).isEqualTo(error);
    }

    @Test
    void statusOfOneNameAsksBothKindsAndSaysWhenNeitherHasIt() {
        assertThat(run("status", "nothing.here")).isEqualTo(1);
        assertThat(err.toString()).contains("404 Not found: There is no source or subscription 'nothing.here'.");
        assertThat(requests).containsExactly("GET /api/v1/sources/nothing.here/status auth=Bearer operator-token",
                "GET /api/v1/subscriptions/nothing.here/status auth=Bearer operator-token");
    }

    @Test
    void deleteAndRestartPrintWhatWasDoneAlsoAsJson() throws IOException {
        answers.put("DELETE /api/v1/subscriptions/culture-bureau.activities", new Canned(204, "text/plain", ""));
        answers.put("POST /api/v1/sources/township-a.activities/restart", new Canned(202, "text/plain", ""));
        assertThat(run("delete", "subscription", "culture-bureau.activities")).isZero();
        assertThat(run("restart", "sources", "township-a.activities")).isZero();
        assertThat(out.toString()).isEqualTo("""
                subscription/culture-bureau.activities deleted
                source/township-a.activities restart requested
                """);
        out.getBuffer().setLength(0);
        assertThat(run("restart", "source", "township-a.activities", "-o", "json")).isZero();
        assertThat(JSON.readTree(out.toString()).path("result").asText()).isEqualTo("restart requested");
    }

    @Test
    void namesAreSentAsOnePathSegment() {
        assertThat(run("pause", "source", "../overview")).isEqualTo(1);
        assertThat(requests).containsExactly("POST /api/v1/sources/..%2Foverview/pause auth=Bearer operator-token");
        assertThat(HubClient.segment("..")).isEqualTo("%2E%2E");
        assertThat(HubClient.segment("乡镇")).isEqualTo("%E4%B9%A1%E9%95%87");
    }
}
