package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.TestDatabases;

/**
 * The hub's JVM is killed again and again while both sources write: at the crash points where a lost or doubled
 * record would come from (a batch in the subscriber's system but its offsets not committed; records committed to
 * Kafka but the pushing client not answered) and with SIGKILL at arbitrary moments. The ledger finds nothing lost,
 * doubled, rolled back or leaked at any sink.
 */
class ReliabilityKilledHubIT {
    /** Operations of the load; the -Preliability profile raises it. */
    private static final int OPERATIONS = Integer.getInteger("onceonly.reliability.operations", 200);
    private static final int RANDOM_KILLS = Integer.getInteger("onceonly.reliability.kills", 1);

    @TempDir
    Path dir;
    private Scenario scenario;

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void killedAtCrashPointsAndAtRandomTheSinksMatchTheLedger() throws Exception {
        scenario = new Scenario(dir, TestDatabases.POSTGRES_URL);
        scenario.run = "killed hub (" + OPERATIONS + " operations)";
        LoadGenerator load = scenario.generator(OPERATIONS, Duration.ofMillis(20));
        scenario.startHub("-Donceonly.test.crash-at=after-sink-write:4");
        CompletableFuture<Void> writing = CompletableFuture.runAsync(load);

        assertThat(scenario.hub.awaitExit(Duration.ofSeconds(90))).as("halted between sink write and commit").isTrue();
        assertThat(scenario.haltedAt("after-sink-write")).isTrue();
        scenario.faults++;
        scenario.startHub("-Donceonly.test.crash-at=after-publish:3");
        assertThat(scenario.hub.awaitExit(Duration.ofSeconds(90))).as("halted between publish and push answer").isTrue();
        assertThat(scenario.haltedAt("after-publish")).isTrue();
        scenario.faults++;
        for (int i = 0; i < RANDOM_KILLS; i++) {
            scenario.startHub();
            int before = load.done.get();
            await("load goes on with the hub up").atMost(Duration.ofSeconds(90))
                    .until(() -> load.done.get() >= before + Math.max(10, OPERATIONS / (RANDOM_KILLS + 4)) || writing.isDone());
            scenario.killHub();
        }
        scenario.startHub();
        writing.get();

        LedgerChecker.Report report = scenario.settleAndCheck(Duration.ofSeconds(120));
        report.assertClean();
        assertThat(report.faults()).isEqualTo(2 + RANDOM_KILLS);
    }
}
