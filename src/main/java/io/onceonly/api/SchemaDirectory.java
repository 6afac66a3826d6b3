package io.onceonly.api;

import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;

/** What the schema endpoints ask of the hub: the catalog and each schema's topic. */
public interface SchemaDirectory {
    SchemaCatalog catalog();

    String topicOf(SchemaId schema);
}
