package io.onceonly.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorCatalog;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;

/** A source connector type's Java side: what reads its department system, and what its route template calls. */
public abstract class SourceConnector extends ConnectorType {

    /** A pulled type's settings parser, which throws a ConfigurationException with every problem; null when pushed. */
    private final BiFunction<String, Map<String, String>, ?> settings;
    private final BiFunction<String, ConnectorOptions, SourceReader> reader;

    /** A type whose records are handed in (pushed, or by its route): nothing is read on a timer. */
    protected SourceConnector(Declaration declaration) {
        super(Role.SOURCE, declaration);
        this.settings = null;
        this.reader = (source, options) -> null;
    }

    /**
     * A pulled type: its options are parsed into settings (the check of them), and its reader reads with those.
     *
     * @param settings parses a source's options, throwing a ConfigurationException with every problem
     */
    protected <S> SourceConnector(Declaration declaration, BiFunction<String, Map<String, String>, S> settings,
                                  BiFunction<String, S, SourceReader> reader) {
        super(Role.SOURCE, declaration);
        this.settings = settings;
        this.reader = (source, options) -> reader.apply(source, settings.apply(source, options.values()));
    }

    /** A pulled type's options are checked by parsing them as its reader will. */
    @Override
    public List<Problem> check(String path, ConnectorOptions options) {
        if (settings != null) {
            settings.apply("", options.values()); // throws with every problem
        }
        return List.of();
    }

    /** What reads a pulled type's records; null for a type whose records are handed in (pushed, or by its route). */
    public final SourceReader reader(String source, ConnectorOptions options) {
        return reader.apply(source, options);
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
