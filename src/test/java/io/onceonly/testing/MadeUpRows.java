package io.onceonly.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePosition;
import io.onceonly.source.SourceReader;

/**
 * A pulled source's reader without a database, like an incremental table: row p (1, 2, ...) is made up on demand
 * by a function, its position is {@code {"row": "p"}}, and a read returns the rows after the given position up to
 * the last one there is. So what it returns depends on the position alone. Keeps the time spent making rows.
 */
public final class MadeUpRows implements SourceReader {
    private final String idPrefix;
    private volatile LongFunction<Map<String, Object>> columns;
    private volatile long last;
    private volatile long nanos;

    public MadeUpRows(String idPrefix, LongFunction<Map<String, Object>> columns) {
        this.idPrefix = idPrefix;
        this.columns = columns;
    }

    /** Rows up to {@code last} exist from now on, row p made by {@code columns}. */
    public void upTo(long last, LongFunction<Map<String, Object>> columns) {
        this.columns = columns;
        this.last = last;
    }

    public long last() {
        return last;
    }

    /** Nanoseconds spent in reads so far. */
    public long nanos() {
        return nanos;
    }

    @Override
    public RawBatch read(SourcePosition after, int max) {
        long t = System.nanoTime();
        long from = after == null ? 0 : Long.parseLong(after.get("row"));
        List<RawRecord> records = new ArrayList<>(max);
        for (long p = from + 1; p <= Math.min(last, from + max); p++) {
            records.add(new RawRecord(idPrefix + p, columns.apply(p), SourcePosition.of(Map.of("row", Long.toString(p)))));
        }
        nanos += System.nanoTime() - t;
        return RawBatch.incremental(records, records.size() == max);
    }

    @Override
    public boolean resumesFromPositionAlone() {
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
