package io.onceonly.api;

import java.util.Map;

/** What the health endpoints ask of the running hub. */
public interface HealthProbe {
    boolean kafkaReachable();

    /** Whether the registry has been read once; until then the instance does not know what to run. */
    boolean registryLoaded();

    /** Route id to RUNNING, PAUSED, FAILED, STARTING, STOPPED or UNKNOWN, for routes on this instance. */
    Map<String, String> routeStatus();
}
