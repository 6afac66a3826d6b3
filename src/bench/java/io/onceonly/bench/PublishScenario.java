package io.onceonly.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.source.NormalizedBatch;
import io.onceonly.source.PublishReport;
import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePipeline;
import io.onceonly.testing.MadeUpRows;

/**
 * Normalization + publish: N reports through the three steps of a pulled source's route ({@link SourcePipeline#read},
 * {@link SourcePipeline#normalize}, {@link SourcePipeline#publish}) in batches of 1,000 (map, coerce, validate, key,
 * hash, then one Kafka transaction per batch), and then the same N again, which must publish nothing. The reader
 * ({@link MadeUpRows}) builds the rows in memory, so no database is in the figure, and the time it takes is taken
 * out of the figure. As in the route, batch n's transaction commits while batch n+1 is read and normalized.
 */
final class PublishScenario {
    static final int BATCH = 1000;

    /**
     * Records per second of the first pass and of the unchanged re-import, each over its time less the time spent
     * building rows (as before the reader was in the loop); and of the first pass over its whole wall time.
     */
    record Outcome(double publishRate, double reimportRate, double reimportSeconds, long published, long republished,
                   double wallRate) {
    }

    private PublishScenario() {
    }

    static Outcome run(BenchContext ctx, long n) throws Exception {
        String prefix = BenchContext.unique("bench-pub-");
        Topics topics = new Topics(prefix);
        ctx.createTopics(topics);
        String name = "emergency.hazards";
        SourceResource source = ctx.source(BenchContext.pushSourceYaml(name));
        MadeUpRows rows = new MadeUpRows("hazards:", p -> HazardReports.row(p - 1, false));
        try (SourcePipeline pipeline = new SourcePipeline(ctx.bootstrap, topics, source, ctx.schema, rows, false, BATCH,
                java.time.Duration.ofSeconds(15), new HubMetrics(), new RecentRejects(), topics.sourceTransactionalId(name),
                io.onceonly.config.HubSettingsDefinition.TIME_ZONE.byDefault())) {
            pipeline.position(); // reads the (empty) offsets and schema topics once, as a started source does
            Pass first = pass(pipeline, rows, 0, n);
            Pass second = pass(pipeline, rows, 0, n); // the same rows, read again at later positions
            if (first.published() != n) {
                throw new IllegalStateException("The first pass published " + first.published() + " of " + n + " records");
            }
            return new Outcome(n * 1e9 / first.timed(), n * 1e9 / second.timed(), second.timed() / 1e9, first.published(),
                    second.published(), n * 1e9 / first.nanos());
        }
    }

    /** Publishes rows from..from+n-1 with a source of its own into the topics of {@code topics} (for later scenarios). */
    /**
     * Publishes reports from..from+n-1 as source {@code name}. Each call reads from the position its source committed
     * last, so a warm-up and the measured rows need sources of their own: with one source the measured pass would start
     * after the warm-up's position and skip as many rows as the warm-up published.
     */
    static void publishAll(BenchContext ctx, Topics topics, String name, long from, long n) throws Exception {
        ctx.createTopics(topics);
        MadeUpRows rows = new MadeUpRows("hazards:", p -> HazardReports.row(p - 1, false));
        try (SourcePipeline pipeline = new SourcePipeline(ctx.bootstrap, topics, ctx.source(BenchContext.pushSourceYaml(name)),
                ctx.schema, rows, false, BATCH, java.time.Duration.ofSeconds(15), new HubMetrics(), new RecentRejects(), topics.sourceTransactionalId(name),
                io.onceonly.config.HubSettingsDefinition.TIME_ZONE.byDefault())) {
            pipeline.position();
            pass(pipeline, rows, from, n);
        }
    }

    /** Wall time of one pass, the part of it spent building rows, and the records it published. */
    private record Pass(long nanos, long readNanos, long published) {
        long timed() {
            return nanos - readNanos;
        }
    }

    /**
     * Rows from..from+n-1 through read, normalize and publish until a batch is not full, as the source route's loop
     * does; the last batch's publish returns once its transaction is committed, so the time covers every commit.
     */
    private static Pass pass(SourcePipeline pipeline, MadeUpRows rows, long from, long n) throws Exception {
        long before = rows.last(); // the rows of this pass follow at the positions after the previous pass's
        rows.upTo(before + n, p -> HazardReports.row(from + p - 1 - before, false));
        long published = 0;
        long reading = rows.nanos();
        long t = System.nanoTime();
        PublishReport report;
        do {
            NormalizedBatch normalized = pipeline.normalize(pipeline.read());
            report = pipeline.publish(normalized);
            published += report.published();
            if (report.rejected() > 0) {
                throw new IllegalStateException("Benchmark rows were rejected: " + normalized.rejected().get(0).problems());
            }
        } while (report.full());
        return new Pass(System.nanoTime() - t, rows.nanos() - reading, published);
    }
}
