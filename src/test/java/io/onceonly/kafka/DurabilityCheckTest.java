package io.onceonly.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.onceonly.config.Problem;
import io.onceonly.kafka.DurabilityCheck.TopicDurability;

class DurabilityCheckTest {

    @Test
    void aSingleBrokerIsAllowed() {
        assertThat(DurabilityCheck.problems("b:9092", 1, Map.of("onceonly.rejects", new TopicDurability(1, 1)))).isEmpty();
    }

    @Test
    void aClusterWhereOneReplicaIsEnoughIsRefusedTopicByTopicWithTheFix() {
        Map<String, TopicDurability> topics = new LinkedHashMap<>();
        topics.put("onceonly.cultural-activity.v1", new TopicDurability(3, 1));
        topics.put("onceonly.offsets", new TopicDurability(3, 2));
        topics.put("onceonly.rejects", new TopicDurability(1, 2));
        assertThat(DurabilityCheck.problems("b:9092", 3, topics)).extracting(Problem::render)
                .containsExactly(
                        "topic onceonly.cultural-activity.v1 min.insync.replicas is below 2 on a cluster of 3 brokers, so an "
                                + "acknowledged record may sit on one broker only: '1'. Fix: kafka-configs.sh --bootstrap-server "
                                + "b:9092 --alter --entity-type topics --entity-name onceonly.cultural-activity.v1 "
                                + "--add-config min.insync.replicas=2 (or set it as the brokers' default before the hub "
                                + "creates its topics).",
                        "topic onceonly.rejects replication factor is below its min.insync.replicas 2, so every write "
                                + "would be refused: '1'. Fix: recreate it with onceonly.kafka.replication-factor=3 (or "
                                + "reassign its partitions to more brokers).");
    }
}
