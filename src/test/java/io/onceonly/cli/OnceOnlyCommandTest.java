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

import picocli.CommandLine;

class OnceOnlyCommandTest {
    private final StringWriter err = new StringWriter();

    @AfterEach
    void clearOverrides() {
        System.clearProperty("onceonly.connectors-dir");
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
                .contains("bad.yaml: spec.schema 'cultural-activity/v9' is not in the schema catalog")
                .contains("bad.yaml: spec.to.url is missing");
    }
}
