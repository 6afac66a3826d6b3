package io.onceonly.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The hub's settings, typed: the defaults declared in {@link HubSettingsDefinition}, overridden by a file, the
 * environment and system properties, with every bad value reported together.
 */
public record HubSettings(
        Optional<String> kafkaBootstrap,
        int kafkaEmbeddedPort,
        int kafkaPartitions,
        short kafkaReplicationFactor,
        String topicPrefix,
        Path dataDir,
        Path home,
        Path schemasDir,
        Path routesDir,
        Path connectorsDir,
        int httpPort,
        String instanceId,
        String apiOperatorToken,
        String apiTokens,
        String logFormat,
        int sourceBatchSize,
        Duration sourcePublishTimeout,
        int deliveryBatchSize,
        Duration deliveryPollTimeout,
        int deliveryMaxInFlight,
        ZoneId timeZone) {

    /** The same settings with another operator token (the demo makes one up when none is set). */
    public HubSettings withOperatorToken(String token) {
        return new HubSettings(kafkaBootstrap, kafkaEmbeddedPort, kafkaPartitions, kafkaReplicationFactor, topicPrefix,
                dataDir, home, schemasDir, routesDir, connectorsDir, httpPort, instanceId, token, apiTokens, logFormat, sourceBatchSize,
                sourcePublishTimeout, deliveryBatchSize, deliveryPollTimeout, deliveryMaxInFlight, timeZone);
    }

    /** The same settings reading registrations from another folder (the demo uses connectors/demo). */
    public HubSettings withConnectorsDir(Path dir) {
        return new HubSettings(kafkaBootstrap, kafkaEmbeddedPort, kafkaPartitions, kafkaReplicationFactor, topicPrefix,
                dataDir, home, schemasDir, routesDir, dir, httpPort, instanceId, apiOperatorToken, apiTokens, logFormat, sourceBatchSize,
                sourcePublishTimeout, deliveryBatchSize, deliveryPollTimeout, deliveryMaxInFlight, timeZone);
    }

    /** Loads the defaults, then the optional file, then the environment, then system properties. */
    public static HubSettings load(Optional<Path> file, Map<String, String> env, Properties system) {
        Values values = new Values();
        file.ifPresent(f -> values.readFile(f));
        for (Setting<?> setting : HubSettingsDefinition.ALL) {
            String fromEnv = env.get(setting.env());
            if (fromEnv != null) {
                values.put(setting, fromEnv, "environment " + setting.env());
            }
            String fromSystem = system.getProperty(setting.key());
            if (fromSystem != null) {
                values.put(setting, fromSystem, "system property -D" + setting.key());
            }
        }
        return values.settings();
    }

    /** Settings from explicit values over the defaults; for tests and embedding. */
    public static HubSettings of(Map<String, String> overrides) {
        Values values = new Values();
        overrides.forEach((key, value) -> values.put(key, value, "given"));
        return values.settings();
    }

    /** The environment variable that overrides a key: upper case, '.' and '-' become '_'. */
    public static String envName(String key) {
        return setting(key).map(Setting::env).orElseThrow(() -> new IllegalArgumentException("'" + key + "' is not a setting."));
    }

    /** The declared keys and their defaults, in the order of the reference. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        HubSettingsDefinition.ALL.forEach(s -> defaults.put(s.key(), s.defaultValue()));
        return defaults;
    }

    private static Optional<Setting<?>> setting(String key) {
        return HubSettingsDefinition.ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Each setting's text and where it came from; collects every problem instead of stopping at the first. */
    private static final class Values {
        private final Map<String, String> text = defaults();
        private final Map<String, String> origin = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();

        void put(Setting<?> setting, String value, String from) {
            text.put(setting.key(), value);
            origin.put(setting.key(), from);
        }

        void put(String key, String value, String from) {
            setting(key).ifPresentOrElse(s -> put(s, value, from), () -> unknown(key, from));
        }

        void readFile(Path file) {
            Map<String, String> read;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read = orderedProperties(reader);
            } catch (IOException e) {
                throw ConfigurationException.of("OnceOnly settings cannot be read", List.of(Problem.of(
                        "Configuration file " + file, "cannot be read", e.getClass().getSimpleName() + " " + e.getMessage(),
                        "Check the path given with --config or ONCEONLY_CONFIG.")));
            }
            // Keys outside onceonly.* belong to others (Camel, Kafka clients) and are left to them.
            read.forEach((key, value) -> {
                if (key.startsWith("onceonly.")) {
                    put(key, value, "file " + file);
                }
            });
        }

        private void unknown(String key, String from) {
            String where = from.startsWith("file ") ? from.substring("file ".length()) + ": " : "";
            problems.add(Problem.unknownKey(where + "'" + key + "'", "is not a setting", key, defaults().keySet()));
        }

        /** The value of one setting; a bad one is recorded and the default stands in, so the others are still read. */
        <T> T get(Setting<T> setting) {
            String raw = text.get(setting.key());
            try {
                return setting.parse(raw);
            } catch (IllegalArgumentException e) {
                String what = "(" + origin.getOrDefault(setting.key(), "default") + ") has a bad value";
                problems.add(setting.secret() ? Problem.secret(setting.key(), what, e.getMessage())
                        : Problem.of(setting.key(), what, raw, e.getMessage()));
                return setting.byDefault();
            }
        }

        HubSettings settings() {
            Path home = get(HubSettingsDefinition.HOME);
            HubSettings settings = new HubSettings(
                    get(HubSettingsDefinition.KAFKA_BOOTSTRAP),
                    get(HubSettingsDefinition.KAFKA_EMBEDDED_PORT),
                    get(HubSettingsDefinition.KAFKA_PARTITIONS),
                    get(HubSettingsDefinition.KAFKA_REPLICATION_FACTOR),
                    get(HubSettingsDefinition.TOPIC_PREFIX),
                    get(HubSettingsDefinition.DATA_DIR),
                    home,
                    home.resolve(get(HubSettingsDefinition.SCHEMAS_DIR)),
                    home.resolve(get(HubSettingsDefinition.ROUTES_DIR)),
                    home.resolve(get(HubSettingsDefinition.CONNECTORS_DIR)),
                    get(HubSettingsDefinition.HTTP_PORT),
                    get(HubSettingsDefinition.INSTANCE_ID),
                    get(HubSettingsDefinition.API_OPERATOR_TOKEN),
                    get(HubSettingsDefinition.API_TOKENS),
                    get(HubSettingsDefinition.LOG_FORMAT),
                    get(HubSettingsDefinition.SOURCE_BATCH_SIZE),
                    get(HubSettingsDefinition.SOURCE_PUBLISH_TIMEOUT),
                    get(HubSettingsDefinition.DELIVERY_BATCH_SIZE),
                    get(HubSettingsDefinition.DELIVERY_POLL_TIMEOUT),
                    get(HubSettingsDefinition.DELIVERY_MAX_IN_FLIGHT),
                    get(HubSettingsDefinition.TIME_ZONE));
            if (!problems.isEmpty()) {
                throw ConfigurationException.of("OnceOnly settings have " + problems.size() + " problem(s)", problems);
            }
            return settings;
        }
    }

    private static Map<String, String> orderedProperties(Reader reader) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        // Properties keeps no order; a subclass that records insertion order keeps the file's order for listings.
        new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, ((String) value).trim());
                return null;
            }
        }.load(reader);
        return ordered;
    }
}
