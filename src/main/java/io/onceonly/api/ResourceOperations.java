package io.onceonly.api;

import java.util.List;
import java.util.Map;

import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceKey;

/** What the resource endpoints (sources and subscriptions alike) and the dashboard's overview ask of the hub. */
public interface ResourceOperations extends RegistryView {
    /** Checks a resource with the rest of the registry and writes it; the problems instead when it is refused. */
    List<String> apply(ResourceDocument doc, String by);

    void delete(ResourceKey key, String by);

    void setPaused(ResourceKey key, boolean paused, String by);

    void restart(ResourceKey key, String by);

    /** This instance's state of a resource: state, and error and since when FAILED. */
    Map<String, Object> localStatus(ResourceKey key);

    /** Every instance's last reported state of a resource. */
    List<Map<String, Object>> instanceStatus(ResourceKey key);

    /** What the dashboard shows: the burden ledger, departments with their routes, rejects, dead letters. */
    Map<String, Object> overview();
}
