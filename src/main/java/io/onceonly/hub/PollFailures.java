package io.onceonly.hub;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.PollExceptionStrategy;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.delivery.DeliveryBudget;
import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.FailureKind;
import io.onceonly.kafka.GroupPositions;

/**
 * What a Kafka consumer of the hub does when a poll fails. Camel's default hands the error to the route and seeks past
 * the record, which skips it; here nothing is skipped: a lost position (the committed offset was deleted by retention)
 * or a refused login stops that consumer and fails its route with a message that says how to fix it; anything else
 * is polled again after a pause. Camel takes one strategy per component and tells it only the exception, so the
 * consumers this factory makes wrap those exceptions with their group.
 */
final class PollFailures extends DefaultKafkaClientFactory implements PollExceptionStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(PollFailures.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    /** Told the group and the reason when a consumer stops for good. */
    private final BiConsumer<String, String> onStop;
    /** Told of each consumer made, so its client metrics are published with the hub's. */
    private final java.util.function.Consumer<Consumer<?, ?>> onCreate;
    /** The share of the delivery budget of a consumer group, or null for a group that polls without one. */
    private final Function<String, DeliveryBudget.Account> accounts;
    private final ThreadLocal<Boolean> stopped = ThreadLocal.withInitial(() -> false);

    PollFailures(BiConsumer<String, String> onStop, java.util.function.Consumer<Consumer<?, ?>> onCreate,
                 Function<String, DeliveryBudget.Account> accounts) {
        this.onStop = onStop;
        this.onCreate = onCreate;
        this.accounts = accounts;
    }

    @Override
    public Consumer getConsumer(Properties props) {
        GroupConsumer consumer = new GroupConsumer(props, accounts.apply(props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, "")));
        onCreate.accept(consumer);
        return consumer;
    }

    @Override
    public void reset() {
        stopped.set(false);
    }

    @Override
    public boolean canContinue() {
        return !stopped.get();
    }

    @Override
    public void handle(long partitionLastOffset, Exception exception) {
        if (exception instanceof GroupPollException failed) {
            String group = failed.group;
            String why;
            if (failed.getCause() instanceof NoOffsetForPartitionException none) {
                why = "Consumer group " + group + " has no position on " + none.partitions() + ", a partition added "
                        + "since the subscription started. Restart the subscription: the hub places the group at its "
                        + "start on every partition it has no position on.";
            } else if (failed.getCause() instanceof InvalidOffsetException lost) {
                why = GroupPositions.lost(group, lost.partitions().stream().findFirst().map(tp -> tp.topic())
                        .orElse("its topic"), String.valueOf(lost.partitions())).getMessage();
            } else {
                why = "Consumer group " + group + " was refused by Kafka (" + failed.getCause().getClass().getSimpleName()
                        + "). Fix the hub's Kafka credentials or ACLs, then restart the subscription.";
            }
            // The flag is read on the polling thread, which is the one calling here.
            stopped.set(true);
            LOG.error("{}", why);
            onStop.accept(group, why);
        } else {
            LOG.warn("A Kafka consumer could not poll ({}); polling again in {} ms, nothing is skipped",
                    exception.getClass().getSimpleName(), PAUSE.toMillis());
            LockSupport.parkNanos(PAUSE.toNanos());
        }
    }

    /** A poll failure that polling again cannot cure, with the group it happened to. */
    static final class GroupPollException extends KafkaException {
        final String group;

        GroupPollException(String group, KafkaException cause) {
            super("Consumer group " + group + ": " + cause.getClass().getSimpleName(), cause);
            this.group = group;
        }
    }

    /**
     * A consumer that says which group it is when a poll fails for good and, for a subscription, polls only when the
     * delivery budget has room for a whole poll. While it has none, it returns no records: Camel then delivers what
     * it has gathered, and the group keeps the consumer as long as it waits less than {@code max.poll.interval.ms}.
     */
    private static final class GroupConsumer extends KafkaConsumer<Object, Object> implements DeliveryBudget.Budgeted {
        private final String group;
        private final DeliveryBudget.Account account;
        private final int maxPollRecords;

        GroupConsumer(Properties props, DeliveryBudget.Account account) {
            super(props);
            this.group = props.getProperty(ConsumerConfig.GROUP_ID_CONFIG, "");
            this.account = account;
            // Camel puts some values in as numbers, which getProperty does not see.
            this.maxPollRecords = Integer.parseInt(String.valueOf(props.getOrDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    ConsumerConfig.DEFAULT_MAX_POLL_RECORDS)).trim());
        }

        @Override
        public DeliveryBudget.Account budgetAccount() {
            return account;
        }

        @Override
        public ConsumerRecords<Object, Object> poll(Duration timeout) {
            try {
                return account == null ? super.poll(timeout) : pollWithinBudget(timeout);
            } catch (KafkaException e) {
                // A lost position or a refused login is fixed by someone, not by polling again.
                if (FailureClassifier.classify(e) == FailureKind.CONFIGURATION) {
                    throw new GroupPollException(group, e);
                }
                throw e;
            }
        }

        private ConsumerRecords<Object, Object> pollWithinBudget(Duration timeout) {
            int taken;
            try {
                taken = account.beforePoll(maxPollRecords, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            if (taken == 0) {
                return ConsumerRecords.empty();
            }
            ConsumerRecords<Object, Object> records = ConsumerRecords.empty();
            try {
                records = super.poll(timeout);
                return records;
            } finally {
                account.polled(taken, records.count());
            }
        }

        // Camel unsubscribes after a failed batch and before it closes: the records it held are dropped.
        @Override
        public void unsubscribe() {
            super.unsubscribe();
            releaseAll();
        }

        @Override
        public void close() {
            super.close();
            releaseAll();
        }

        @Override
        public void close(Duration timeout) {
            super.close(timeout);
            releaseAll();
        }

        @Override
        public void close(CloseOptions options) {
            super.close(options);
            releaseAll();
        }

        private void releaseAll() {
            if (account != null) {
                account.releaseAll();
            }
        }
    }
}
