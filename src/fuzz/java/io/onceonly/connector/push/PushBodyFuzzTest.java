package io.onceonly.connector.push;

import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.onceonly.source.JsonRecords;
import io.onceonly.source.RawBatch;

/**
 * Any bytes pushed to {@code POST /api/v1/sources/{name}/records} (or sent as a message) end in records or a refusal
 * with a reason ({@link IllegalArgumentException}, answered 400); any other exception, a hang or running out of memory
 * is a finding.
 */
class PushBodyFuzzTest {
    @FuzzTest(maxDuration = "120s")
    void anyBodyEndsInRecordsOrARefusal(byte[] body) {
        for (boolean lines : new boolean[] {false, true}) {
            try {
                List<Map<String, Object>> records = lines ? JsonRecords.parseLines(body) : JsonRecords.parse(body);
                RawBatch batch = PushedRecords.batch(records, "rec", "fuzz");
                if (batch.records().size() != records.size()) {
                    throw new AssertionError(records.size() + " records became " + batch.records().size());
                }
            } catch (IllegalArgumentException refused) {
                if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                    throw new AssertionError("a refusal without a reason", refused);
                }
            }
        }
    }
}
