package io.onceonly.reliability;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the department systems were told was accepted: every acknowledged write (a committed source row, a pushed record
 * answered 2xx as published or unchanged), with its entity key, the key's version and a global sequence number; and
 * every bad record they sent, which must end rejected. The checker holds the sinks against it.
 */
final class Ledger {
    /** The title carries the version, so any sink that has the title shows which version it holds. */
    static String title(String key, int version, long seq) {
        return "k=" + key + ";v=" + version + ";s=" + seq;
    }

    /** The version in a title written by {@link #title}, or -1. */
    static int version(String title) {
        if (title == null) {
            return -1;
        }
        int v = title.indexOf(";v=");
        int s = title.indexOf(";s=");
        return v < 0 || s < v ? -1 : Integer.parseInt(title.substring(v + 3, s));
    }

    private final Map<String, Integer> latest = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger acknowledged = new AtomicInteger();
    /** Bad records sent, by the id the rejects carry (push: record.no; pull: table:id). */
    private final Set<String> badSent = ConcurrentHashMap.newKeySet();
    private final Set<String> badRejected = ConcurrentHashMap.newKeySet();
    private final Set<String> validRejected = ConcurrentHashMap.newKeySet();
    private final Set<String> badPublished = ConcurrentHashMap.newKeySet();

    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** An acknowledged write of {@code version} of {@code key}; versions of a key are acknowledged in order. */
    void acknowledged(String key, int version) {
        latest.merge(key, version, Math::max);
        acknowledged.incrementAndGet();
    }

    void badSent(String id) {
        badSent.add(id);
    }

    void badRejected(String id) {
        badRejected.add(id);
    }

    void badPublished(String id) {
        badPublished.add(id);
    }

    void validRejected(String id) {
        validRejected.add(id);
    }

    Map<String, Integer> latest() {
        return Map.copyOf(latest);
    }

    int acknowledgedWrites() {
        return acknowledged.get();
    }

    Set<String> badSent() {
        return Set.copyOf(badSent);
    }

    Set<String> badRejected() {
        return Set.copyOf(badRejected);
    }

    Set<String> badPublished() {
        return Set.copyOf(badPublished);
    }

    Set<String> validRejected() {
        return Set.copyOf(validRejected);
    }
}
