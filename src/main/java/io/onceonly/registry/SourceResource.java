package io.onceonly.registry;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.onceonly.normalize.FieldMapping;
import io.onceonly.schema.SchemaId;

/**
 * A department system registered as a data source: where its records come from ({@code from}, options of the
 * connector type's route template) and how they map into a shared schema.
 */
public record SourceResource(
        Path file,
        ResourceMetadata metadata,
        SchemaId schema,
        String type,
        Map<String, String> from,
        LinkedHashMap<String, FieldMapping> map) {

    public String name() {
        return metadata.name();
    }

    /** CloudEvents {@code source} attribute: where a record was captured. */
    public String ceSource() {
        return "/departments/" + metadata.department() + "/sources/" + metadata.name();
    }

    public String templateId() {
        return "source-" + type;
    }
}
