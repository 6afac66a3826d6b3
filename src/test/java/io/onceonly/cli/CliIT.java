package io.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.api.AccessTokens;
import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import picocli.CommandLine;

/**
 * The client commands against a running hub, as an operator and as departments: apply reports created, unchanged
 * and configured and lists a refused resource's problems; get, status and rejects print tables and the API's JSON;
 * a department token cannot reach another department's resource; pause, resume and delete act on every instance.
 * One hub serves every test; each test uses resources of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "operator-token";
    private static final String PROPAGANDA = "propaganda-token";
    private static final String TOWNSHIP = "township-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final HubExtension FIXTURE = new HubExtension()
            .setting("onceonly.api.operator-token", OPERATOR)
            .setting("onceonly.api.tokens", "propaganda-dept=" + AccessTokens.sha256Hex(PROPAGANDA)
                    + ",township-x=" + AccessTokens.sha256Hex(TOWNSHIP));
    private OnceOnlyHub hub;

    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    void start() throws Exception {
        hub = FIXTURE.start();
    }

    /** Runs the command as a shell would: the hub's address and the token in the environment. */
    private Result run(String token, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("ONCEONLY_SERVER", "http://127.0.0.1:" + hub.httpPort());
        if (token != null) {
            env.put("ONCEONLY_TOKEN", token);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OnceOnlyCommand.commandLine(new ShellEnvironment(env, new ByteArrayInputStream(new byte[0]), null));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String subscription(String name, String table, String fields) {
        return SourceTable.mariaDbSubscription(name, table).fields(fields.split(", ")).yaml();
    }

    private static String state(Result get) throws IOException {
        return get.json().path("state").path("state").asText();
    }

    @Test
    void applyCreatesThenLeavesUnchangedThenConfiguresAndListsTheProblemsOfARefusedResource(@TempDir Path dir) throws Exception {
        SourceTable source = new SourceTable();
        String table = TestDatabases.uniqueName("it_cli");
        Path file = dir.resolve("township-x.yaml");
        Files.writeString(file, source.source("township-x.cli-apply").yaml() + "---\n"
                + subscription("propaganda-dept.cli-apply", table, "activity_id, title, activity_date"));

        Result created = run(OPERATOR, "apply", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("""
                source/township-x.cli-apply created
                subscription/propaganda-dept.cli-apply created
                """);

        Result again = run(OPERATOR, "apply", "-f", file.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("""
                source/township-x.cli-apply unchanged
                subscription/propaganda-dept.cli-apply unchanged
                """);

        Files.writeString(file, source.source("township-x.cli-apply").yaml() + "---\n"
                + subscription("propaganda-dept.cli-apply", table, "activity_id, title, activity_date, venue"));
        Result changed = run(OPERATOR, "apply", "-f", dir.toString());
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(changed.out()).isEqualTo("""
                source/township-x.cli-apply unchanged
                subscription/propaganda-dept.cli-apply configured
                """);
        assertThat(run(OPERATOR, "get", "subscription", "propaganda-dept.cli-apply", "-o", "json").json()
                .path("resource").path("spec").path("fields").toString()).contains("venue");

        // A bad resource among good ones: the good ones are applied, the bad one refused with every problem.
        Files.writeString(dir.resolve("zz-bad.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: propaganda-dept.cli-bad, department: propaganda-dept }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, no_such_field]
                  stat: earliest
                  to: { type: jdbc, url: "jdbc:mariadb://127.0.0.1:3306/test", table: t, pasword: x }
                """);
        Result bad = run(OPERATOR, "apply", "-f", dir.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).isEqualTo("""
                source/township-x.cli-apply unchanged
                subscription/propaganda-dept.cli-apply unchanged
                subscription/propaganda-dept.cli-bad failed
                """);
        assertThat(bad.err()).contains("1 of 3 resource(s) not applied:")
                .contains("subscription/propaganda-dept.cli-bad in " + dir.resolve("zz-bad.yaml") + ": 400 The resource is not valid; nothing was changed")
                .contains("spec.stat is not a known key. Did you mean start?")
                .contains("is not a field of schema cultural-activity/v1: 'no_such_field'")
                .contains("spec.to.pasword is not an option of connector type 'jdbc'");
        assertThat(run(OPERATOR, "get", "subscription", "propaganda-dept.cli-bad").code()).as("nothing was written").isEqualTo(1);

        Result json = run(OPERATOR, "apply", "-f", dir.toString(), "-o", "json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.json().path("items")).hasSize(3);
        assertThat(json.json().path("items").get(2).path("result").asText()).isEqualTo("failed");
        assertThat(json.json().path("items").get(2).path("status").asInt()).isEqualTo(400);
        assertThat(json.json().path("items").get(2).path("problems").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void getStatusAndRejectsPrintTablesForPeopleAndTheApisJsonForScripts(@TempDir Path dir) throws Exception {
        SourceTable source = new SourceTable();
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "元宵灯会", "2024-13-45");
        Path file = Files.writeString(dir.resolve("source.yaml"), source.source("township-x.cli-get").yaml());
        assertThat(run(TOWNSHIP, "apply", "-f", file.toString()).code()).isZero();
        await("the source runs").atMost(WAIT).until(() -> state(run(TOWNSHIP, "get", "source", "township-x.cli-get", "-o", "json")),
                "RUNNING"::equals);

        Result table = run(TOWNSHIP, "get", "sources");
        assertThat(table.code()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .matches("NAME +DEPARTMENT +TYPE +SCHEMA +STATE +PAUSED +CHANGED-BY +AGE");
        assertThat(table.out()).containsPattern("township-x.cli-get +township-x +jdbc +cultural-activity/v1 +RUNNING +no +department:township-x +\\d+s");
        JsonNode listed = run(TOWNSHIP, "get", "sources", "-o", "json").json();
        assertThat(listed.path("items")).allSatisfy(item -> assertThat(item.path("department").asText()).isEqualTo("township-x"));

        // -o yaml prints the document as applied, ready to edit and apply again.
        Result yaml = run(TOWNSHIP, "get", "source", "township-x.cli-get", "-o", "yaml");
        assertThat((JsonNode) ResourceLoader.parse("printed", yaml.out().getBytes(StandardCharsets.UTF_8)).get(0).document())
                .isEqualTo(ResourceLoader.parse("file", Files.readAllBytes(file)).get(0).document());

        Result status = run(TOWNSHIP, "status", "township-x.cli-get");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("NAME                 KIND     INSTANCE")
                .contains("township-x.cli-get   source   " + hub.instanceId()).contains("RUNNING");
        JsonNode statusJson = run(TOWNSHIP, "status", "-o", "json").json();
        assertThat(statusJson.path("items")).anySatisfy(item -> {
            assertThat(item.path("name").asText()).isEqualTo("township-x.cli-get");
            assertThat(item.path("kind").asText()).isEqualTo("Source");
            assertThat(item.path("instances").get(0).path("state").asText()).isEqualTo("RUNNING");
        });

        await("the bad date is rejected").atMost(WAIT).until(() -> run(TOWNSHIP, "rejects", "--source", "township-x.cli-get",
                "-o", "json").json().path("items").size() == 1);
        Result rejects = run(TOWNSHIP, "rejects", "--source", "township-x.cli-get");
        assertThat(rejects.code()).isZero();
        assertThat(rejects.out().lines().findFirst().orElseThrow()).startsWith("TIME").contains("SOURCE", "RECORD", "REASONS");
        assertThat(rejects.out()).contains("township-x.cli-get").contains("activity_date: '2024-13-45' is not a date");
        JsonNode reject = run(TOWNSHIP, "rejects", "-o", "json", "--limit", "5").json().path("items").get(0);
        assertThat(reject.path("source").asText()).isEqualTo("township-x.cli-get");
        assertThat(reject.path("problems").get(0).path("field").asText()).isEqualTo("activity_date");
        assertThat(run(PROPAGANDA, "rejects", "-o", "json").json().path("items")).as("another department's rejects").isEmpty();
    }

    @Test
    void aDepartmentTokenIsRefusedAnotherDepartmentsResourceWithTheHubsReason(@TempDir Path dir) throws Exception {
        SourceTable source = new SourceTable();
        Path file = Files.writeString(dir.resolve("source.yaml"), source.source("township-x.cli-dept").yaml());
        assertThat(run(OPERATOR, "apply", "-f", file.toString()).code()).isZero();

        Result get = run(PROPAGANDA, "get", "source", "township-x.cli-dept");
        assertThat(get.code()).isEqualTo(1);
        assertThat(get.err()).contains("403 Forbidden: The source 'township-x.cli-dept' belongs to another department; "
                + "your token reaches only propaganda-dept's.");
        Result pause = run(PROPAGANDA, "pause", "source", "township-x.cli-dept");
        assertThat(pause.code()).isEqualTo(1);
        assertThat(pause.err()).contains("403 Forbidden");
        Result status = run(PROPAGANDA, "status", "township-x.cli-dept");
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.err()).contains("403 Forbidden");

        Result apply = run(PROPAGANDA, "apply", "-f", file.toString());
        assertThat(apply.code()).isEqualTo(1);
        assertThat(apply.out()).isEqualTo("source/township-x.cli-dept failed\n");
        assertThat(apply.err()).contains("source/township-x.cli-dept in " + file + ": 403 Forbidden")
                .contains("  - The source 'township-x.cli-dept' belongs to another department; your token reaches only propaganda-dept's.");
        assertThat(run(PROPAGANDA, "get", "sources").out()).doesNotContain("township-x.cli-dept");

        Result unknown = run("not-a-token", "get", "sources");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("401 Unauthorized").contains("ONCEONLY_TOKEN is not one this hub knows");
    }

    @Test
    void aHubThatIsNotRunningExitsWith3() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result result = run(OPERATOR, "status", "--server", "http://127.0.0.1:" + port);
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("Cannot reach the hub at http://127.0.0.1:" + port).contains("onceonly run");
    }

    @Test
    void pauseResumeAndDeleteTakeEffectAndSayWhatWasDone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("subscription.yaml"),
                subscription("propaganda-dept.cli-life", TestDatabases.uniqueName("it_cli"), "activity_id, title"));
        assertThat(run(PROPAGANDA, "apply", "-f", file.toString()).code()).isZero();
        await("the subscription runs").atMost(WAIT).until(() -> state(run(PROPAGANDA, "get", "subscription",
                "propaganda-dept.cli-life", "-o", "json")), "RUNNING"::equals);

        Result pause = run(PROPAGANDA, "pause", "subscription", "propaganda-dept.cli-life");
        assertThat(pause.code()).as(pause.err()).isZero();
        assertThat(pause.out()).isEqualTo("subscription/propaganda-dept.cli-life paused\n");
        assertThat(run(PROPAGANDA, "get", "subscriptions").out())
                .containsPattern("propaganda-dept.cli-life +propaganda-dept +jdbc +cultural-activity/v1 +PAUSED +yes +department:propaganda-dept");
        assertThat(run(PROPAGANDA, "status", "propaganda-dept.cli-life").out()).contains("PAUSED");

        Result resume = run(PROPAGANDA, "resume", "subscription", "propaganda-dept.cli-life", "-o", "json");
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.json().path("paused").asBoolean()).isFalse();
        await("delivering again").atMost(WAIT).until(() -> state(run(PROPAGANDA, "get", "subscription",
                "propaganda-dept.cli-life", "-o", "json")), "RUNNING"::equals);

        Result restart = run(PROPAGANDA, "restart", "subscription", "propaganda-dept.cli-life");
        assertThat(restart.out()).isEqualTo("subscription/propaganda-dept.cli-life restart requested\n");

        Result delete = run(PROPAGANDA, "delete", "subscription", "propaganda-dept.cli-life");
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(delete.out()).isEqualTo("subscription/propaganda-dept.cli-life deleted\n");
        Result gone = run(PROPAGANDA, "get", "subscription", "propaganda-dept.cli-life");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("404 Not found: There is no subscription 'propaganda-dept.cli-life'.");
    }
}
