package io.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.onceonly.testing.Resources;

import picocli.CommandLine;

class OnceOnlyCommandTest {
    private final StringWriter err = new StringWriter();

    @AfterEach
    void clearOverrides() {
        System.clearProperty("onceonly.connectors-dir");
        System.clearProperty("onceonly.schemas-dir");
    }

    private int run(String... args) {
        CommandLine cli = OnceOnlyCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void validateAcceptsTheDemoRegistrations() {
        System.setProperty("onceonly.connectors-dir", "connectors/demo");
        assertThat(run("validate")).isZero();
    }

    @Test
    void validateExitsNonZeroListingEveryProblem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: culture-bureau.activities, department: culture-bureau }
                spec:
                  schema: cultural-activity/v9
                  to: { type: http }
                """);
        System.setProperty("onceonly.connectors-dir", dir.toString());
        assertThat(run("validate")).isEqualTo(2);
        assertThat(err.toString())
                .contains("bad.yaml: spec.schema is not in the schema catalog: 'cultural-activity/v9'")
                .contains("bad.yaml: spec.to.url is missing");
    }

    @Test
    void schemasCheckRefusesAnUnknownDomainType(@TempDir Path dir) throws IOException {
        Path schema = Files.createDirectories(dir.resolve("schemas/cultural-activity"));
        Files.writeString(schema.resolve("v1.schema.json"), Files.readString(Path.of("schemas/cultural-activity/v1.schema.json"))
                .replace("\"x-domain-type\": \"phone\"", "\"x-domain-type\": \"telephone\""));
        System.setProperty("onceonly.schemas-dir", dir.resolve("schemas").toString());
        assertThat(run("schemas", "check")).isEqualTo(2);
        assertThat(err.toString()).contains("field contact_phone has \"x-domain-type\": 'telephone', which is not a domain type");
    }

    @Test
    void schemasCheckListsTheCatalog() {
        assertThat(run("schemas", "check")).isZero();
    }

    @Test
    void schemasCheckNamesOnlyTheSubscriptionsABreakingChangeWouldBreak(@TempDir Path dir) throws IOException {
        Path schema = dir.resolve("schemas/cultural-activity");
        Files.createDirectories(schema.resolve("history"));
        String original = Files.readString(Path.of("schemas/cultural-activity/v1.schema.json"));
        Files.writeString(schema.resolve("history/v1.r1.schema.json"), original);
        ObjectNode changed = (ObjectNode) new ObjectMapper().readTree(original);
        ((ObjectNode) changed.get("properties")).remove("venue");
        ArrayNode required = (ArrayNode) changed.get("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (required.get(i).asText().equals("venue")) {
                required.remove(i);
            }
        }
        Files.writeString(schema.resolve("v1.schema.json"), changed.toPrettyString());
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        Resources.write(connectors, "subs.yaml", Resources.documents(
                Resources.subscription("propaganda-dept.activities", "propaganda-dept")
                        .fields("activity_id", "title", "venue").to("http", "url", "http://localhost/x"),
                Resources.subscription("culture-bureau.titles", "culture-bureau")
                        .fields("activity_id", "title").to("http", "url", "http://localhost/x")));
        System.setProperty("onceonly.schemas-dir", dir.resolve("schemas").toString());
        System.setProperty("onceonly.connectors-dir", connectors.toString());

        assertThat(run("schemas", "check")).isEqualTo(2);
        assertThat(err.toString())
                .contains("breaks BACKWARD_TRANSITIVE compatibility")
                .contains("venue")
                .contains("impact: subscription propaganda-dept.activities (propaganda-dept, subs.yaml) receives 'venue'")
                .doesNotContain("culture-bureau.titles");
    }
}
