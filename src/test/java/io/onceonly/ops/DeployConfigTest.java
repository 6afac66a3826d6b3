package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus configuration in deploy/ is valid, and its alerts fire in the situations they describe. */
class DeployConfigTest {

    @BeforeEach
    void needsPromtool() {
        Assumptions.assumeTrue(Path.of("/usr/bin/promtool").toFile().canExecute(),
                "promtool is not installed (Debian package prometheus); .ci/run installs it");
    }

    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(Path.of("deploy/prometheus").toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool %s said: %s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void scrapeConfigAndAlertRulesAreValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("5 rules found");
    }

    @Test
    void everyGrafanaPanelQueryIsValidPromqlOverDocumentedMeters(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("deploy/grafana/onceonly.json").toFile());
        String meters = java.nio.file.Files.readString(Path.of("deploy/README.md"));
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-panels\n    rules:\n");
        int n = 0;
        for (var panel : dashboard.path("panels")) {
            for (var target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                rules.append("      - record: panel:").append(++n).append("\n        expr: ")
                        .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(expr)).append('\n');
                var names = java.util.regex.Pattern.compile("onceonly_[a-z_]+").matcher(expr);
                while (names.find()) {
                    String meter = names.group().replaceAll("_bucket$", "");
                    assertThat(meters).as("panel '%s' uses %s, which deploy/README.md lists", panel.path("title").asText(), meter)
                            .contains(meter);
                }
            }
        }
        assertThat(n).isGreaterThan(5);
        Path file = dir.resolve("panels.rules.yml");
        java.nio.file.Files.writeString(file, rules);
        assertThat(promtool("check", "rules", file.toString())).contains(n + " rules found");
    }

    @Test
    void alertsFireOnStaleSourcesStoppedRoutesAndDeadLetters() throws Exception {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }
}
