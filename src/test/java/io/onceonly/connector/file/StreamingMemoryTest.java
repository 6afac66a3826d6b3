package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files far larger than the heap the readers may use: the heap left after a full collection, sampled while reading,
 * must stay a small fraction of the file. A reader that held the file (or its rows) would keep hundreds of MB live.
 */
class StreamingMemoryTest {
    private static final long MB = 1024 * 1024;
    private static final long MAX_RETAINED = 48 * MB;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @TempDir
    Path dir;

    @Test
    void aCsvFileOf200MbIsReadWithBoundedMemory() throws Exception {
        Path file = dir.resolve("households.csv");
        long rows = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("序号,姓名,身份证号,住址,备注\r\n");
            while (Files.size(file) < 200 * MB || rows % 10_000 != 0) {
                rows++;
                out.write(rows + ",居民" + rows + ",11010519900307" + (1000 + rows % 9000) + ",\"四川省成都市武侯区, "
                        + rows % 97 + "号\",\"第一行\r\n第二行 \"\"引号\"\" padding-padding-padding\"\r\n");
                if (rows % 10_000 == 0) {
                    out.flush();
                }
            }
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(200 * MB);

        long baseline = retainedHeap();
        long peak = 0;
        long read = 0;
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            for (FileRow row = reader.next(); row != null; row = reader.next()) {
                assertThat(row.ok()).as("row at line %d", row.position()).isTrue();
                if (++read % 100_000 == 0) {
                    peak = Math.max(peak, retainedHeap() - baseline);
                }
            }
        }

        assertThat(read).isEqualTo(rows);
        assertThat(peak).as("heap retained while reading a %d MB file", Files.size(file) / MB).isLessThan(MAX_RETAINED);
    }

    @Test
    void aJsonArrayOf100MbIsReadWithBoundedMemory() throws Exception {
        Path file = dir.resolve("visits.json");
        long rows = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("{\"code\": 0, \"data\": {\"items\": [\n");
            while (Files.size(file) < 100 * MB || rows % 10_000 != 0) {
                out.write(rows == 0 ? "" : ",\n");
                rows++;
                out.write("{\"id\": " + rows + ", \"name\": \"居民" + rows + "\", \"score\": " + rows % 1000 + ".25, "
                        + "\"address\": {\"city\": \"成都\", \"lines\": [\"武侯区\", \"" + rows % 97 + "号\"]}}");
                if (rows % 10_000 == 0) {
                    out.flush();
                }
            }
            out.write("]}}\n");
        }

        long baseline = retainedHeap();
        long peak = 0;
        long read = 0;
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.from(java.util.Map.of("recordsPointer", "/data/items")))) {
            for (FileRow row = reader.next(); row != null; row = reader.next()) {
                assertThat(row.ok()).as("element %d", row.position()).isTrue();
                if (++read % 100_000 == 0) {
                    peak = Math.max(peak, retainedHeap() - baseline);
                }
            }
        }

        assertThat(read).isEqualTo(rows);
        assertThat(peak).as("heap retained while reading a %d MB file", Files.size(file) / MB).isLessThan(MAX_RETAINED);
    }

    /** Heap in use after a full collection: what is still referenced, not garbage waiting to be collected. */
    private long retainedHeap() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
