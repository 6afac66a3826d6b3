package io.onceonly.ops;

/**
 * Marks an exception whose message the hub wrote itself from names of systems, settings and positions, never from a
 * record's values, so a log may show it whole.
 */
public interface LogSafe {
}
