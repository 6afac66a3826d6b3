package io.onceonly.source;

import java.util.Map;

/**
 * One record as the department system gave it, with its id there and the position just after it. A record that
 * could not even be read into columns (a ragged CSV line, bytes in the wrong encoding) carries why in
 * {@code unreadable} and is rejected with that reason instead of being mapped.
 */
public record RawRecord(String sourceRecordId, Map<String, Object> columns, SourcePosition position, String unreadable) {

    public RawRecord(String sourceRecordId, Map<String, Object> columns, SourcePosition position) {
        this(sourceRecordId, columns, position, null);
    }

    public static RawRecord unreadable(String sourceRecordId, String reason, SourcePosition position) {
        return new RawRecord(sourceRecordId, Map.of(), position, reason);
    }
}
