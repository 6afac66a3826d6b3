package io.onceonly.source;

import java.util.Map;

import io.onceonly.normalize.RecordMapper;

/**
 * One record as the department system gave it, with its id there and the position just after it.
 * {@code unreadable}: why the record has no fields to map (an API gave a number where an object belongs), or null;
 * such a record is rejected with that reason and never mapped.
 */
public record RawRecord(String sourceRecordId, Map<String, Object> columns, SourcePosition position,
                        RecordMapper.Rejection unreadable) {

    public RawRecord(String sourceRecordId, Map<String, Object> columns, SourcePosition position) {
        this(sourceRecordId, columns, position, null);
    }

    /** A record the reader could not take apart into fields; it ends as a reject with this problem. */
    public static RawRecord unreadable(String sourceRecordId, SourcePosition position, RecordMapper.Rejection problem) {
        return new RawRecord(sourceRecordId, Map.of(), position, problem);
    }
}
