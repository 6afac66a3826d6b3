package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.registry.SourceResource;

/** The record events written header by header are the events the CloudEvents SDK writes. */
class RecordEventsTest {

    @Test
    void headersKeyAndDataAreWhatTheSdkWritesForTheSameEvent() {
        SourceResource source = ActivitySource.resource("township-x.activities");
        RecordMapper mapper = new RecordMapper(ActivitySource.SCHEMA, source.map(), ZoneId.of("Asia/Shanghai"));
        RecordMapper.Mapped mapped = mapper.map(Map.of("id", 7, "title", "广场舞 \"晚会\"")).mapped();
        RawRecord raw = new RawRecord("HD:7", Map.of(), SourcePosition.of(Map.of("cursor", "2024-03-05T10:00", "tiebreaker", "7")));
        NormalizedBatch.Publish pub = new NormalizedBatch.Publish(raw, mapped);
        // Nanoseconds with a trailing zero: the SDK drops it, and so must we.
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 28, 9, 30, 5, 120_000_000, ZoneOffset.UTC);
        RecordEvents events = new RecordEvents("onceonly.cultural-activity.v1", "onceonly", source, ActivitySource.SCHEMA);

        ProducerRecord<String, byte[]> ours = events.event(pub, time);
        ProducerRecord<String, byte[]> sdk = KafkaMessageFactory.createWriter("onceonly.cultural-activity.v1", mapped.key())
                .writeBinary(CloudEventBuilder.v1()
                        .withId(events.id(pub))
                        .withSource(URI.create(source.ceSource()))
                        .withType("onceonly.cultural-activity.v1")
                        .withSubject(mapped.key())
                        .withTime(time)
                        .withDataSchema(ActivitySource.SCHEMA.uri())
                        .withDataContentType("application/json")
                        .withExtension("sourcerecord", raw.sourceRecordId())
                        .withExtension("contenthash", mapped.contentHash())
                        .withData(mapped.record().toString().getBytes(StandardCharsets.UTF_8))
                        .build());

        assertThat(headers(ours)).isEqualTo(headers(sdk)).containsEntry("ce_time", "2026-11-28T09:30:05.12Z");
        assertThat(ours.topic()).isEqualTo(sdk.topic());
        assertThat(ours.key()).isEqualTo(sdk.key()).isEqualTo("320115101-7");
        assertThat(new String(ours.value(), StandardCharsets.UTF_8)).isEqualTo(new String(sdk.value(), StandardCharsets.UTF_8));
        assertThat(RecordMapper.contentHash(mapped.record())).isEqualTo(mapped.contentHash());
    }

    @Test
    void theSameRecordAtTheSamePositionHasTheSameIdAndAPushedOneANewOne() {
        SourceResource source = ActivitySource.resource("township-x.activities");
        RecordMapper mapper = new RecordMapper(ActivitySource.SCHEMA, source.map(), ZoneId.of("Asia/Shanghai"));
        RecordMapper.Mapped mapped = mapper.map(Map.of("id", 7, "title", "广场舞")).mapped();
        RecordEvents events = new RecordEvents("t", "onceonly", source, ActivitySource.SCHEMA);
        SourcePosition at = SourcePosition.of(Map.of("row", "7"));
        NormalizedBatch.Publish pulled = new NormalizedBatch.Publish(new RawRecord("HD:7", Map.of(), at), mapped);
        NormalizedBatch.Publish pushed = new NormalizedBatch.Publish(new RawRecord("HD:7", Map.of(), null), mapped);

        assertThat(events.id(pulled)).isEqualTo(events.id(new NormalizedBatch.Publish(new RawRecord("HD:7", Map.of(), at), mapped)));
        assertThat(events.id(pushed)).isNotEqualTo(events.id(pushed));
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
