package io.onceonly.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The hub's meters, in one place so names and tags stay consistent: lowercase dotted names under {@code onceonly.},
 * no units or "total" in names (the Prometheus naming convention adds them), and only bounded tag values (source,
 * subscription, department, schema, outcome, reason class); never a record id, a person's data or a message.
 */
public final class HubMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastRecord = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

    public HubMetrics() {
        // Two of Micrometer's processor meters break Prometheus naming rules (promtool flags them); the usage
        // gauges beside them say the same.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        // Kafka's clients name some metrics with units (io-time-ns, start-time-ms), end others in "count", and leave
        // per-node latencies undescribed; promtool refuses these. The rates and totals beside them stay.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && (id.getName().matches(".*\\.(ns|ms)(\\..*)?") || id.getName().endsWith(".connection.count")
                || id.getName().startsWith("kafka.producer.node.") || id.getName().startsWith("kafka.consumer.node."))));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * The Kafka client's own metrics (request rates, latencies, records lag, buffer use) as meters, tagged with its
     * client id; closing the returned handle removes them.
     */
    public AutoCloseable bindKafkaClient(Object client) {
        io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics binder;
        if (client instanceof org.apache.kafka.clients.producer.Producer<?, ?> p) {
            binder = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(p);
        } else if (client instanceof org.apache.kafka.clients.consumer.Consumer<?, ?> c) {
            binder = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(c);
        } else {
            throw new IllegalArgumentException("Not a Kafka client: " + client.getClass().getName());
        }
        binder.bindTo(registry);
        return binder::close;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** One source batch: records by outcome (read = published + unchanged + rejected) and how long the poll took. */
    public void sourceBatch(String source, String department, String schema, int published, int unchanged,
                            Map<String, Integer> rejectedByReason, int deleted, Duration took) {
        Tags tags = Tags.of("source", source, "department", department, "schema", schema);
        String help = "Records read from department systems, by outcome: published, unchanged or rejected (with the rule broken)";
        count("onceonly.source.records", help, tags.and("outcome", "published"), published);
        count("onceonly.source.records", help, tags.and("outcome", "unchanged"), unchanged);
        rejectedByReason.forEach((reason, n) -> count("onceonly.source.records", help,
                tags.and("outcome", "rejected").and("reason", reason), n));
        if (deleted > 0) {
            count("onceonly.source.deletions", "Entities gone from a source that reads in full, published as tombstones",
                    tags, deleted);
        }
        Timer.builder("onceonly.source.poll").description("Time to read, normalize and publish one batch")
                .tags(Tags.of("source", source)).register(registry).record(took);
        sourceAlive(source, department);
        if (published > 0) {
            stampNow(lastRecord, "onceonly.source.last.record",
                    "When the source last published a new or changed record, in seconds since the epoch", source, department);
        }
    }

    /** Records delivered (or dead-lettered, or replayed) by one subscription. */
    public void delivered(String subscription, String department, String outcome, int n) {
        count("onceonly.delivery.records", "Records written to subscribers, by outcome: delivered, dead-lettered or replayed",
                Tags.of("subscription", subscription, "department", department, "outcome", outcome), n);
    }

    /**
     * From the record's publication ({@code ce_time}) to the sink's acknowledgement. Looked up once per batch and
     * recorded per record: finding a meter builds its id and tags, which costs more than recording.
     */
    public Timer deliveryLatency(String subscription) {
        return Timer.builder("onceonly.delivery.latency").description("From publication to the subscriber's acknowledgement")
                .tags(Tags.of("subscription", subscription)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** 1 while a route runs (or is paused by an operator), 0 when it stopped or failed. */
    public void routeUp(String routeId, java.util.function.BooleanSupplier up) {
        Gauge.builder("onceonly.route.up", () -> up.getAsBoolean() ? 1 : 0)
                .description("Whether the route is running (1) or not (0)").tags(Tags.of("route", routeId)).register(registry);
    }

    /**
     * The source was able to take records just now: it completed a poll, or (pushed and message-driven sources,
     * which have no polls) its route is running and taking requests.
     */
    public void sourceAlive(String source, String department) {
        stampNow(lastSuccess, "onceonly.source.last.success",
                "When the source last completed a poll, or for pushed sources last was ready to take records, in seconds since the epoch",
                source, department);
    }

    /** Sets a source's seconds-since-the-epoch gauge to now, registering the gauge the first time. */
    private void stampNow(Map<String, AtomicLong> stamps, String name, String description, String source, String department) {
        stamps.computeIfAbsent(source, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).baseUnit("seconds")
                    .tags(Tags.of("source", source, "department", department)).register(registry);
            return value;
        }).set(Instant.now().getEpochSecond());
    }

    /** A deleted resource's route is gone, not down: its gauge goes too, so no alert fires for it. */
    public void routeGone(String routeId) {
        Gauge gauge = registry.find("onceonly.route.up").tag("route", routeId).gauge();
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** Records on the schema topic the subscription has not committed yet. */
    public void lag(String subscription, long records) {
        lag.computeIfAbsent(subscription, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("onceonly.delivery.lag", value, AtomicLong::get)
                    .description("Records shared but not yet delivered to the subscription")
                    .baseUnit("records").tags(Tags.of("subscription", subscription)).register(registry);
            return value;
        }).set(records);
    }

    private void count(String name, String help, Tags tags, long n) {
        Counter counter = Counter.builder(name).description(help).tags(tags).register(registry);
        if (n > 0) {
            counter.increment(n);
        }
    }
}
