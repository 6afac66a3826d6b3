package io.onceonly.connector.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.onceonly.connector.push.PushedRecords;
import io.onceonly.source.JsonRecords;
import io.onceonly.source.PublishReport;
import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePipeline;


/**
 * Records that arrive as messages from any Camel endpoint (a queue, a topic, a socket): each message is parsed in
 * its declared format and published before the route completes, so an endpoint that acknowledges on completion
 * acknowledges only what is committed. A message that cannot be parsed is rejected whole with the reason, never
 * retried forever and never dropped.
 */
public final class MessageIntake {
    private final SourcePipeline pipeline;
    private final String format;
    private final String idField;

    MessageIntake(SourcePipeline pipeline, String format, String idField) {
        this.pipeline = pipeline;
        this.format = format;
        this.idField = idField;
    }

    /** Publishes one message's records; returns what became of them, as a reply for endpoints that send one. */
    public PublishReport take(byte[] body) throws io.onceonly.ops.RedactedException {
        String messageId = UUID.randomUUID().toString();
        RawBatch batch;
        try {
            List<Map<String, Object>> records = format.equals("jsonl") ? JsonRecords.parseLines(body) : JsonRecords.parse(body);
            batch = PushedRecords.batch(records, idField, "message " + messageId);
        } catch (IllegalArgumentException unreadable) {
            List<RawRecord> one = new ArrayList<>();
            one.add(RawRecord.unreadable("message " + messageId, null, new io.onceonly.normalize.RecordMapper.Rejection(
                    "(record)", "", unreadable.getMessage(), "unreadable")));
            batch = RawBatch.incremental(one, false);
        }
        return pipeline.process(batch).report();
    }
}
