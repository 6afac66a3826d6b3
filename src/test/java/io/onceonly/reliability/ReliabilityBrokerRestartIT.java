package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.BrokerProcess;
import io.onceonly.testing.KafkaCluster;
import io.onceonly.testing.TestDatabases;

/**
 * The hub's only Kafka broker, in a JVM of its own, is SIGKILLed while both sources write and all three subscribers
 * take records, and started again on the same port and data. Meanwhile no push may be acknowledged; afterwards the
 * hub, which was never restarted, must be ready again by itself and every sink must match the ledger.
 */
class ReliabilityBrokerRestartIT {
    private static final int OPERATIONS = Integer.getInteger("onceonly.reliability.broker-operations", 240);

    @TempDir
    Path dir;
    private KafkaCluster kafka;
    private Scenario scenario;

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
        if (kafka != null) {
            kafka.keepLogs(scenario == null ? "broker-restart" : scenario.prefix);
            kafka.close();
        }
    }

    @Test
    void theBrokerKilledAndRestartedUnderLoadLosesDoublesAndAcknowledgesNothingWrongly() throws Exception {
        kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
        scenario = new Scenario(dir, TestDatabases.POSTGRES_URL, kafka.bootstrapServers());
        scenario.run = "broker killed and restarted (single node, " + OPERATIONS + " operations)";
        LoadGenerator load = scenario.generator(OPERATIONS, Duration.ofMillis(25));
        // Shorter than any outage here, so commits surely time out mid-transaction and the hub must recover from that.
        scenario.setting("ONCEONLY_SOURCE_PUBLISH_TIMEOUT", "3s");
        scenario.startHub();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(load);
        await("records reach both JDBC sinks").atMost(Duration.ofSeconds(90))
                .until(() -> scenario.pgWatcher.sample() && scenario.mariaWatcher.sample() && load.done.get() >= OPERATIONS / 4);

        BrokerProcess broker = kafka.node(1);
        long outage = scenario.seed.millisBetween(4_000, 8_000);
        broker.kill();
        load.outage(true);
        scenario.faults++;
        AtomicBoolean seenNotReady = new AtomicBoolean();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(outage);
        while (System.nanoTime() < end) {
            if (scenario.readiness() == 503) {
                seenNotReady.set(true);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        broker.start();
        kafka.awaitUp(broker);
        load.outage(false);
        long down = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - end) + outage;
        long back = System.nanoTime();
        await("the hub is ready again by itself (Kafka reachable, every route RUNNING)").atMost(Duration.ofSeconds(120))
                .until(() -> scenario.readiness() == 200);
        long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        writing.get(5, TimeUnit.MINUTES);

        LedgerChecker.Report report = scenario.settleAndCheck(Duration.ofSeconds(120));
        String outageLine = String.format("RELIABILITY %s: broker down %d ms (killed, %d ms later restarted); pushes sent meanwhile answered non-2xx %d, "
                        + "answered 2xx %d; readiness 503 seen during the outage: %s; ready again %d ms after the broker",
                scenario.run, down, outage, load.refusedInOutage.get(), load.acknowledgedInOutage.get(), seenNotReady.get(),
                recoveredMs);
        LedgerChecker.appendToReport(outageLine);
        report.assertClean();
        assertThat(scenario.hub.alive()).as("the hub survived the outage").isTrue();
        assertThat(load.acknowledgedInOutage.get()).as("pushes acknowledged while Kafka was down").isZero();
        assertThat(load.refusedInOutage.get()).as("pushes were tried during the outage and refused").isPositive();
        assertThat(seenNotReady.get()).as("/health/ready said 503 while Kafka was down").isTrue();
    }
}
