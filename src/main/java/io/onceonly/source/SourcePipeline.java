package io.onceonly.source;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RedactedException;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/**
 * One registered source at work, called by its route in three steps: read the next rows, normalize them (with
 * change detection), publish them with the new position. State that must survive a restart (position, content
 * hashes) lives in Kafka and is read back on the first poll. Failures leave each step as {@link RedactedException}s:
 * a database's or parser's message may quote a row.
 */
public final class SourcePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Retrying in place and then polling again re-reads from the committed position, so a failure skips nothing. */
    private static final String RETRIED = "Tried again with backoff, then at the next poll; nothing is skipped.";

    private final String bootstrap;
    private final Topics topics;
    private final SourceResource source;
    private final JdbcSourceReader reader;
    private final RecordMapper mapper;
    private final SourcePublisher publisher;
    private final int batchSize;
    private final HubMetrics metrics;
    private final RecentRejects recentRejects;
    private long pollStartedNanos;
    /** Content hash of the last published version of each entity key: equal hash, nothing new to share. */
    private final Map<String, String> publishedHashes = new HashMap<>();
    private SourcePosition position;
    private boolean restored;

    public SourcePipeline(String bootstrap, Topics topics, SourceResource source, SharedSchema schema,
                          Map<String, String> resolvedOptions, int batchSize, HubMetrics metrics,
                          RecentRejects recentRejects) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.source = source;
        this.reader = new JdbcSourceReader(JdbcSourceSettings.from(source.name(), resolvedOptions));
        this.mapper = new RecordMapper(schema, source.map(), ZoneId.of("Asia/Shanghai"));
        this.publisher = new SourcePublisher(bootstrap, topics, source, schema);
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.recentRejects = recentRejects;
    }

    public String name() {
        return source.name();
    }

    /** Step 1: the next rows after the committed position. */
    public RawBatch read() throws RedactedException {
        pollStartedNanos = System.nanoTime();
        try {
            restoreOnce();
            return reader.read(position, batchSize);
        } catch (SQLException | RuntimeException e) {
            throw RedactedException.of("Source " + name() + " could not read its next rows", e, RETRIED);
        }
    }

    /** Step 2: map, validate, and drop what is unchanged since it was last published. */
    public NormalizedBatch normalize(RawBatch batch) throws RedactedException {
        try {
            return normalizeOrThrow(batch);
        } catch (RuntimeException e) {
            throw RedactedException.of("Source " + name() + " could not normalize a batch of " + batch.records().size()
                    + " row(s)", e, RETRIED);
        }
    }

    private NormalizedBatch normalizeOrThrow(RawBatch batch) {
        List<NormalizedBatch.Publish> published = new ArrayList<>();
        List<NormalizedBatch.Reject> rejected = new ArrayList<>();
        Map<String, String> hashesInBatch = new HashMap<>();
        int unchanged = 0;
        for (RawRecord raw : batch.records()) {
            RecordMapper.Result result = mapper.map(raw.columns());
            if (!result.accepted()) {
                rejected.add(new NormalizedBatch.Reject(raw, result.problems()));
                continue;
            }
            String key = result.mapped().key();
            String last = hashesInBatch.getOrDefault(key, publishedHashes.get(key));
            if (result.mapped().contentHash().equals(last)) {
                unchanged++;
            } else {
                published.add(new NormalizedBatch.Publish(raw, result.mapped()));
                hashesInBatch.put(key, result.mapped().contentHash());
            }
        }
        SourcePosition end = batch.records().isEmpty() ? position : batch.records().get(batch.records().size() - 1).position();
        return new NormalizedBatch(published, unchanged, rejected, end, batch.records().size(), batch.full());
    }

    /** Step 3: records, rejects and position in one transaction; state moves on only once it is committed. */
    public PublishReport publish(NormalizedBatch batch) throws RedactedException {
        try {
            return publishOrThrow(batch);
        } catch (RuntimeException e) {
            throw RedactedException.of("Source " + name() + " could not publish " + batch.published().size()
                    + " record(s) and " + batch.rejected().size() + " reject(s)", e, RETRIED);
        }
    }

    private PublishReport publishOrThrow(NormalizedBatch batch) {
        if (batch.read() > 0) {
            publisher.publish(batch);
            position = batch.position();
            for (NormalizedBatch.Publish p : batch.published()) {
                publishedHashes.put(p.mapped().key(), p.mapped().contentHash());
            }
        }
        PublishReport report = new PublishReport(source.name(), batch.read(), batch.published().size(),
                batch.unchanged(), batch.rejected().size(), batch.full());
        Map<String, Integer> rejectedByRule = new java.util.TreeMap<>();
        for (NormalizedBatch.Reject r : batch.rejected()) {
            recentRejects.add(new RecentRejects.Reject(source.name(), source.metadata().department(),
                    r.raw().sourceRecordId(), String.join("; ", r.problems().stream().map(RecordMapper.Problem::message).toList()),
                    java.time.Instant.now()));
            // One reason class per rejected record: the rule of its first problem.
            rejectedByRule.merge(r.problems().get(0).rule(), 1, Integer::sum);
        }
        metrics.sourceBatch(source.name(), source.metadata().department(), source.schema().toString(),
                report.published(), report.unchanged(), rejectedByRule,
                java.time.Duration.ofNanos(System.nanoTime() - pollStartedNanos));
        if (report.read() > 0) {
            LOG.info("Source {}: read {}, published {}, unchanged {}, rejected {}", source.name(), report.read(),
                    report.published(), report.unchanged(), report.rejected());
        }
        return report;
    }

    private void restoreOnce() {
        if (restored) {
            return;
        }
        TopicReader.readToEnd(bootstrap, topics.offsets(), r -> {
            if (source.name().equals(r.key())) {
                try {
                    position = r.value() == null ? null : JSON.readValue(r.value(), SourcePosition.class);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("Stored position of source " + source.name() + " at "
                            + r.topic() + "/" + r.partition() + "@" + r.offset() + " cannot be read. Reset the source's progress.", e);
                }
            }
        });
        String ceSource = source.ceSource();
        TopicReader.readToEnd(bootstrap, publisher.topic(), r -> {
            if (ceSource.equals(header(r.headers().lastHeader("ce_source")))) {
                publishedHashes.put(r.key(), header(r.headers().lastHeader("ce_contenthash")));
            }
        });
        restored = true;
        // The cursor is a change time or sequence; the tie-breaker is usually the table's key, which may be an ID number.
        LOG.info("Source {} resumes {} with {} known entities", source.name(),
                position == null ? "from the beginning" : "after cursor " + position.cursor(), publishedHashes.size());
    }

    private static String header(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        reader.close();
        publisher.close();
    }
}
