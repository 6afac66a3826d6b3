package io.onceonly.source;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.onceonly.failure.FailureClassifier;
import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.Topics;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/**
 * Publishes a normalized batch, its rejects and the source's new position in one Kafka transaction: either all of
 * it is visible to read_committed consumers, or none of it, so a crash can neither lose nor double a record.
 * The transactional id is per source, so a second live instance of the same source is fenced off.
 */
final class SourcePublisher implements AutoCloseable {
    static final String REJECT_TYPE = "onceonly.reject";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String bootstrap;
    private final Topics topics;
    private final SourceResource source;
    private final SharedSchema schema;
    private final String topic;
    private final RecordEvents events;
    /** Runs transactions handed over by {@link #publishAsync}, one at a time and in order; idle, it lets its thread go. */
    private final ThreadPoolExecutor committer;
    private KafkaProducer<String, byte[]> producer;

    private final String transactionalId;
    private final java.time.Duration publishTimeout;

    private final java.util.function.Function<Object, AutoCloseable> clientMetrics;
    private AutoCloseable producerMetrics;

    SourcePublisher(String bootstrap, Topics topics, SourceResource source, SharedSchema schema, String transactionalId,
                    java.time.Duration publishTimeout, java.util.function.Function<Object, AutoCloseable> clientMetrics) {
        this.transactionalId = transactionalId;
        this.publishTimeout = publishTimeout;
        this.clientMetrics = clientMetrics;
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.source = source;
        this.schema = schema;
        this.topic = topics.schema(schema.id().name(), schema.id().version());
        this.events = new RecordEvents(topic, topics.prefix(), source, schema);
        this.committer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "onceonly-source-" + source.name() + "-publisher");
            t.setDaemon(true);
            return t;
        });
        committer.allowCoreThreadTimeOut(true);
    }

    String topic() {
        return topic;
    }

    /**
     * Publishes the batch in its own transaction on the publisher's thread, so the caller can normalize the next
     * batch meanwhile. Transactions run one after the other in the order handed over, so a key's records stay in order.
     */
    CompletableFuture<Void> publishAsync(NormalizedBatch batch) {
        return CompletableFuture.runAsync(() -> publish(batch), committer);
    }

    synchronized void publish(NormalizedBatch batch) {
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (NormalizedBatch.Publish pub : batch.published()) {
                p.send(events.event(pub, now));
            }
            for (NormalizedBatch.Reject rej : batch.rejected()) {
                p.send(rejectEvent(rej, now));
            }
            for (String key : batch.deleted()) {
                p.send(tombstone(key, now));
            }
            if (batch.position() != null) {
                p.send(new ProducerRecord<>(topics.offsets(), source.name(), json(batch.position())));
            }
            io.onceonly.ops.CrashPoint.reached("before-publish-commit");
            p.commitTransaction();
        } catch (KafkaException | IllegalStateException e) {
            // Replaced, the transaction the producer left open is finished or aborted by the coordinator when the
            // next producer with its id starts; the batch comes again from the unchanged position, so at worst it is
            // in Kafka twice, never lost.
            if (FailureClassifier.producerMustBeReplaced(e)) {
                closeProducer();
                throw e;
            }
            try {
                p.abortTransaction();
            } catch (KafkaException | IllegalStateException abortFailed) {
                closeProducer();
            }
            throw e;
        }
    }

    /** The entity is gone at its source: a Kafka tombstone (null value) that still says where and when. */
    private ProducerRecord<String, byte[]> tombstone(String key, OffsetDateTime now) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(source.ceSource()))
                .withType(events.type())
                .withSubject(key)
                .withTime(now)
                .build();
        return KafkaMessageFactory.createWriter(topic, key).writeBinary(event);
    }

    private ProducerRecord<String, byte[]> rejectEvent(NormalizedBatch.Reject rej, OffsetDateTime now) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("source", source.name());
        value.put("department", source.metadata().department());
        value.put("schema", schema.id().toString());
        value.put("sourceRecord", rej.raw().sourceRecordId());
        value.put("problems", rej.problems().stream().map(pr -> Map.of("field", pr.field(), "value",
                String.valueOf(pr.value()), "rule", String.valueOf(pr.rule()), "reason", pr.message())).toList());
        value.put("raw", rej.raw().columns());
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create(source.ceSource()))
                .withType(REJECT_TYPE)
                .withSubject(rej.raw().sourceRecordId())
                .withTime(now)
                .withDataContentType("application/json")
                .withExtension("sourcerecord", rej.raw().sourceRecordId())
                .withData(json(value))
                .build();
        return KafkaMessageFactory.createWriter(topics.rejects(), source.name()).writeBinary(event);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = ReliableProducer.create(bootstrap, "onceonly-source-" + source.name(),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                            // Bounds beginning (initTransactions) and committing; a push answer waits no longer.
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(publishTimeout.toMillis())));
            try {
                p.initTransactions();
            } catch (KafkaException e) {
                p.close();
                throw e;
            }
            producer = p;
            producerMetrics = clientMetrics.apply(p);
        }
        return producer;
    }

    private void closeProducer() {
        if (producerMetrics != null) {
            try {
                producerMetrics.close();
            } catch (Exception ignored) {
                // meters of a closed producer; nothing else to release
            }
            producerMetrics = null;
        }
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(5));
            } catch (KafkaException ignored) {
                // already broken; a new producer is made on the next batch
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        committer.shutdownNow();
        closeProducer();
    }
}
