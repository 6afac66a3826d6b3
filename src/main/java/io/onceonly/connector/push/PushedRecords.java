package io.onceonly.connector.push;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.normalize.RecordMapper;
import io.onceonly.source.PublishReport;
import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePipeline;

/** Records a department's system posted in one request, and the answer that tells it what became of each. */
public final class PushedRecords {
    private PushedRecords() {
    }

    /** The request as a batch; a record is identified by its {@code idField} value or its place in the request. */
    public static RawBatch batch(List<Map<String, Object>> records, String idField, String requestId) {
        List<RawRecord> raw = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> columns = records.get(i);
            Object id = idField == null || idField.isEmpty() ? null : RecordMapper.lookup(columns, idField);
            raw.add(new RawRecord(id != null ? id.toString() : "request " + requestId + " #" + i, columns, null));
        }
        return RawBatch.incremental(raw, false);
    }

    /** Per record, in request order: published (with its entity key), unchanged, or rejected with every reason. */
    public static Map<String, Object> answer(String source, String requestId, RawBatch batch,
                                             SourcePipeline.Processed processed) {
        Map<RawRecord, String> published = new IdentityHashMap<>();
        processed.batch().published().forEach(p -> published.put(p.raw(), p.mapped().key()));
        Map<RawRecord, List<RecordMapper.Rejection>> rejected = new IdentityHashMap<>();
        processed.batch().rejected().forEach(r -> rejected.put(r.raw(), r.problems()));
        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < batch.records().size(); i++) {
            RawRecord raw = batch.records().get(i);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            result.put("id", raw.sourceRecordId());
            if (published.containsKey(raw)) {
                result.put("outcome", "published");
                result.put("key", published.get(raw));
            } else if (rejected.containsKey(raw)) {
                result.put("outcome", "rejected");
                result.put("problems", rejected.get(raw).stream().map(p -> Map.of("field", p.field(), "rule",
                        String.valueOf(p.rule()), "reason", p.message())).toList());
            } else {
                result.put("outcome", "unchanged");
            }
            results.add(result);
        }
        PublishReport report = processed.report();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source);
        answer.put("request", requestId);
        answer.put("read", report.read());
        answer.put("published", report.published());
        answer.put("unchanged", report.unchanged());
        answer.put("rejected", report.rejected());
        answer.put("results", results);
        return answer;
    }
}
