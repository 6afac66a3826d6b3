package io.onceonly.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.onceonly.kafka.EmbeddedKafkaBroker;

/**
 * The system benchmarks, in one JVM with one embedded broker: each scenario measures its ceiling in the
 * same run and reports the ratio. Writes {@code benchmarks/system-<date>.json} and the generated section of
 * BENCHMARKS.md. Sizes and scenarios come from system properties (see {@link #main}).
 */
public final class SystemBenchmark {
    private SystemBenchmark() {
    }

    /**
     * {@code -Dbench.rows} (default 1,000,000), {@code -Dbench.e2e-rows} (rows), {@code -Dbench.runs} (3), {@code -Dbench.scenarios} (comma list of
     * publish, e2e, freshness, growth, footprint; default all), {@code -Dbench.freshness-seconds} (60),
     * {@code -Dbench.growth-rows} (rows/100), {@code -Dbench.growth-runs} (1), {@code -Donceonly.home} (the checkout), {@code -Dbench.output} (where to write; the checkout).
     */
    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000);
        int runs = Integer.getInteger("bench.runs", 3);
        Set<String> scenarios = new TreeSet<>(Arrays.asList(System.getProperty("bench.scenarios",
                "publish,e2e,freshness,growth,footprint").split(",")));
        Path home = Path.of(System.getProperty("onceonly.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("onceonly-bench");
        String command = System.getProperty("bench.command", "mvn -Pbench -DskipTests verify");

        Results results = new Results();
        describeMachine(results);
        results.settings.put("Rows (N) of scenarios 2 and 6", String.format("%,d", rows));
        results.settings.put("Rows (N) of scenario 3", String.format("%,d", Long.getLong("bench.e2e-rows", rows)));
        results.settings.put("Runs per figure", runs);
        results.settings.put("Scenarios", String.join(", ", scenarios));

        long started = System.nanoTime();
        String date = LocalDate.now().toString();
        // -Dbench.output=DIR keeps a trial run (a profile, a quick look) away from the published figures.
        Path out = Path.of(System.getProperty("bench.output", home.toString())).toAbsolutePath();
        Path json = out.resolve("benchmarks").resolve("system-" + date + ".json");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0);
        try {
            BenchContext ctx = new BenchContext(broker.bootstrapServers(), home, work);
            List<Scenario> all = List.of(
                    new Scenario("publish", "1, 2, 6. Ceiling, normalization + publish, re-import", () -> publish(ctx, results, rows, runs)),
                    new Scenario("e2e", "3. End to end", () -> EndToEndScenario.report(ctx, results, Long.getLong("bench.e2e-rows", rows), runs)),
                    new Scenario("freshness", "4. Freshness", () -> FreshnessScenario.report(ctx, results, runs,
                            Integer.getInteger("bench.freshness-seconds", 60))),
                    new Scenario("growth", "5. Growth", () -> GrowthScenario.report(ctx, results,
                            Long.getLong("bench.growth-rows", Math.max(1000, rows / 100)), Integer.getInteger("bench.growth-runs", 1))),
                    new Scenario("footprint", "7. Footprint", () -> FootprintScenario.report(ctx, results, runs)));
            for (Scenario s : all) {
                if (!scenarios.contains(s.id())) {
                    continue;
                }
                try {
                    s.body().run();
                } catch (Exception | Error e) {
                    // One scenario failing (a database refusing connections, say) must not lose the others' figures.
                    System.err.println("Scenario " + s.id() + " failed: " + e);
                    e.printStackTrace();
                    results.scenario(s.id() + "-failed", s.title() + ": failed").notDone = "the scenario stopped with `"
                            + e.toString().replace('`', '\'') + "`; figures above from it, if any, are complete runs.";
                }
                write(results, started, command, out, json);
            }
        } finally {
            broker.close();
        }
        write(results, started, command, out, json);
        System.out.println("System benchmarks written to " + json + " and " + out.resolve("BENCHMARKS.md"));
        for (Results.Scenario s : results.scenarios) {
            for (Results.Ratio r : s.ratios) {
                System.out.printf("%-28s %-70s %6.2f  (target %s)%n", s.id, r.label(), Results.median(r.values()),
                        r.target() == null ? "-" : r.target());
            }
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private record Scenario(String id, String title, Body body) {
    }

    /** Writes what is measured so far, so that a later failure keeps it. */
    private static void write(Results results, long started, String command, Path out, Path json) throws java.io.IOException {
        results.machine.put("Duration of the run", String.format("%.1f min", (System.nanoTime() - started) / 6e10));
        results.machine.put("Load average at the end", loadAverage());
        results.writeJson(json);
        Results.updateMarkdown(out.resolve("BENCHMARKS.md"), results.markdown(command, out.relativize(json).toString()));
    }

    /** Scenarios 1, 2 and 6: the producer ceiling, normalize + publish, and the unchanged re-import, run by run. */
    private static void publish(BenchContext ctx, Results results, long rows, int runs) throws Exception {
        List<Double> ceiling = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        List<Double> reimport = new ArrayList<>();
        List<Double> reimportSeconds = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        long republished = 0;
        for (int run = 1; run <= runs; run++) {
            ceiling.add(ProducerCeiling.run(ctx, rows));
            PublishScenario.Outcome o = PublishScenario.run(ctx, rows);
            publish.add(o.publishRate());
            reimport.add(o.reimportRate());
            reimportSeconds.add(o.reimportSeconds());
            wall.add(o.wallRate());
            republished += o.republished();
            System.out.printf("publish run %d: ceiling %.0f/s, normalize+publish %.0f/s, re-import %.0f/s (%d republished)%n",
                    run, ceiling.get(run - 1), o.publishRate(), o.reimportRate(), o.republished());
        }
        Results.Scenario s1 = results.scenario("ceiling", "1. Ceiling: Kafka ProducerPerformance");
        s1.method.add(String.format("`org.apache.kafka.tools.ProducerPerformance` (kafka-tools 4.4.0) in the benchmark JVM: %,d records of %d bytes, "
                + "`--throughput -1`, producer props `%s`, into a new topic of %d partitions on the embedded broker "
                + "(`EmbeddedKafkaBroker`, KRaft, in the same JVM) that every other scenario uses.", rows, ProducerCeiling.RECORD_SIZE,
                ProducerCeiling.PROPS, BenchContext.PARTITIONS));
        s1.method.add("Measured once before each run of scenario 2, so each ratio below divides two figures of the same run.");
        Results.Figure fc = s1.figure("producer", "ProducerPerformance", "records/s", ceiling);

        Results.Scenario s2 = results.scenario("publish", "2. Normalization + publish");
        s2.method.add(String.format("%,d safety hazard reports (15 columns as a grid system exports them: Chinese dates, full-width "
                + "digits, spaced phone numbers, code lists, coordinates as BigDecimal or text, nulls) through "
                + "the three steps of a pulled source's route, `SourcePipeline.read`, `normalize` and `publish`, in batches of %d: map, coerce, validate against `%s`, key, content hash, "
                + "change detection, then one Kafka transaction per batch (CloudEvents binary mode, lz4, acks=all, "
                + "idempotent) into a %d-partition schema topic.", rows, PublishScenario.BATCH, HazardReports.SCHEMA, BenchContext.PARTITIONS));
        s2.method.add("The reader builds the rows in memory (no database). The time is the pass, from the first read until the "
                + "last transaction is committed, less the time the reader spent building rows (the wall time with it is given "
                + "too). One route thread, as a source runs: it maps a batch's records on all cores, and while a backlog drains, "
                + "batch n's transaction commits on the publisher's thread while batch n+1 is read and normalized.");
        Results.Figure fp = s2.figure("publish", "Normalize + publish", "records/s", publish);
        s2.figure("publish-wall", "Normalize + publish, over the wall time with building the rows", "records/s", wall);
        s2.ratio("Normalize + publish / ProducerPerformance", fp, fc, 0.5, null);

        Results.Scenario s6 = results.scenario("reimport", "6. Unchanged re-import");
        s6.method.add("Right after each run of scenario 2, the same pipeline is handed the same rows again. Every record "
                + "maps to the content hash it was published with, so nothing is published; each batch's transaction "
                + "carries only the source's new position. Timed as scenario 2.");
        Results.Figure fr = s6.figure("reimport", "Re-import of unchanged rows", "records/s", reimport);
        s6.figure("reimport-seconds", "Re-import time for N rows", "s", reimportSeconds);
        s6.ratio("Re-import / ProducerPerformance", fr, fc, null, null);
        s6.ratio("Re-import / first import", fr, fp, null, null);
        s6.notes.add("Records published again by the re-imports, all runs together: " + republished + ".");
    }

    private static void describeMachine(Results results) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        results.machine.put("CPU", Runtime.getRuntime().availableProcessors() + " × " + cpu);
        long memKib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        results.machine.put("Memory", String.format("%.1f GiB", memKib / 1024.0 / 1024.0));
        results.machine.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        results.machine.put("Benchmark JVM heap", String.format("max %d MiB", Runtime.getRuntime().maxMemory() >> 20));
        results.machine.put("Date", LocalDate.now().toString());
        results.machine.put("Load average at the start", loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0] + " (1 min)";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
