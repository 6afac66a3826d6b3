package io.onceonly.connector.file;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes dropped as a .csv file end in rows, problem rows or a refusal with a reason; nothing else. */
class CsvFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void anyBytesEndInRowsOrARefusal(byte[] bytes) {
        ParserOracle.readAll(bytes, "csv", Map.of("maxRecordBytes", "4096"));
    }
}
