package io.onceonly.source;

import java.time.Duration;
import java.util.Map;

import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/** What the hub asks of a registered source's connector type: its route's parameters and bean, and its pipeline. */
public final class SourceConnectors {
    private SourceConnectors() {
    }

    /** The route template's parameters for a source: every option, defaults filled, and what its type derives. */
    public static Map<String, String> templateParameters(SourceResource source) {
        SourceConnector connector = connector(source);
        return connector.templateParameters(ConnectorOptions.of(connector, source.from()));
    }

    /** The bean a source's route template calls: the pipeline itself, or what turns its input into records. */
    public static Object routeBean(SourcePipeline pipeline, Map<String, String> options) {
        SourceConnector connector = connector(pipeline.source());
        return connector.routeBean(pipeline, ConnectorOptions.of(connector, options));
    }

    /** A pipeline for a registered source, its options already resolved; pushed types get no reader. */
    public static SourcePipeline pipeline(String bootstrap, Topics topics, SourceResource source, SharedSchema schema,
                                          Map<String, String> options, int batchSize, Duration publishTimeout, HubMetrics metrics,
                                          RecentRejects recentRejects, String instanceId, java.time.ZoneId zone) {
        SourceConnector connector = connector(source);
        ConnectorOptions typed = ConnectorOptions.of(connector, options);
        SourceReader reader = connector.reader(source.name(), typed);
        // A pulled source runs on one instance at a time: one transactional id fences a zombie. A push source runs on
        // every instance, each with its own id; it has no position to protect.
        String transactionalId = topics.sourceTransactionalId(source.name())
                + (source.type().equals("push") ? "@" + instanceId : "");
        return new SourcePipeline(bootstrap, topics, source, schema, reader, connector.snapshots(typed), batchSize,
                publishTimeout, metrics, recentRejects, transactionalId, zone);
    }

    private static SourceConnector connector(SourceResource source) {
        return SourceConnector.find(source.type()).orElseThrow(() -> new IllegalStateException("Source "
                + source.name() + ": source type '" + source.type() + "' has a template but no Java side yet. Known: "
                + ConnectorCatalog.standard().all(ConnectorType.Role.SOURCE).stream().map(ConnectorType::name).toList()
                + "."));
    }
}
