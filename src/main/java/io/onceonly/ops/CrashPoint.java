package io.onceonly.ops;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only hook: halts the JVM, as a power cut would, the n-th time a named point is reached. Off unless the JVM
 * runs with {@code -Donceonly.test.crash-at=<point>[:<n>]} (n defaults to 1); the reliability suite uses it to kill
 * the hub exactly between two steps whose order the delivery guarantees depend on. The points:
 * <ul>
 *   <li>{@code after-sink-write}: a subscription's batch is in the subscriber's system, its offsets are not committed;</li>
 *   <li>{@code before-sink-commit}: a JDBC subscriber's statements of a batch ran, its transaction is not committed;</li>
 *   <li>{@code before-publish-commit}: a source's batch and position were sent in a Kafka transaction that is not
 *       committed yet (mid-batch);</li>
 *   <li>{@code after-publish}: a source's records and position are committed to Kafka, the caller has no answer yet
 *       (for a file of several batches: mid-file).</li>
 * </ul>
 */
public final class CrashPoint {
    public static final String PROPERTY = "onceonly.test.crash-at";
    private static final String POINT;
    private static final int AT;
    private static final AtomicInteger REACHED = new AtomicInteger();

    static {
        String spec = System.getProperty(PROPERTY, "");
        int colon = spec.indexOf(':');
        POINT = colon < 0 ? spec : spec.substring(0, colon);
        AT = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
    }

    private CrashPoint() {
    }

    /** Halts the JVM with status 137 (as SIGKILL) if this is the configured point, reached for the n-th time. */
    public static void reached(String point) {
        if (!POINT.isEmpty() && POINT.equals(point) && REACHED.incrementAndGet() == AT) {
            System.err.println("onceonly.test.crash-at: halting at " + point);
            Runtime.getRuntime().halt(137);
        }
    }
}
