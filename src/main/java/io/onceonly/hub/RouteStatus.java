package io.onceonly.hub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.api.HealthProbe;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.SubscriptionResource;
import io.onceonly.source.SourcePipeline;

/**
 * What state each resource is in, here and on every instance (RUNNING, PAUSED, FAILED, UNASSIGNED ...), the lag
 * of paused subscriptions, and the status reports other instances read.
 */
final class RouteStatus implements HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(RouteStatus.class);

    private final Reconciler reconciler;
    private final RouteRuntime runtime;
    private volatile StatusReporter statusReporter;

    RouteStatus(Reconciler reconciler, RouteRuntime runtime) {
        this.reconciler = reconciler;
        this.runtime = runtime;
    }

    /** From now on this instance's states are reported (once the registry is followed). */
    void reportTo(StatusReporter statusReporter) {
        this.statusReporter = statusReporter;
    }

    /** This instance's view of a resource: RUNNING, PAUSED, FAILED (with why and since when), or UNASSIGNED. */
    Map<String, Object> localStatus(ResourceKey key) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("instance", runtime.instanceId());
        RouteFailures.Failure failure = reconciler.failure(key);
        if (failure == null && reconciler.runs(key)) {
            failure = runtime.routeFailures().of(key.routeId());
        }
        if (failure != null) {
            status.put("state", "FAILED");
            status.put("error", failure.error());
            status.put("since", failure.since().toString());
        } else {
            status.put("state", status(key));
        }
        return status;
    }

    /** A route's status as operators read it: RUNNING, PAUSED (by an operator), FAILED, UNASSIGNED (another instance runs it) or STOPPED. */
    String status(ResourceKey key) {
        String routeId = key.routeId();
        if (reconciler.paused(key)) {
            return "PAUSED";
        }
        if (reconciler.failure(key) != null || runtime.routeFailures().of(routeId) != null) {
            return "FAILED";
        }
        var status = runtime.camel().get().getRouteController().getRouteStatus(routeId);
        if (status == null) {
            return reconciler.entries().containsKey(key.toString()) && key.isSource() ? "UNASSIGNED" : "UNKNOWN";
        }
        return switch (status) {
            case Started -> "RUNNING";
            case Suspended, Suspending -> "PAUSED";
            case Starting -> "STARTING";
            default -> "STOPPED";
        };
    }

    /** Every instance's last reported state of a resource, this instance's brought up to date first. */
    List<Map<String, Object>> instanceStatus(ResourceKey key) {
        reportStatus();
        return statusReporter.read(key.toString());
    }

    @Override
    public Map<String, String> routeStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        runtime.camel().get().getRoutes()
                .forEach(r -> status.put(r.getRouteId(), status(ResourceKey.ofRoute(r.getRouteId()))));
        return status;
    }

    @Override
    public boolean kafkaReachable() {
        try {
            return !runtime.kafkaAdmin().get().describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public boolean registryLoaded() {
        return reconciler.registryLoaded();
    }

    void reportStatus() {
        StatusReporter reporter = statusReporter;
        if (reporter == null) {
            return; // the registry is not followed yet
        }
        // Sources that wait to be given records have no polls to time; running is their sign of life.
        for (SourcePipeline p : reconciler.pipelines().values()) {
            String type = p.source().type();
            if ((type.equals("push") || type.equals("camel")) && "RUNNING".equals(status(ResourceKey.source(p.name())))) {
                runtime.metrics().sourceAlive(p.name(), p.source().metadata().department());
            }
        }
        try {
            reporter.report(List.copyOf(reconciler.entries().keySet()), key -> localStatus(ResourceKey.parse(key)));
        } catch (RuntimeException e) {
            LOG.debug("Status report skipped: {}", e.getMessage());
        }
    }

    /**
     * The lag of paused subscriptions, whose consumers are closed: records on the schema topic past the group's
     * committed offsets. Running subscriptions report their consumer's exact lag after each batch.
     */
    void probeLag() {
        for (SubscriptionResource sub : reconciler.registrations().subscriptions()) {
            if (!reconciler.paused(ResourceKey.subscription(sub.name()))) {
                continue;
            }
            try {
                String topic = runtime.topics().schema(sub.schema().name(), sub.schema().version());
                Admin admin = runtime.kafkaAdmin().get();
                var committed = admin.listConsumerGroupOffsets(runtime.topics().subscriptionGroup(sub.name()))
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                        .get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all().get(5, TimeUnit.SECONDS);
                long lag = 0;
                for (var tp : partitions) {
                    var done = committed.get(tp);
                    long gap = ends.get(tp).offset() - (done == null ? 0 : done.offset());
                    // Each source transaction ends with a commit marker that takes an offset but is never delivered,
                    // so this may over-count by the markers after the last committed record.
                    lag += Math.max(0, gap - 1);
                }
                runtime.metrics().lag(sub.name(), lag);
            } catch (Exception e) {
                LOG.debug("Lag of subscription {} unknown for now: {}", sub.name(), RedactedException.describe(e));
            }
        }
    }
}
