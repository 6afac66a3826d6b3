package io.onceonly.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;

/** A cultural-activity source of the repository's schemas, for tests that drive a pipeline without a hub. */
final class ActivitySource {
    static final SchemaCatalog CATALOG = SchemaCatalog.load(Path.of("schemas"));
    static final SharedSchema SCHEMA = CATALOG.get(SchemaId.parse("cultural-activity/v1"));

    private ActivitySource() {
    }

    /** The {@code map} of a Source's spec for rows with columns id and title (indented for a spec). */
    static final String MAP = """
              map:
                activity_id:    { template: "320115101-{id}" }
                title:          { from: title }
                category:       { const: performance }
                activity_date:  { const: "2024-03-05" }
                venue:          { const: 街道文化站 }
                division_code:  { const: "320115101000" }
                organizer_name: { const: 秣陵街道文化站 }
            """;

    /** A push source named {@code name} whose rows have columns id and title. */
    static SourceResource resource(String name) {
        String yaml = """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: %s, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: push }
                """.formatted(name) + MAP;
        return ResourceLoader.check(ResourceLoader.parse("test", yaml.getBytes(StandardCharsets.UTF_8)), CATALOG,
                RouteTemplates.load(Path.of("routes"))).sources().get(0);
    }
}
