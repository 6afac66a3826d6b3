package io.onceonly.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The hub's settings, typed. Keys and defaults are declared once, in {@code onceonly.properties}; this class reads
 * them, applies the overrides and reports every bad value together.
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
        int deliveryMaxInFlight) {

    public static final String DEFAULTS_RESOURCE = "onceonly.properties";

    /** The same settings with another operator token (the demo makes one up when none is set). */
    public HubSettings withOperatorToken(String token) {
        return new HubSettings(kafkaBootstrap, kafkaEmbeddedPort, kafkaPartitions, kafkaReplicationFactor, topicPrefix,
                dataDir, home, schemasDir, routesDir, connectorsDir, httpPort, instanceId, token, apiTokens, logFormat, sourceBatchSize,
                sourcePublishTimeout, deliveryBatchSize, deliveryPollTimeout, deliveryMaxInFlight);
    }

    /** The same settings reading registrations from another folder (the demo uses connectors/demo). */
    public HubSettings withConnectorsDir(Path dir) {
        return new HubSettings(kafkaBootstrap, kafkaEmbeddedPort, kafkaPartitions, kafkaReplicationFactor, topicPrefix,
                dataDir, home, schemasDir, routesDir, dir, httpPort, instanceId, apiOperatorToken, apiTokens, logFormat, sourceBatchSize,
                sourcePublishTimeout, deliveryBatchSize, deliveryPollTimeout, deliveryMaxInFlight);
    }

    /** Loads the defaults, then the optional file, then the environment, then system properties. */
    public static HubSettings load(Optional<Path> file, Map<String, String> env, Properties system) {
        Map<String, String> values = defaults();
        file.ifPresent(f -> values.putAll(readFile(f, values.keySet())));
        for (String key : values.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
            String fromSystem = system.getProperty(key);
            if (fromSystem != null) {
                values.put(key, fromSystem);
            }
        }
        return fromMap(values);
    }

    /** Settings from explicit values over the defaults; for tests and embedding. */
    public static HubSettings of(Map<String, String> overrides) {
        Map<String, String> values = defaults();
        for (String key : overrides.keySet()) {
            if (!values.containsKey(key)) {
                throw new ConfigurationException("Unknown setting '" + key + "'. Known settings: " + values.keySet());
            }
        }
        values.putAll(overrides);
        return fromMap(values);
    }

    /** The environment variable that overrides a key: upper case, '.' and '-' become '_'. */
    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** The declared keys and their defaults, in file order. */
    public static Map<String, String> defaults() {
        try (InputStream in = HubSettings.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath; the build is broken.");
            }
            return orderedProperties(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    private static Map<String, String> readFile(Path file, java.util.Set<String> known) {
        Map<String, String> values;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values = orderedProperties(reader);
        } catch (IOException e) {
            throw new ConfigurationException("Configuration file " + file + " cannot be read: " + e.getMessage()
                    + ". Check the path given with --config or ONCEONLY_CONFIG.");
        }
        List<String> unknown = values.keySet().stream()
                .filter(k -> k.startsWith("onceonly.") && !known.contains(k))
                .map(k -> file + ": '" + k + "' is not a setting. Known settings: " + known)
                .toList();
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Configuration file " + file + " has unknown keys", unknown);
        }
        return values;
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

    private static HubSettings fromMap(Map<String, String> v) {
        Parser p = new Parser(v);
        String bootstrap = v.get("onceonly.kafka.bootstrap");
        Path home = Path.of(v.get("onceonly.home"));
        HubSettings settings = new HubSettings(
                bootstrap == null || bootstrap.isBlank() ? Optional.empty() : Optional.of(bootstrap.trim()),
                p.port("onceonly.kafka.embedded-port"),
                p.positive("onceonly.kafka.partitions"),
                p.get("onceonly.kafka.replication-factor", s -> {
                    short rf = Short.parseShort(s);
                    if (rf == 0 || rf < -1) {
                        throw new IllegalArgumentException("must be -1 (broker default) or at least 1");
                    }
                    return rf;
                }),
                p.get("onceonly.topic-prefix", HubSettings::topicPrefix),
                Path.of(v.get("onceonly.data-dir")),
                home,
                home.resolve(v.get("onceonly.schemas-dir")),
                home.resolve(v.get("onceonly.routes-dir")),
                home.resolve(v.get("onceonly.connectors-dir")),
                p.port("onceonly.http.port"),
                v.get("onceonly.instance-id"),
                v.get("onceonly.api.operator-token"),
                v.get("onceonly.api.tokens"),
                p.get("onceonly.log.format", f -> {
                    if (!f.equals("text") && !f.equals("json")) {
                        throw new IllegalArgumentException("Use text or json.");
                    }
                    return f;
                }),
                p.positive("onceonly.source.batch-size"),
                p.get("onceonly.source.publish-timeout", s -> {
                    Duration d = Durations.parse(s);
                    if (d.toMillis() < 100) {
                        throw new IllegalArgumentException("It must be at least 100ms, for example 15s.");
                    }
                    return d;
                }),
                p.positive("onceonly.delivery.batch-size"),
                p.get("onceonly.delivery.poll-timeout", Durations::parse),
                p.positive("onceonly.delivery.max-in-flight"));
        p.failIfProblems();
        return settings;
    }

    // Kafka forbids mixing '.' and '_' in names (they collide in metric names); we use '.' and '-' only.
    private static String topicPrefix(String s) {
        if (!s.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("use lower-case letters, digits, '.' and '-' only, for example 'onceonly'");
        }
        return s;
    }

    /** Collects every bad value instead of stopping at the first. */
    private static final class Parser {
        private final Map<String, String> values;
        private final List<String> problems = new ArrayList<>();

        Parser(Map<String, String> values) {
            this.values = values;
        }

        <T> T get(String key, Function<String, T> parse) {
            String raw = values.get(key);
            try {
                return parse.apply(raw);
            } catch (RuntimeException e) {
                problems.add(key + " (environment " + envName(key) + ") has a bad value: '" + raw + "'. "
                        + (e instanceof NumberFormatException ? "It must be a whole number." : e.getMessage()));
                return null;
            }
        }

        int port(String key) {
            Integer port = get(key, s -> {
                int n = Integer.parseInt(s);
                if (n < 0 || n > 65535) {
                    throw new IllegalArgumentException("A port is between 0 and 65535 (0 picks a free one).");
                }
                return n;
            });
            return port == null ? 0 : port;
        }

        int positive(String key) {
            Integer n = get(key, s -> {
                int i = Integer.parseInt(s);
                if (i < 1) {
                    throw new IllegalArgumentException("It must be at least 1.");
                }
                return i;
            });
            return n == null ? 1 : n;
        }

        void failIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigurationException("OnceOnly settings have " + problems.size() + " problem(s)", problems);
            }
        }
    }
}
