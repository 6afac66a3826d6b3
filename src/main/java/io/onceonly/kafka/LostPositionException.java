package io.onceonly.kafka;

import io.onceonly.ops.LogSafe;

/**
 * A consumer group's committed position no longer exists in its topic (deleted by retention, or the topic was
 * recreated): going on would skip records without anyone deciding it. The message names group, topic, partition and
 * offsets, never a record, so logs and the API may show it.
 */
public final class LostPositionException extends RuntimeException implements LogSafe {
    public LostPositionException(String message) {
        super(message);
    }
}
