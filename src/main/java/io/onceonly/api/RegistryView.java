package io.onceonly.api;

import java.util.Map;

import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.ResourceKey;

/** The registry as the API reads it, to find a resource and check that the caller may manage it. */
public interface RegistryView {
    /** Every resource in the registry, by key ({@code Source/name}, {@code Subscription/name}). */
    Map<String, RegistryEntry> entries();

    /** The resource, or null when there is none. */
    default RegistryEntry entry(ResourceKey key) {
        return entries().get(key.toString());
    }
}
