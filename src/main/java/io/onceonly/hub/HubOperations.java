package io.onceonly.hub;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.api.AccessTokens;
import io.onceonly.api.ResourceOperations;
import io.onceonly.api.SchemaDirectory;
import io.onceonly.api.SourceOperations;
import io.onceonly.api.SubscriptionOperations;
import io.onceonly.api.UnavailableException;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.delivery.SubscriptionDelivery;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.RegistryStore;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.connector.push.PushedRecords;
import io.onceonly.source.RawBatch;
import io.onceonly.source.SourcePipeline;
import io.onceonly.source.SourcePosition;
import io.onceonly.source.SourcePositions;

/**
 * What the admin API asks of the hub: resources applied, deleted, paused, resumed and restarted through the
 * registry (so every instance follows), a source's position and rejects, pushed records, and dead letters.
 */
final class HubOperations implements ResourceOperations, SourceOperations, SubscriptionOperations, SchemaDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(HubOperations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Reconciler reconciler;
    private final RouteStatus status;
    private final SourcePositions positions;
    private final String bootstrap;
    private final Topics topics;
    private final SchemaCatalog catalog;
    private final RouteTemplates templates;
    private final Supplier<CamelContext> camel;
    private final HubMetrics metrics;
    private final RecentRejects recentRejects;
    private final int maxRecordsPerPush;

    HubOperations(Reconciler reconciler, RouteStatus status, String bootstrap, Topics topics, SchemaCatalog catalog,
                  RouteTemplates templates, Supplier<CamelContext> camel, HubMetrics metrics, RecentRejects recentRejects,
                  int maxRecordsPerPush) {
        this.reconciler = reconciler;
        this.status = status;
        this.positions = new SourcePositions(bootstrap, topics);
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.catalog = catalog;
        this.templates = templates;
        this.camel = camel;
        this.metrics = metrics;
        this.recentRejects = recentRejects;
        this.maxRecordsPerPush = maxRecordsPerPush;
    }

    @Override
    public Map<String, RegistryEntry> entries() {
        return reconciler.entries();
    }

    /** Checks a resource as part of the whole registry, then writes it; returns the problems instead when any. */
    @Override
    public List<String> apply(ResourceDocument doc, String by) {
        RegistryStore registry = reconciler.registry();
        String key = doc.key();
        Map<String, RegistryEntry> next = new LinkedHashMap<>(registry.snapshot());
        RegistryEntry current = next.get(key);
        RegistryEntry entry = current == null ? RegistryEntry.of(doc, by, "api")
                : current.withResource(doc.document(), by, "api");
        next.put(key, entry);
        ResourceLoader.Checked checked = ResourceLoader.checkEach(
                next.values().stream().map(e -> e.key().equals(key) ? doc : e.document()).toList(), catalog, templates);
        List<String> problems = checked.problems().getOrDefault(key, List.of());
        if (!problems.isEmpty()) {
            return problems;
        }
        if (current == null || !current.resource().equals(doc.document())) {
            registry.put(entry);
        }
        reconciler.reconcile(registry.snapshot());
        return List.of();
    }

    @Override
    public void delete(ResourceKey key, String by) {
        existing(key);
        reconciler.registry().delete(key.toString(), by);
        reconciler.reconcile(reconciler.registry().snapshot());
    }

    /**
     * Pauses or resumes a resource on every instance: the target state is written to the registry. Pausing stops
     * the route (the batch in flight finishes and commits); a subscription's group and a source's position stay.
     */
    @Override
    public void setPaused(ResourceKey key, boolean paused, String by) {
        RegistryEntry entry = existing(key);
        if (entry.paused() != paused) {
            reconciler.registry().put(entry.withPaused(paused, by));
        }
        reconciler.reconcile(reconciler.registry().snapshot());
    }

    /** Restarts a resource wherever it runs. */
    @Override
    public void restart(ResourceKey key, String by) {
        reconciler.registry().put(existing(key).restarted(by));
        reconciler.reconcile(reconciler.registry().snapshot());
    }

    private RegistryEntry existing(ResourceKey key) {
        RegistryEntry entry = entry(key);
        if (entry == null) {
            throw new io.onceonly.registry.UnknownResourceException("There is no " + key.kind() + " '" + key.name() + "'.");
        }
        return entry;
    }

    @Override
    public Map<String, Object> localStatus(ResourceKey key) {
        return status.localStatus(key);
    }

    @Override
    public List<Map<String, Object>> instanceStatus(ResourceKey key) {
        return status.instanceStatus(key);
    }

    @Override
    public Map<String, Object> overview() {
        return Overview.of(reconciler.registrations(), status, this, metrics, recentRejects);
    }

    @Override
    public Map<String, String> position(String source) {
        SourcePosition position = positions.read(source);
        return position == null ? null : position.values();
    }

    /** Forgets where a paused source is; when resumed it reads from the start and publishes only what changed. */
    @Override
    public void resetPosition(String source, String by) {
        positions.reset(source);
        LOG.info("Source {}: position reset by {}", source, by);
    }

    /** The latest rejects of some sources from the rejects topic, newest first. */
    @Override
    public List<Map<String, Object>> rejects(Set<String> sources, int limit) {
        ArrayDeque<Map<String, Object>> latest = new ArrayDeque<>();
        TopicReader.readToEnd(bootstrap, topics.rejects(), r -> {
            if (r.key() != null && sources.contains(r.key()) && r.value() != null) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> reject = JSON.readValue(r.value(), Map.class);
                    reject.put("position", r.topic() + "/" + r.partition() + "@" + r.offset());
                    reject.put("time", Instant.ofEpochMilli(r.timestamp()).toString());
                    latest.addFirst(reject);
                    if (latest.size() > limit) {
                        latest.removeLast();
                    }
                } catch (java.io.IOException e) {
                    LOG.debug("Unreadable reject at {}@{} skipped", r.partition(), r.offset());
                }
            }
        });
        List<Map<String, Object>> sorted = new ArrayList<>(latest);
        sorted.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("time")).reversed());
        return sorted;
    }

    @Override
    public Set<String> pushSources() {
        return reconciler.pushTokenHashes().keySet();
    }

    @Override
    public boolean isPushToken(String source, String bearerToken) {
        byte[] hash = reconciler.pushTokenHashes().get(source);
        return hash != null && MessageDigest.isEqual(hash, AccessTokens.sha256(bearerToken));
    }

    @Override
    public int maxRecordsPerPush() {
        return maxRecordsPerPush;
    }

    /** Through the source's route, so a paused source takes nothing and its errors are retried like any other. */
    @Override
    public Map<String, Object> push(String source, List<Map<String, Object>> records) throws UnavailableException {
        ResourceKey key = ResourceKey.source(source);
        SourcePipeline pipeline = reconciler.pipelines().get(source);
        String requestId = UUID.randomUUID().toString();
        String idField = pipeline.source().from().get("idField");
        RawBatch batch = PushedRecords.batch(records, idField, requestId);
        // A source whose last request failed (Kafka away) is FAILED yet must take the next one: each request is a new
        // attempt, and refusing it unseen would leave the source failed for good. Paused or stopped ones take none.
        if (reconciler.paused(key) || camel.get().getRouteController().getRouteStatus(key.routeId()) != ServiceStatus.Started) {
            throw new UnavailableException("Source " + source + " is " + status.status(key)
                    + "; nothing was published. Send the records again when it runs.", null);
        }
        try (var producer = camel.get().createProducerTemplate()) {
            SourcePipeline.Processed processed = producer.requestBody("direct:" + key.routeId() + "?block=false",
                    batch, SourcePipeline.Processed.class);
            return PushedRecords.answer(source, requestId, batch, processed);
        } catch (Exception e) {
            Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Source {}: a pushed request of {} record(s) was not published: {}", source, records.size(),
                    cause.getClass().getSimpleName());
            throw new UnavailableException("The records could not be published (" + cause.getClass().getSimpleName()
                    + "); nothing of this request was published. Send it again later.", cause);
        }
    }

    /** The dead letters of a subscription that wait for a replay. */
    @Override
    public List<DeadLetters.DeadLetter> deadLetters(String subscription) {
        existing(ResourceKey.subscription(subscription));
        return DeadLetters.pending(bootstrap, topics, subscription);
    }

    /** Delivers a subscription's dead letters again, to that subscriber only; returns how many it now took. */
    @Override
    public int replayDeadLetters(String subscription) throws Exception {
        List<DeadLetters.DeadLetter> letters = deadLetters(subscription);
        SubscriptionDelivery delivery = reconciler.deliveries().get(subscription);
        if (delivery == null) {
            throw new IllegalStateException("Subscription " + subscription + " is " + status.status(ResourceKey.subscription(subscription))
                    + " on this instance, so its dead letters cannot be replayed here. Resume it first");
        }
        int replayed = delivery.replay(letters.stream().map(DeadLetters.DeadLetter::record).toList());
        LOG.info("Subscription {}: replayed {} of {} dead letter(s)", subscription, replayed, letters.size());
        return replayed;
    }

    @Override
    public SchemaCatalog catalog() {
        return catalog;
    }

    @Override
    public String topicOf(SchemaId schema) {
        return topics.schema(schema.name(), schema.version());
    }
}
