package io.onceonly.source;

import java.util.Map;

/** One record as the department system gave it, with its id there and the position just after it. */
public record RawRecord(String sourceRecordId, Map<String, Object> columns, SourcePosition position) {
}
