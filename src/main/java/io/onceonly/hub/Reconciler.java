package io.onceonly.hub;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.delivery.SubscriptionDelivery;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.LogSafe;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.RegistryStore;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.source.SourcePipeline;

/**
 * Makes what runs on this instance match the registry: the route of each Source and Subscription this instance
 * should run is started (and tried again when its start failed), and stopped when it should no longer run here.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final SchemaCatalog catalog;
    private final RouteTemplates templates;
    private final RouteStarter routes;
    private final HubMetrics metrics;
    /** A route's state as operators read it (RUNNING, PAUSED, FAILED ...), for its up gauge. */
    private final Function<ResourceKey, String> status;

    /** What runs on this instance, by registry key: the entry it was started from and its bean. */
    private final Map<ResourceKey, Running> running = new LinkedHashMap<>();
    /** Registry entries that cannot run, by key: why, and since when. */
    private final Map<String, RouteFailures.Failure> invalid = new ConcurrentHashMap<>();
    /** Resources that are valid but failed to start here, by key; tried again every 30 s and on every change. */
    private final Map<String, RouteFailures.Failure> startFailures = new ConcurrentHashMap<>();
    private volatile Map<String, RegistryEntry> entries = Map.of();
    private volatile Registrations registrations = new Registrations(List.of(), List.of());
    private volatile RegistryStore registry;
    private volatile SourceAssignment assignment;
    private volatile boolean closing;

    /** One resource running on this instance. */
    private record Running(RegistryEntry entry, ResourceKey key, AutoCloseable bean) {
    }

    Reconciler(SchemaCatalog catalog, RouteTemplates templates, RouteStarter routes, HubMetrics metrics,
               Function<ResourceKey, String> status) {
        this.catalog = catalog;
        this.templates = templates;
        this.routes = routes;
        this.metrics = metrics;
        this.status = status;
    }

    /** Sources are placed by the hub group: set before the registry is followed, as a source's start asks it. */
    void assignment(SourceAssignment assignment) {
        this.assignment = assignment;
    }

    void registry(RegistryStore registry) {
        this.registry = registry;
    }

    RegistryStore registry() {
        return registry;
    }

    boolean registryLoaded() {
        return registry != null && registry.loaded();
    }

    /** Reconciles with the registry as it is now, once it has been read. */
    void reconcileLoaded() {
        if (registryLoaded()) {
            reconcile(registry.snapshot());
        }
    }

    Map<String, RegistryEntry> entries() {
        return entries;
    }

    Registrations registrations() {
        return registrations;
    }

    Map<String, SourcePipeline> pipelines() {
        return routes.pipelines();
    }

    Map<String, SubscriptionDelivery> deliveries() {
        return routes.deliveries();
    }

    Map<String, byte[]> pushTokenHashes() {
        return routes.pushTokenHashes();
    }

    boolean paused(ResourceKey key) {
        RegistryEntry entry = entries.get(key.toString());
        return entry != null && entry.paused();
    }

    /** Why a resource cannot run or did not start here, or null when neither. */
    RouteFailures.Failure failure(ResourceKey key) {
        return invalid.getOrDefault(key.toString(), startFailures.get(key.toString()));
    }

    boolean runs(ResourceKey key) {
        return running.containsKey(key);
    }

    /** A database or broker that was down when a resource started may be up now. */
    void retryFailedStarts() {
        if (!startFailures.isEmpty() && registryLoaded()) {
            try {
                reconcile(registry.snapshot());
            } catch (RuntimeException e) {
                LOG.warn("Retrying resources that failed to start did not complete: {}", RedactedException.describe(e));
            }
        }
    }

    /**
     * Makes what runs here match the registry: resources deleted, changed, paused, or (sources) no longer assigned
     * to this instance are stopped; new, changed, resumed and newly assigned ones are started.
     */
    synchronized void reconcile(Map<String, RegistryEntry> wanted) {
        if (closing) {
            return;
        }
        entries = wanted;
        List<ResourceDocument> docs = wanted.values().stream().map(RegistryEntry::document).toList();
        ResourceLoader.Checked checked = ResourceLoader.checkEach(docs, catalog, templates);
        registrations = checked.registrations();
        invalid.keySet().retainAll(checked.problems().keySet());
        startFailures.keySet().retainAll(wanted.keySet());
        checked.problems().forEach((key, problems) -> invalid.computeIfAbsent(key,
                k -> new RouteFailures.Failure(String.join("; ", problems), Instant.now())));
        Map<ResourceKey, Object> resources = new LinkedHashMap<>();
        registrations.sources().forEach(r -> resources.put(ResourceKey.source(r.name()), r));
        registrations.subscriptions().forEach(r -> resources.put(ResourceKey.subscription(r.name()), r));

        for (ResourceKey key : List.copyOf(running.keySet())) {
            RegistryEntry entry = wanted.get(key.toString());
            if (!shouldRun(key, entry, resources.get(key)) || !running.get(key).entry().equals(withoutAudit(entry))) {
                routes.stop(key, running.remove(key).bean());
            }
        }
        for (Map.Entry<ResourceKey, Object> r : resources.entrySet()) {
            ResourceKey key = r.getKey();
            RegistryEntry entry = wanted.get(key.toString());
            if (!shouldRun(key, entry, r.getValue())) {
                startFailures.remove(key.toString()); // paused or polled elsewhere: nothing to start here
            } else if (!running.containsKey(key)) {
                try {
                    start(key, entry, r.getValue());
                    startFailures.remove(key.toString());
                } catch (Exception | LinkageError e) {
                    startFailed(key, e);
                }
            }
        }
    }

    private void startFailed(ResourceKey key, Throwable e) {
        // A configuration problem's message is written to be shown; anything else is described safely.
        String why = e instanceof LogSafe ? e.getMessage() : RedactedException.describe(e);
        RouteFailures.Failure earlier = startFailures.get(key.toString());
        startFailures.put(key.toString(), new RouteFailures.Failure(why, earlier == null ? Instant.now() : earlier.since()));
        if (earlier == null || !earlier.error().equals(why)) {
            LOG.error("{} cannot start: {} It is tried again every 30 s; fix the resource and apply it again "
                    + "if the cause is in it.", key, why);
            LOG.debug("{} start failure", key, e);
        }
    }

    private boolean shouldRun(ResourceKey key, RegistryEntry entry, Object resource) {
        if (entry == null || resource == null || entry.paused()) {
            return false;
        }
        if (!key.isSource()) {
            return true;
        }
        SourceResource source = (SourceResource) resource;
        // Pushes may arrive at any instance, so push sources run on all of them (each with its own producer).
        return source.type().equals("push") || assignment.owns(source.name());
    }

    /** The parts of an entry that decide how it runs; who changed it last does not. */
    private static RegistryEntry withoutAudit(RegistryEntry e) {
        return e == null ? null : new RegistryEntry(e.resource(), e.paused(), e.generation(), null, null, null);
    }

    private void start(ResourceKey key, RegistryEntry entry, Object resource) throws Exception {
        AutoCloseable bean = routes.start(key, resource);
        if (bean == null) {
            return;
        }
        running.put(key, new Running(withoutAudit(entry), key, bean));
        metrics.routeUp(key.routeId(), () -> List.of("RUNNING", "PAUSED").contains(status.apply(key)));
    }

    /** From now on the registry's changes start nothing: the hub is closing. */
    void stopFollowing() {
        closing = true;
    }

    /** Closes every route's bean, once Camel has stopped the routes (in-flight batches finished and committed). */
    void closeBeans() {
        for (Running r : running.values()) {
            try {
                r.bean().close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", r.key().routeId(), RedactedException.describe(e));
            }
        }
        running.clear();
    }

    void closeLedger() {
        routes.closeLedger();
    }
}
