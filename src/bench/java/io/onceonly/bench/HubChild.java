package io.onceonly.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.EmbeddedKafkaBroker;

/**
 * A hub (or a bare broker) in a JVM of its own, so that its heap, CPU time and resident memory are its alone. The
 * benchmark JVM starts it with a heap limit and reads the one {@code RESULT {json}} line it prints.
 * <ul>
 * <li>{@code subscriptions K ROWS BOOTSTRAP PREFIX RECEIVER}: K webhook subscriptions on records already published;</li>
 * <li>{@code sources K ROWS BOOTSTRAP PREFIX RECEIVER TABLE_PREFIX}: K PostgreSQL sources of ROWS/K rows each, one
 * webhook subscription;</li>
 * <li>{@code broker}: the embedded broker alone, until stdin closes.</li>
 * </ul>
 */
public final class HubChild {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("onceonly.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("onceonly-bench-child");
        if (args[0].equals("broker")) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0)) {
                System.out.println("READY " + broker.bootstrapServers());
                System.out.flush();
                System.in.read(); // until the benchmark closes our stdin
            }
            return;
        }
        long timeout = Long.getLong("bench.child-timeout-seconds", 900);
        Thread watchdog = new Thread(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(timeout * 1_000_000_000L);
            var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.println("RESULT {\"failed\":\"no result within " + timeout + " s; heap in use " + (heap.getUsed() >> 20)
                    + " of " + (heap.getMax() >> 20) + " MiB\"}");
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String mode = args[0];
        int k = Integer.parseInt(args[1]);
        long rows = Long.parseLong(args[2]);
        String bootstrap = args[3];
        String prefix = args[4];
        String receiver = args[5];
        BenchContext ctx = new BenchContext(bootstrap, home, work);
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        long expected; // deliveries after the warm-up
        if (mode.equals("subscriptions")) {
            for (int j = 0; j < k; j++) {
                Files.writeString(connectors.resolve("sub-" + j + ".yaml"),
                        BenchContext.webhookSubscriptionYaml("department-" + j + ".hazards", receiver + "s" + j));
            }
            expected = rows * k;
        } else {
            String tablePrefix = args[6];
            for (int j = 0; j < k; j++) {
                Files.writeString(connectors.resolve("source-" + j + ".yaml"), BenchContext.jdbcSourceYaml(
                        "township-" + j + ".hazards", tablePrefix + j, "1s").replace("name: township-" + j + ".hazards, department: emergency-management",
                        "name: township-" + j + ".hazards, department: township-" + j));
            }
            Files.writeString(connectors.resolve("sub.yaml"), BenchContext.webhookSubscriptionYaml("housing-bureau.hazards", receiver + "s"));
            expected = rows;
        }
        HttpClient http = HttpClient.newHttpClient();
        URI count = URI.create(receiver + "count");

        long t0 = System.nanoTime();
        try (OnceOnlyHub hub = OnceOnlyHub.start(ctx.hubSettings(connectors, prefix), Map.of())) {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            // The warm-up record (one per source, or one for every subscription) shows every route is running.
            long warmUp = k;
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (delivered(http, count) < warmUp) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The warm-up records did not arrive within 300 s");
                }
                LockSupport.parkNanos(100_000_000L);
            }
            double warmSeconds = (System.nanoTime() - t0) / 1e9;
            long tReady = System.nanoTime();
            long cpuReady = BenchContext.processCpuNanos();
            System.out.println("READY");
            System.out.flush();
            deadline = tReady + (300 + expected / 200) * 1_000_000_000L;
            long delivered = delivered(http, count);
            while (delivered < warmUp + expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + delivered + " of " + (warmUp + expected) + " deliveries in time");
                }
                LockSupport.parkNanos(100_000_000L);
                delivered = delivered(http, count);
            }
            long tDone = System.nanoTime();
            long cpuDone = BenchContext.processCpuNanos();
            long heap = BenchContext.heapAfterGc();
            String histogram = System.getProperty("bench.histogram");
            if (histogram != null) { // where the heap goes, for looking into a figure
                Files.writeString(Path.of(histogram), (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {null}, new String[] {String[].class.getName()}));
            }
            // Idle a moment, then take the resident size of an idle hub; longer (bench.idle-seconds) to attach a profiler.
            LockSupport.parkNanos(Long.getLong("bench.idle-seconds", 5) * 1_000_000_000L);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("routes", hub.routeStatus().size());
            r.put("startSeconds", startSeconds);
            r.put("startToWarmSeconds", warmSeconds);
            r.put("deliveries", expected);
            r.put("deliverySeconds", (tDone - tReady) / 1e9);
            r.put("throughput", expected * 1e9 / (tDone - tReady));
            r.put("cpuMicrosPerRecord", (cpuDone - cpuReady) / 1e3 / expected);
            r.put("heapAfterGcMiB", heap / 1048576.0);
            r.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576.0);
            r.put("idleRssMiB", BenchContext.rssKib(ProcessHandle.current().pid()) / 1024.0);
            System.out.println("RESULT " + JSON.writeValueAsString(r));
            System.out.flush();
        }
        System.exit(0);
    }

    private static long delivered(HttpClient http, URI count) throws Exception {
        return Long.parseLong(http.send(HttpRequest.newBuilder(count).GET().build(), HttpResponse.BodyHandlers.ofString()).body().trim());
    }
}
