package io.onceonly.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RedactedException;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/**
 * One registered source at work: normalize what its system gave (with change detection), then publish it with the
 * new position in one transaction. Pulled sources go through three route steps (read, normalize, publish); pushed
 * records, files and messages are handed to {@link #process}. State that must survive a restart (position, content
 * hashes) lives in Kafka and is read back before the first batch.
 * <p>
 * While a pulled source drains a backlog (full batches) and its reader resumes from the position alone, batch n's
 * transaction commits on the publisher's thread while batch n+1 is read and normalized, as if n were committed.
 * At most one transaction is under way. Should it fail, the position and content hashes go back to what was
 * committed, and batch n+1, read after a position that never committed, is dropped and read again. The last batch
 * of a poll, and every batch of other sources, is committed before its step returns.
 */
public final class SourcePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);
    /** Retrying in place and then polling again re-reads from the committed position, so a failure skips nothing. */
    private static final String RETRIED = "Tried again with backoff, then at the next poll; nothing is skipped.";
    /** Below this many records a batch is mapped on the calling thread: splitting it would cost more than it saves. */
    private static final int PARALLEL_FROM = 64;

    private final String bootstrap;
    private final Topics topics;
    private final SourceResource source;
    private final SourceReader reader;
    private final RecordMapper mapper;
    private final SourcePublisher publisher;
    private final int batchSize;
    private final ZoneId zone;
    private final HubMetrics metrics;
    private final RecentRejects recentRejects;
    private final boolean snapshots;
    private long pollStartedNanos;
    /** Content hash of the last published version of each entity key: equal hash, nothing new to share. */
    private final Map<String, String> publishedHashes = new HashMap<>();
    /** Keys seen since the current snapshot began; what was published before and is not among them was deleted. */
    private final Set<String> seenInSnapshot = new HashSet<>();
    /** A rejected record whose key is unknown might be any entity: no deletion may be decided from this snapshot. */
    private int keylessRejectsInSnapshot;
    /** Where the next read starts: the committed position, or that of the transaction under way. */
    private SourcePosition position;
    private volatile SourcePosition committedPosition;
    private boolean restored;
    /** Whether the next batch may be read while the previous one commits (see the class comment). */
    private final boolean overlap;
    /** The one transaction handed to the publisher whose outcome has not been taken in yet; null when none. */
    private volatile InFlight inFlight;

    /** A handed-over batch, with what its optimistic changes replaced, to put back should it fail. */
    private record InFlight(NormalizedBatch batch, CompletableFuture<Void> commit, Map<String, String> hashesBefore,
                            long startedNanos) {
    }

    /**
     * @param reader    the connector's reader for pulled sources; null when records are handed in
     * @param publishTimeout how long one publish may wait for Kafka (to begin and to commit) before it fails
     * @param snapshots whether each read covers the source's whole data set, so entities absent from it are deleted
     * @param zone      the time zone of local dates and times the source sends
     */
    public SourcePipeline(String bootstrap, Topics topics, SourceResource source, SharedSchema schema,
                          SourceReader reader, boolean snapshots, int batchSize, Duration publishTimeout,
                          HubMetrics metrics, RecentRejects recentRejects, String transactionalId, ZoneId zone) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.source = source;
        this.reader = reader;
        this.snapshots = snapshots;
        this.zone = zone;
        this.mapper = new RecordMapper(schema, source.map(), zone);
        this.publisher = new SourcePublisher(bootstrap, topics, source, schema, transactionalId, publishTimeout,
                metrics::bindKafkaClient);
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.recentRejects = recentRejects;
        this.overlap = reader != null && reader.resumesFromPositionAlone();
    }

    public String name() {
        return source.name();
    }

    /** The time zone of the source's local dates and times. */
    public ZoneId zone() {
        return zone;
    }

    public SourceResource source() {
        return source;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The committed position, read back from the offsets topic on first use; null when the source never published. */
    public synchronized SourcePosition position() {
        restoreOnce();
        return committedPosition;
    }

    /** Step 1 of a pulled source: the next records after the position (committed, or committing). */
    public RawBatch read() throws RedactedException {
        if (inFlight != null && inFlight.commit().isDone()) {
            settle(); // a failure is taken in before reading after a position that did not commit
        }
        pollStartedNanos = System.nanoTime();
        try {
            restoreOnce();
            return reader.read(position, batchSize);
        } catch (Exception e) {
            throw RedactedException.of("Source " + name() + " could not read its next rows", e, RETRIED);
        }
    }

    /** Steps 2 and 3 for records handed in (a push, a file, a message): normalized and published before it returns. */
    public synchronized Processed process(RawBatch batch) throws RedactedException {
        settle();
        pollStartedNanos = System.nanoTime();
        restoreOnce();
        NormalizedBatch normalized = normalize(batch);
        PublishReport report = publish(normalized);
        if (report.published() > 0) {
            io.onceonly.ops.CrashPoint.reached("after-publish");
        }
        return new Processed(normalized, report);
    }

    /** What {@link #process} did with each record, and the totals. */
    public record Processed(NormalizedBatch batch, PublishReport report) {
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
        List<RecordMapper.Result> results = mapAll(batch.records());
        for (int i = 0; i < results.size(); i++) {
            RawRecord raw = batch.records().get(i);
            if (raw.unreadable() != null) {
                // Could be any entity: like a reject without a key, it keeps this snapshot from deciding deletions.
                if (snapshots) {
                    keylessRejectsInSnapshot++;
                }
                rejected.add(new NormalizedBatch.Reject(raw, List.of(raw.unreadable())));
                continue;
            }
            RecordMapper.Result result = results.get(i);
            if (snapshots) {
                if (result.key() != null) {
                    seenInSnapshot.add(result.key());
                } else {
                    keylessRejectsInSnapshot++;
                }
            }
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
        List<String> deleted = snapshots && batch.endsSnapshot() ? endSnapshot() : List.of();
        SourcePosition end = position;
        for (RawRecord r : batch.records()) {
            end = r.position() != null ? r.position() : end;
        }
        return new NormalizedBatch(published, unchanged, rejected, deleted, position, end, batch.records().size(),
                batch.full());
    }

    /**
     * Maps each readable record (null for the others). Records are independent, so a large batch is mapped on all
     * cores; the results keep the batch's order, and change detection then runs in that order.
     */
    private List<RecordMapper.Result> mapAll(List<RawRecord> records) {
        Stream<RawRecord> stream = records.size() >= PARALLEL_FROM ? records.parallelStream() : records.stream();
        return stream.map(r -> r.unreadable() == null ? mapper.map(r.columns()) : null).toList();
    }

    /** A full read that broke off cannot decide deletions; the next one starts afresh. */
    public synchronized void abandonSnapshot() {
        seenInSnapshot.clear();
        keylessRejectsInSnapshot = 0;
    }

    private List<String> endSnapshot() {
        List<String> deleted = new ArrayList<>();
        if (keylessRejectsInSnapshot > 0) {
            LOG.warn("Source {}: {} rejected record(s) in this full read have no usable key, so no entity is treated "
                    + "as deleted this time. Fix the rejects (see onceonly.rejects) so deletions can be detected.",
                    source.name(), keylessRejectsInSnapshot);
        } else {
            for (String key : publishedHashes.keySet()) {
                if (!seenInSnapshot.contains(key)) {
                    deleted.add(key);
                }
            }
        }
        seenInSnapshot.clear();
        keylessRejectsInSnapshot = 0;
        return deleted;
    }

    /**
     * Step 3: records, rejects, deletions and position in one transaction; state moves on only once it is committed
     * (or, while a backlog drains, moves on as if, and goes back should it fail; see the class comment).
     */
    public PublishReport publish(NormalizedBatch batch) throws RedactedException {
        settle();
        if (!Objects.equals(batch.after(), position)) {
            // Read after a transaction that then failed: the position went back, and what it read is read again.
            LOG.info("Source {}: {} record(s) read after a failed transaction are read again", name(), batch.read());
            return new PublishReport(source.name(), 0, 0, 0, 0, 0, true);
        }
        if (batch.read() > 0 || !batch.deleted().isEmpty()) {
            handOver(batch);
            boolean advances = batch.position() != null && !batch.position().equals(batch.after());
            if (!(overlap && batch.full() && advances)) {
                settle();
            }
        } else {
            finish(batch, pollStartedNanos);
        }
        return report(batch);
    }

    /** Starts the batch's transaction and moves the position and content hashes on as if it were committed. */
    private void handOver(NormalizedBatch batch) throws RedactedException {
        CompletableFuture<Void> commit;
        try {
            commit = publisher.publishAsync(batch);
        } catch (RuntimeException e) {
            throw RedactedException.of("Source " + name() + " could not start publishing a batch", e, RETRIED);
        }
        Map<String, String> before = new HashMap<>();
        for (NormalizedBatch.Publish p : batch.published()) {
            String key = p.mapped().key();
            before.putIfAbsent(key, publishedHashes.get(key));
            publishedHashes.put(key, p.mapped().contentHash());
        }
        for (String key : batch.deleted()) {
            before.putIfAbsent(key, publishedHashes.remove(key));
        }
        position = batch.position();
        inFlight = new InFlight(batch, commit, before, pollStartedNanos);
    }

    /**
     * Waits for the transaction under way, if any. Committed: its counts are logged and metered. Failed: position
     * and content hashes go back to what they were before it, and the failure is thrown.
     */
    private void settle() throws RedactedException {
        InFlight f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        try {
            f.commit().join();
        } catch (CompletionException | CancellationException e) {
            position = f.batch().after();
            f.hashesBefore().forEach((key, hash) -> {
                if (hash == null) {
                    publishedHashes.remove(key);
                } else {
                    publishedHashes.put(key, hash);
                }
            });
            NormalizedBatch b = f.batch();
            throw RedactedException.of("Source " + name() + " could not publish " + b.published().size()
                    + " record(s), " + b.rejected().size() + " reject(s) and " + b.deleted().size() + " deletion(s)",
                    e.getCause() == null ? e : e.getCause(), RETRIED);
        }
        committedPosition = f.batch().position();
        finish(f.batch(), f.startedNanos());
    }

    private PublishReport report(NormalizedBatch batch) {
        return new PublishReport(source.name(), batch.read(), batch.published().size(), batch.unchanged(),
                batch.rejected().size(), batch.deleted().size(), batch.full());
    }

    /** A batch is committed (or had nothing to commit): its rejects, metrics and log line. */
    private void finish(NormalizedBatch batch, long startedNanos) {
        PublishReport report = report(batch);
        Map<String, Integer> rejectedByRule = new TreeMap<>();
        for (NormalizedBatch.Reject r : batch.rejected()) {
            recentRejects.add(new RecentRejects.Reject(source.name(), source.metadata().department(),
                    r.raw().sourceRecordId(), String.join("; ", r.problems().stream().map(RecordMapper.Rejection::message).toList()),
                    Instant.now()));
            // One reason class per rejected record: the rule of its first problem.
            rejectedByRule.merge(r.problems().get(0).rule(), 1, Integer::sum);
        }
        metrics.sourceBatch(source.name(), source.metadata().department(), source.schema().toString(),
                report.published(), report.unchanged(), rejectedByRule, report.deleted(),
                Duration.ofNanos(System.nanoTime() - startedNanos));
        if (report.read() > 0 || report.deleted() > 0) {
            LOG.info("Source {}: read {}, published {}, unchanged {}, rejected {}, deleted {}", source.name(),
                    report.read(), report.published(), report.unchanged(), report.rejected(), report.deleted());
        }
    }

    private void restoreOnce() {
        if (restored) {
            return;
        }
        position = new SourcePositions(bootstrap, topics).read(source.name());
        String ceSource = source.ceSource();
        TopicReader.readToEnd(bootstrap, publisher.topic(), r -> {
            if (r.value() == null) {
                // Deleted, by this source or another: if this source still holds the entity it is shared again.
                publishedHashes.remove(r.key());
            } else if (ceSource.equals(header(r.headers().lastHeader("ce_source")))) {
                publishedHashes.put(r.key(), header(r.headers().lastHeader("ce_contenthash")));
            }
        });
        committedPosition = position;
        restored = true;
        // The cursor is a change time or sequence; the tie-breaker is usually the table's key, which may be an ID number.
        LOG.info("Source {} resumes {} with {} known entities", source.name(),
                position == null ? "from the beginning" : "after " + loggable(position), publishedHashes.size());
    }

    /** The position without the tie-breaker, which is usually the table's key and may be an ID number. */
    private static Map<String, String> loggable(SourcePosition position) {
        Map<String, String> shown = new TreeMap<>(position.values());
        shown.keySet().removeIf(k -> k.startsWith("tiebreaker"));
        return shown;
    }

    private static String header(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            settle();
        } catch (RedactedException e) {
            LOG.warn("Source {}: the last transaction did not commit; it is read again at the next start. {}", name(),
                    e.getMessage());
        }
        if (reader != null) {
            reader.close();
        }
        publisher.close();
    }
}
