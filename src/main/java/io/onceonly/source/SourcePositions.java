package io.onceonly.source;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;

/**
 * The one reader of the compacted offsets topic, keyed by source name: a source's stored position, and its reset
 * (positions are written by {@link SourcePublisher} in the same transaction as the records they cover).
 */
public final class SourcePositions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Topics topics;

    public SourcePositions(String bootstrap, Topics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /** The source's last committed position, or null when it has none (never published, or reset). */
    public SourcePosition read(String source) {
        SourcePosition[] position = new SourcePosition[1];
        TopicReader.readToEnd(bootstrap, topics.offsets(), r -> {
            if (source.equals(r.key())) {
                try {
                    position[0] = r.value() == null ? null : JSON.readValue(r.value(), SourcePosition.class);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("Stored position of source " + source + " at " + r.topic() + "/"
                            + r.partition() + "@" + r.offset() + " cannot be read. Reset the source's progress.", e);
                }
            }
        });
        return position[0];
    }

    /** Forgets the source's position: a tombstone, so it reads from the start when it runs next. */
    public void reset(String source) {
        try (var producer = ReliableProducer.create(bootstrap, "onceonly-offsets-reset", Map.of())) {
            producer.send(new ProducerRecord<>(topics.offsets(), source, null)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The position of " + source + " could not be reset (" + e.getClass().getSimpleName()
                    + "); nothing changed. Try again when Kafka is reachable.", e);
        }
    }
}
