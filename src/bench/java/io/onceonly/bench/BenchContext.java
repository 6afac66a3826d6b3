package io.onceonly.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.onceonly.config.HubSettings;
import io.onceonly.kafka.TopicAdmin;
import io.onceonly.kafka.Topics;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.registry.SourceResource;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.testing.Resources;

/** What every scenario shares: the broker, the checkout (schemas, routes), the databases, and a few probes. */
final class BenchContext {
    static final String POSTGRES_URL = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB_URL = System.getProperty("bench.mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    /** Partitions of every topic the benchmarks create: the hub's default for schema topics. */
    static final int PARTITIONS = 3;

    final String bootstrap;
    final Path home;
    final Path work;
    final SchemaCatalog catalog;
    final RouteTemplates templates;
    final SharedSchema schema;

    BenchContext(String bootstrap, Path home, Path work) {
        this.bootstrap = bootstrap;
        this.home = home;
        this.work = work;
        this.catalog = SchemaCatalog.load(home.resolve("schemas"));
        this.templates = RouteTemplates.load(home.resolve("routes"));
        this.schema = catalog.get(SchemaId.parse(HazardReports.SCHEMA));
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** The topics a source needs (the hub creates them itself at start; a bare pipeline does not). */
    void createTopics(Topics topics) {
        Set<TopicAdmin.TopicSpec> specs = new LinkedHashSet<>();
        specs.add(new TopicAdmin.TopicSpec(topics.schema(schema.id().name(), schema.id().version()), PARTITIONS, false));
        specs.add(new TopicAdmin.TopicSpec(topics.rejects(), PARTITIONS, false));
        specs.add(new TopicAdmin.TopicSpec(topics.offsets(), 1, true));
        TopicAdmin.ensure(bootstrap, (short) -1, specs);
    }

    void createTopic(String name) {
        TopicAdmin.ensure(bootstrap, (short) -1, List.of(new TopicAdmin.TopicSpec(name, PARTITIONS, false)));
    }

    /** A source resource read from YAML, as the hub would read it. */
    SourceResource source(String yaml) {
        Registrations r = ResourceLoader.check(ResourceLoader.parse("benchmark", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                catalog, templates);
        return r.sources().get(0);
    }

    static String pushSourceYaml(String name) {
        return HazardReports.mapped(Resources.source(name, "emergency-management").from("push")).yaml();
    }

    static String jdbcSourceYaml(String name, String table, String every) {
        return HazardReports.mapped(Resources.source(name, "emergency-management")
                .from("jdbc", "url", POSTGRES_URL, "table", table, "cursor", "updated_at", "tiebreaker", "id", "lag", "0s",
                        "every", every)).yaml();
    }

    static String jdbcSubscriptionYaml(String name, String url, String table) {
        return subscription(name, "fire-brigade").to("jdbc", "url", url, "table", table).yaml();
    }

    static String webhookSubscriptionYaml(String name, String url) {
        return subscription(name, "housing-bureau").to("http", "url", url, "timeout", "30s").yaml();
    }

    private static Resources.Subscription subscription(String name, String department) {
        return Resources.subscription(name, department).schema(HazardReports.SCHEMA)
                .fields(HazardReports.FIELDS.toArray(String[]::new)).start("earliest");
    }

    /** Settings of a hub on the benchmark's broker, with registrations from {@code connectors}. */
    HubSettings hubSettings(Path connectors, String prefix) throws IOException {
        Map<String, String> v = new HashMap<>();
        v.put("onceonly.kafka.bootstrap", bootstrap);
        v.put("onceonly.topic-prefix", prefix);
        v.put("onceonly.home", home.toString());
        v.put("onceonly.connectors-dir", connectors.toAbsolutePath().toString());
        v.put("onceonly.data-dir", Files.createDirectories(work.resolve(prefix)).toString());
        v.put("onceonly.http.port", "0");
        v.put("onceonly.delivery.poll-timeout", "200ms");
        return HubSettings.of(v);
    }

    static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Rows in a table, or -1 while it does not exist (a sink creates its table with its first batch). */
    static long count(String url, String table) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static void dropQuietly(String url, String table) {
        try {
            execute(url, "DROP TABLE IF EXISTS " + table);
        } catch (SQLException ignored) {
            // a leftover table costs disk, not correctness
        }
    }

    /** CPU time of this whole process (all threads, the broker's included) in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Resident set size of a process in KiB, from /proc/PID/status; -1 where there is no /proc. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use after a full collection, in bytes. */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
