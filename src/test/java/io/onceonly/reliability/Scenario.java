package io.onceonly.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.onceonly.testing.ActivityColumns;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.HubProcess;
import io.onceonly.testing.Resources;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;

/**
 * One run of the reliability suite: a hub in its own JVM (so it can be killed), two sources (a PostgreSQL table the
 * hub pulls, a push API client), three subscribers (a PostgreSQL and a MariaDB upsert table, a webhook), each granted
 * different fields, the ledger, and watchers that sample the sinks while faults are injected.
 */
final class Scenario implements AutoCloseable {
    static final String PULL_SOURCE = "township-x.activities";
    static final String MARIADB_PULL_SOURCE = "township-z.activities";
    static final String FILE_SOURCE = "township-w.activities";
    static final String PUSH_SOURCE = "township-y.activities";
    static final String PUSH_TOKEN = "reliability-push-token";
    static final Set<String> WEBHOOK_FIELDS = Set.of("activity_id", "title", "activity_date", "venue", "organizer_id");
    static final Set<String> MARIADB_FIELDS = Set.of("activity_id", "title", "category", "activity_date", "venue",
            "division_code", "organizer_name", "participant_count");
    /** The PostgreSQL subscriber's database timeout: short, so a silent network shows within a run. */
    static final Duration PG_SINK_TIMEOUT = Duration.ofSeconds(10);
    static final Set<String> POSTGRES_FIELDS = Set.of("activity_id", "title", "activity_date", "venue", "division_code");

    final Path dir;
    /** Names the run in the report. */
    String run = "run";
    final String prefix = HubExtension.uniquePrefix();
    final SourceTable pull;
    final SourceTable mariaDbPull;
    final Path dropFolder;
    final String pgSinkTable = TestDatabases.uniqueName("rel_pg");
    final String mariaSinkTable = TestDatabases.uniqueName("rel_maria");
    final LedgerWebhook webhook;
    final Ledger ledger = new Ledger();
    final JdbcSinkWatcher pgWatcher;
    final JdbcSinkWatcher mariaWatcher;
    final int httpPort;
    private static final java.net.http.HttpClient READINESS = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> env = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final Path log;
    private final String bootstrap;
    /** Drives the load and the faults; logged so a failing run can be replayed. */
    final FaultSeed seed = FaultSeed.next();
    HubProcess hub;
    LoadGenerator generator;
    int faults;

    /** @param pgSinkUrl the URL the hub uses for the PostgreSQL subscriber (a proxy's, for network faults) */
    Scenario(Path dir, String pgSinkUrl) throws Exception {
        this(dir, pgSinkUrl, SharedKafkaBroker.bootstrapServers());
    }

    /** As {@link #Scenario(Path, String)}, on the Kafka cluster at {@code bootstrap}. */
    Scenario(Path dir, String pgSinkUrl, String bootstrap) throws Exception {
        this.dir = dir;
        this.bootstrap = bootstrap;
        this.pull = new SourceTable();
        this.mariaDbPull = new SourceTable(TestDatabases.MARIADB_URL, "320115102");
        this.webhook = new LedgerWebhook(WEBHOOK_FIELDS);
        this.pgWatcher = new JdbcSinkWatcher(TestDatabases.POSTGRES_URL, pgSinkTable, POSTGRES_FIELDS);
        this.mariaWatcher = new JdbcSinkWatcher(TestDatabases.MARIADB_URL, mariaSinkTable, MARIADB_FIELDS);
        this.httpPort = freePort();
        this.log = dir.resolve("hub.log");
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        pull.source(PULL_SOURCE).writeTo(connectors, "pull.yaml");
        mariaDbPull.source(MARIADB_PULL_SOURCE).writeTo(connectors, "pull-mariadb.yaml");
        this.dropFolder = Files.createDirectories(dir.resolve("drop").resolve("in"));
        ActivityColumns.exported(Resources.source(FILE_SOURCE, "township-w")
                        .from("file", "dir", dropFolder.toString(), "settle", "500ms", "every", "200ms"),
                        "320115104", "湖熟街道", "festival", "yyyyMMdd", "yyyy-MM-dd")
                .mapFrom("participant_count", "人数")
                .writeTo(connectors, "files.yaml");
        ActivityColumns.pushed(Resources.source(PUSH_SOURCE, "township-y")
                        .from("push", "token", "{{env:RELIABILITY_PUSH_TOKEN}}", "idField", "record.no"),
                        "320115103", "东山街道")
                .map("organizer_id", "from", "org", "type", "social-credit-code")
                .map("contact_phone", "from", "phone", "type", "phone")
                .writeTo(connectors, "push.yaml");
        subscription("culture-bureau.activities", "culture-bureau", WEBHOOK_FIELDS)
                .to("http", "url", webhook.url(), "timeout", "5s")
                .writeTo(connectors, "webhook.yaml");
        subscription("propaganda-dept.activities", "propaganda-dept", MARIADB_FIELDS)
                .to("jdbc", "url", TestDatabases.MARIADB_URL, "table", mariaSinkTable)
                .writeTo(connectors, "maria.yaml");
        subscription("archive.activities", "archive", POSTGRES_FIELDS)
                .to("jdbc", "url", pgSinkUrl, "table", pgSinkTable, "timeout", PG_SINK_TIMEOUT.toSeconds() + "s")
                .writeTo(connectors, "pg.yaml");
        env.putAll(HubProcess.environment(bootstrap, prefix, connectors));
        env.put("ONCEONLY_SOURCE_BATCH_SIZE", "20");
        env.put("ONCEONLY_DELIVERY_BATCH_SIZE", "25");
        env.put("ONCEONLY_HTTP_PORT", Integer.toString(httpPort));
        env.put("RELIABILITY_PUSH_TOKEN", PUSH_TOKEN);
        sampler.scheduleWithFixedDelay(() -> {
            pgWatcher.sample();
            mariaWatcher.sample();
        }, 200, 300, TimeUnit.MILLISECONDS);
    }

    /** A subscription of {@code department} granted {@code fields}, from the earliest record; the caller says where to. */
    static Resources.Subscription subscription(String name, String department, Set<String> fields) {
        return Resources.subscription(name, department).fields(fields).start("earliest");
    }

    /** A hub setting for the next start, by its environment variable, for example ONCEONLY_SOURCE_PUBLISH_TIMEOUT. */
    void setting(String envName, String value) {
        env.put(envName, value);
    }

    void startHub(String... jvmOptions) throws IOException {
        hub = HubProcess.start(env, log, List.of(jvmOptions));
    }

    void killHub() throws InterruptedException {
        hub.kill();
        faults++;
    }

    String pushUrl() {
        return "http://127.0.0.1:" + httpPort + "/api/v1/sources/" + PUSH_SOURCE + "/records";
    }

    LoadGenerator generator(int operations, Duration pause) {
        generator = new LoadGenerator(List.of(pull, mariaDbPull), pushUrl(), PUSH_TOKEN, dropFolder, ledger, operations, pause, seed.value());
        return generator;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The hub's readiness as its /health/ready answers it: 200 when Kafka answers and every route runs. */
    int readiness() {
        try {
            return READINESS.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort
                            + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Path log() {
        return log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until every sink holds every key at its latest acknowledged version, then checks everything. */
    LedgerChecker.Report settleAndCheck(Duration atMost) throws InterruptedException, IOException {
        if (generator != null) {
            generator.awaitLastFile(atMost);
            LedgerChecker.appendToReport("RELIABILITY " + run + ": " + generator.summary());
        }
        LedgerChecker checker = new LedgerChecker(this);
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!checker.converged() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        // Bad rows pulled last may still be on their way to the rejects topic.
        LedgerChecker.Report report = checker.report();
        while (report.badNotRejected() > 0 && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            report = checker.report();
        }
        pgWatcher.sample();
        mariaWatcher.sample();
        return checker.report();
    }

    /** Whether the hub's log shows it halted at a crash point, as the test asked. */
    boolean haltedAt(String point) throws IOException {
        return Files.exists(log) && Files.readString(log).contains("onceonly.test.crash-at: halting at " + point);
    }

    /** Keeps the hub's log in target/reliability-logs, the evidence behind the figures. */
    @Override
    public void close() throws Exception {
        sampler.shutdownNow();
        if (hub != null) {
            hub.close();
        }
        webhook.close();
        if (Files.exists(log)) {
            Path kept = Files.createDirectories(Path.of("target", "reliability-logs"));
            Files.copy(log, kept.resolve(prefix + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
