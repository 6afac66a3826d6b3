package io.onceonly.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.SubscriptionResource;

/**
 * One subscription at work, called by its route in three steps: collect a Kafka batch (only the records its
 * {@code where} selects, only the fields it was granted), write it to the sink and record what happened, then
 * commit the consumer offsets. A record the subscriber refuses for good goes to the dead letters and the rest of
 * the batch is delivered; a failure of the subscriber's system fails the batch, which is retried, never skipped.
 * Failures leave each step as {@link RedactedException}s: a database's or receiver's message may quote the record.
 */
public final class SubscriptionDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubscriptionResource subscription;
    private final Sink sink;
    private final DeliveryLedger ledger;
    private final HubMetrics metrics;
    private final FieldProjection projection;
    /** A batch failing for a transient reason is retried in place this often before its records are tried one by one. */
    static final int ATTEMPTS_BEFORE_ISOLATING = 3;
    private String failingBatch;
    private int failures;

    public SubscriptionDelivery(SubscriptionResource subscription, Sink sink, DeliveryLedger ledger, HubMetrics metrics) {
        this.subscription = subscription;
        this.sink = sink;
        this.ledger = ledger;
        this.metrics = metrics;
        this.projection = new FieldProjection(subscription.fields(), subscription.where());
    }

    public String name() {
        return subscription.name();
    }

    /** Step 1: the batch the Kafka consumer polled, filtered and projected to the subscription's fields. */
    public DeliveryBatch collect(List<Exchange> exchanges) throws RedactedException {
        try {
            return collectOrThrow(exchanges);
        } catch (IOException | RuntimeException e) {
            throw RedactedException.of("Subscription " + name() + " could not read a batch of " + exchanges.size()
                    + " record(s)", e, "The batch is polled again; nothing is committed before it is delivered.");
        }
    }

    private DeliveryBatch collectOrThrow(List<Exchange> exchanges) throws IOException {
        List<DeliveryRecord> records = new ArrayList<>(exchanges.size());
        // The last record of each partition carries the commit for everything before it in that partition.
        Map<Integer, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        DeliveryBudget.Account budget = exchanges.isEmpty() ? null : budgetOf(exchanges.get(0));
        int filtered = 0;
        for (Exchange ex : exchanges) {
            var in = ex.getMessage();
            int partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
            lastPerPartition.put(partition, in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
            CloudEvent event = in.getBody(CloudEvent.class);
            JsonNode data = event == null || event.getData() == null ? null : JSON.readTree(event.getData().toBytes());
            if (data != null && !projection.selects(data)) {
                filtered++;
                continue;
            }
            records.add(new DeliveryRecord(in.getHeader(KafkaConstants.TOPIC, String.class), partition,
                    in.getHeader(KafkaConstants.OFFSET, Long.class), in.getHeader(KafkaConstants.KEY, String.class),
                    event, data == null ? null : projection.project(data)));
        }
        return new DeliveryBatch(records, filtered, () -> {
            lastPerPartition.values().forEach(KafkaManualCommit::commit);
            lastPerPartition.values().stream().findFirst().ifPresent(this::measureLag);
        }, budget);
    }

    /** The budget share of the consumer that polled the exchange, if it polls within one. */
    private static DeliveryBudget.Account budgetOf(Exchange exchange) {
        Object commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
        if (commit instanceof org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit manual
                && manual.getConsumer() instanceof DeliveryBudget.Budgeted budgeted) {
            return budgeted.budgetAccount();
        }
        return null;
    }

    /** Step 2: the sink takes the batch; records it refuses for good become dead letters; outcomes are recorded. */
    public synchronized DeliveryBatch write(DeliveryBatch batch) throws RedactedException {
        try {
            return writeOrThrow(batch);
        } catch (Exception e) {
            // The batch is retried while its records stay in memory; they no longer count against the other
            // subscriptions' budget, so a subscriber that is down does not hold up the rest.
            batch.releaseBudget(true);
            throw RedactedException.of("Subscription " + name() + " could not deliver " + position(batch.records()), e,
                    "The batch is tried again with backoff; nothing is committed before it is delivered.");
        }
    }

    private DeliveryBatch writeOrThrow(DeliveryBatch batch) throws Exception {
        if (batch.records().isEmpty()) {
            return batch;
        }
        List<DeliveryLedger.Entry> outcomes = new ArrayList<>(batch.records().size());
        try {
            sink.write(batch.records());
            batch.records().forEach(r -> outcomes.add(new DeliveryLedger.Entry(r, DeliveryLedger.Outcome.DELIVERED, null)));
            failingBatch = null;
        } catch (Exception batchFailure) {
            boolean permanent = DeliveryFailures.isPermanent(batchFailure);
            if (!permanent) {
                String id = position(batch.records());
                failures = id.equals(failingBatch) ? failures + 1 : 1;
                failingBatch = id;
                if (failures < ATTEMPTS_BEFORE_ISOLATING) {
                    throw batchFailure;
                }
            }
            // Find which records fail by writing one at a time. Rare, so simple beats fast.
            outcomes.addAll(isolate(batch.records(), failures));
            failingBatch = null;
        }
        ledger.record(subscription.name(), subscription.metadata().department(), outcomes);
        measure(outcomes);
        long dead = outcomes.stream().filter(o -> o.outcome() == DeliveryLedger.Outcome.DEAD_LETTERED).count();
        if (dead > 0) {
            LOG.warn("Subscription {}: {} record(s) refused by the subscriber went to the dead letters ({}); the rest "
                    + "were delivered. Fix the cause, then replay them.", subscription.name(), dead, ledgerTopicHint());
        }
        return batch;
    }

    /**
     * Writes records one at a time. A record refused for good is dead-lettered. A record that failed for a transient
     * reason while others went through is tried again between two writes of a record the subscriber already took
     * (sinks are idempotent): only if those succeed and it fails again is it what the subscriber cannot take, and a
     * poison record must not block the subscription. Otherwise the subscriber's system was down, or came back, just
     * then (a webhook's 500s ending, a silent network timing out): the failure is thrown and the batch retried, and
     * no good record is dead-lettered. When nothing went through at all, the system is down: the same.
     */
    private List<DeliveryLedger.Entry> isolate(List<DeliveryRecord> records, int attempts) throws Exception {
        List<DeliveryLedger.Entry> outcomes = new ArrayList<>(records.size());
        List<DeliveryRecord> failedTransiently = new ArrayList<>();
        Exception transientFailure = null;
        DeliveryRecord taken = null;
        for (DeliveryRecord r : records) {
            try {
                sink.write(List.of(r));
                outcomes.add(new DeliveryLedger.Entry(r, DeliveryLedger.Outcome.DELIVERED, null));
                taken = r;
            } catch (Exception recordFailure) {
                if (DeliveryFailures.isPermanent(recordFailure)) {
                    outcomes.add(new DeliveryLedger.Entry(r, DeliveryLedger.Outcome.DEAD_LETTERED, DeliveryFailures.reason(recordFailure)));
                } else {
                    failedTransiently.add(r);
                    transientFailure = recordFailure;
                }
            }
        }
        if (transientFailure != null && taken == null) {
            throw transientFailure;
        }
        for (DeliveryRecord r : failedTransiently) {
            outcomes.add(retryBetween(taken, r, attempts));
        }
        return outcomes;
    }

    /** One more try of {@code suspect}, with {@code witness} written before and after to show the subscriber is up. */
    private DeliveryLedger.Entry retryBetween(DeliveryRecord witness, DeliveryRecord suspect, int attempts) throws Exception {
        sink.write(List.of(witness)); // throws when the system is down again: the batch is retried
        try {
            sink.write(List.of(suspect));
            return new DeliveryLedger.Entry(suspect, DeliveryLedger.Outcome.DELIVERED, null);
        } catch (Exception again) {
            if (DeliveryFailures.isPermanent(again)) {
                return new DeliveryLedger.Entry(suspect, DeliveryLedger.Outcome.DEAD_LETTERED, DeliveryFailures.reason(again));
            }
            try {
                sink.write(List.of(witness));
            } catch (Exception down) {
                throw again; // the system went down meanwhile: nothing is known about the suspect
            }
            return new DeliveryLedger.Entry(suspect, DeliveryLedger.Outcome.DEAD_LETTERED, "Failed " + attempts
                    + " times while other records went through, the last time between two of them: "
                    + DeliveryFailures.reason(again));
        }
    }

    /** Step 3: the sink and the ledger have the batch; move the subscription's consumer group past it. */
    public int commit(DeliveryBatch batch) throws RedactedException {
        if (!batch.records().isEmpty()) {
            io.onceonly.ops.CrashPoint.reached("after-sink-write");
        }
        try {
            batch.commit().run();
        } catch (RuntimeException e) {
            batch.releaseBudget(true);
            throw RedactedException.of("Subscription " + name() + " could not commit " + position(batch.records()), e,
                    "The batch is delivered again after a restart; subscribers' writes are idempotent.");
        }
        batch.releaseBudget(false);
        if (!batch.records().isEmpty()) {
            LOG.info("Subscription {}: delivered {}{}", subscription.name(), batch.records().size(),
                    batch.filtered() > 0 ? ", not selected by where " + batch.filtered() : "");
        }
        return batch.records().size();
    }

    /**
     * Delivers dead letters again, to this subscription's sink only; returns how many the subscriber now took.
     * Runs beside the route, so writes are serialized with it; the JDBC version guard keeps an older replayed
     * version from overwriting a newer one delivered since.
     */
    public synchronized int replay(List<DeliveryRecord> deadLetters) throws RedactedException {
        try {
            return replayOrThrow(deadLetters);
        } catch (Exception e) {
            throw RedactedException.of("Subscription " + name() + " could not replay " + position(deadLetters), e,
                    "Nothing was lost; replay again when the subscriber is up.");
        }
    }

    private int replayOrThrow(List<DeliveryRecord> deadLetters) throws Exception {
        List<DeliveryLedger.Entry> outcomes = new ArrayList<>();
        for (DeliveryRecord r : deadLetters) {
            try {
                sink.replay(List.of(r));
                outcomes.add(new DeliveryLedger.Entry(r, DeliveryLedger.Outcome.REPLAYED, null));
            } catch (Exception e) {
                if (!DeliveryFailures.isPermanent(e)) {
                    throw e;
                }
                outcomes.add(new DeliveryLedger.Entry(r, DeliveryLedger.Outcome.DEAD_LETTERED, DeliveryFailures.reason(e)));
            }
        }
        ledger.record(subscription.name(), subscription.metadata().department(), outcomes);
        measure(outcomes);
        return (int) outcomes.stream().filter(o -> o.outcome() == DeliveryLedger.Outcome.REPLAYED).count();
    }

    /**
     * The consumer's own lag over its partitions, from its position and the last stable offset: exact, since the
     * position moves past transaction markers. Runs on the consumer's thread, right after the commit.
     */
    private void measureLag(KafkaManualCommit commit) {
        if (commit instanceof org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit manual) {
            var consumer = manual.getConsumer();
            long lag = 0;
            for (var tp : consumer.assignment()) {
                lag += consumer.currentLag(tp).orElse(0);
            }
            metrics.lag(subscription.name(), lag);
        }
    }

    private void measure(List<DeliveryLedger.Entry> outcomes) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        Map<DeliveryLedger.Outcome, Integer> counts = new java.util.EnumMap<>(DeliveryLedger.Outcome.class);
        io.micrometer.core.instrument.Timer latency = metrics.deliveryLatency(subscription.name());
        for (DeliveryLedger.Entry e : outcomes) {
            counts.merge(e.outcome(), 1, Integer::sum);
            if (e.outcome() == DeliveryLedger.Outcome.DELIVERED && e.record().event() != null && e.record().event().getTime() != null) {
                java.time.Duration d = java.time.Duration.between(e.record().event().getTime(), now);
                latency.record(d.isNegative() ? java.time.Duration.ZERO : d);
            }
        }
        counts.forEach((outcome, n) -> metrics.delivered(subscription.name(), subscription.metadata().department(),
                outcome.name().toLowerCase().replace('_', '-'), n));
    }

    /** Records by where they are in Kafka, never by content: the first one's topic/partition@offset and how many. */
    private static String position(List<DeliveryRecord> records) {
        if (records.isEmpty()) {
            return "0 records";
        }
        DeliveryRecord first = records.get(0);
        return records.size() + " record(s) from " + first.topic() + "/" + first.partition() + "@" + first.offset();
    }

    private String ledgerTopicHint() {
        return "dead-letter topic, key prefix " + subscription.name() + "|";
    }

    @Override
    public void close() {
        sink.close();
    }
}
