package io.onceonly.connector.file;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes dropped as a .jsonl file end in rows, problem rows or a refusal with a reason. */
class JsonLinesFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void anyBytesEndInRowsOrARefusal(byte[] bytes) {
        ParserOracle.readAll(bytes, "jsonl", Map.of("maxRecordBytes", "4096"));
    }
}
