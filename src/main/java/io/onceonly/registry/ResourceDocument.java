package io.onceonly.registry;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource as written (apiVersion, kind, metadata, spec), before it is checked, with where it came from for
 * messages: a file (and its path) or a request.
 */
public record ResourceDocument(String where, Path file, ObjectNode document) {

    public String kind() {
        return document.path("kind").asText("");
    }

    public String name() {
        return document.path("metadata").path("name").asText("");
    }

    public String department() {
        return document.path("metadata").path("department").asText("");
    }

    /** {@code Source/township-a.activities}: unique in the registry. */
    public String key() {
        return resourceKey().toString();
    }

    public ResourceKey resourceKey() {
        return new ResourceKey(kind(), name());
    }
}
