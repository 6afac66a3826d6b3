package io.onceonly.source;

import java.util.Map;

import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SharedSchema;

/** The Java side of each source connector type: which reader a pulled type uses and whether it reads in full. */
public final class SourceConnectors {
    private SourceConnectors() {
    }

    /** A pipeline for a registered source, its options already resolved; pushed types get no reader. */
    public static SourcePipeline pipeline(String bootstrap, Topics topics, SourceResource source, SharedSchema schema,
                                          Map<String, String> options, int batchSize, HubMetrics metrics,
                                          RecentRejects recentRejects) {
        SourceReader reader = null;
        boolean snapshots = false;
        switch (source.type()) {
            case "jdbc" -> {
                JdbcSourceSettings jdbc = JdbcSourceSettings.from(source.name(), options);
                reader = new JdbcSourceReader(jdbc);
                snapshots = jdbc.fullRefresh();
            }
            case "http" -> {
                HttpSourceSettings http = HttpSourceSettings.from(source.name(), options);
                reader = new HttpSourceReader(source.name(), http);
                // Without a since parameter every poll reads the whole list: what it no longer lists was deleted.
                snapshots = !http.incremental();
            }
            default -> throw new IllegalStateException("Source " + source.name() + ": source type '" + source.type()
                    + "' has a template but no Java side yet. Known: jdbc, http.");
        }
        return new SourcePipeline(bootstrap, topics, source, schema, reader, snapshots, batchSize, metrics, recentRejects);
    }
}
