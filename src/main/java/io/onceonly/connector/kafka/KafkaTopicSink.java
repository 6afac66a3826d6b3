package io.onceonly.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.Sink;
import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.FailureKind;
import io.onceonly.kafka.ReliableProducer;

/**
 * Forwards a subscription's records to a topic, on the hub's cluster or another, for systems that already consume
 * Kafka: keyed by entity key, CloudEvents headers kept, the value only the granted fields; a deletion stays a
 * tombstone. A batch returns only when the other topic has acknowledged every record, so the subscription commits
 * nothing that is not there. At least once: after a crash a batch may be forwarded again, with the same event ids.
 */
public final class KafkaTopicSink implements Sink {
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTopicSink(String bootstrap, String topic, String clientId) {
        this.topic = topic;
        this.producer = ReliableProducer.create(bootstrap, clientId, java.util.Map.of());
    }

    @Override
    public void write(List<DeliveryRecord> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (DeliveryRecord r : records) {
            ProducerRecord<String, byte[]> out;
            if (r.deletion() || r.event() == null) {
                out = new ProducerRecord<>(topic, r.key(), null);
            } else {
                out = KafkaMessageFactory.createWriter(topic, r.key()).writeBinary(CloudEventBuilder.v1(r.event())
                        .withData("application/json", r.data().toString().getBytes(StandardCharsets.UTF_8)).build());
            }
            acks.add(producer.send(out));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                FailureKind kind = FailureClassifier.classify(e.getCause());
                if (kind == FailureKind.REFUSED) {
                    throw new PermanentDeliveryException("Topic " + topic + " refused a record as too large: "
                            + e.getCause().getMessage(), e.getCause());
                }
                if (kind == FailureKind.CONFIGURATION) {
                    // the hub's configuration or rights, not the record: retried until an operator fixes it
                    throw new IllegalStateException("Topic " + topic + " cannot be written: " + e.getCause().getMessage()
                            + ". Check the topic name and the hub's rights on it.", e.getCause());
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
