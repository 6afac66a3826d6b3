package io.onceonly.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Every hub setting, each declared once with its type, default, description and check; loading, validation and
 * docs/configuration.md all come from here.
 */
public final class HubSettingsDefinition {
    public static final Setting<Optional<String>> KAFKA_BOOTSTRAP = setting("onceonly.kafka.bootstrap",
            SettingType.optionalText("host:port,..."), "",
            "Kafka bootstrap servers of the cluster to use. Empty: start the embedded single-node broker.");
    public static final Setting<Integer> KAFKA_EMBEDDED_PORT = setting("onceonly.kafka.embedded-port",
            SettingType.port(), "9092",
            "Port of the embedded broker, started only when onceonly.kafka.bootstrap is empty.");
    public static final Setting<Integer> KAFKA_PARTITIONS = setting("onceonly.kafka.partitions",
            SettingType.atLeast(1), "3",
            "Partitions of each schema topic the hub creates. Entities are spread over partitions by key.");
    public static final Setting<Short> KAFKA_REPLICATION_FACTOR = setting("onceonly.kafka.replication-factor",
            SettingType.replicationFactor(), "-1",
            "Replication factor of the topics the hub creates; -1 takes the broker's default.");
    // Kafka forbids mixing '.' and '_' in names (they collide in metric names); we use '.' and '-' only.
    public static final Setting<String> TOPIC_PREFIX = setting("onceonly.topic-prefix",
            SettingType.matching("topic name part", "[a-z0-9]+([.-][a-z0-9]+)*",
                    "Use lower-case letters, digits, '.' and '-' only, for example 'onceonly'."), "onceonly",
            "Prefix of every topic name: <prefix>.<schema>.v<N>, <prefix>.rejects, <prefix>.offsets, ...");
    public static final Setting<Path> DATA_DIR = setting("onceonly.data-dir", SettingType.path(), "./data",
            "Working data (the embedded broker's log, demo databases). Relative paths start at the current directory.");
    public static final Setting<Path> SCHEMAS_DIR = setting("onceonly.schemas-dir", SettingType.path(), "schemas",
            "Folder of the shared schemas. A relative path starts at onceonly.home.");
    public static final Setting<Path> ROUTES_DIR = setting("onceonly.routes-dir", SettingType.path(), "routes",
            "Folder of the route templates, one per connector type. A relative path starts at onceonly.home.");
    public static final Setting<Path> CONNECTORS_DIR = setting("onceonly.connectors-dir", SettingType.path(), "connectors",
            "Folder of the registrations (sources, subscriptions, grants, profiles). A relative path starts at onceonly.home.");
    public static final Setting<Path> HOME = setting("onceonly.home", SettingType.path(), ".",
            "Where the hub's own folders live; the launcher sets it to the directory of the checkout or installation.");
    public static final Setting<Integer> HTTP_PORT = setting("onceonly.http.port", SettingType.port(), "8080",
            "Port of the hub's HTTP server (admin API, health, metrics, dashboard, push endpoints); 0 picks a free one.");
    public static final Setting<String> INSTANCE_ID = setting("onceonly.instance-id", SettingType.text(), "",
            "Name of this hub instance in status reports, when several share one Kafka cluster. Empty: host name and HTTP port.");
    public static final Setting<String> API_OPERATOR_TOKEN = secret("onceonly.api.operator-token",
            "Operator's bearer token for the admin API (/api/v1), as a reference such as {{env:ONCEONLY_OPERATOR_TOKEN}}. "
                    + "Empty keeps the admin API closed; health endpoints are always open.");
    public static final Setting<String> API_TOKENS = secret("onceonly.api.tokens",
            "Departments' bearer tokens, each stored only as its SHA-256 (`onceonly token hash` prints one), as a "
                    + "comma-separated list of department=sha256hex, or a reference such as {{env:ONCEONLY_API_TOKENS}}. "
                    + "A department's token manages only that department's sources and subscriptions and reads only its "
                    + "own rejects and dead letters.");
    public static final Setting<String> LOG_FORMAT = setting("onceonly.log.format", SettingType.oneOf("text", "json"), "text",
            "Log format on the console: text (for people) or json (Elastic Common Schema, one object per line, for log "
                    + "collectors). Read by the logging configuration itself, from ONCEONLY_LOG_FORMAT or -Donceonly.log.format.");
    public static final Setting<ZoneId> TIME_ZONE = setting("onceonly.time-zone", SettingType.zone(), "Asia/Shanghai",
            "Time zone of local dates and times: a source's date-time without an offset is read as local time here, and "
                    + "file exports and stored dropped files are named by the day and time here.");
    public static final Setting<Integer> SOURCE_BATCH_SIZE = setting("onceonly.source.batch-size",
            SettingType.atLeast(1), "1000",
            "Most records a source reads and publishes in one transaction.");
    public static final Setting<Duration> SOURCE_PUBLISH_TIMEOUT = setting("onceonly.source.publish-timeout",
            SettingType.duration(Duration.ofMillis(100)), "15s",
            "How long a source waits for Kafka to take a batch (to begin and to commit its transaction) before the "
                    + "attempt fails: a pulled source tries again later from its committed position, a push request is "
                    + "answered 503 and its sender sends it again. Bounds how long a pushing system waits while Kafka is unreachable.");
    public static final Setting<Integer> DELIVERY_BATCH_SIZE = setting("onceonly.delivery.batch-size",
            SettingType.atLeast(1), "1000",
            "Most records a subscription takes from Kafka and writes to its sink in one batch.");
    public static final Setting<Duration> DELIVERY_POLL_TIMEOUT = setting("onceonly.delivery.poll-timeout",
            SettingType.duration(Duration.ZERO), "500ms",
            "How long a Kafka consumer waits for records in one poll; short values make shutdown quicker.");
    public static final Setting<Integer> DELIVERY_MAX_IN_FLIGHT = setting("onceonly.delivery.max-in-flight",
            SettingType.atLeast(1), "10000",
            "Most records all subscriptions together hold between polling them and committing their delivery. Each "
                    + "costs a few KiB of heap; a subscription waits for room before it polls. 10000 keeps 100 "
                    + "subscriptions within a 512 MiB heap.");

    /** Every setting, in the order of the reference. */
    public static final List<Setting<?>> ALL = List.of(KAFKA_BOOTSTRAP, KAFKA_EMBEDDED_PORT, KAFKA_PARTITIONS,
            KAFKA_REPLICATION_FACTOR, TOPIC_PREFIX, DATA_DIR, SCHEMAS_DIR, ROUTES_DIR, CONNECTORS_DIR, HOME, HTTP_PORT,
            INSTANCE_ID, API_OPERATOR_TOKEN, API_TOKENS, LOG_FORMAT, TIME_ZONE, SOURCE_BATCH_SIZE, SOURCE_PUBLISH_TIMEOUT,
            DELIVERY_BATCH_SIZE, DELIVERY_POLL_TIMEOUT, DELIVERY_MAX_IN_FLIGHT);

    private HubSettingsDefinition() {
    }

    private static <T> Setting<T> setting(String key, SettingType<T> type, String defaultValue, String description) {
        return new Setting<>(key, type, defaultValue, description, false);
    }

    private static Setting<String> secret(String key, String description) {
        return new Setting<>(key, SettingType.text(), "", description, true);
    }
}
