package io.onceonly.delivery;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many records all subscriptions of a hub may hold at once, between the poll that took them from Kafka and the
 * commit after their delivery. Each record in flight costs several KiB (the Kafka record, its CloudEvent, its Camel
 * exchange, its projected fields), so without a bound a hundred subscriptions catching up at once hold a hundred full
 * batches and run out of heap. A subscription's consumer takes permits for a whole poll before polling and waits its
 * turn (first come, first served) when there are none. The permits come back when the batch is committed, or as soon
 * as its write fails, so that a subscriber that is down does not keep the others waiting while its batch is retried.
 */
public final class DeliveryBudget {
    private final int records;
    private final Permits permits;

    public DeliveryBudget(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("A delivery budget must allow at least 1 record in flight, not " + records + ".");
        }
        this.records = records;
        this.permits = new Permits(records);
    }

    /** A fair semaphore that can also be overdrawn. */
    private static final class Permits extends Semaphore {
        Permits(int permits) {
            super(permits, true);
        }

        void overdraw(int n) {
            reducePermits(n);
        }
    }

    /** The records one consumer holds. */
    public Account account() {
        return new Account();
    }

    /** A Kafka consumer that takes its records out of a budget. */
    public interface Budgeted {
        Account budgetAccount();
    }

    /** Records in flight now, over all subscriptions. */
    public int inFlight() {
        return records - permits.availablePermits();
    }

    /** One consumer's share: what it took from Kafka and has not finished with. */
    public final class Account {
        private final AtomicInteger held = new AtomicInteger();

        private Account() {
        }

        /**
         * Before a poll of at most {@code maxRecords}: takes that many permits, waiting at most {@code wait}.
         * @return the permits taken, to be settled with {@link #polled}; 0 when the budget stayed exhausted
         */
        public int beforePoll(int maxRecords, Duration wait) throws InterruptedException {
            int wanted = Math.max(1, Math.min(maxRecords, records));
            return permits.tryAcquire(wanted, wait.toNanos(), TimeUnit.NANOSECONDS) ? wanted : 0;
        }

        /**
         * After the poll: the records it returned stay held; the rest of {@code taken} goes back. A poll that returned
         * more than it took permits for (the budget is smaller than a poll) overdraws the budget rather than fail.
         */
        public void polled(int taken, int returned) {
            held.addAndGet(returned);
            if (returned <= taken) {
                permits.release(taken - returned);
            } else {
                permits.overdraw(returned - taken);
            }
        }

        /** Done with {@code n} records: delivered and committed. */
        public void done(int n) {
            int before;
            int released;
            do {
                before = held.get();
                released = Math.min(n, before);
            } while (!held.compareAndSet(before, before - released));
            permits.release(released);
        }

        /** Holds nothing any more: its batch failed, or the consumer left its group. */
        public void releaseAll() {
            done(Integer.MAX_VALUE);
        }

        public int held() {
            return held.get();
        }
    }
}
