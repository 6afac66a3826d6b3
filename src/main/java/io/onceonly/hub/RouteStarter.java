package io.onceonly.hub;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.api.AccessTokens;
import io.onceonly.connector.http.WebhookSink;
import io.onceonly.config.HubSettings;
import io.onceonly.delivery.DeliveryLedger;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;
import io.onceonly.delivery.SubscriptionDelivery;
import io.onceonly.kafka.GroupPositions;
import io.onceonly.ops.RecentRejects;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.SourceResource;
import io.onceonly.registry.SubscriptionResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.source.SourceConnectors;
import io.onceonly.source.SourcePipeline;

/**
 * Starts and stops the Camel route of one Source or Subscription: its Java bean (a source's pipeline, a
 * subscription's delivery and sink) bound in Camel's registry and its route instantiated from its template.
 */
final class RouteStarter {
    private static final Logger LOG = LoggerFactory.getLogger(RouteStarter.class);

    private final HubSettings settings;
    private final String bootstrap;
    private final SchemaCatalog catalog;
    private final RecentRejects recentRejects;
    private final RouteRuntime runtime;
    private final Map<String, SubscriptionDelivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, SourcePipeline> pipelines = new ConcurrentHashMap<>();
    /** SHA-256 of each push source's token: the token itself is not kept. */
    private final Map<String, byte[]> pushTokenHashes = new ConcurrentHashMap<>();
    private DeliveryLedger ledger;
    /** One HTTP client for every webhook subscription, made with the first: its threads and connections are shared. */
    private HttpClient webhookClient;

    RouteStarter(HubSettings settings, String bootstrap, SchemaCatalog catalog, RecentRejects recentRejects,
                 RouteRuntime runtime) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.catalog = catalog;
        this.recentRejects = recentRejects;
        this.runtime = runtime;
    }

    /** Running sources' pipelines, by source name. */
    Map<String, SourcePipeline> pipelines() {
        return pipelines;
    }

    /** Running subscriptions' deliveries, by subscription name. */
    Map<String, SubscriptionDelivery> deliveries() {
        return deliveries;
    }

    /** The token hash of each push source running here, by source name. */
    Map<String, byte[]> pushTokenHashes() {
        return pushTokenHashes;
    }

    /** Starts the resource's route; returns the bean to close when it stops, or null for a kind that has no route. */
    AutoCloseable start(ResourceKey key, Object resource) throws Exception {
        if (resource instanceof SourceResource source) {
            return startSource(key, source);
        } else if (resource instanceof SubscriptionResource sub) {
            return startSubscription(key, sub);
        }
        return null;
    }

    private SourcePipeline startSource(ResourceKey key, SourceResource source) throws Exception {
        CamelContext camel = runtime.camel().get();
        Map<String, String> options = resolve(source.from());
        SourcePipeline pipeline = SourceConnectors.pipeline(bootstrap, runtime.topics(), source,
                catalog.get(source.schema()), options, settings.sourceBatchSize(), settings.sourcePublishTimeout(),
                runtime.metrics(), recentRejects, runtime.instanceId(), settings.timeZone());
        String bean = key.beanName();
        try {
            camel.getRegistry().bind(bean, SourceConnectors.routeBean(pipeline, options));
            pipelines.put(source.name(), pipeline);
            if (source.type().equals("push")) {
                String token = options.get("token");
                pushTokenHashes.put(source.name(), token.isEmpty() ? new byte[0] : AccessTokens.sha256(token));
            }
            TemplatedRouteBuilder.builder(camel, source.templateId())
                    .routeId(key.routeId())
                    .parameter("source", source.name())
                    .parameter("pipeline", bean)
                    .parameters(new LinkedHashMap<>(SourceConnectors.templateParameters(source)))
                    .add();
        } catch (Exception | LinkageError e) {
            pipelines.remove(source.name());
            pushTokenHashes.remove(source.name());
            camel.getRegistry().unbind(bean);
            pipeline.close();
            throw e;
        }
        LOG.info("Source {} ({}) publishes {} to {}", source.name(), source.type(), source.schema(),
                runtime.topics().schema(source.schema().name(), source.schema().version()));
        return pipeline;
    }

    private SubscriptionDelivery startSubscription(ResourceKey key, SubscriptionResource sub) throws Exception {
        CamelContext camel = runtime.camel().get();
        if (ledger == null) {
            ledger = new DeliveryLedger(bootstrap, runtime.topics());
        }
        SubscriptionDelivery delivery = new SubscriptionDelivery(sub, sink(sub, resolve(sub.to())), ledger,
                runtime.metrics());
        String bean = key.beanName();
        String topic = runtime.topics().schema(sub.schema().name(), sub.schema().version());
        try {
            // The hub places a new group itself; the route runs with auto.offset.reset=none (see GroupPositions).
            GroupPositions.prepare(runtime.kafkaAdmin().get(), runtime.topics().subscriptionGroup(sub.name()), topic,
                    sub.start() == SubscriptionResource.Start.EARLIEST);
            camel.getRegistry().bind(bean, delivery);
            deliveries.put(sub.name(), delivery);
            TemplatedRouteBuilder.builder(camel, sub.templateId())
                    .routeId(key.routeId())
                    .parameter("subscription", sub.name())
                    .parameter("target", bean)
                    .parameter("schemaTopic", topic)
                    .parameter("group", runtime.topics().subscriptionGroup(sub.name()))
                    .parameter("start", "none")
                    .parameter("batchSize", Integer.toString(settings.deliveryBatchSize()))
                    .parameter("pollTimeout", Long.toString(settings.deliveryPollTimeout().toMillis()))
                    .parameters(new LinkedHashMap<>(sub.to()))
                    .add();
        } catch (Exception | LinkageError e) {
            deliveries.remove(sub.name());
            camel.getRegistry().unbind(bean);
            delivery.close();
            throw e;
        }
        LOG.info("Subscription {} ({}) receives {} from {}", sub.name(), sub.type(), sub.fields(), topic);
        return delivery;
    }

    /** Stops a route (its batch in flight finishes and commits first), removes it and closes what it used. */
    void stop(ResourceKey key, AutoCloseable bean) {
        CamelContext camel = runtime.camel().get();
        try {
            camel.getRouteController().stopRoute(key.routeId());
            camel.removeRoute(key.routeId());
        } catch (Exception e) {
            LOG.warn("Route {} did not stop cleanly: {}", key.routeId(), RedactedException.describe(e));
        }
        camel.getRegistry().unbind(key.beanName());
        pipelines.remove(key.name());
        pushTokenHashes.remove(key.name());
        deliveries.remove(key.name());
        runtime.metrics().routeGone(key.routeId());
        runtime.routeFailures().forget(key.routeId());
        try {
            bean.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", key, RedactedException.describe(e));
        }
        LOG.info("{} stopped on this instance", key);
    }

    Sink sink(SubscriptionResource sub, Map<String, String> to) {
        return SinkConnector.open(sub.type(), new SinkConnector.Context(sub.name(), catalog.get(sub.schema()),
                sub.fields(), bootstrap, this::webhookClient, settings.timeZone()), to);
    }

    private synchronized HttpClient webhookClient() {
        if (webhookClient == null) {
            webhookClient = WebhookSink.newClient();
        }
        return webhookClient;
    }

    /** Option values with {{env:NAME}} and {{property}} references resolved, for the Java side of connectors. */
    private Map<String, String> resolve(Map<String, String> options) {
        Map<String, String> resolved = new LinkedHashMap<>();
        options.forEach((k, v) -> resolved.put(k, runtime.camel().get().resolvePropertyPlaceholders(v)));
        return resolved;
    }

    void closeLedger() {
        if (ledger != null) {
            ledger.close();
        }
    }}
