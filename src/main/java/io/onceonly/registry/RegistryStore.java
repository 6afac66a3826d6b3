package io.onceonly.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.Topics;

/**
 * The registry: every Source and Subscription in the compacted registry topic, keyed {@code Kind/name}, a null
 * value for a deleted one. Every instance reads it from the start and follows it, so all converge on the same set;
 * a write returns once this instance has read it back, so a caller sees its own change. As Kafka Connect keeps
 * connector configs in its config topic.
 */
public final class RegistryStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, RegistryEntry> entries = new LinkedHashMap<>();
    private final Consumer<Map<String, RegistryEntry>> onChange;
    private final Thread follower;
    private volatile boolean loaded;
    private volatile boolean closed;
    private long consumedUpTo = -1;

    /** Starts following the registry; {@code onChange} gets the whole set once read to the end, then after each change. */
    public RegistryStore(String bootstrap, Topics topics, Consumer<Map<String, RegistryEntry>> onChange) {
        this.topics = topics;
        this.onChange = onChange;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "onceonly-registry");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = ReliableProducer.create(bootstrap, "onceonly-registry-writer", Map.of());
        this.follower = new Thread(this::follow, "onceonly-registry");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        TopicPartition tp = new TopicPartition(topics.registry(), 0);
        try {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            while (!closed) {
                var records = consumer.poll(Duration.ofMillis(500));
                boolean changed = false;
                synchronized (this) {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        apply(r);
                        changed = true;
                    }
                    consumedUpTo = consumer.position(tp);
                    notifyAll();
                }
                if (!loaded && consumedUpTo >= end) {
                    loaded = true;
                    LOG.info("Registry read: {} resource(s)", entries.size());
                    onChange.accept(snapshot());
                } else if (loaded && changed) {
                    onChange.accept(snapshot());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("The registry can no longer be followed ({}); this instance will not see changes until it is restarted.",
                        e.getClass().getSimpleName(), e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            entries.remove(r.key());
            return;
        }
        try {
            entries.put(r.key(), JSON.readValue(r.value(), RegistryEntry.class));
        } catch (java.io.IOException e) {
            LOG.error("Registry entry {} at {}@{} cannot be read and is ignored; write the resource again to fix it.",
                    r.key(), r.topic(), r.offset());
        }
    }

    /** Whether the registry has been read to the end once: until then this instance does not know what to run. */
    public boolean loaded() {
        return loaded;
    }

    public synchronized Map<String, RegistryEntry> snapshot() {
        return Map.copyOf(entries);
    }

    public synchronized RegistryEntry get(String key) {
        return entries.get(key);
    }

    /** Writes an entry (create, update, pause) and its audit record; returns once this instance has read it back. */
    public void put(RegistryEntry entry) {
        write(entry.key(), entry, entry.changedBy(), "put");
    }

    public void delete(String key, String by) {
        write(key, null, by, "delete");
    }

    private void write(String key, RegistryEntry entry, String by, String action) {
        try {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("action", action);
            audit.put("key", key);
            audit.put("by", by);
            audit.put("at", Instant.now().toString());
            audit.put("entry", entry);
            producer.send(new ProducerRecord<>(topics.audit(), key, JSON.writeValueAsBytes(audit))).get(30, TimeUnit.SECONDS);
            RecordMetadata written = producer.send(new ProducerRecord<>(topics.registry(), key,
                    entry == null ? null : JSON.writeValueAsBytes(entry))).get(30, TimeUnit.SECONDS);
            awaitRead(written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing " + key + " to the registry", e);
        } catch (Exception e) {
            throw new IllegalStateException("The registry cannot be written (" + e.getClass().getSimpleName()
                    + "); the change to " + key + " was not made. Try again when Kafka is reachable.", e);
        }
        LOG.info("Registry: {} {} by {}", action, key, by);
    }

    private synchronized void awaitRead(long offset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumedUpTo <= offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("The registry change at offset " + offset + " was written but not read back within 30 s");
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Decodes a stored entry, for callers that read the registry topic themselves. */
    public static RegistryEntry decode(byte[] value) throws java.io.IOException {
        return JSON.readValue(new String(value, StandardCharsets.UTF_8), RegistryEntry.class);
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
