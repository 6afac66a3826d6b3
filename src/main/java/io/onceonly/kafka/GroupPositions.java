package io.onceonly.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a subscription's consumer group reads from, decided by the hub rather than by Kafka's
 * {@code auto.offset.reset}: a new group is placed at the start it asked for (earliest or latest) before its route
 * starts, and the route runs with {@code auto.offset.reset=none}. So a group whose committed position was deleted by
 * retention is refused with a clear error instead of jumping silently over the records it never received.
 */
public final class GroupPositions {
    private static final Logger LOG = LoggerFactory.getLogger(GroupPositions.class);
    private static final long TIMEOUT_S = 30;

    private GroupPositions() {
    }

    /**
     * Places a new group at the topic's start or end, partition by partition (partitions it has no position on), and
     * checks every position it has.
     *
     * @throws LostPositionException when a committed position is outside what the topic still holds
     */
    public static void prepare(Admin admin, String group, String topic, boolean fromEarliest) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_S, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> start = new LinkedHashMap<>();
            List<String> lost = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    start.put(tp, new OffsetAndMetadata(fromEarliest ? earliest.get(tp) : latest.get(tp)));
                } else if (at.offset() < earliest.get(tp) || at.offset() > latest.get(tp)) {
                    lost.add(tp + " at " + at.offset() + " (the topic holds " + earliest.get(tp) + " to " + latest.get(tp) + ")");
                }
            }
            if (!lost.isEmpty()) {
                throw lost(group, topic, String.join(", ", lost));
            }
            if (!start.isEmpty()) {
                place(admin, group, start);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not give the positions of consumer group " + group + " on " + topic
                    + ": " + cause.getMessage() + ". The subscription starts when Kafka answers.", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the positions of " + group, e);
        }
    }

    /** The error for a group whose committed position the topic no longer holds; also used when a poll finds it. */
    public static LostPositionException lost(String group, String topic, String where) {
        return new LostPositionException("Consumer group " + group + " has a committed position that " + topic
                + " no longer holds: " + where + ". Records it never received were deleted (retention) or the topic was "
                + "recreated, so the subscription stops instead of skipping them. Fix: deliver what is missing another "
                + "way (for example reset the source's progress so it publishes again), then move the group with "
                + "kafka-consumer-groups.sh --group " + group + " --topic " + topic
                + " --reset-offsets --to-earliest --execute, and restart the subscription.");
    }

    private static void place(Admin admin, String group, Map<TopicPartition, OffsetAndMetadata> start)
            throws InterruptedException, TimeoutException {
        try {
            admin.alterConsumerGroupOffsets(group, start).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            LOG.info("Consumer group {} starts at {}", group, start);
        } catch (ExecutionException e) {
            // Another hub instance runs the group already: its members hold the positions, and it placed them.
            LOG.info("Consumer group {} is already active ({}); its positions stay as they are", group,
                    e.getCause().getClass().getSimpleName());
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
