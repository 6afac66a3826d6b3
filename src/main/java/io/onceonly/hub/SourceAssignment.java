package io.onceonly.hub;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.kafka.Topics;

/**
 * Which sources this instance polls. Every instance joins one consumer group on an empty topic of
 * {@link #PARTITIONS} partitions; each source belongs to one partition by its name, so Kafka's group membership
 * gives each source to exactly one live instance and moves it when that instance leaves or stops heartbeating.
 * Cooperative rebalancing takes away only what moves, and stops it before another instance may start it.
 */
final class SourceAssignment implements AutoCloseable {
    static final int PARTITIONS = 24;
    private static final Logger LOG = LoggerFactory.getLogger(SourceAssignment.class);

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Consumer<Set<Integer>> onChange;
    private final Thread poller;
    private volatile boolean closed;

    /** Joins the group; {@code onChange} runs (on the group's thread) whenever partitions come or go. */
    SourceAssignment(String bootstrap, Topics topics, String instanceId, Consumer<Set<Integer>> onChange) {
        this.topics = topics;
        this.onChange = onChange;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topics.hubGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "onceonly-assignment-" + instanceId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // A dead instance's sources move within about ten seconds.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.poller = new Thread(this::run, "onceonly-assignment");
        poller.setDaemon(true);
        poller.start();
    }

    static int partitionOf(String sourceName) {
        return Math.floorMod(sourceName.hashCode(), PARTITIONS);
    }

    boolean owns(String sourceName) {
        return owned.contains(partitionOf(sourceName));
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.sourceAssignments()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    change(partitions, false);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    change(partitions, true);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    change(partitions, false);
                }
            });
            while (!closed) {
                consumer.poll(Duration.ofMillis(500)); // the topic stays empty: polling keeps the membership alive
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("This instance left the hub group ({}); its sources stop and others take them over.",
                        e.getClass().getSimpleName(), e);
                owned.clear();
                onChange.accept(Set.copyOf(owned));
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void change(Collection<TopicPartition> partitions, boolean assigned) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(tp -> {
            if (assigned) {
                owned.add(tp.partition());
            } else {
                owned.remove(tp.partition());
            }
        });
        LOG.info("Source assignment: {} {} partition(s); this instance now holds {} of {}", assigned ? "took" : "gave up",
                partitions.size(), owned.size(), PARTITIONS);
        onChange.accept(Set.copyOf(owned));
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            poller.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
