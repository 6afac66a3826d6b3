package io.onceonly.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.onceonly.hub.OnceOnlyHub;

/**
 * Freshness: rows inserted at a steady 1,000 rows/s into the PostgreSQL source of a running hub; for each row, the
 * time from its commit to its first sighting at each of the three sinks.
 */
final class FreshnessScenario {
    static final String SOURCE_POLL = "1s";
    static final double SOURCE_POLL_SECONDS = 1.0;
    static final int RATE = 1000;
    /** Rows per insert transaction; one transaction every 10 ms makes 1,000 rows/s. */
    static final int PER_COMMIT = 10;
    static final long SINK_POLL_NANOS = 100_000_000L;
    static final int WARM_UP = 100;
    private static final String[] SINKS = {"webhook", "PostgreSQL", "MariaDB"};

    private FreshnessScenario() {
    }

    static void report(BenchContext ctx, Results results, int runs, int seconds) throws Exception {
        List<List<Double>> p50 = lists();
        List<List<Double>> p95 = lists();
        List<List<Double>> p99 = lists();
        List<Double> achievedRate = new ArrayList<>();
        int rows = seconds * RATE;
        try (BenchWebhookReceiver receiver = new BenchWebhookReceiver(WARM_UP + rows)) {
            for (int run = 1; run <= runs; run++) {
                double[][] latencies = run(ctx, receiver, seconds, achievedRate);
                for (int s = 0; s < SINKS.length; s++) {
                    Arrays.sort(latencies[s]);
                    p50.get(s).add(percentile(latencies[s], 0.50));
                    p95.get(s).add(percentile(latencies[s], 0.95));
                    p99.get(s).add(percentile(latencies[s], 0.99));
                }
                System.out.printf("freshness run %d: p99 webhook %.0f ms, PostgreSQL %.0f ms, MariaDB %.0f ms%n", run,
                        p99.get(0).get(run - 1), p99.get(1).get(run - 1), p99.get(2).get(run - 1));
            }
        }
        Results.Scenario sc = results.scenario("freshness", "4. Freshness: source commit to visible at each sink");
        sc.method.add(String.format("The hub of scenario 3 (PostgreSQL source, PostgreSQL and MariaDB upserts, webhook), with the "
                + "source polling **every %s** (`lag: 0s`). After %d warm-up rows have arrived everywhere, one thread inserts "
                + "%d rows every 10 ms (%,d rows/s) for %d s, one transaction per insert, and notes each row's commit time "
                + "(when `commit()` returned).", SOURCE_POLL, WARM_UP, PER_COMMIT, RATE, seconds));
        sc.method.add("Visible: at the webhook, when the receiver took the request holding the row; at PostgreSQL and MariaDB, "
                + "the start of the first query that found the row (each sink table is polled every 100 ms for the ids not yet "
                + "seen), so the database figures are late by up to 100 ms.");
        sc.method.add("Source polling interval is what a registration sets (`every`); with the default `lag: 5s` every figure "
                + "would be about 5 s higher, the price of not skipping rows that commit late under concurrent writers.");
        Results.Figure budget = sc.figure("budget", "Target budget: poll interval + 1 s", "ms", repeat(SOURCE_POLL_SECONDS * 1000 + 1000, runs));
        for (int s = 0; s < SINKS.length; s++) {
            sc.figure("p50-" + s, SINKS[s] + " p50", "ms", p50.get(s));
            sc.figure("p95-" + s, SINKS[s] + " p95", "ms", p95.get(s));
        }
        List<Results.Figure> p99s = new ArrayList<>();
        for (int s = 0; s < SINKS.length; s++) {
            p99s.add(sc.figure("p99-" + s, SINKS[s] + " p99", "ms", p99.get(s)));
        }
        sc.figure("rate", "Insert rate achieved", "rows/s", achievedRate);
        for (int s = 0; s < SINKS.length; s++) {
            sc.ratio(SINKS[s] + " p99 / (poll interval + 1 s)", p99s.get(s), budget, null, 1.0);
        }
    }

    private static List<List<Double>> lists() {
        List<List<Double>> l = new ArrayList<>();
        for (int i = 0; i < SINKS.length; i++) {
            l.add(new ArrayList<>());
        }
        return l;
    }

    private static List<Double> repeat(double v, int n) {
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(v);
        }
        return l;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Latencies in ms per sink (webhook, PostgreSQL, MariaDB) of the measured rows of one run. */
    private static double[][] run(BenchContext ctx, BenchWebhookReceiver receiver, int seconds, List<Double> achievedRate) throws Exception {
        String source = BenchContext.unique("bench_fresh_");
        String sinkTable = BenchContext.unique("bench_fresh_sink_");
        int total = WARM_UP + seconds * RATE;
        long[] committed = new long[total];
        long[][] seen = new long[3][];
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        try {
            BenchContext.execute(BenchContext.POSTGRES_URL, HazardReports.createTable(source),
                    "CREATE INDEX ON " + source + " (updated_at, id)");
            receiver.reset(total);
            Path connectors = Files.createDirectories(ctx.work.resolve(BenchContext.unique("connectors-")));
            EndToEndScenario.writeHub(connectors, source, sinkTable, receiver.url("hook"), SOURCE_POLL);
            try (OnceOnlyHub hub = OnceOnlyHub.start(ctx.hubSettings(connectors, BenchContext.unique("bench-fresh-")), Map.of());
                 Connection c = DriverManager.getConnection(BenchContext.POSTGRES_URL)) {
                c.setAutoCommit(false);
                insert(c, source, 0, WARM_UP, committed);
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (receiver.distinct() < WARM_UP || BenchContext.count(EndToEndScenario.PG_SINK_URL, sinkTable) < WARM_UP
                        || BenchContext.count(BenchContext.MARIADB_URL, sinkTable) < WARM_UP) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The warm-up rows did not arrive within 180 s");
                    }
                    LockSupport.parkNanos(100_000_000L);
                }
                seen[1] = new long[total];
                seen[2] = new long[total];
                pollers.add(poller(EndToEndScenario.PG_SINK_URL, sinkTable, seen[1], stop));
                pollers.add(poller(BenchContext.MARIADB_URL, sinkTable, seen[2], stop));
                pollers.forEach(Thread::start);

                long start = System.nanoTime();
                long tick = 1_000_000_000L * PER_COMMIT / RATE;
                for (int k = 0; WARM_UP + k * PER_COMMIT < total; k++) {
                    long due = start + k * tick;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    insert(c, source, WARM_UP + k * PER_COMMIT, PER_COMMIT, committed);
                }
                achievedRate.add((total - WARM_UP) * 1e9 / (System.nanoTime() - start));
                deadline = System.nanoTime() + 120_000_000_000L;
                while (receiver.distinct() < total || missing(seen[1], WARM_UP) || missing(seen[2], WARM_UP)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Not every row arrived within 120 s of the last insert: webhook "
                                + receiver.distinct() + " of " + total);
                    }
                    LockSupport.parkNanos(100_000_000L);
                }
            } finally {
                stop.set(true);
                for (Thread t : pollers) {
                    t.join(5000);
                }
            }
            double[][] latencies = new double[3][total - WARM_UP];
            for (int i = WARM_UP; i < total; i++) {
                latencies[0][i - WARM_UP] = (receiver.firstSeen(i) - committed[i]) / 1e6;
                latencies[1][i - WARM_UP] = (seen[1][i] - committed[i]) / 1e6;
                latencies[2][i - WARM_UP] = (seen[2][i] - committed[i]) / 1e6;
            }
            return latencies;
        } finally {
            BenchContext.dropQuietly(BenchContext.POSTGRES_URL, source);
            BenchContext.dropQuietly(BenchContext.POSTGRES_URL, sinkTable);
            BenchContext.dropQuietly(BenchContext.MARIADB_URL, sinkTable);
        }
    }

    private static boolean missing(long[] seen, int from) {
        for (int i = from; i < seen.length; i++) {
            if (seen[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static void insert(Connection c, String table, int from, int count, long[] committed) throws Exception {
        String cols = "id, " + String.join(", ", HazardReports.COLUMNS);
        String marks = "?" + ", ?".repeat(HazardReports.COLUMNS.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")")) {
            for (int i = from; i < from + count; i++) {
                ps.setLong(1, i);
                int p = 2;
                for (Object v : HazardReports.row(i, true).values()) {
                    ps.setObject(p++, v);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        long now = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            committed[i] = now;
        }
    }

    /** Polls a sink table every 100 ms for the ids not yet seen, noting the start of the query that found each. */
    private static Thread poller(String url, String table, long[] seen, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            int lowest = WARM_UP;
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement ps = c.prepareStatement("SELECT report_id FROM " + table + " WHERE report_id >= ?")) {
                while (!stop.get()) {
                    long due = System.nanoTime() + SINK_POLL_NANOS;
                    long queried = System.nanoTime();
                    ps.setString(1, HazardReports.reportId(lowest));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int n = HazardReports.number(rs.getString(1));
                            if (n < seen.length && seen[n] == 0) {
                                seen[n] = queried;
                            }
                        }
                    }
                    while (lowest < seen.length && seen[lowest] != 0) {
                        lowest++;
                    }
                    LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                }
            } catch (Exception e) {
                System.err.println("Sink poller of " + table + " stopped: " + e);
            }
        }, "bench-sink-poller");
        t.setDaemon(true);
        return t;
    }
}
