package io.onceonly.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.api.AdminServer;
import io.onceonly.config.Durations;
import io.onceonly.config.HubSettings;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.delivery.DeliveryLedger;
import io.onceonly.delivery.FileExportSink;
import io.onceonly.delivery.JdbcUpsertSink;
import io.onceonly.delivery.KafkaTopicSink;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SubscriptionDelivery;
import io.onceonly.delivery.WebhookSink;
import io.onceonly.normalize.DomainTypes;
import io.onceonly.kafka.EmbeddedKafkaBroker;
import io.onceonly.kafka.TopicAdmin;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.ImpactAnalysis;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.registry.SubscriptionResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaCatalogException;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.source.SourcePipeline;

/**
 * A running hub: the embedded broker (only when no cluster is configured), the schema catalog, the registrations,
 * and a Camel route per Source and Subscription instantiated from the templates in routes/. Everything is checked
 * before anything starts, so the hub never runs half-configured.
 */
public final class OnceOnlyHub implements AdminServer.Hub, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnceOnlyHub.class);

    private final HubSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Topics topics;
    private final SchemaCatalog catalog;
    private final Registrations registrations;
    private final Main main;
    private final List<AutoCloseable> beans = new ArrayList<>();
    private DeliveryLedger ledger;
    private final Map<String, SubscriptionDelivery> deliveries = new LinkedHashMap<>();
    private final Set<String> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private AdminServer http;
    private final HubMetrics metrics = new HubMetrics();
    private final RecentRejects recentRejects = new RecentRejects();
    private final java.util.concurrent.ScheduledExecutorService lagProbe = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "onceonly-lag-probe");
                t.setDaemon(true);
                return t;
            });
    private Admin kafkaAdmin;

    private OnceOnlyHub(HubSettings settings, EmbeddedKafkaBroker broker, String bootstrap, SchemaCatalog catalog,
                        Registrations registrations, Main main) {
        this.settings = settings;
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.topics = new Topics(settings.topicPrefix());
        this.catalog = catalog;
        this.registrations = registrations;
        this.main = main;
    }

    /**
     * Checks the configuration, then starts the hub.
     *
     * @param properties extra Camel properties that registrations may reference as {{name}} (the demo uses them)
     */
    public static OnceOnlyHub start(HubSettings settings, Map<String, String> properties) throws Exception {
        // Check everything offline first: a bad registration must not leave a broker or routes behind.
        SchemaCatalog catalog = loadCatalog(settings);
        RouteTemplates templates = RouteTemplates.load(settings.routesDir());
        Registrations registrations = ResourceLoader.load(settings.connectorsDir(), catalog, templates);

        EmbeddedKafkaBroker broker = null;
        String bootstrap;
        if (settings.kafkaBootstrap().isPresent()) {
            bootstrap = settings.kafkaBootstrap().get();
        } else {
            broker = EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaEmbeddedPort());
            bootstrap = broker.bootstrapServers();
        }
        Main main = new Main();
        OnceOnlyHub hub = new OnceOnlyHub(settings, broker, bootstrap, catalog, registrations, main);
        try {
            hub.createTopics();
            hub.startCamel(properties);
            hub.startRoutes();
            hub.startHttp();
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    private void startHttp() throws Exception {
        kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000));
        String token = settings.apiOperatorToken() == null ? "" : camel().resolvePropertyPlaceholders(settings.apiOperatorToken());
        camel().getRoutes().forEach(r -> metrics.routeUp(r.getRouteId(),
                () -> List.of("RUNNING", "PAUSED").contains(status(r.getRouteId()))));
        lagProbe.scheduleWithFixedDelay(this::probeLag, 1, 10, TimeUnit.SECONDS);
        http = AdminServer.start(settings.httpPort(), token, this);
    }

    /**
     * The lag of paused subscriptions, whose consumers are closed: records on the schema topic past the group's
     * committed offsets. Running subscriptions report their consumer's exact lag after each batch.
     */
    private void probeLag() {
        for (SubscriptionResource sub : registrations.subscriptions()) {
            if (!paused.contains(sub.name())) {
                continue;
            }
            try {
                String topic = topics.schema(sub.schema().name(), sub.schema().version());
                var committed = kafkaAdmin.listConsumerGroupOffsets(topics.subscriptionGroup(sub.name()))
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                var partitions = kafkaAdmin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                        .get(topic).partitions().stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
                partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = kafkaAdmin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                        org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get(5, TimeUnit.SECONDS);
                long lag = 0;
                for (var tp : partitions) {
                    var done = committed.get(tp);
                    long gap = ends.get(tp).offset() - (done == null ? 0 : done.offset());
                    // Each source transaction ends with a commit marker that takes an offset but is never delivered,
                    // so this may over-count by the markers after the last committed record.
                    lag += Math.max(0, gap - 1);
                }
                metrics.lag(sub.name(), lag);
            } catch (Exception e) {
                LOG.debug("Lag of subscription {} unknown for now: {}", sub.name(), RedactedException.describe(e));
            }
        }
    }

    public HubMetrics metrics() {
        return metrics;
    }

    /** The port the HTTP server listens on (useful when configured as 0). */
    public int httpPort() {
        return http.port();
    }

    /** The schema catalog; a refused change names the registered subscriptions it would break. */
    public static SchemaCatalog loadCatalog(HubSettings settings) {
        SchemaCatalog catalog;
        try {
            catalog = SchemaCatalog.load(settings.schemasDir());
        } catch (SchemaCatalogException e) {
            throw ImpactAnalysis.explain(e, settings.connectorsDir());
        }
        // The catalog knows the annotation; the normalizers live a layer above it, so the names are checked here.
        List<String> problems = new ArrayList<>();
        for (SharedSchema schema : catalog.all()) {
            schema.fields().values().stream()
                    .filter(f -> f.domainType() != null && !DomainTypes.names().contains(f.domainType()))
                    .forEach(f -> problems.add(schema.id() + ": field " + f.name() + " has \"x-domain-type\": '"
                            + f.domainType() + "', which is not a domain type. Known: " + DomainTypes.names() + "."));
        }
        if (!problems.isEmpty()) {
            throw new SchemaCatalogException("Schema catalog " + settings.schemasDir() + " names unknown domain types", problems);
        }
        return catalog;
    }

    private void createTopics() {
        Set<TopicAdmin.TopicSpec> specs = new LinkedHashSet<>();
        Set<SharedSchema> used = new LinkedHashSet<>();
        registrations.sources().forEach(s -> used.add(catalog.get(s.schema())));
        registrations.subscriptions().forEach(s -> used.add(catalog.get(s.schema())));
        for (SharedSchema schema : used) {
            specs.add(new TopicAdmin.TopicSpec(topics.schema(schema.id().name(), schema.id().version()),
                    settings.kafkaPartitions(), false));
        }
        specs.add(new TopicAdmin.TopicSpec(topics.rejects(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deliveries(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deadLetters(), settings.kafkaPartitions(), true));
        specs.add(new TopicAdmin.TopicSpec(topics.offsets(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.registry(), 1, true));
        TopicAdmin.ensure(bootstrap, settings.kafkaReplicationFactor(), specs);
    }

    private void startCamel(Map<String, String> properties) throws Exception {
        main.configure().withRoutesIncludePattern("file:" + settings.routesDir().toAbsolutePath() + "/*.yaml");
        main.configure().withName("onceonly");
        main.configure().withShutdownTimeout(20);
        properties.forEach(main::addInitialProperty);
        main.start();
        CamelContext camel = camel();
        KafkaComponent kafka = camel.getComponent("kafka", KafkaComponent.class);
        kafka.getConfiguration().setBrokers(bootstrap);
        // A subscription whose hub died moves to a live one after the session timeout: 10 s, not Kafka's 45 s.
        kafka.getConfiguration().setSessionTimeoutMs(10_000);
        kafka.getConfiguration().setHeartbeatIntervalMs(3_000);
    }

    private void startRoutes() throws Exception {
        CamelContext camel = camel();
        for (SourceResource source : registrations.sources()) {
            SourcePipeline pipeline = new SourcePipeline(bootstrap, topics, source, catalog.get(source.schema()),
                    resolve(source.from()), settings.sourceBatchSize(), metrics, recentRejects);
            beans.add(pipeline);
            String bean = "source-pipeline." + source.name();
            camel.getRegistry().bind(bean, pipeline);
            TemplatedRouteBuilder.builder(camel, source.templateId())
                    .routeId("source." + source.name())
                    .parameter("source", source.name())
                    .parameter("pipeline", bean)
                    .parameters(new LinkedHashMap<>(source.from()))
                    .add();
            LOG.info("Source {} ({}) publishes {} to {}", source.name(), source.type(), source.schema(),
                    topics.schema(source.schema().name(), source.schema().version()));
        }
        if (!registrations.subscriptions().isEmpty()) {
            ledger = new DeliveryLedger(bootstrap, topics);
        }
        for (SubscriptionResource sub : registrations.subscriptions()) {
            SubscriptionDelivery delivery = new SubscriptionDelivery(sub, sink(sub, resolve(sub.to())), ledger, metrics);
            beans.add(delivery);
            deliveries.put(sub.name(), delivery);
            String bean = "subscription-delivery." + sub.name();
            camel.getRegistry().bind(bean, delivery);
            String topic = topics.schema(sub.schema().name(), sub.schema().version());
            TemplatedRouteBuilder.builder(camel, sub.templateId())
                    .routeId("subscription." + sub.name())
                    .parameter("subscription", sub.name())
                    .parameter("target", bean)
                    .parameter("schemaTopic", topic)
                    .parameter("group", topics.subscriptionGroup(sub.name()))
                    .parameter("start", sub.start().name().toLowerCase())
                    .parameter("batchSize", Integer.toString(settings.deliveryBatchSize()))
                    .parameter("pollTimeout", Long.toString(settings.deliveryPollTimeout().toMillis()))
                    .parameters(new LinkedHashMap<>(sub.to()))
                    .add();
            LOG.info("Subscription {} ({}) receives {} from {}", sub.name(), sub.type(), sub.fields(), topic);
        }
    }

    private Sink sink(SubscriptionResource sub, Map<String, String> to) {
        SharedSchema schema = catalog.get(sub.schema());
        return switch (sub.type()) {
            case "jdbc" -> new JdbcUpsertSink(to.get("url"), to.get("user"), to.get("password"), to.get("table"),
                    Boolean.parseBoolean(to.get("createTable")), to.get("versionColumn"),
                    JdbcUpsertSink.parseColumns(to.get("columns")), schema, sub.fields());
            case "http" -> new WebhookSink(to.get("url"), Durations.parse(to.getOrDefault("timeout", "30s")), to.get("secret"));
            case "file" -> FileExportSink.fromOptions(sub.name(), to, sub.fields());
            case "kafka" -> new KafkaTopicSink(to.get("bootstrap").isBlank() ? bootstrap : to.get("bootstrap"),
                    to.get("topic"), "onceonly-subscription-" + sub.name());
            default -> throw new IllegalStateException("Subscription " + sub.name() + ": sink type '" + sub.type()
                    + "' has a template but no Java sink yet. Known: jdbc, http, file, kafka.");
        };
    }

    /** Option values with {{env:NAME}} and {{property}} references resolved, for the Java side of connectors. */
    private Map<String, String> resolve(Map<String, String> options) {
        Map<String, String> resolved = new LinkedHashMap<>();
        options.forEach((k, v) -> resolved.put(k, camel().resolvePropertyPlaceholders(v)));
        return resolved;
    }

    @Override
    public boolean kafkaReachable() {
        try {
            return !kafkaAdmin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public Map<String, String> routeStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        camel().getRoutes().forEach(r -> status.put(r.getRouteId(), status(r.getRouteId())));
        return status;
    }

    @Override
    public List<String> subscriptions() {
        return List.copyOf(deliveries.keySet());
    }

    @Override
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    @Override
    public Map<String, Object> overview() {
        return Overview.of(this, metrics, recentRejects);
    }

    @Override
    public String topicOf(SchemaId schema) {
        return topics.schema(schema.name(), schema.version());
    }

    /** The dead letters of a subscription that wait for a replay. */
    @Override
    public List<DeadLetters.DeadLetter> deadLetters(String subscription) {
        delivery(subscription);
        return DeadLetters.pending(bootstrap, topics, subscription);
    }

    /** Delivers a subscription's dead letters again, to that subscriber only; returns how many it now took. */
    @Override
    public int replayDeadLetters(String subscription) throws Exception {
        List<DeadLetters.DeadLetter> letters = deadLetters(subscription);
        int replayed = delivery(subscription).replay(letters.stream().map(DeadLetters.DeadLetter::record).toList());
        LOG.info("Subscription {}: replayed {} of {} dead letter(s)", subscription, replayed, letters.size());
        return replayed;
    }

    /**
     * Stops taking records for a subscription; its consumer group keeps its place. The route is stopped, not
     * suspended: stopping waits for the batch in flight and closes the consumer, so nothing is taken after this.
     */
    @Override
    public synchronized void pause(String subscription) throws Exception {
        delivery(subscription);
        camel().getRouteController().stopRoute("subscription." + subscription);
        paused.add(subscription);
        LOG.info("Subscription {} paused", subscription);
    }

    @Override
    public synchronized void resume(String subscription) throws Exception {
        delivery(subscription);
        camel().getRouteController().startRoute("subscription." + subscription);
        paused.remove(subscription);
        LOG.info("Subscription {} resumed", subscription);
    }

    /** A route's status as operators read it: RUNNING, PAUSED (by an operator), STOPPED or FAILED. */
    public String status(String routeId) {
        String subscription = routeId.startsWith("subscription.") ? routeId.substring("subscription.".length()) : null;
        if (subscription != null && paused.contains(subscription)) {
            return "PAUSED";
        }
        var status = camel().getRouteController().getRouteStatus(routeId);
        if (status == null) {
            return "UNKNOWN";
        }
        return switch (status) {
            case Started -> "RUNNING";
            case Suspended, Suspending -> "PAUSED";
            case Starting -> "STARTING";
            default -> "STOPPED";
        };
    }

    private SubscriptionDelivery delivery(String subscription) {
        SubscriptionDelivery d = deliveries.get(subscription);
        if (d == null) {
            throw new IllegalArgumentException("There is no subscription '" + subscription + "'. Subscriptions: "
                    + deliveries.keySet() + ".");
        }
        return d;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public Topics topics() {
        return topics;
    }

    public Registrations registrations() {
        return registrations;
    }

    @Override
    public SchemaCatalog catalog() {
        return catalog;
    }

    public HubSettings settings() {
        return settings;
    }

    /** Stops routes first (in-flight batches finish and commit), then closes connections, then the broker. */
    @Override
    public void close() {
        lagProbe.shutdownNow();
        if (http != null) {
            http.close();
        }
        if (kafkaAdmin != null) {
            kafkaAdmin.close(java.time.Duration.ofSeconds(5));
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", RedactedException.describe(e));
        }
        for (AutoCloseable bean : beans) {
            try {
                bean.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", bean, RedactedException.describe(e));
            }
        }
        if (ledger != null) {
            ledger.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
