package io.onceonly.hub;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.api.AccessTokens;
import io.onceonly.api.AdminServer;
import io.onceonly.config.HubSettings;
import io.onceonly.delivery.DeadLetters;
import io.onceonly.delivery.DeliveryBudget;
import io.onceonly.kafka.DurabilityCheck;
import io.onceonly.kafka.EmbeddedKafkaBroker;
import io.onceonly.kafka.Topics;
import io.onceonly.ops.HubMetrics;
import io.onceonly.ops.RecentRejects;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.RegistryEntry;
import io.onceonly.registry.RegistryStore;
import io.onceonly.registry.ResourceDocument;
import io.onceonly.registry.ResourceKey;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.schema.SchemaCatalog;

/**
 * A running hub, assembled and closed in order: the embedded broker (only when no cluster is configured), Camel,
 * the HTTP server, and the registry that the {@link Reconciler} follows. Everything is checked before anything
 * starts, so the hub never runs half-configured.
 */
public final class OnceOnlyHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnceOnlyHub.class);

    private final HubSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrap;
    private final Topics topics;
    private final SchemaCatalog catalog;
    private final List<ResourceDocument> fileDocuments;
    private final String instanceId;
    private final Main main;
    private final DeliveryBudget deliveryBudget;
    private final HubMetrics metrics = new HubMetrics();
    private final RouteFailures routeFailures = new RouteFailures();
    /** Made once Camel runs, as the last thing before the HTTP server; null until then. */
    private volatile Admin kafkaAdmin;
    private final Reconciler reconciler;
    private final RouteStatus routeStatus;
    private final HubOperations operations;
    private final ScheduledExecutorService lagProbe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "onceonly-lag-probe");
        t.setDaemon(true);
        return t;
    });
    private AdminServer http;
    private volatile RegistryStore registry;
    private volatile StatusReporter statusReporter;
    private SourceAssignment assignment;

    private OnceOnlyHub(HubSettings settings, EmbeddedKafkaBroker broker, String bootstrap, SchemaCatalog catalog,
                        RouteTemplates templates, List<ResourceDocument> fileDocuments, Main main) {
        this.settings = settings;
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.topics = new Topics(settings.topicPrefix());
        this.deliveryBudget = new DeliveryBudget(settings.deliveryMaxInFlight());
        this.catalog = catalog;
        this.fileDocuments = fileDocuments;
        this.main = main;
        this.instanceId = settings.instanceId() == null || settings.instanceId().isBlank()
                ? hostName() + ":" + settings.httpPort() : settings.instanceId();
        RecentRejects recentRejects = new RecentRejects();
        RouteRuntime runtime = new RouteRuntime(main::getCamelContext, this::kafkaAdmin, topics, metrics, routeFailures,
                instanceId);
        RouteStarter routes = new RouteStarter(settings, bootstrap, catalog, recentRejects, runtime);
        this.reconciler = new Reconciler(catalog, templates, routes, metrics, this::statusOf);
        this.routeStatus = new RouteStatus(reconciler, runtime);
        this.operations = new HubOperations(reconciler, routeStatus, bootstrap, topics, catalog, templates,
                main::getCamelContext, metrics, recentRejects, settings.sourceBatchSize());
    }

    private Admin kafkaAdmin() {
        return kafkaAdmin;
    }

    private String statusOf(ResourceKey key) {
        return routeStatus.status(key);
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
        SchemaCatalog catalog = CatalogLoader.load(settings);
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
            DurabilityCheck.verify(bootstrap, HubTopics.create(bootstrap, hub.topics, catalog, settings));
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
        PollFailures pollFailures = new PollFailures((group, why) -> reconciler.registrations().subscriptions().stream()
                .filter(s -> topics.subscriptionGroup(s.name()).equals(group)).findFirst()
                .ifPresent(s -> routeFailures.fail(ResourceKey.subscription(s.name()).routeId(), why)),
                // Subscriptions' consumers report Kafka's client metrics (fetch rates, records lag) with the hub's own.
                metrics::bindKafkaClient,
                // Subscriptions poll within one budget of records in flight, so many of them fit in a small heap.
                group -> group.startsWith(topics.subscriptionGroup("")) ? deliveryBudget.account() : null);
        kafka.setKafkaClientFactory(pollFailures);
        kafka.setPollExceptionStrategy(pollFailures);
    }

    private void startHttp() {
        String token = settings.apiOperatorToken() == null ? "" : camel().resolvePropertyPlaceholders(settings.apiOperatorToken());
        String departmentTokens = settings.apiTokens() == null ? "" : camel().resolvePropertyPlaceholders(settings.apiTokens());
        lagProbe.scheduleWithFixedDelay(routeStatus::probeLag, 1, 10, TimeUnit.SECONDS);
        lagProbe.scheduleWithFixedDelay(routeStatus::reportStatus, 0, 2, TimeUnit.SECONDS);
        lagProbe.scheduleWithFixedDelay(reconciler::retryFailedStarts, 30, 30, TimeUnit.SECONDS);
        http = AdminServer.start(settings.httpPort(), AccessTokens.of(token, departmentTokens), routeStatus,
                metrics::scrape, operations, operations, operations, operations);
    }

    /**
     * Follows the registry, then brings the files in connectors/ into it (a file whose resource differs from the
     * registry's is written), so files and API calls end up in one place that every instance follows.
     */
    private void startRegistry() {
        statusReporter = new StatusReporter(bootstrap, topics, instanceId);
        routeStatus.reportTo(statusReporter);
        // Join the hub group first: until the group assigns partitions, this instance polls no source.
        assignment = new SourceAssignment(bootstrap, topics, instanceId, owned -> reconciler.reconcileLoaded());
        reconciler.assignment(assignment);
        registry = new RegistryStore(bootstrap, topics, reconciler::reconcile);
        reconciler.registry(registry);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!registry.loaded()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The registry topic " + topics.registry() + " could not be read within 60 s. "
                        + "Check that Kafka at " + bootstrap + " is reachable.");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        for (ResourceDocument doc : fileDocuments) {
            RegistryEntry current = registry.get(doc.key());
            if (current == null || !current.resource().equals(doc.document())) {
                String origin = "file " + settings.connectorsDir().relativize(doc.file()).toString();
                registry.put(current == null ? RegistryEntry.of(doc, "file", origin)
                        : current.withResource(doc.document(), "file", origin));
            }
        }
        reconciler.reconcile(registry.snapshot());
    }

    public HubMetrics metrics() {
        return metrics;
    }

    /** The admin API's endpoints as served, "METHOD /api/v1/path/{param}". */
    public SortedSet<String> apiEndpoints() {
        return http.apiEndpoints();
    }

    /** The port the HTTP server listens on (useful when configured as 0). */
    public int httpPort() {
        return http.port();
    }

    /** A route's status as operators read it: RUNNING, PAUSED (by an operator), FAILED, UNASSIGNED (another instance runs it) or STOPPED. */
    public String status(String routeId) {
        return routeStatus.status(ResourceKey.ofRoute(routeId));
    }

    /** This instance's view of a resource by registry key ({@code Subscription/name}): state, and error and since when FAILED. */
    public Map<String, Object> localStatus(String key) {
        return routeStatus.localStatus(ResourceKey.parse(key));
    }

    /** Route id to its status, for the routes on this instance. */
    public Map<String, String> routeStatus() {
        return routeStatus.routeStatus();
    }

    /** Pauses or resumes a resource, by registry key ({@code Source/name}), on every instance. */
    public void setPaused(String key, boolean paused, String by) {
        operations.setPaused(ResourceKey.parse(key), paused, by);
    }

    public List<DeadLetters.DeadLetter> deadLetters(String subscription) {
        return operations.deadLetters(subscription);
    }

    public int replayDeadLetters(String subscription) throws Exception {
        return operations.replayDeadLetters(subscription);
    }

    public String instanceId() {
        return instanceId;
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
        return reconciler.registrations();
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

    public HubSettings settings() {
        return settings;
    }

    /** Stops routes first (in-flight batches finish and commit), then closes connections, then the broker. */
    @Override
    public void close() {
        reconciler.stopFollowing();
        lagProbe.shutdownNow();
        if (http != null) {
            http.close();
        }
        if (kafkaAdmin != null) {
            kafkaAdmin.close(Duration.ofSeconds(5));
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", RedactedException.describe(e));
        }
        reconciler.closeBeans();
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
        reconciler.closeLedger();
        if (broker != null) {
            broker.close();
        }
    }
}
