package io.onceonly.delivery;

import java.util.List;

/**
 * A subscriber's system. Writes must be idempotent (an upsert by entity key, or an event id the receiver can
 * de-duplicate): Kafka delivers at least once, and a batch is written again after a crash before its commit.
 */
public interface Sink extends AutoCloseable {
    /** Writes the whole batch or throws; a thrown batch is retried and never committed half-written. */
    void write(List<DeliveryRecord> records) throws Exception;

    /** Writes dead letters again; a sink that skips what it has seen must not skip these. */
    default void replay(List<DeliveryRecord> records) throws Exception {
        write(records);
    }

    @Override
    void close();
}
