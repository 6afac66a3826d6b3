package io.onceonly.source;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/**
 * A source's records as CloudEvents in Kafka binary mode, with the headers written directly: the same headers the
 * CloudEvents SDK writes (a test compares them), without building an event object, checking extension names and
 * parsing the same URIs again for each of a million records. The attributes every record of the source shares are
 * encoded once. The data is the record's JSON exactly as its content hash was taken.
 */
final class RecordEvents {
    private static final byte[] SPEC_VERSION = utf8("1.0");
    private static final byte[] JSON = utf8("application/json");

    private final String topic;
    private final String ceSource;
    private final byte[] source;
    private final byte[] type;
    private final byte[] dataSchema;

    RecordEvents(String topic, String typePrefix, SourceResource resource, SharedSchema schema) {
        this.topic = topic;
        this.ceSource = resource.ceSource();
        this.source = utf8(URI.create(ceSource).toString());
        this.type = utf8(typePrefix + "." + schema.id().name() + ".v" + schema.id().version());
        this.dataSchema = utf8(schema.uri().toString());
    }

    /** The event of one published record; {@code time} is the batch's publication time. */
    ProducerRecord<String, byte[]> event(NormalizedBatch.Publish pub, OffsetDateTime time) {
        String key = pub.mapped().key();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add("ce_id", utf8(id(pub)));
        headers.add("ce_source", source);
        headers.add("ce_type", type);
        headers.add("content-type", JSON);
        headers.add("ce_dataschema", dataSchema);
        headers.add("ce_subject", utf8(key));
        headers.add("ce_time", utf8(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time)));
        headers.add("ce_contenthash", utf8(pub.mapped().contentHash()));
        headers.add("ce_sourcerecord", utf8(pub.raw().sourceRecordId()));
        return new ProducerRecord<>(topic, null, null, key, pub.mapped().json(), headers);
    }

    /**
     * Same record at the same position, same id: a receiver can drop a redelivery by id. A pushed record has no
     * position; it is published once (its transaction commits before the pusher hears yes), so any id will do.
     */
    String id(NormalizedBatch.Publish pub) {
        SourcePosition pos = pub.raw().position();
        return pos == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes((ceSource + "|" + pub.raw().sourceRecordId() + "|" + pos
                + "|" + pub.mapped().contentHash()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event type of the schema's records, also on tombstones. */
    String type() {
        return new String(type, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
