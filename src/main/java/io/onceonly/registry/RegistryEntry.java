package io.onceonly.registry;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the registry holds for one resource: the document as written, whether an operator paused it (the target
 * state, shared by every instance), and who made the last change and when.
 */
public record RegistryEntry(ObjectNode resource, boolean paused, int generation, String changedBy, Instant changedAt,
                            String origin) {

    public static RegistryEntry of(ResourceDocument doc, String by, String origin) {
        return new RegistryEntry(doc.document(), false, 0, by, Instant.now(), origin);
    }

    public ResourceDocument document() {
        return new ResourceDocument(origin, null, resource);
    }

    public String key() {
        return document().key();
    }

    public ResourceKey resourceKey() {
        return document().resourceKey();
    }

    public RegistryEntry withPaused(boolean paused, String by) {
        return new RegistryEntry(resource, paused, generation, by, Instant.now(), origin);
    }

    /** The same resource with new content; pause state and generation carry over. */
    public RegistryEntry withResource(ObjectNode resource, String by, String origin) {
        return new RegistryEntry(resource, paused, generation, by, Instant.now(), origin);
    }

    /** Asks every instance running it to restart it: a changed generation is a changed entry. */
    public RegistryEntry restarted(String by) {
        return new RegistryEntry(resource, paused, generation + 1, by, Instant.now(), origin);
    }
}
