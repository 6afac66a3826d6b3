package io.onceonly.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onceonly.api.SubscriptionOperations;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.SourceResource;
import io.onceonly.registry.SubscriptionResource;

/**
 * What the dashboard shows, gathered from this instance's meters and registrations: the burden ledger (records
 * shared, deliveries made, re-entries avoided), each department's sources and subscriptions with status and
 * counts, the latest rejects and the pending dead letters.
 */
final class Overview {
    private Overview() {
    }

    static Map<String, Object> of(Registrations registrations, RouteStatus status, SubscriptionOperations subscriptions,
                                  HubMetrics metrics, RecentRejects rejects) {
        PrometheusMeterRegistry registry = metrics.registry();
        Map<String, Department> departments = new TreeMap<>();
        long shared = 0;
        long deliveries = 0;
        for (SourceResource s : registrations.sources()) {
            long published = count(registry, "onceonly.source.records", "source", s.name(), "published");
            long unchanged = count(registry, "onceonly.source.records", "source", s.name(), "unchanged");
            long rejected = count(registry, "onceonly.source.records", "source", s.name(), "rejected");
            Gauge last = registry.find("onceonly.source.last.success").tag("source", s.name()).gauge();
            Gauge lastRecord = registry.find("onceonly.source.last.record").tag("source", s.name()).gauge();
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("name", s.name());
            source.put("schema", s.schema().toString());
            source.put("status", status.status(ResourceKey.source(s.name())));
            source.put("published", published);
            source.put("unchanged", unchanged);
            source.put("rejected", rejected);
            source.put("lastPoll", last == null ? null : Instant.ofEpochSecond((long) last.value()).toString());
            source.put("lastRecord", lastRecord == null ? null : Instant.ofEpochSecond((long) lastRecord.value()).toString());
            departments.computeIfAbsent(s.metadata().department(), Department::new).sources.add(source);
            shared += published;
        }
        List<Map<String, Object>> deadLetters = new ArrayList<>();
        for (SubscriptionResource s : registrations.subscriptions()) {
            long delivered = count(registry, "onceonly.delivery.records", "subscription", s.name(), "delivered")
                    + count(registry, "onceonly.delivery.records", "subscription", s.name(), "replayed");
            Gauge lag = registry.find("onceonly.delivery.lag").tag("subscription", s.name()).gauge();
            List<DeadLetters.DeadLetter> pending = subscriptions.deadLetters(s.name());
            Map<String, Object> sub = new LinkedHashMap<>();
            sub.put("name", s.name());
            sub.put("schema", s.schema().toString());
            sub.put("sink", s.type());
            sub.put("status", status.status(ResourceKey.subscription(s.name())));
            sub.put("delivered", delivered);
            sub.put("lag", lag == null ? null : (long) lag.value());
            sub.put("deadLetters", pending.size());
            Department dept = departments.computeIfAbsent(s.metadata().department(), Department::new);
            dept.subscriptions.add(sub);
            dept.reentriesAvoided += delivered;
            deliveries += delivered;
            for (DeadLetters.DeadLetter d : pending.stream().limit(10).toList()) {
                deadLetters.add(Map.of("subscription", s.name(), "key", d.record().key(), "reason", d.reason(), "time", d.time()));
            }
        }
        List<Map<String, Object>> depts = new ArrayList<>();
        departments.values().forEach(d -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", d.name);
            out.put("sources", d.sources);
            out.put("subscriptions", d.subscriptions);
            out.put("reentriesAvoided", d.reentriesAvoided);
            depts.add(out);
        });
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("time", Instant.now().toString());
        // Each delivery is a record a subscriber's staff would otherwise have typed in again.
        overview.put("ledger", Map.of("recordsShared", shared, "deliveriesMade", deliveries, "reentriesAvoided", deliveries));
        overview.put("departments", depts);
        overview.put("rejects", rejects.latest(10).stream().map(r -> Map.of("source", r.source(), "department",
                r.department(), "record", r.sourceRecord(), "reason", r.reason(), "time", r.time().toString())).toList());
        overview.put("deadLetters", deadLetters);
        return overview;
    }

    /** One department's part of the page. */
    private static final class Department {
        final String name;
        final List<Map<String, Object>> sources = new ArrayList<>();
        final List<Map<String, Object>> subscriptions = new ArrayList<>();
        long reentriesAvoided;

        Department(String name) {
            this.name = name;
        }
    }

    private static long count(PrometheusMeterRegistry registry, String name, String tag, String value, String outcome) {
        return (long) registry.find(name).tag(tag, value).tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
