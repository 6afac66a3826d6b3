package io.onceonly.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.HubSettingsDefinition;
import io.onceonly.config.Problem;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside the hub's JVM: the default
 * for trying OnceOnly out and for tests. Its log lives in a directory of its own, so it survives a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on {@code port} (0 picks a free one), formatting {@code dataDir} on first use. */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        int brokerPort = port == 0 ? freePort() : port;
        if (!available(brokerPort)) {
            throw ConfigurationException.of("Embedded Kafka broker cannot listen on port " + brokerPort, List.of(
                    Problem.of(HubSettingsDefinition.KAFKA_EMBEDDED_PORT.key(), "is already in use", brokerPort,
                            "Set ONCEONLY_KAFKA_BOOTSTRAP to use a running cluster, or choose another port with "
                            + "ONCEONLY_KAFKA_EMBEDDED_PORT.")));
        }
        int controllerPort = freePort();
        Path logDir = dataDir.toAbsolutePath().normalize().resolve("log");
        // One node: internal topics cannot have more than one replica.
        Properties props = nodeProperties(1, brokerPort, controllerPort, logDir, 1);
        props.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        try {
            Files.createDirectories(logDir);
            format(logDir.getParent(), logDir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, "localhost:" + brokerPort);
            try {
                broker.awaitReady();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            LOG.info("Embedded Kafka broker ready at {} (data in {})", broker.bootstrapServers, logDir);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Kafka broker cannot use its data directory " + logDir, e);
        }
    }

    /**
     * The settings of one KRaft node that is broker and controller, on localhost; the quorum (bootstrap servers or
     * static voters) is left to the caller. Topics, internal ones included, get {@code min(3, nodes)} replicas and,
     * with more than one node, min.insync.replicas 2, so an acknowledged record is on two machines.
     */
    public static Properties nodeProperties(int nodeId, int port, int controllerPort, Path logDir, int nodes) {
        String replicas = Integer.toString(Math.min(3, nodes));
        String minIsr = Integer.toString(Math.min(DurabilityCheck.MIN_INSYNC_REPLICAS, nodes));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("min.insync.replicas", minIsr);
        props.put("default.replication.factor", replicas);
        props.put("group.initial.rebalance.delay.ms", "0");
        // The hub creates its topics itself, with the right cleanup policy; a typo must not create a topic.
        props.put("auto.create.topics.enable", "false");
        // The cleaner's 128 MiB default buffer would sit on the heap for nothing.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("num.partitions", "1");
        return props;
    }

    /** Formats the log directory once; a formatted directory is reused so topics and offsets survive restarts. */
    private static void format(Path dataDir, Path logDir, Properties props) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Written by OnceOnly for the embedded broker's storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = StorageTool.execute(new String[] {"format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--standalone", "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Embedded Kafka broker storage in " + logDir + " cannot be formatted: "
                    + output.toString(StandardCharsets.UTF_8).trim() + ". Delete the directory to start afresh.");
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers
                                + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for the embedded broker", e);
                    }
                }
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and waits for its threads, which are not daemons and would keep the JVM alive. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded broker", e);
        }
    }

    private static boolean available(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
