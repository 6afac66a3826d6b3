package io.onceonly.connector.file;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every fuzz target of a file parser asserts: reading ends in rows, problem rows with a reason, or
 * {@link UnreadableFileException} with a reason. Any other exception reaches Jazzer as a finding, and so do a hang
 * (its per-input timeout) and running out of memory.
 */
final class ParserOracle {
    private ParserOracle() {
    }

    /** A text format (csv, json, jsonl) from bytes. */
    static int readAll(byte[] bytes, String format, Map<String, String> options) {
        try {
            return readAll(RecordFiles.open(new ByteArrayInputStream(bytes), "fuzz." + format, format, FileFormatOptions.from(options)));
        } catch (UnreadableFileException refused) {
            return refusal(refused);
        }
    }

    /** A file on disk, the way the file source opens it (xlsx must be a file: it is a zip read by entry). */
    static int readAll(Path file, String format) {
        try {
            return readAll(RecordFiles.open(file, FileFormatOptions.from(Map.of("format", format, "maxRecordBytes", "4096"))));
        } catch (UnreadableFileException refused) {
            return refusal(refused);
        }
    }

    private static int readAll(RecordFileReader opened) {
        int rows = 0;
        try (RecordFileReader reader = opened) {
            for (FileRow row = reader.next(); row != null; row = reader.next()) {
                if (!row.ok() && row.problem().isBlank()) {
                    throw new AssertionError("a problem row without a reason at " + row.position());
                }
                rows++;
            }
        } catch (UnreadableFileException refused) {
            return refusal(refused);
        }
        return rows;
    }

    private static int refusal(UnreadableFileException refused) {
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a reason", refused);
        }
        return 0;
    }
}
