package io.onceonly.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;


import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.ReliableProducer;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;

/**
 * Publishes this instance's state of each resource to the compacted status topic when it changes (and every
 * minute, so a reader can tell a live report from a stale one), and reads every instance's reports back, as Kafka
 * Connect's status topic does.
 */
final class StatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final String bootstrap;
    private final Topics topics;
    private final String instanceId;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Map<String, Object>> reported = new HashMap<>();
    private Instant lastRefresh = Instant.EPOCH;

    StatusReporter(String bootstrap, Topics topics, String instanceId) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.instanceId = instanceId;
        this.producer = ReliableProducer.create(bootstrap, "onceonly-status-" + instanceId, Map.of());
    }

    /** Reports what changed since the last call; a resource no longer known gets a tombstone. */
    synchronized void report(List<String> keys, Function<String, Map<String, Object>> state) {
        boolean refresh = Instant.now().isAfter(lastRefresh.plus(REFRESH));
        Map<String, Map<String, Object>> now = new HashMap<>();
        for (String key : keys) {
            now.put(key, state.apply(key));
        }
        try {
            for (Map.Entry<String, Map<String, Object>> e : now.entrySet()) {
                if (refresh || !e.getValue().equals(reported.get(e.getKey()))) {
                    Map<String, Object> value = new LinkedHashMap<>(e.getValue());
                    value.put("reportedAt", Instant.now().toString());
                    producer.send(new ProducerRecord<>(topics.status(), e.getKey() + "@" + instanceId, JSON.writeValueAsBytes(value)));
                }
            }
            for (String gone : reported.keySet()) {
                if (!now.containsKey(gone)) {
                    producer.send(new ProducerRecord<>(topics.status(), gone + "@" + instanceId, null));
                }
            }
            reported.clear();
            reported.putAll(now);
            lastRefresh = refresh ? Instant.now() : lastRefresh;
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Status could not be reported ({}); it will be reported again shortly", e.getClass().getSimpleName());
            reported.clear();
        }
    }

    /** Every instance's last report on a resource. */
    List<Map<String, Object>> read(String key) {
        Map<String, Map<String, Object>> byInstance = new LinkedHashMap<>();
        producer.flush();
        TopicReader.readToEnd(bootstrap, topics.status(), r -> {
            if (r.key() != null && r.key().startsWith(key + "@")) {
                if (r.value() == null) {
                    byInstance.remove(r.key());
                } else {
                    try {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> value = JSON.readValue(r.value(), Map.class);
                        byInstance.put(r.key(), value);
                    } catch (java.io.IOException e) {
                        LOG.debug("Unreadable status report {} skipped", r.key());
                    }
                }
            }
        });
        return new ArrayList<>(byInstance.values());
    }

    /** On a clean stop this instance's reports are withdrawn: it no longer runs anything. */
    synchronized void withdraw() {
        for (String key : reported.keySet()) {
            producer.send(new ProducerRecord<>(topics.status(), key + "@" + instanceId, null));
        }
        reported.clear();
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

}
