package io.onceonly.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import io.onceonly.kafka.EmbeddedKafkaBroker;

/**
 * A KRaft cluster of N Kafka nodes, each broker and controller in a JVM of its own, with static voters. With three
 * nodes it is configured as production should be: replication factor 3 and min.insync.replicas 2 for every topic,
 * internal ones included, so an acknowledged record is on two machines. Ports and data directories are fixed at
 * creation, so a killed node comes back as itself.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);
    private final List<BrokerProcess> nodes;
    private final String bootstrap;
    private final Admin admin;

    private KafkaCluster(List<BrokerProcess> nodes) {
        this.nodes = nodes;
        this.bootstrap = nodes.stream().map(n -> "localhost:" + n.port()).collect(Collectors.joining(","));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Formats and starts {@code size} nodes under {@code dir}, and waits until every broker is registered. */
    public static KafkaCluster start(Path dir, int size) throws IOException, InterruptedException {
        int[] ports = new int[size];
        int[] controllerPorts = new int[size];
        for (int i = 0; i < size; i++) {
            ports[i] = freePort();
            controllerPorts[i] = freePort();
        }
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@localhost:").append(controllerPorts[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<BrokerProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Path nodeDir = dir.resolve("kafka-" + (i + 1));
            BrokerProcess node = new BrokerProcess(i + 1, ports[i], nodeDir,
                    config(i + 1, ports[i], controllerPorts[i], voters.toString(), nodeDir.resolve("data"), size));
            node.format(clusterId);
            nodes.add(node);
        }
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            for (BrokerProcess node : nodes) {
                node.start();
            }
            cluster.awaitBrokers(size);
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static Properties config(int nodeId, int port, int controllerPort, String voters, Path data, int size) {
        Properties p = EmbeddedKafkaBroker.nodeProperties(nodeId, port, controllerPort, data, size);
        p.put("controller.quorum.voters", voters);
        p.put("unclean.leader.election.enable", "false");
        // A follower that stopped fetching leaves the ISR after 10 s instead of 30 s: faults settle sooner.
        p.put("replica.lag.time.max.ms", "10000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public List<BrokerProcess> nodes() {
        return nodes;
    }

    /** The node with this id (1..N). */
    public BrokerProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    /**
     * Waits until each of these (re)started nodes accepts connections on its listener, then until every broker is
     * registered. The listener comes first because a cluster that lost its controller quorum still describes itself
     * from stale metadata, with the dead brokers in it.
     */
    public void awaitUp(BrokerProcess... restarted) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        for (BrokerProcess node : restarted) {
            while (!listening(node.port())) {
                if (System.nanoTime() > deadline || !node.alive()) {
                    throw new IllegalStateException("Kafka node " + node.nodeId() + " does not listen on port " + node.port()
                            + (node.alive() ? " after " + READY.toSeconds() + " s" : ": it exited") + ". See " + node.log());
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        awaitBrokers(nodes.size());
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("localhost", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until this many brokers are registered and unfenced. */
    public void awaitBrokers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (seen >= count) {
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("Kafka cluster at " + bootstrap + ": " + count + " brokers expected within "
                + READY.toSeconds() + " s, saw " + seen + ". See the broker.log files under the nodes' folders.");
    }

    /** The id of the node leading a partition now, or -1 when it has no leader. */
    public int leaderOf(String topic, int partition) throws Exception {
        Node leader = describe(topic).partitions().get(partition).leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /** Waits until every partition of these topics has all its replicas in sync again (after a node came back). */
    public void awaitFullIsr(Collection<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        String lagging = "";
        while (System.nanoTime() < deadline) {
            try {
                lagging = "";
                for (String topic : topics) {
                    for (TopicPartitionInfo p : describe(topic).partitions()) {
                        if (p.isr().size() < p.replicas().size()) {
                            lagging += " " + topic + "/" + p.partition() + " isr=" + p.isr().stream().map(Node::id).toList();
                        }
                    }
                }
                if (lagging.isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
                lagging = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("Replicas not back in sync within " + READY.toSeconds() + " s:" + lagging);
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    /** Keeps the nodes' logs in target/reliability-logs/{@code name}-kafka-N.log. */
    public void keepLogs(String name) throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "reliability-logs"));
        for (BrokerProcess node : nodes) {
            if (Files.exists(node.log())) {
                Files.copy(node.log(), kept.resolve(name + "-kafka-" + node.nodeId() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        admin.close(Duration.ofSeconds(2));
        for (BrokerProcess node : nodes) {
            node.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
