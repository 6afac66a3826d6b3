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
import io.onceonly.config.HubSettings;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.delivery.DeliveryBudget;
import io.onceonly.delivery.DeliveryLedger;
import io.onceonly.delivery.Sink;
import io.onceonly.delivery.SinkConnector;
import io.onceonly.delivery.SubscriptionDelivery;
import io.onceonly.connector.http.WebhookSink;
import io.onceonly.normalize.DomainTypes;
import io.onceonly.kafka.EmbeddedKafkaBroker;
import io.onceonly.kafka.TopicAdmin;
import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.ImpactAnalysis;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.RegistryStore;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.registry.SubscriptionResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaCatalogException;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.connector.push.PushedRecords;
import io.onceonly.source.RawBatch;
import io.onceonly.source.SourceConnectors;
import io.onceonly.source.SourcePipeline;

/**
 * A running hub: the embedded broker (only when no cluster is configured), the schema catalog, the registrations,
 * and a Camel route per Source and Subscription instantiated from the templates in routes/. Everything is checked
 * before anything starts, so the hub never runs half-configured.
 */
public final class OnceOnlyHub implements AdminServer.Hub, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnceOnlyHub.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final HubSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Topics topics;
    private final SchemaCatalog catalog;
    private final List<ResourceDocument> fileDocuments;
    private final RouteTemplates templates;
    private final String instanceId;
    private volatile Registrations registrations = new Registrations(List.of(), List.of());
    private final Main main;
    private volatile RegistryStore registry;
    private volatile StatusReporter statusReporter;
    private SourceAssignment assignment;
    private final RouteFailures routeFailures = new RouteFailures();
    /** What runs on this instance, by registry key: the entry it was started from and its route and bean. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** Registry entries that cannot run, by key: why, and since when. */
    private final Map<String, RouteFailures.Failure> invalid = new java.util.concurrent.ConcurrentHashMap<>();
    /** Resources that are valid but failed to start here, by key; tried again every 30 s and on every change. */
    private final Map<String, RouteFailures.Failure> startFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Map<String, RegistryEntry> entries = Map.of();
    private volatile boolean closing;
    private DeliveryLedger ledger;
    private final DeliveryBudget deliveryBudget;
    /** One HTTP client for every webhook subscription, made with the first: its threads and connections are shared. */
    private java.net.http.HttpClient webhookClient;
    private final Map<String, SubscriptionDelivery> deliveries = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, SourcePipeline> pipelines = new java.util.concurrent.ConcurrentHashMap<>();
    /** SHA-256 of each push source's token: the token itself is not kept. */
    private final Map<String, byte[]> pushTokenHashes = new java.util.concurrent.ConcurrentHashMap<>();
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
                        RouteTemplates templates, List<ResourceDocument> fileDocuments, Main main) {
        this.settings = settings;
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.topics = new Topics(settings.topicPrefix());
        this.deliveryBudget = new DeliveryBudget(settings.deliveryMaxInFlight());
        this.catalog = catalog;
        this.templates = templates;
        this.fileDocuments = fileDocuments;
        this.main = main;
        this.instanceId = settings.instanceId() == null || settings.instanceId().isBlank()
                ? hostName() + ":" + settings.httpPort() : settings.instanceId();
    }

    /** One resource running on this instance. */
    private record Running(RegistryEntry entry, String routeId, String beanName, AutoCloseable bean) {
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
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
        List<ResourceDocument> files = ResourceLoader.read(settings.connectorsDir());
        ResourceLoader.check(files, catalog, templates);

        EmbeddedKafkaBroker broker = null;
        String bootstrap;
        if (settings.kafkaBootstrap().isPresent()) {
            bootstrap = settings.kafkaBootstrap().get();
        } else {
            broker = EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaEmbeddedPort());
            bootstrap = broker.bootstrapServers();
        }
        Main main = new Main();
        OnceOnlyHub hub = new OnceOnlyHub(settings, broker, bootstrap, catalog, templates, files, main);
        try {
            io.onceonly.kafka.DurabilityCheck.verify(bootstrap, hub.createTopics());
            hub.startCamel(properties);
            // Probes wait 3-5 s on their own futures; placing a subscription's group may wait out a broker restart.
            hub.kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000));
            // HTTP first: orchestrators see the instance live, and not ready until the registry has been read.
            hub.startHttp();
            hub.startRegistry();
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    private void startHttp() throws Exception {
        String token = settings.apiOperatorToken() == null ? "" : camel().resolvePropertyPlaceholders(settings.apiOperatorToken());
        String departmentTokens = settings.apiTokens() == null ? "" : camel().resolvePropertyPlaceholders(settings.apiTokens());
        lagProbe.scheduleWithFixedDelay(this::probeLag, 1, 10, TimeUnit.SECONDS);
        lagProbe.scheduleWithFixedDelay(this::reportStatus, 0, 2, TimeUnit.SECONDS);
        lagProbe.scheduleWithFixedDelay(this::retryFailedStarts, 30, 30, TimeUnit.SECONDS);
        http = AdminServer.start(settings.httpPort(), io.onceonly.api.AccessTokens.of(token, departmentTokens), this);
    }

    /**
     * The lag of paused subscriptions, whose consumers are closed: records on the schema topic past the group's
     * committed offsets. Running subscriptions report their consumer's exact lag after each batch.
     */
    private void probeLag() {
        for (SubscriptionResource sub : registrations.subscriptions()) {
            if (!paused(SUBSCRIPTION + sub.name())) {
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

    /** A database or broker that was down when a resource started may be up now. */
    private void retryFailedStarts() {
        if (!startFailures.isEmpty() && registry != null && registry.loaded()) {
            try {
                reconcile(registry.snapshot());
            } catch (RuntimeException e) {
                LOG.warn("Retrying resources that failed to start did not complete: {}", RedactedException.describe(e));
            }
        }
    }

    private void reportStatus() {
        if (statusReporter == null) {
            return; // the registry is not followed yet
        }
        // Sources that wait to be given records have no polls to time; running is their sign of life.
        for (SourcePipeline p : pipelines.values()) {
            String type = p.source().type();
            if ((type.equals("push") || type.equals("camel")) && "RUNNING".equals(status("source." + p.name()))) {
                metrics.sourceAlive(p.name(), p.source().metadata().department());
            }
        }
        try {
            statusReporter.report(List.copyOf(entries.keySet()), this::localStatus);
        } catch (RuntimeException e) {
            LOG.debug("Status report skipped: {}", e.getMessage());
        }
    }

    @Override
    public List<Map<String, Object>> instanceStatus(String key) {
        reportStatus();
        return statusReporter.read(key);
    }

    public HubMetrics metrics() {
        return metrics;
    }

    /** The admin API's endpoints as served, "METHOD /api/v1/path/{param}". */
    public java.util.SortedSet<String> apiEndpoints() {
        return http.apiEndpoints();
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

    /** Creates the topics the hub needs and returns every name, for the durability check. */
    private List<String> createTopics() {
        Set<TopicAdmin.TopicSpec> specs = new LinkedHashSet<>();
        // Every schema's topic, so a source or subscription registered later through the API has its topic.
        for (SharedSchema schema : catalog.all()) {
            specs.add(new TopicAdmin.TopicSpec(topics.schema(schema.id().name(), schema.id().version()),
                    settings.kafkaPartitions(), false));
        }
        specs.add(new TopicAdmin.TopicSpec(topics.rejects(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deliveries(), settings.kafkaPartitions(), false));
        specs.add(new TopicAdmin.TopicSpec(topics.deadLetters(), settings.kafkaPartitions(), true));
        specs.add(new TopicAdmin.TopicSpec(topics.offsets(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.registry(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.audit(), 1, false));
        specs.add(new TopicAdmin.TopicSpec(topics.status(), 1, true));
        specs.add(new TopicAdmin.TopicSpec(topics.sourceAssignments(), SourceAssignment.PARTITIONS, false));
        TopicAdmin.ensure(bootstrap, settings.kafkaReplicationFactor(), specs);
        return specs.stream().map(TopicAdmin.TopicSpec::name).toList();
    }

    private void startCamel(Map<String, String> properties) throws Exception {
        main.configure().withRoutesIncludePattern("file:" + settings.routesDir().toAbsolutePath() + "/*.yaml");
        main.configure().withName("onceonly");
        main.configure().withShutdownTimeout(20);
        properties.forEach(main::addInitialProperty);
        main.start();
        CamelContext camel = camel();
        camel.getManagementStrategy().addEventNotifier(routeFailures);
        KafkaComponent kafka = camel.getComponent("kafka", KafkaComponent.class);
        kafka.getConfiguration().setBrokers(bootstrap);
        // A subscription whose hub died moves to a live one after the session timeout: 10 s, not Kafka's 45 s.
        kafka.getConfiguration().setSessionTimeoutMs(10_000);
        kafka.getConfiguration().setHeartbeatIntervalMs(3_000);
        // Never skip on a failed poll; a subscription whose position is gone stops with a message saying so.
        PollFailures pollFailures = new PollFailures((group, why) -> registrations.subscriptions().stream()
                .filter(s -> topics.subscriptionGroup(s.name()).equals(group)).findFirst()
                .ifPresent(s -> routeFailures.fail("subscription." + s.name(), why)),
                // Subscriptions' consumers report Kafka's client metrics (fetch rates, records lag) with the hub's own.
                metrics::bindKafkaClient,
                // Subscriptions poll within one budget of records in flight, so many of them fit in a small heap.
                group -> group.startsWith(topics.subscriptionGroup("")) ? deliveryBudget.account() : null);
        kafka.setKafkaClientFactory(pollFailures);
        kafka.setPollExceptionStrategy(pollFailures);
    }

    static final String SOURCE = "Source/";
    static final String SUBSCRIPTION = "Subscription/";

    /**
     * Follows the registry, then brings the files in connectors/ into it (a file whose resource differs from the
     * registry's is written), so files and API calls end up in one place that every instance follows.
     */
    private void startRegistry() throws Exception {
        statusReporter = new StatusReporter(bootstrap, topics, instanceId);
        // Join the hub group first: until the group assigns partitions, this instance polls no source.
        assignment = new SourceAssignment(bootstrap, topics, instanceId, owned -> {
            if (registry != null && registry.loaded()) {
                reconcile(registry.snapshot());
            }
        });
        registry = new RegistryStore(bootstrap, topics, this::reconcile);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!registry.loaded()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The registry topic " + topics.registry() + " could not be read within 60 s. "
                        + "Check that Kafka at " + bootstrap + " is reachable.");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        for (ResourceDocument doc : fileDocuments) {
            RegistryEntry current = registry.get(doc.key());
            if (current == null || !current.resource().equals(doc.document())) {
                String origin = "file " + settings.connectorsDir().relativize(doc.file()).toString();
                registry.put(current == null ? RegistryEntry.of(doc, "file", origin)
                        : current.withResource(doc.document(), "file", origin));
            }
        }
        reconcile(registry.snapshot());
    }

    /**
     * Makes what runs here match the registry: resources deleted, changed, paused, or (sources) no longer assigned
     * to this instance are stopped; new, changed, resumed and newly assigned ones are started.
     */
    private synchronized void reconcile(Map<String, RegistryEntry> wanted) {
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
                k -> new RouteFailures.Failure(String.join("; ", problems), java.time.Instant.now())));
        Map<String, Object> resources = new LinkedHashMap<>();
        registrations.sources().forEach(r -> resources.put(SOURCE + r.name(), r));
        registrations.subscriptions().forEach(r -> resources.put(SUBSCRIPTION + r.name(), r));

        for (String key : List.copyOf(running.keySet())) {
            RegistryEntry entry = wanted.get(key);
            if (!shouldRun(key, entry, resources.get(key)) || !running.get(key).entry().equals(withoutAudit(entry))) {
                stop(key);
            }
        }
        for (Map.Entry<String, Object> r : resources.entrySet()) {
            String key = r.getKey();
            RegistryEntry entry = wanted.get(key);
            if (!shouldRun(key, entry, r.getValue())) {
                startFailures.remove(key); // paused or polled elsewhere: nothing to start here
            } else if (!running.containsKey(key)) {
                try {
                    start(key, entry, r.getValue());
                    startFailures.remove(key);
                } catch (Exception | LinkageError e) {
                    // A configuration problem's message is written to be shown; anything else is described safely.
                    String why = e instanceof io.onceonly.ops.LogSafe ? e.getMessage() : RedactedException.describe(e);
                    RouteFailures.Failure earlier = startFailures.get(key);
                    startFailures.put(key, new RouteFailures.Failure(why, earlier == null ? java.time.Instant.now() : earlier.since()));
                    if (earlier == null || !earlier.error().equals(why)) {
                        LOG.error("{} cannot start: {} It is tried again every 30 s; fix the resource and apply it again "
                                + "if the cause is in it.", key, why);
                        LOG.debug("{} start failure", key, e);
                    }
                }
            }
        }
    }

    private boolean shouldRun(String key, RegistryEntry entry, Object resource) {
        if (entry == null || resource == null || entry.paused()) {
            return false;
        }
        if (!key.startsWith(SOURCE)) {
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

    private void start(String key, RegistryEntry entry, Object resource) throws Exception {
        CamelContext camel = camel();
        if (resource instanceof SourceResource source) {
            Map<String, String> options = resolve(source.from());
            SourcePipeline pipeline = SourceConnectors.pipeline(bootstrap, topics, source, catalog.get(source.schema()),
                    options, settings.sourceBatchSize(), settings.sourcePublishTimeout(), metrics, recentRejects, instanceId);
            String bean = "source-pipeline." + source.name();
            String routeId = "source." + source.name();
            try {
                camel.getRegistry().bind(bean, SourceConnectors.routeBean(pipeline, options));
                pipelines.put(source.name(), pipeline);
                if (source.type().equals("push")) {
                    String token = options.get("token");
                    pushTokenHashes.put(source.name(), token.isEmpty() ? new byte[0] : io.onceonly.api.AccessTokens.sha256(token));
                }
                TemplatedRouteBuilder.builder(camel, source.templateId())
                        .routeId(routeId)
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
            running.put(key, new Running(withoutAudit(entry), routeId, bean, pipeline));
            metrics.routeUp(routeId, () -> List.of("RUNNING", "PAUSED").contains(status(routeId)));
            LOG.info("Source {} ({}) publishes {} to {}", source.name(), source.type(), source.schema(),
                    topics.schema(source.schema().name(), source.schema().version()));
        } else if (resource instanceof SubscriptionResource sub) {
            if (ledger == null) {
                ledger = new DeliveryLedger(bootstrap, topics);
            }
            SubscriptionDelivery delivery = new SubscriptionDelivery(sub, sink(sub, resolve(sub.to())), ledger, metrics);
            String bean = "subscription-delivery." + sub.name();
            String routeId = "subscription." + sub.name();
            String topic = topics.schema(sub.schema().name(), sub.schema().version());
            try {
                // The hub places a new group itself; the route runs with auto.offset.reset=none (see GroupPositions).
                io.onceonly.kafka.GroupPositions.prepare(kafkaAdmin, topics.subscriptionGroup(sub.name()), topic,
                        sub.start() == SubscriptionResource.Start.EARLIEST);
                camel.getRegistry().bind(bean, delivery);
                deliveries.put(sub.name(), delivery);
                TemplatedRouteBuilder.builder(camel, sub.templateId())
                        .routeId(routeId)
                        .parameter("subscription", sub.name())
                        .parameter("target", bean)
                        .parameter("schemaTopic", topic)
                        .parameter("group", topics.subscriptionGroup(sub.name()))
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
            running.put(key, new Running(withoutAudit(entry), routeId, bean, delivery));
            metrics.routeUp(routeId, () -> List.of("RUNNING", "PAUSED").contains(status(routeId)));
            LOG.info("Subscription {} ({}) receives {} from {}", sub.name(), sub.type(), sub.fields(), topic);
        }
    }

    /** Stops a route (its batch in flight finishes and commits first), removes it and closes what it used. */
    private void stop(String key) {
        Running r = running.remove(key);
        try {
            camel().getRouteController().stopRoute(r.routeId());
            camel().removeRoute(r.routeId());
        } catch (Exception e) {
            LOG.warn("Route {} did not stop cleanly: {}", r.routeId(), RedactedException.describe(e));
        }
        camel().getRegistry().unbind(r.beanName());
        String name = key.substring(key.indexOf('/') + 1);
        pipelines.remove(name);
        pushTokenHashes.remove(name);
        deliveries.remove(name);
        metrics.routeGone(r.routeId());
        routeFailures.forget(r.routeId());
        try {
            r.bean().close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", key, RedactedException.describe(e));
        }
        LOG.info("{} stopped on this instance", key);
    }

    private Sink sink(SubscriptionResource sub, Map<String, String> to) {
        return SinkConnector.open(sub.type(), new SinkConnector.Context(sub.name(), catalog.get(sub.schema()),
                sub.fields(), bootstrap, this::webhookClient), to);
    }

    private synchronized java.net.http.HttpClient webhookClient() {
        if (webhookClient == null) {
            webhookClient = WebhookSink.newClient();
        }
        return webhookClient;
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
    public Map<String, String> position(String source) {
        Map<String, String>[] position = new Map[1];
        TopicReader.readToEnd(bootstrap, topics.offsets(), r -> {
            if (source.equals(r.key())) {
                try {
                    position[0] = r.value() == null ? null : JSON.readValue(r.value(), Map.class);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("The stored position of " + source + " cannot be read", e);
                }
            }
        });
        return position[0];
    }

    /** Forgets where a paused source is; when resumed it reads from the start and publishes only what changed. */
    @Override
    public void resetPosition(String source, String by) {
        try (var producer = io.onceonly.kafka.ReliableProducer.create(bootstrap, "onceonly-offsets-reset", Map.of())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.offsets(), source, null))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The position of " + source + " could not be reset (" + e.getClass().getSimpleName()
                    + "); nothing changed. Try again when Kafka is reachable.", e);
        }
        LOG.info("Source {}: position reset by {}", source, by);
    }

    /** The latest rejects of some sources from the rejects topic, newest first. */
    @Override
    public List<Map<String, Object>> rejects(Set<String> sources, int limit) {
        java.util.ArrayDeque<Map<String, Object>> latest = new java.util.ArrayDeque<>();
        TopicReader.readToEnd(bootstrap, topics.rejects(), r -> {
            if (r.key() != null && sources.contains(r.key()) && r.value() != null) {
                try {
                    Map<String, Object> reject = JSON.readValue(r.value(), Map.class);
                    reject.put("position", r.topic() + "/" + r.partition() + "@" + r.offset());
                    reject.put("time", java.time.Instant.ofEpochMilli(r.timestamp()).toString());
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
        sorted.sort(java.util.Comparator.comparing((Map<String, Object> m) -> (String) m.get("time")).reversed());
        return sorted;
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

    @Override
    public Set<String> pushSources() {
        return pushTokenHashes.keySet();
    }

    @Override
    public boolean isPushToken(String source, String bearerToken) {
        byte[] hash = pushTokenHashes.get(source);
        return hash != null && java.security.MessageDigest.isEqual(hash, io.onceonly.api.AccessTokens.sha256(bearerToken));
    }

    @Override
    public int maxRecordsPerPush() {
        return settings.sourceBatchSize();
    }

    /** Through the source's route, so a paused source takes nothing and its errors are retried like any other. */
    @Override
    public Map<String, Object> push(String source, List<Map<String, Object>> records) throws AdminServer.Unavailable {
        SourcePipeline pipeline = pipelines.get(source);
        String requestId = java.util.UUID.randomUUID().toString();
        String idField = pipeline.source().from().get("idField");
        RawBatch batch = PushedRecords.batch(records, idField, requestId);
        // A source whose last request failed (Kafka away) is FAILED yet must take the next one: each request is a new
        // attempt, and refusing it unseen would leave the source failed for good. Paused or stopped ones take none.
        if (paused(SOURCE + source) || camel().getRouteController().getRouteStatus("source." + source)
                != org.apache.camel.ServiceStatus.Started) {
            throw new AdminServer.Unavailable("Source " + source + " is " + status("source." + source)
                    + "; nothing was published. Send the records again when it runs.", null);
        }
        try (var producer = camel().createProducerTemplate()) {
            SourcePipeline.Processed processed = producer.requestBody("direct:source." + source + "?block=false",
                    batch, SourcePipeline.Processed.class);
            return PushedRecords.answer(source, requestId, batch, processed);
        } catch (Exception e) {
            Throwable cause = e instanceof org.apache.camel.CamelExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Source {}: a pushed request of {} record(s) was not published: {}", source, records.size(),
                    cause.getClass().getSimpleName());
            throw new AdminServer.Unavailable("The records could not be published (" + cause.getClass().getSimpleName()
                    + "); nothing of this request was published. Send it again later.", cause);
        }
    }


    /** The dead letters of a subscription that wait for a replay. */
    @Override
    public List<DeadLetters.DeadLetter> deadLetters(String subscription) {
        entry(SUBSCRIPTION + subscription);
        return DeadLetters.pending(bootstrap, topics, subscription);
    }

    /** Delivers a subscription's dead letters again, to that subscriber only; returns how many it now took. */
    @Override
    public int replayDeadLetters(String subscription) throws Exception {
        List<DeadLetters.DeadLetter> letters = deadLetters(subscription);
        SubscriptionDelivery delivery = deliveries.get(subscription);
        if (delivery == null) {
            throw new IllegalStateException("Subscription " + subscription + " is " + status("subscription." + subscription)
                    + " on this instance, so its dead letters cannot be replayed here. Resume it first");
        }
        int replayed = delivery.replay(letters.stream().map(DeadLetters.DeadLetter::record).toList());
        LOG.info("Subscription {}: replayed {} of {} dead letter(s)", subscription, replayed, letters.size());
        return replayed;
    }

    /**
     * Pauses or resumes a resource on every instance: the target state is written to the registry. Pausing stops
     * the route (the batch in flight finishes and commits); a subscription's group and a source's position stay.
     */
    @Override
    public void setPaused(String key, boolean paused, String by) {
        RegistryEntry entry = entry(key);
        if (entry.paused() != paused) {
            registry.put(entry.withPaused(paused, by));
        }
        reconcile(registry.snapshot());
    }

    /** Restarts a resource wherever it runs. */
    @Override
    public void restart(String key, String by) {
        registry.put(entry(key).restarted(by));
        reconcile(registry.snapshot());
    }

    /** Checks a resource as part of the whole registry, then writes it; returns the problems instead when any. */
    @Override
    public List<String> apply(ResourceDocument doc, String by) {
        Map<String, RegistryEntry> next = new LinkedHashMap<>(registry.snapshot());
        RegistryEntry current = next.get(doc.key());
        RegistryEntry entry = current == null ? RegistryEntry.of(doc, by, "api")
                : current.withResource(doc.document(), by, "api");
        next.put(doc.key(), entry);
        ResourceLoader.Checked checked = ResourceLoader.checkEach(
                next.values().stream().map(e -> e.key().equals(doc.key()) ? doc : e.document()).toList(), catalog, templates);
        List<String> problems = checked.problems().getOrDefault(doc.key(), List.of());
        if (!problems.isEmpty()) {
            return problems;
        }
        if (current == null || !current.resource().equals(doc.document())) {
            registry.put(entry);
        }
        reconcile(registry.snapshot());
        return List.of();
    }

    @Override
    public void delete(String key, String by) {
        entry(key);
        registry.delete(key, by);
        reconcile(registry.snapshot());
    }

    @Override
    public Map<String, RegistryEntry> entries() {
        return entries;
    }

    private RegistryEntry entry(String key) {
        RegistryEntry entry = entries.get(key);
        if (entry == null) {
            throw new IllegalArgumentException("There is no " + key.replace("/", " '") + "'.");
        }
        return entry;
    }

    private boolean paused(String key) {
        RegistryEntry entry = entries.get(key);
        return entry != null && entry.paused();
    }

    /** This instance's view of a resource: RUNNING, PAUSED, FAILED (with why and since when), or UNASSIGNED. */
    @Override
    public Map<String, Object> localStatus(String key) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("instance", instanceId);
        String routeId = (key.startsWith(SOURCE) ? "source." : "subscription.") + key.substring(key.indexOf('/') + 1);
        RouteFailures.Failure failure = invalid.getOrDefault(key, startFailures.get(key));
        if (failure == null && running.containsKey(key)) {
            failure = routeFailures.of(routeId);
        }
        if (failure != null) {
            status.put("state", "FAILED");
            status.put("error", failure.error());
            status.put("since", failure.since().toString());
        } else {
            status.put("state", status(routeId));
        }
        return status;
    }

    /** A route's status as operators read it: RUNNING, PAUSED (by an operator), FAILED, UNASSIGNED (another instance runs it) or STOPPED. */
    public String status(String routeId) {
        String key = (routeId.startsWith("source.") ? SOURCE : SUBSCRIPTION) + routeId.substring(routeId.indexOf('.') + 1);
        if (paused(key)) {
            return "PAUSED";
        }
        if (invalid.containsKey(key) || startFailures.containsKey(key) || routeFailures.of(routeId) != null) {
            return "FAILED";
        }
        var status = camel().getRouteController().getRouteStatus(routeId);
        if (status == null) {
            return entries.containsKey(key) && key.startsWith(SOURCE) ? "UNASSIGNED" : "UNKNOWN";
        }
        return switch (status) {
            case Started -> "RUNNING";
            case Suspended, Suspending -> "PAUSED";
            case Starting -> "STARTING";
            default -> "STOPPED";
        };
    }

    public String instanceId() {
        return instanceId;
    }

    /** Whether the registry has been read once; until then the instance does not know what to run. */
    @Override
    public boolean registryLoaded() {
        return registry != null && registry.loaded();
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
        closing = true;
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
        for (Running r : running.values()) {
            try {
                r.bean().close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", r.routeId(), RedactedException.describe(e));
            }
        }
        running.clear();
        if (assignment != null) {
            assignment.close();
        }
        if (statusReporter != null) {
            statusReporter.withdraw();
            statusReporter.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
