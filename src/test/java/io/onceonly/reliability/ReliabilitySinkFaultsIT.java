package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onceonly.testing.TestDatabases;

/**
 * Subscribers' systems fail while both sources write: the PostgreSQL table locked against writes, MariaDB under a
 * global read lock, the network to PostgreSQL reset and refused, the webhook down, slow, answering 500 after it
 * processed a batch, and answering 429 with Retry-After. Every subscriber ends with every acknowledged version once.
 */
class ReliabilitySinkFaultsIT {
    private static final Duration FAULT = Duration.ofSeconds(Long.getLong("onceonly.reliability.fault-seconds", 3));

    @TempDir
    Path dir;
    private Scenario scenario;
    private TcpProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void everySubscriberHasEveryAcknowledgedVersionOnceAfterItsSystemFailedInEachWay() throws Exception {
        proxy = new TcpProxy(5432);
        scenario = new Scenario(dir, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres");
        scenario.run = "sink faults";
        LoadGenerator load = scenario.generator(Math.max(500, Integer.getInteger("onceonly.reliability.operations", 500)), Duration.ofMillis(30));
        scenario.startHub();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(load);
        await("both JDBC sinks have their tables").atMost(Duration.ofSeconds(90))
                .until(() -> scenario.pgWatcher.sample() && scenario.mariaWatcher.sample());

        // PostgreSQL: readers go on, the hub's upserts wait for the lock.
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE " + scenario.pgSinkTable + " IN EXCLUSIVE MODE");
            hold();
            c.rollback();
        }
        scenario.faults++;
        // MariaDB: the whole server refuses writes (root included) while the lock is held.
        try (Connection c = DriverManager.getConnection(TestDatabases.MARIADB_URL); Statement st = c.createStatement()) {
            st.execute("FLUSH TABLES WITH READ LOCK");
            try {
                hold();
            } finally {
                st.execute("UNLOCK TABLES");
            }
        }
        scenario.faults++;
        // The network to PostgreSQL: connections reset mid-batch, then refused for a while.
        proxy.cut();
        proxy.refuse(true);
        hold();
        proxy.refuse(false);
        scenario.faults++;
        // A silent partition: the connections in use pass nothing, ever, and give no reset. Only the sink's own
        // timeout gets the hub out; it must open a new connection (through the proxy once the stall ends).
        proxy.stall(true);
        TimeUnit.MILLISECONDS.sleep(Scenario.PG_SINK_TIMEOUT.toMillis() + FAULT.toMillis() + 2_000);
        int reconnectedDuringStall = proxy.connectionsDuringStall;
        proxy.stall(false);
        scenario.faults++;
        // The webhook: down, slow, 500 after processing, 429 with Retry-After.
        scenario.webhook.down();
        hold();
        scenario.webhook.up();
        scenario.faults++;
        scenario.webhook.slowness(Duration.ofSeconds(2));
        scenario.webhook.mode(LedgerWebhook.Mode.SLOW);
        hold();
        scenario.webhook.mode(LedgerWebhook.Mode.ERROR_AFTER_PROCESSING);
        hold();
        scenario.webhook.mode(LedgerWebhook.Mode.TOO_MANY_REQUESTS);
        hold();
        scenario.webhook.mode(LedgerWebhook.Mode.OK);
        scenario.faults += 3;

        writing.get();
        LedgerChecker.Report report = scenario.settleAndCheck(Duration.ofSeconds(120));
        LedgerChecker.appendToReport("RELIABILITY sink faults: webhook requests " + scenario.webhook.requests()
                + ", answered 500/429 " + scenario.webhook.refusedRequests() + ", proxy cuts " + proxy.cuts
                + ", connections the hub opened during the " + (Scenario.PG_SINK_TIMEOUT.toMillis() + FAULT.toMillis() + 2_000)
                + " ms stall (sink timeout " + Scenario.PG_SINK_TIMEOUT.toSeconds() + " s) " + reconnectedDuringStall);
        report.assertClean();
        assertThat(reconnectedDuringStall).as("the hub gave up on the silent connection and tried a new one").isPositive();
    }

    private static void hold() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(FAULT.toMillis());
    }
}
