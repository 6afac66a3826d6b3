package io.onceonly.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.onceonly.schema.SchemaId;

/**
 * A downstream system's subscription to a shared schema: which fields it was granted, which records it selects
 * ({@code where}: field equals one of the values), from where it starts, and the sink ({@code to}, options of the sink type's route template) that receives the records.
 */
public record SubscriptionResource(
        Path file,
        ResourceMetadata metadata,
        SchemaId schema,
        List<String> fields,
        Map<String, List<String>> where,
        Start start,
        String type,
        Map<String, String> to) {

    /** Where a new subscriber begins: with everything already shared, or only with what comes next. */
    public enum Start {
        EARLIEST, LATEST
    }

    public String name() {
        return metadata.name();
    }

    public String templateId() {
        return "sink-" + type;
    }
}
