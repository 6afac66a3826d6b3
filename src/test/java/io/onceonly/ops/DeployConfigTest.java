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
    void alertsFireOnStaleSourcesStoppedRoutesAndDeadLetters() throws Exception {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }
}
