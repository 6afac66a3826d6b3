package io.onceonly.connector.file;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes dropped as a .json file (an array, or records under a pointer) end in rows or a refusal with a reason. */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void anyBytesEndInRowsOrARefusal(byte[] bytes) {
        ParserOracle.readAll(bytes, "json", Map.of("maxRecordBytes", "4096"));
        ParserOracle.readAll(bytes, "json", Map.of("recordsPointer", "/data/items"));
    }
}
