package io.onceonly.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Footprint: {@code onceonly demo} from process start to {@code /health/ready} answering 200, and its resident
 * memory once idle, against the embedded broker alone in a JVM of its own (the least the demo starts).
 */
final class FootprintScenario {
    static final long IDLE_NANOS = 10_000_000_000L;

    private FootprintScenario() {
    }

    static void report(BenchContext ctx, Results results, int runs) throws Exception {
        List<Double> demoReady = new ArrayList<>();
        List<Double> demoRss = new ArrayList<>();
        List<Double> brokerReady = new ArrayList<>();
        List<Double> brokerRss = new ArrayList<>();
        Path jar = ctx.home.resolve("target/onceonly.jar");
        boolean useJar = Files.isRegularFile(jar) && Files.isDirectory(ctx.home.resolve("target/lib"));
        for (int run = 1; run <= runs; run++) {
            double[] b = broker();
            brokerReady.add(b[0]);
            brokerRss.add(b[1]);
            double[] d = demo(ctx, useJar ? jar : null);
            demoReady.add(d[0]);
            demoRss.add(d[1]);
            System.out.printf("footprint run %d: demo ready after %.1f s, %.0f MiB; broker alone %.1f s, %.0f MiB%n", run, d[0], d[1], b[0], b[1]);
        }
        Results.Scenario sc = results.scenario("footprint", "7. Footprint");
        sc.method.add("**Demo**: " + (useJar ? "`java -jar target/onceonly.jar demo --fresh`, what `./onceonly demo` runs once built"
                : "`io.onceonly.cli.OnceOnlyCommand demo --fresh` on the benchmark's classpath (no packaged jar was found)")
                + ", with no heap option (as the launcher), its own data directory, free ports for HTTP and the embedded "
                + "broker. Start to ready: from starting the process until `GET /health/ready` answers 200 (polled every "
                + "100 ms). The demo runs an embedded broker, H2 databases for four departments, 2 sources and 2 subscriptions.");
        sc.method.add("**Ceiling**: `EmbeddedKafkaBroker` alone in a child JVM (`HubChild broker`), from process start until "
                + "it is ready (an admin client sees the node).");
        sc.method.add("RSS: `VmRSS` of `/proc/<pid>/status` after 10 s idle.");
        Results.Figure dr = sc.figure("demo-ready", "Demo, start to ready", "s", demoReady);
        Results.Figure br = sc.figure("broker-ready", "Broker alone, start to ready", "s", brokerReady);
        Results.Figure dm = sc.figure("demo-rss", "Demo, resident memory idle", "MiB", demoRss);
        Results.Figure bm = sc.figure("broker-rss", "Broker alone, resident memory idle", "MiB", brokerRss);
        sc.ratio("Demo start to ready / broker alone", dr, br, null, null);
        sc.ratio("Demo RSS / broker alone", dm, bm, null, null);
        sc.notes.add("Resident memory idle with 100 routes: see scenario 5, 100 subscriptions (a hub of 100 subscription "
                + "routes, idle after its deliveries, in a 512 MiB heap).");
    }

    /** Seconds from process start to READY, and idle RSS in MiB, of the broker alone. */
    private static double[] broker() throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                "-cp", System.getProperty("java.class.path"), HubChild.class.getName(), "broker")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // wait for READY
            }
            double ready = (System.nanoTime() - t) / 1e9;
            LockSupport.parkNanos(IDLE_NANOS);
            double rss = BenchContext.rssKib(p.pid()) / 1024.0;
            return new double[] {ready, rss};
        } finally {
            p.getOutputStream().close(); // the child stops its broker when its stdin closes
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Seconds from process start to /health/ready 200, and idle RSS in MiB, of the demo. */
    private static double[] demo(BenchContext ctx, Path jar) throws Exception {
        int httpPort = freePort();
        Path data = Files.createTempDirectory(ctx.work, "demo");
        List<String> command = new ArrayList<>(List.of(java(), "-Donceonly.home=" + ctx.home,
                "-Donceonly.http.port=" + httpPort, "-Donceonly.kafka.embedded-port=" + freePort(),
                "-Donceonly.data-dir=" + data));
        if (jar != null) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.onceonly.cli.OnceOnlyCommand"));
        }
        command.addAll(List.of("demo", "--fresh"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = t + 180_000_000_000L;
            while (true) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The demo did not become ready (alive: " + p.isAlive() + ")");
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                LockSupport.parkNanos(100_000_000L);
            }
            double readySeconds = (System.nanoTime() - t) / 1e9;
            LockSupport.parkNanos(IDLE_NANOS);
            return new double[] {readySeconds, BenchContext.rssKib(p.pid()) / 1024.0};
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
