package io.onceonly.delivery;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.Topics;

/**
 * Writes what happened to each delivered record: a receipt on {@code onceonly.deliveries} for every outcome, and the
 * record itself on {@code onceonly.dead-letters} when a subscriber refused it. Both are acknowledged by Kafka before
 * the subscription commits its offsets; if they cannot be written, nothing is committed and the batch comes again.
 */
public final class DeliveryLedger implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat CLOUDEVENT_JSON = new JsonFormat();

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;

    public DeliveryLedger(String bootstrap, Topics topics) {
        this.topics = topics;
        // Every subscription's receipts go through this one producer, a batch of up to a thousand at a time: large
        // producer batches carry them in few requests.
        this.producer = ReliableProducer.create(bootstrap, "onceonly-delivery-ledger",
                Map.of(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024)));
    }

    /** What became of one record at one subscription. */
    public enum Outcome {
        DELIVERED, DEAD_LETTERED, REPLAYED, FILTERED
    }

    /** One record's outcome, with the reason when it was refused. */
    public record Entry(DeliveryRecord record, Outcome outcome, String reason) {
    }

    /** The dead-letter key: one per subscription and source position, so a redelivered batch overwrites, not adds. */
    public static String deadLetterKey(String subscription, DeliveryRecord r) {
        return subscription + "|" + r.topic() + "|" + r.partition() + "|" + r.offset();
    }

    public void record(String subscription, String department, List<Entry> entries) throws Exception {
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Entry e : entries) {
            DeliveryRecord r = e.record();
            if (e.outcome() == Outcome.DEAD_LETTERED) {
                Map<String, Object> letter = new LinkedHashMap<>();
                letter.put("subscription", subscription);
                letter.put("department", department);
                letter.put("topic", r.topic());
                letter.put("partition", r.partition());
                letter.put("offset", r.offset());
                letter.put("key", r.key());
                letter.put("reason", e.reason());
                letter.put("time", now);
                letter.put("event", JSON.readTree(CLOUDEVENT_JSON.serialize(withData(r))));
                acks.add(producer.send(new ProducerRecord<>(topics.deadLetters(), deadLetterKey(subscription, r), json(letter))));
            } else if (e.outcome() == Outcome.REPLAYED) {
                // Replayed successfully: the dead letter is settled, and compaction removes it.
                acks.add(producer.send(new ProducerRecord<>(topics.deadLetters(), deadLetterKey(subscription, r), null)));
            }
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("subscription", subscription);
            receipt.put("department", department);
            receipt.put("schema", r.event() == null ? null : r.event().getType());
            receipt.put("key", r.key());
            receipt.put("eventId", r.event() == null ? null : r.event().getId());
            Object hash = r.event() == null ? null : r.event().getExtension("contenthash");
            receipt.put("contentHash", hash == null ? null : hash.toString());
            receipt.put("time", now);
            receipt.put("outcome", e.outcome().name().toLowerCase().replace('_', '-'));
            if (e.reason() != null) {
                receipt.put("reason", e.reason());
            }
            acks.add(producer.send(new ProducerRecord<>(topics.deliveries(), subscription + "|" + r.key(), json(receipt))));
        }
        // Each subscription waits for its own receipts only; flush() would also wait for every other subscription's.
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Delivery receipts or dead letters of subscription " + subscription
                        + " could not be written to Kafka: " + e.getMessage() + ". The batch is not committed and will come again.", e);
            }
        }
    }

    private static CloudEvent withData(DeliveryRecord r) {
        return io.cloudevents.core.builder.CloudEventBuilder.v1(r.event())
                .withData("application/json", r.data() == null ? null : r.data().toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
