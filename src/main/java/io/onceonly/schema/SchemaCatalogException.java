package io.onceonly.schema;

import java.util.List;

import io.onceonly.config.ConfigurationException;

/** The schema catalog cannot be loaded; lists every problem found, each naming its file and what to fix. */
public class SchemaCatalogException extends ConfigurationException {
    public SchemaCatalogException(String summary, List<String> problems) {
        super(summary, problems);
    }
}
