package io.onceonly.hub;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.onceonly.config.HubSettings;
import io.onceonly.kafka.TopicAdmin;
import io.onceonly.kafka.Topics;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SharedSchema;

/** The topics a hub needs, created (when missing) before anything starts. */
final class HubTopics {
    private HubTopics() {
    }

    /** Creates the topics the hub needs and returns every name, for the durability check. */
    static List<String> create(String bootstrap, Topics topics, SchemaCatalog catalog, HubSettings settings) {
        Set<TopicAdmin.TopicSpec> specs = new LinkedHashSet<>();
        // Every schema's topic, so a source or subscription registered later through the API has its topic.
        for (SharedSchema schema : catalog.all()) {
            specs.add(new TopicAdmin.TopicSpec(topics.schema(schema.id().name(), schema.id().version()),
                    settings.kafkaPartitions(), false));
        }
        specs.add(new TopicAdmin.TopicSpec(topics.rejects(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deliveries(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deadLetters(), settings.kafkaPartitions(), true));
        specs.add(new TopicAdmin.TopicSpec(topics.offsets(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.registry(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.audit(), 1, false));
        specs.add(new TopicAdmin.TopicSpec(topics.status(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.sourceAssignments(), SourceAssignment.PARTITIONS, false));
        TopicAdmin.ensure(bootstrap, settings.kafkaReplicationFactor(), specs);
        return specs.stream().map(TopicAdmin.TopicSpec::name).toList();
    }
}
