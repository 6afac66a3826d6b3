package io.onceonly.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.testing.Resources;

/** A cultural-activity source of the repository's schemas, for tests that drive a pipeline without a hub. */
final class ActivitySource {
    static final SchemaCatalog CATALOG = SchemaCatalog.load(Path.of("schemas"));
    static final SharedSchema SCHEMA = CATALOG.get(SchemaId.parse("cultural-activity/v1"));

    private ActivitySource() {
    }

    /** A township-x Source named {@code name} of {@code type}, whose rows have columns id and title. */
    static Resources.Source source(String name, String type, Object... options) {
        return Resources.source(name, "township-x")
                .from(type, options)
                .map("activity_id", "template", "320115101-{id}")
                .mapFrom("title", "title")
                .mapConst("category", "performance")
                .mapConst("activity_date", "2024-03-05")
                .mapConst("venue", "街道文化站")
                .mapConst("division_code", "320115101000")
                .mapConst("organizer_name", "秣陵街道文化站");
    }

    /** A push source named {@code name} whose rows have columns id and title, as the hub loads it. */
    static SourceResource resource(String name) {
        String yaml = source(name, "push").yaml();
        return ResourceLoader.check(ResourceLoader.parse("test", yaml.getBytes(StandardCharsets.UTF_8)), CATALOG,
                RouteTemplates.load(Path.of("routes"))).sources().get(0);
    }
}
