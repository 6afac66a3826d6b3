package io.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.api.AccessTokens;
import io.onceonly.testing.Resources;
import picocli.CommandLine;

/** The client commands' arguments, exit codes and offline work, without a hub. */
class CliArgumentsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    private int run(String... args) {
        CommandLine cli = OnceOnlyCommand.commandLine(new ShellEnvironment(env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** A port where nothing listens: the hub "is not running". */
    private static String closedServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("apply", "get", "status", "rejects", "delete", "pause", "resume", "restart",
                "token", "ONCEONLY_TOKEN", "ONCEONLY_SERVER", "3   the hub cannot be reached");
    }

    @Test
    void eachClientCommandHasItsOwnHelp() {
        for (String command : new String[] {"apply", "get", "status", "rejects", "delete", "pause", "resume", "restart"}) {
            assertThat(run(command, "--help")).as(command).isZero();
        }
        assertThat(run("token", "new", "--help")).isZero();
        assertThat(out.toString()).contains("onceonly apply", "-f, --filename=FILE", "--dry-run", "onceonly rejects", "--limit=N");
    }

    @Test
    void aHubThatIsNotRunningExitsWith3NamingTheServerAndWhatToDo() throws IOException {
        String server = closedServer();
        assertThat(run("get", "sources", "--server", server)).isEqualTo(3);
        assertThat(err.toString()).contains("Cannot reach the hub at " + server + " (connection refused)")
                .contains("onceonly run").contains("--server");
    }

    @Test
    void theServerComesFromOnceonlyServerWhenNoOptionNamesIt() throws IOException {
        env.put("ONCEONLY_SERVER", closedServer());
        assertThat(run("status")).isEqualTo(3);
        assertThat(err.toString()).contains("Cannot reach the hub at " + env.get("ONCEONLY_SERVER"));
    }

    @Test
    void theDefaultServerIsLocalhost8080() {
        CommandLine cli = OnceOnlyCommand.commandLine(new ShellEnvironment(env, System.in, null));
        cli.parseArgs("get", "sources");
        GetCommand get = cli.getSubcommands().get("get").getCommand();
        assertThat(get.client.client().server()).hasToString("http://localhost:8080");
    }

    @Test
    void aTokenIsNeverAnOption() {
        assertThat(run("get", "sources", "--token", "s3cret")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--token'").doesNotContain("s3cret'");
    }

    @Test
    void anAddressWithoutSchemeIsAUsageError() {
        assertThat(run("get", "sources", "--server", "localhost:8080")).isEqualTo(2);
        assertThat(err.toString()).contains("'localhost:8080' is not an http(s) URL").contains("--server http://HOST:PORT");
    }

    @Test
    void anUnknownKindIsAUsageError() {
        assertThat(run("get", "pods")).isEqualTo(2);
        assertThat(err.toString()).contains("'pods' is not a kind of resource. Use sources or subscriptions.")
                .contains("See 'onceonly get --help'.");
        assertThat(run("pause", "source")).as("the name is required").isEqualTo(2);
    }

    @Test
    void yamlIsForGetOnlyAndOutputFormatsAreCaseInsensitive() throws IOException {
        assertThat(run("status", "-o", "yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("-o yaml prints resource documents and is for `onceonly get` only");
        assertThat(run("get", "sources", "-o", "JSON", "--server", closedServer())).as("parsed, then unreachable").isEqualTo(3);
        assertThat(run("get", "sources", "-o", "xml")).isEqualTo(2);
    }

    @Test
    void aLimitOutsideOneToAThousandIsAUsageError() {
        assertThat(run("rejects", "--limit", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--limit is 0. Use 1 to 1000.");
        assertThat(run("rejects", "--limit", "many")).isEqualTo(2);
    }

    @Test
    void tokenHashPrintsTheSha256OfTheTokenOnStandardInput() {
        stdin = "s3cret-department-token\n";
        assertThat(run("token", "hash")).isZero();
        assertThat(out.toString().strip()).isEqualTo(AccessTokens.sha256Hex("s3cret-department-token"));
    }

    @Test
    void tokenHashWithoutATokenIsAUsageError() {
        stdin = "\n";
        assertThat(run("token", "hash")).isEqualTo(2);
        assertThat(err.toString()).contains("No token on standard input");
    }

    @Test
    void tokenNewPrintsAFreshRandomTokenAndItsHash() {
        assertThat(run("token", "new")).isZero();
        assertThat(run("token", "new")).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(4);
        String token = lines[0].substring("token:  ".length());
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, base64url without padding
        assertThat(lines[1]).isEqualTo("sha256: " + AccessTokens.sha256Hex(token));
        assertThat(lines[2]).isNotEqualTo(lines[0]);
        assertThat(err.toString()).contains("onceonly.api.tokens");
    }

    @Test
    void applyDryRunChecksOfflineAndSendsNothing() throws IOException {
        assertThat(run("apply", "--dry-run", "-f", "connectors/demo", "--server", closedServer())).isZero();
        assertThat(out.toString()).contains("source/township-a.activities valid (dry run)")
                .contains("subscription/culture-bureau.activities valid (dry run)");
    }

    @Test
    void applyDryRunListsEveryProblemOfEachInvalidResourceAndExits1(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("subs.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: culture-bureau.activities, department: culture-bureau }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, title]
                  to: { type: http, url: "http://localhost/inbox" }
                ---
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: propaganda-dept.activities, department: propaganda-dept }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, no_such_field]
                  stat: earliest
                  to: { type: http }
                """);
        assertThat(run("apply", "--dry-run", "-f", file.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("subscription/culture-bureau.activities valid (dry run)")
                .contains("subscription/propaganda-dept.activities failed (dry run)");
        assertThat(err.toString()).contains("1 of 2 resource(s) would be refused")
                .contains("subscription/propaganda-dept.activities in " + file + " (document 2): not valid")
                .contains("spec.stat is not a known key. Did you mean start?")
                .contains("is not a field of schema cultural-activity/v1: 'no_such_field'")
                .contains("  - spec.to.url is missing");
    }

    @Test
    void applyReadsStandardInput() {
        stdin = Resources.subscription("culture-bureau.activities", "culture-bureau")
                .fields("activity_id", "title").to("http", "url", "http://localhost/x").yaml();
        assertThat(run("apply", "--dry-run", "-f", "-", "-o", "json")).isZero();
        assertThat(out.toString()).contains("\"where\" : \"stdin\"").contains("\"result\" : \"valid\"");
    }

    @Test
    void unreadableInputSendsNothingAndExits2ListingEachProblem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "kind: [");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("apply", "-f", dir.resolve("broken.yaml").toString(), "-f", dir.resolve("missing.yaml").toString(),
                "-f", empty.toString(), "--server", closedServer())).isEqualTo(2);
        assertThat(err.toString()).contains("Nothing was applied: the input has 3 problem(s)")
                .contains("broken.yaml: not valid YAML").contains("missing.yaml: there is no such file or folder")
                .contains("empty: the folder has no *.yaml files");
        assertThat(run("apply")).as("-f is required").isEqualTo(2);
    }
}
