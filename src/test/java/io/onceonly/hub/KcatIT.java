package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.testing.HubExtension;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;

/** A third-party Kafka client (kcat, librdkafka) reads the shared topic: keys, CloudEvents headers, JSON values. */
class KcatIT {
    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private OnceOnlyHub hub;

    @Test
    void kcatReadsKeysCloudEventHeadersAndJson() throws Exception {
        Assumptions.assumeTrue(onPath("kcat"), "kcat is not installed (Debian package kcat); .ci/run installs it");
        SourceTable source = new SourceTable();
        String sinkTable = TestDatabases.uniqueName("it_sink");
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("sub.yaml", SourceTable.mariaDbSubscription("propaganda-dept.activities", sinkTable));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "20240305");
        String prefix = fixture.prefix();
        hub = fixture.start();
        await("rows delivered").atMost(Duration.ofSeconds(60))
                .until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, sinkTable) == 2);

        Process kcat = new ProcessBuilder("kcat", "-b", hub.bootstrapServers(), "-t", prefix + ".cultural-activity.v1",
                "-C", "-e", "-q", "-X", "isolation.level=read_committed", "-f", "%k\t%h\t%s\n")
                .redirectErrorStream(true).start();
        assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        List<String> lines = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().sorted().toList();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("320115101-1\t")
                .contains("ce_specversion=1.0", "ce_type=" + prefix + ".cultural-activity.v1", "ce_subject=320115101-1",
                        "ce_source=/departments/township-x/sources/township-x.activities", "content-type=application/json")
                .contains("\"title\":\"春节文艺汇演\"", "\"activity_date\":\"2024-02-10\"");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Path.of(dir, command).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }
}
