package io.onceonly.source;

import java.util.List;

import io.onceonly.normalize.RecordMapper;

/**
 * The outcome of normalizing one raw batch: what to publish, how many were unchanged, what to reject, and which
 * entities the source no longer holds (published as tombstones). {@code after} is the position the batch was read
 * after, {@code position} the one after its last record.
 */
public record NormalizedBatch(
        List<Publish> published,
        int unchanged,
        List<Reject> rejected,
        List<String> deleted,
        SourcePosition after,
        SourcePosition position,
        int read,
        boolean full) {

    /** A record to publish, with the raw record it came from. */
    public record Publish(RawRecord raw, RecordMapper.Mapped mapped) {
    }

    /** A record that cannot be published, with every reason. */
    public record Reject(RawRecord raw, List<RecordMapper.Rejection> problems) {
    }
}
