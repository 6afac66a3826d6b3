package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.BrokerProcess;
import io.onceonly.testing.KafkaCluster;
import io.onceonly.testing.TestDatabases;

/**
 * A three-broker KRaft cluster of separate JVMs (replication factor 3, min.insync.replicas 2) under the reliability
 * load, hit in turn by: the leader of a schema topic partition SIGKILLed, restarted, and the new leader killed, round
 * after round; one broker frozen with SIGSTOP for longer than the session and request timeouts, then SIGCONT; two of
 * the three brokers down at once, when nothing may be acknowledged. The hub is never restarted; afterwards it must be
 * ready by itself and every sink must match the ledger.
 */
class ReliabilityBrokerClusterIT {
    private static final int LEADER_KILLS = Integer.getInteger("onceonly.reliability.leader-kills", 3);
    private static final Duration PAUSE_AT_LEAST = Duration.ofSeconds(35);

    @TempDir
    Path dir;
    private KafkaCluster kafka;
    private Scenario scenario;
    private LoadGenerator load;
    private final List<String> figures = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (load != null) {
            load.stop();
        }
        if (scenario != null) {
            scenario.close();
        }
        if (kafka != null) {
            kafka.keepLogs(scenario == null ? "broker-cluster" : scenario.prefix);
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void leaderKillsAFrozenBrokerAndTwoOfThreeDownLoseDoubleAndAcknowledgeNothingWrongly() throws Exception {
        kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
        scenario = new Scenario(dir, TestDatabases.POSTGRES_URL, kafka.bootstrapServers());
        scenario.run = "three-broker cluster: " + LEADER_KILLS + " leader kills, a broker frozen, two of three down";
        load = scenario.generator(Integer.MAX_VALUE, Duration.ofMillis(25));
        // Pushes are answered 503 after this long without Kafka: well inside the shortest outage (15 s), so pushes sent
        // during it are refused within it. With the 15 s default a push could wait out the whole outage and succeed
        // once the brokers were back, and the run saw no refusal to count.
        scenario.setting("ONCEONLY_SOURCE_PUBLISH_TIMEOUT", "4s");
        scenario.startHub();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(load);
        String schemaTopic = scenario.prefix + ".cultural-activity.v1";
        awaitProgress("records reach both JDBC sinks", 60);
        await("both JDBC sinks have their tables").atMost(Duration.ofSeconds(90))
                .until(() -> scenario.pgWatcher.sample() && scenario.mariaWatcher.sample());

        killLeaders(schemaTopic);
        freezeOneBroker(schemaTopic);
        twoOfThreeDown(schemaTopic);

        load.stop();
        writing.get(5, TimeUnit.MINUTES);
        LedgerChecker.Report report = scenario.settleAndCheck(Duration.ofSeconds(180));
        figures.forEach(f -> LedgerChecker.appendToReport("RELIABILITY " + scenario.run + ": " + f));
        report.assertClean();
        assertThat(scenario.hub.alive()).as("the hub survived every fault").isTrue();
        assertThat(load.acknowledgedInOutage.get()).as("pushes acknowledged while two of three brokers were down").isZero();
        assertThat(load.refusedInOutage.get()).as("pushes were tried while two brokers were down, and refused").isPositive();
        // Readiness during the outage is reported, not asserted: it turns 503 only once a route has failed, and whether
        // one does within the outage depends on timing (see docs/reliability.md, known gaps).
    }

    /** Kills the leader of a schema topic partition, waits for the new one, restarts the old one; round after round. */
    private void killLeaders(String schemaTopic) throws Exception {
        for (int round = 0; round < LEADER_KILLS; round++) {
            int partition = round % 3;
            int leader = kafka.leaderOf(schemaTopic, partition);
            BrokerProcess node = kafka.node(leader);
            long killed = System.nanoTime();
            node.kill();
            scenario.faults++;
            await("a new leader for " + schemaTopic + "/" + partition).atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        int now = kafka.leaderOf(schemaTopic, partition);
                        return now != -1 && now != leader;
                    });
            long failover = millisSince(killed);
            TimeUnit.MILLISECONDS.sleep(scenario.seed.millisBetween(1_000, 4_000));
            node.start();
            kafka.awaitUp(node);
            kafka.awaitFullIsr(List.of(schemaTopic));
            figures.add(String.format("leader kill %d: node %d led %s/%d; new leader after %d ms; back in sync %d ms "
                    + "after the kill", round + 1, leader, schemaTopic, partition, failover, millisSince(killed)));
            awaitProgress("the load goes on after leader kill " + (round + 1), 20);
        }
    }

    /** SIGSTOP for longer than the brokers' session (9 s), the hub consumers' session (10 s) and request timeouts (30 s). */
    private void freezeOneBroker(String schemaTopic) throws Exception {
        int leader = kafka.leaderOf(schemaTopic, 0);
        BrokerProcess node = kafka.node(leader);
        long pause = PAUSE_AT_LEAST.toMillis() + scenario.seed.millisBetween(0, 5_000);
        int before = load.done.get();
        node.pause();
        scenario.faults++;
        TimeUnit.MILLISECONDS.sleep(pause);
        int duringPause = load.done.get() - before;
        node.resume();
        long resumed = System.nanoTime();
        kafka.awaitBrokers(3);
        kafka.awaitFullIsr(List.of(schemaTopic));
        figures.add(String.format("node %d (leader of %s/0) frozen %d ms; the load did %d operations meanwhile; "
                + "back in sync %d ms after SIGCONT", leader, schemaTopic, pause, duringPause, millisSince(resumed)));
        awaitProgress("the load goes on after the frozen broker resumed", 20);
    }

    /** Two brokers down: no quorum, no in-sync pair; nothing may be acknowledged, and the hub must say it is not ready. */
    private void twoOfThreeDown(String schemaTopic) throws Exception {
        int leader = kafka.leaderOf(schemaTopic, 1);
        BrokerProcess first = kafka.node(leader);
        BrokerProcess second = kafka.node(leader % 3 + 1);
        long outage = scenario.seed.millisBetween(15_000, 25_000);
        first.kill();
        second.kill();
        load.outage(true);
        scenario.faults++;
        Map<String, Integer> readiness = new TreeMap<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(outage);
        while (System.nanoTime() < end) {
            readiness.merge(Integer.toString(scenario.readiness()), 1, Integer::sum);
            TimeUnit.MILLISECONDS.sleep(500);
        }
        long restarting = System.nanoTime();
        // The outage ends as the brokers start: from then on a push may be acknowledged by right, so a push answered
        // 2xx counts against the hub only if it was both sent and answered while two brokers were surely down.
        load.outage(false);
        first.start();
        second.start();
        kafka.awaitUp(first, second);
        long down = outage + millisSince(restarting);
        long back = System.nanoTime();
        await("the hub is ready again by itself (Kafka reachable, every route RUNNING)").atMost(Duration.ofSeconds(180))
                .until(() -> scenario.readiness() == 200);
        figures.add(String.format("nodes %d and %d down %d ms (restarted after %d ms): pushes sent meanwhile answered "
                        + "non-2xx %d, 2xx %d; /health/ready answers during the outage %s; ready again %d ms after the "
                        + "brokers", first.nodeId(), second.nodeId(), down, outage, load.refusedInOutage.get(),
                load.acknowledgedInOutage.get(), readiness, millisSince(back)));
        kafka.awaitFullIsr(List.of(schemaTopic));
        awaitProgress("the load goes on after two brokers came back", 20);
    }

    private void awaitProgress(String what, int operations) {
        int before = load.done.get();
        await(what).atMost(Duration.ofSeconds(180)).until(() -> load.done.get() >= before + operations);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
