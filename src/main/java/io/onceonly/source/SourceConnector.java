package io.onceonly.source;

import java.util.Map;
import java.util.Optional;

import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;

/** A source connector type's Java side: what reads its department system, and what its route template calls. */
public abstract class SourceConnector extends ConnectorType {

    protected SourceConnector(Declaration declaration) {
        super(Role.SOURCE, declaration);
    }

    /**
     * What reads a pulled type's records, which such a type overrides; null for a type whose records are handed in
     * (pushed, or by its route), as there is nothing to read on a timer.
     */
    public SourceReader reader(String source, ConnectorOptions options) {
        return null;
    }

    /** Whether each read is the whole data set, so what it no longer lists was deleted. */
    public boolean snapshots(ConnectorOptions options) {
        return false;
    }

    /** The bean the route template calls: the pipeline itself, or what turns the route's input into records. */
    public Object routeBean(SourcePipeline pipeline, ConnectorOptions options) {
        return pipeline;
    }

    /** The route template's parameters: every option, defaults filled in, and what the type derives from them. */
    public Map<String, String> templateParameters(ConnectorOptions options) {
        return options.values();
    }

    public static Optional<SourceConnector> find(String type) {
        return ConnectorCatalog.standard().find(Role.SOURCE, type).map(SourceConnector.class::cast);
    }
}
