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

/**
 * Normalization + publish: N reports through {@link SourcePipeline#normalize} and {@link SourcePipeline#publish} (what {@code process} and a
 * pulled source's route call) in batches of 1,000 (map, coerce,
 * validate, key, hash, then one Kafka transaction per batch), and then the same N again, which must publish nothing.
 * Building the raw rows is not timed; only the process calls are.
 */
final class PublishScenario {
    static final int BATCH = 1000;

    /** Records per second of the first pass, and of the unchanged re-import. */
    record Outcome(double publishRate, double reimportRate, double reimportSeconds, long published, long republished,
                   double normalizeShare) {
    }

    private PublishScenario() {
    }

    static Outcome run(BenchContext ctx, long n) throws Exception {
        String prefix = BenchContext.unique("bench-pub-");
        Topics topics = new Topics(prefix);
        ctx.createTopics(topics);
        String name = "emergency.hazards";
        SourceResource source = ctx.source(BenchContext.pushSourceYaml(name));
        try (SourcePipeline pipeline = new SourcePipeline(ctx.bootstrap, topics, source, ctx.schema, null, false, BATCH,
                java.time.Duration.ofSeconds(15), new HubMetrics(), new RecentRejects(), topics.sourceTransactionalId(name))) {
            pipeline.position(); // reads the (empty) offsets and schema topics once, as a started source does
            long[] first = pass(pipeline, n);
            long[] second = pass(pipeline, n);
            if (first[1] != n) {
                throw new IllegalStateException("The first pass published " + first[1] + " of " + n + " records");
            }
            return new Outcome(n * 1e9 / first[0], n * 1e9 / second[0], second[0] / 1e9, first[1], second[1],
                    (double) first[2] / first[0]);
        }
    }

    /** Publishes rows from..from+n-1 with a source of its own into the topics of {@code topics} (for later scenarios). */
    static void publishAll(BenchContext ctx, Topics topics, long from, long n) throws Exception {
        ctx.createTopics(topics);
        String name = "emergency.hazards";
        try (SourcePipeline pipeline = new SourcePipeline(ctx.bootstrap, topics, ctx.source(BenchContext.pushSourceYaml(name)),
                ctx.schema, null, false, BATCH, java.time.Duration.ofSeconds(15), new HubMetrics(), new RecentRejects(), topics.sourceTransactionalId(name))) {
            pass(pipeline, from, n);
        }
    }

    /**
     * Nanoseconds spent in normalize + publish, records published, and nanoseconds in normalize alone, for rows
     * 0..n-1. The two steps are called one after the other as {@code process} (and a pulled source's route) does.
     */
    private static long[] pass(SourcePipeline pipeline, long n) throws Exception {
        return pass(pipeline, 0, n);
    }

    private static long[] pass(SourcePipeline pipeline, long from, long n) throws Exception {
        long nanos = 0;
        long normalizing = 0;
        long published = 0;
        for (long start = from; start < from + n; start += BATCH) {
            List<RawRecord> records = new ArrayList<>(BATCH);
            for (long i = start; i < Math.min(from + n, start + BATCH); i++) {
                Map<String, Object> row = HazardReports.row(i, false);
                records.add(new RawRecord("hazards:" + i, row, null));
            }
            RawBatch batch = RawBatch.incremental(records, false);
            long t = System.nanoTime();
            NormalizedBatch normalized = pipeline.normalize(batch);
            long t2 = System.nanoTime();
            PublishReport report = pipeline.publish(normalized);
            long t3 = System.nanoTime();
            nanos += t3 - t;
            normalizing += t2 - t;
            published += report.published();
            if (report.rejected() > 0) {
                throw new IllegalStateException("Benchmark rows were rejected: " + normalized.rejected().get(0).problems());
            }
        }
        return new long[] {nanos, published, normalizing};
    }
}
