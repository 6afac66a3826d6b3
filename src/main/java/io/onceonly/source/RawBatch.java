package io.onceonly.source;

import java.util.List;

/** Records read in one go; {@code full} means the source may have more waiting. */
public record RawBatch(List<RawRecord> records, boolean full) {
}
