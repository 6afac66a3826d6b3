package io.onceonly.ops;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The latest rejects seen by this hub instance, for the dashboard; the full record stays on the rejects topic. */
public final class RecentRejects {
    private static final int KEEP = 50;
    private final Deque<Reject> latest = new ArrayDeque<>();

    /** One reject as a duty officer reads it: where it came from and why, values already masked. */
    public record Reject(String source, String department, String sourceRecord, String reason, Instant time) {
    }

    public synchronized void add(Reject reject) {
        latest.addFirst(reject);
        while (latest.size() > KEEP) {
            latest.removeLast();
        }
    }

    public synchronized List<Reject> latest(int n) {
        return latest.stream().limit(n).toList();
    }
}
