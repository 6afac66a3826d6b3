package io.onceonly.hub;

import java.util.ArrayList;
import java.util.List;

import io.onceonly.config.HubSettings;
import io.onceonly.config.Problem;
import io.onceonly.normalize.DomainTypes;
import io.onceonly.registry.ImpactAnalysis;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaCatalogException;
import io.onceonly.schema.SharedSchema;

/** Loads the schema catalog as the hub and the CLI use it: checked, with domain types known to the normalizers. */
public final class CatalogLoader {
    private CatalogLoader() {
    }

    /** The schema catalog; a refused change names the registered subscriptions it would break. */
    public static SchemaCatalog load(HubSettings settings) {
        SchemaCatalog catalog;
        try {
            catalog = SchemaCatalog.load(settings.schemasDir());
        } catch (SchemaCatalogException e) {
            throw ImpactAnalysis.explain(e, settings.connectorsDir());
        }
        // The catalog knows the annotation; the normalizers live a layer above it, so the names are checked here.
        List<Problem> problems = new ArrayList<>();
        for (SharedSchema schema : catalog.all()) {
            schema.fields().values().stream()
                    .filter(f -> f.domainType() != null && !DomainTypes.names().contains(f.domainType()))
                    .forEach(f -> problems.add(new Problem("field " + f.name(), "has \"x-domain-type\": '"
                            + f.domainType() + "', which is not a domain type", null, "Known: " + DomainTypes.names()
                            + ".").within(schema.id().toString())));
        }
        if (!problems.isEmpty()) {
            throw new SchemaCatalogException("Schema catalog " + settings.schemasDir() + " names unknown domain types", problems);
        }
        return catalog;
    }
}
