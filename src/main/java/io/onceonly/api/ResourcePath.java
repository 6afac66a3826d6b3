package io.onceonly.api;

import java.util.Locale;

import io.onceonly.registry.ResourceKey;

/** The two kinds of resource as the API's paths name them, {@code /api/v1/sources} and {@code /api/v1/subscriptions}. */
enum ResourcePath {
    SOURCES(ResourceKey.SOURCE), SUBSCRIPTIONS(ResourceKey.SUBSCRIPTION);

    final String kind;

    ResourcePath(String kind) {
        this.kind = kind;
    }

    ResourceKey key(String name) {
        return new ResourceKey(kind, name);
    }

    String path() {
        return "/api/v1/" + name().toLowerCase(Locale.ROOT);
    }

    /** The kind in prose: {@code source}, {@code subscription}. */
    String noun() {
        return kind.toLowerCase(Locale.ROOT);
    }

    static ResourcePath of(String kind) {
        return kind.equals(ResourceKey.SOURCE) ? SOURCES : SUBSCRIPTIONS;
    }
}
