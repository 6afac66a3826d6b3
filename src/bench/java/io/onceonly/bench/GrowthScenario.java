package io.onceonly.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.connector.jdbc.ConnectionPool;
import io.onceonly.kafka.Topics;

/**
 * Growth: 1, 10 and 100 webhook subscriptions on one schema, and 1, 10 and 100 PostgreSQL sources, each case a hub
 * in a child JVM with a 512 MiB heap ({@link HubChild}) on the benchmark's broker. Measured in the child: delivered
 * records/s, heap after GC, process CPU time per delivered record, resident memory once idle.
 */
final class GrowthScenario {
    static final int[] SIZES = java.util.Arrays.stream(System.getProperty("bench.growth-sizes", "1,10,100").split(","))
            .mapToInt(Integer::parseInt).toArray();
    static final String HEAP = "-Xmx" + System.getProperty("bench.growth-heap", "512m");
    /** Which growth to measure: subscriptions, sources, or both (the default). */
    static final List<String> MODES = List.of(System.getProperty("bench.growth-modes", "subscriptions,sources").split(","));
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrowthScenario() {
    }

    static void report(BenchContext ctx, Results results, long rows, int runs) throws Exception {
        Results.Scenario sc = results.scenario("growth", "5. Growth: subscriptions and sources");
        sc.method.add(String.format("Each case is a hub in a child JVM (`%s`, default GC) on the benchmark's broker; webhooks go to the "
                + "receiver in the benchmark JVM, so the child's CPU time and memory are the hub's alone. A warm-up record "
                + "reaches every route first; the clock and the CPU count start when it has (`READY`), then the benchmark JVM "
                + "supplies the rows and the child waits until the receiver has counted every delivery.", HEAP));
        sc.method.add(String.format("**Subscriptions**: K webhook subscriptions of the 14 fields on `%s`; after READY the benchmark JVM "
                + "publishes %,d records (normalize + publish, as in scenario 2), so K × %,d deliveries. At K = 1 the rate is "
                + "bounded by that publishing, not by delivery.", HazardReports.SCHEMA, rows, rows));
        sc.method.add(String.format("**Sources**: K `jdbc` sources (`every: 1s`, `lag: 0s`), each on its own PostgreSQL table, and one "
                + "webhook subscription; after READY the benchmark JVM COPYs %,d rows spread evenly over the K tables. The sources "
                + "share one pool of at most %d PostgreSQL connections (`ConnectionPool`), each borrowed for one read.", rows, ConnectionPool.SIZE));
        sc.method.add("CPU per record: the child's process CPU time (`OperatingSystemMXBean.getProcessCpuTime`, all threads) "
                + "from READY to the last delivery, over the deliveries. Heap: used heap after two `System.gc()` calls at the end. "
                + "RSS: `VmRSS` of `/proc/self/status` after 5 s idle.");
        for (String mode : MODES) {
            List<Results.Figure> cost = new ArrayList<>();
            for (int k : SIZES) {
                List<Double> throughput = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                List<Double> heap = new ArrayList<>();
                List<Double> rss = new ArrayList<>();
                String what = k + " " + (k == 1 ? mode.substring(0, mode.length() - 1) : mode);
                for (int run = 1; run <= runs; run++) {
                    JsonNode r = mode.equals("subscriptions") ? subscriptions(ctx, k, rows) : sources(ctx, k, rows);
                    System.out.printf("growth %s K=%d run %d: %s%n", mode, k, run, r);
                    if (r.has("failed")) {
                        String why = r.path("failed").asText();
                        sc.notes.add(why.startsWith("not run") ? "**" + what + ": " + why + ".**"
                                : "**" + what + " (run " + run + ") did not finish** in `" + HEAP + "`: " + why + ".");
                        continue;
                    }
                    throughput.add(r.path("throughput").asDouble());
                    cpu.add(r.path("cpuMicrosPerRecord").asDouble());
                    heap.add(r.path("heapAfterGcMiB").asDouble());
                    rss.add(r.path("idleRssMiB").asDouble());
                }
                if (throughput.isEmpty()) {
                    cost.add(null);
                    continue;
                }
                sc.figure(mode + "-" + k + "-rate", what + ": deliveries", "records/s", throughput);
                cost.add(sc.figure(mode + "-" + k + "-cpu", what + ": CPU per delivered record", "µs", cpu));
                sc.figure(mode + "-" + k + "-heap", what + ": heap after GC", "MiB", heap);
                sc.figure(mode + "-" + k + "-rss", what + ": resident memory, idle", "MiB", rss);
            }
            for (int i = 1; i < SIZES.length; i++) {
                if (cost.get(0) != null && cost.get(i) != null) {
                    sc.ratio("CPU per record, " + SIZES[i] + " / " + SIZES[0] + " " + mode + " (flat = 1.0)", cost.get(i), cost.get(0), null, null);
                }
            }
        }
        sc.notes.add("The ceiling of this scenario is its own K = 1 case: the ratios say how the cost of a delivered record grows with K.");
        sc.notes.add("A result of 512 MiB heap or less for 100 subscriptions means the case ran to the end inside `" + HEAP + "`.");
    }

    private static JsonNode subscriptions(BenchContext ctx, int k, long rows) throws Exception {
        String prefix = BenchContext.unique("bench-grow-");
        Topics topics = new Topics(prefix);
        PublishScenario.publishAll(ctx, topics, "emergency.warm-up", rows, 1); // the warm-up record, delivered to every subscription
        try (BenchWebhookReceiver receiver = new BenchWebhookReceiver((int) rows + 1)) {
            return child(List.of("subscriptions", Integer.toString(k), Long.toString(rows), ctx.bootstrap, prefix, receiver.url("")),
                    () -> PublishScenario.publishAll(ctx, topics, "emergency.hazards", 0, rows));
        }
    }

    private static JsonNode sources(BenchContext ctx, int k, long rows) throws Exception {
        int free = freeConnections();
        int needed = Math.min(k, ConnectionPool.SIZE); // sources on one database share a pool of this many
        if (needed + 10 > free) { // the benchmark and the hub's subscription need a few too
            return JSON.createObjectNode().put("failed", "not run: " + k + " jdbc sources need up to " + needed
                    + " PostgreSQL connections and the server has " + free + " free (max_connections less those in use)");
        }
        String prefix = BenchContext.unique("bench-grow-");
        String tablePrefix = BenchContext.unique("bench_grow_") + "_";
        long perTable = rows / k;
        try (BenchWebhookReceiver receiver = new BenchWebhookReceiver((int) rows + k)) {
            for (int j = 0; j < k; j++) {
                BenchContext.execute(BenchContext.POSTGRES_URL, HazardReports.createTable(tablePrefix + j),
                        "CREATE INDEX ON " + tablePrefix + j + " (updated_at, id)");
                copy(tablePrefix + j, rows + j, 1); // one warm-up row per table
            }
            return child(List.of("sources", Integer.toString(k), Long.toString(perTable * k), ctx.bootstrap, prefix, receiver.url(""), tablePrefix),
                    () -> {
                        for (int j = 0; j < k; j++) {
                            copy(tablePrefix + j, j * perTable, perTable);
                        }
                    });
        } finally {
            for (int j = 0; j < k; j++) {
                BenchContext.dropQuietly(BenchContext.POSTGRES_URL, tablePrefix + j);
            }
        }
    }

    private static int freeConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(BenchContext.POSTGRES_URL);
             var rs = c.createStatement().executeQuery("SELECT current_setting('max_connections')::int - "
                     + "(SELECT count(*) FROM pg_stat_activity)")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void copy(String table, long from, long n) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (long i = from; i < from + n; i++) {
            HazardReports.appendCsv(csv, i);
        }
        try (Connection c = DriverManager.getConnection(BenchContext.POSTGRES_URL)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (id, " + String.join(", ", HazardReports.COLUMNS)
                    + ") FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        }
    }

    interface Supply {
        void run() throws Exception;
    }

    /** Runs a {@link HubChild}, supplies the rows once it says READY, and returns its RESULT. */
    static JsonNode child(List<String> args, Supply onReady) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), HEAP,
                "-Donceonly.home=" + System.getProperty("onceonly.home", "."),
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                "-cp", System.getProperty("java.class.path"), HubChild.class.getName()));
        String extra = System.getProperty("bench.child-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(2, List.of(extra.split(" ")));
        }
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // A child that no longer answers (its own watchdog cannot run) is stopped, and its output ends.
        Thread reaper = new Thread(() -> {
            try {
                if (!p.waitFor(Long.getLong("bench.child-timeout-seconds", 900) + 30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                // the child ended first
            }
        }, "bench-child-reaper");
        reaper.setDaemon(true);
        reaper.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    onReady.run();
                } else if (line.startsWith("RESULT ")) {
                    return JSON.readTree(line.substring("RESULT ".length()));
                }
            }
            return JSON.createObjectNode().put("failed", "the child JVM ended without a result (exit code " + p.waitFor()
                    + "); it was stopped after not answering for the time allowed");
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
            }
        }
    }
}
