package io.onceonly.schema;

import java.util.List;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

/** The schema catalog cannot be loaded; lists every problem found, each naming its file and what to fix. */
public class SchemaCatalogException extends ConfigurationException {
    private final List<BreakingChange> breakingChanges;

    public SchemaCatalogException(String summary, List<Problem> problems) {
        this(summary, problems, List.of());
    }

    public SchemaCatalogException(String summary, List<Problem> problems, List<BreakingChange> breakingChanges) {
        super(summary, problems);
        this.breakingChanges = List.copyOf(breakingChanges);
    }

    /** The incompatible changes among the problems, for impact analysis against subscriptions. */
    public List<BreakingChange> breakingChanges() {
        return breakingChanges;
    }
}
