package io.onceonly.connector.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes dropped as a .xlsx workbook end in rows, problem rows or a refusal with a reason. Seeds: a small workbook,
 * deflated and stored, so mutations reach the sheet XML as well as the zip structure.
 */
class XlsxFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void anyBytesEndInRowsOrARefusal(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".xlsx");
        try {
            Files.write(file, bytes);
            ParserOracle.readAll(file, "xlsx");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
