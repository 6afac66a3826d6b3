package io.onceonly.source;

import java.util.List;

/**
 * Records read in one go. {@code full}: the source may have more waiting. {@code endsSnapshot}: this batch
 * completes a read of the whole data set, so an entity not seen since the snapshot began no longer exists there.
 */
public record RawBatch(List<RawRecord> records, boolean full, boolean endsSnapshot) {

    public static RawBatch incremental(List<RawRecord> records, boolean full) {
        return new RawBatch(records, full, false);
    }
}
