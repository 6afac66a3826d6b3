package io.onceonly.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the source endpoints (progress, rejects, pushed records) ask of the hub. */
public interface SourceOperations extends RegistryView {
    /** A source's committed position, or null when it has none. */
    Map<String, String> position(String source);

    /** Forgets a source's position, so it reads from the start; only while it is paused. */
    void resetPosition(String source, String by);

    /** The latest rejects, newest first, of the given sources. */
    List<Map<String, Object>> rejects(Set<String> sources, int limit);

    /** Sources that take records posted to {@code /api/v1/sources/{name}/records}. */
    Set<String> pushSources();

    /** Whether a bearer token is the push token of this source. */
    boolean isPushToken(String source, String bearerToken);

    /** Most records one request may carry. */
    int maxRecordsPerPush();

    /** Normalizes and publishes pushed records; the answer says what became of each. */
    Map<String, Object> push(String source, List<Map<String, Object>> records) throws UnavailableException;
}
