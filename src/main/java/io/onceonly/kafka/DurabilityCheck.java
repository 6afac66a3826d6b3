package io.onceonly.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

/**
 * Refuses to start the hub on a cluster whose topics would acknowledge a record that one broker's loss can still
 * take away: with acks=all, an acknowledgement means "every in-sync replica has it", which protects nothing when
 * one replica is enough to be in sync. A single broker cannot do better and is allowed, with a log line saying so.
 */
public final class DurabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DurabilityCheck.class);
    /** With acks=all, at least this many brokers hold a record before it is acknowledged. */
    public static final int MIN_INSYNC_REPLICAS = 2;

    private DurabilityCheck() {
    }

    /** What the cluster says about one topic. */
    public record TopicDurability(int replicationFactor, int minInsyncReplicas) {
    }

    /** Reads the cluster and each topic's effective {@code min.insync.replicas}, then fails with every problem. */
    public static void verify(String bootstrap, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            if (brokers == 1) {
                LOG.info("Kafka at {} is a single broker: min.insync.replicas is not checked, and a shared record is "
                        + "as safe as that broker's disk. For production use three brokers with min.insync.replicas=2.",
                        bootstrap);
                return;
            }
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<String, TopicDurability> durability = new LinkedHashMap<>();
            for (String topic : topics) {
                ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                int replicas = described.get(topic).partitions().stream()
                        .mapToInt(p -> p.replicas().size()).min().orElse(0);
                durability.put(topic, new TopicDurability(replicas, minIsr == null ? 1 : Integer.parseInt(minIsr.value())));
            }
            List<Problem> problems = problems(bootstrap, brokers, durability);
            if (!problems.isEmpty()) {
                throw ConfigurationException.of("Kafka at " + bootstrap + " would acknowledge records that one broker's "
                        + "loss can take away; the hub does not start", problems);
            }
            LOG.info("Kafka at {}: {} brokers; every topic of the hub has min.insync.replicas >= {}", bootstrap, brokers,
                    MIN_INSYNC_REPLICAS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka at " + bootstrap + " did not say how its topics are replicated: "
                    + cause.getMessage() + ". The hub needs to describe its topics and their configs to start.", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the topics' replication", e);
        }
    }

    /** Every topic whose settings break the promise, with the bad value and the command that fixes it. */
    public static List<Problem> problems(String bootstrap, int brokers, Map<String, TopicDurability> topics) {
        List<Problem> problems = new ArrayList<>();
        if (brokers <= 1) {
            return problems;
        }
        topics.forEach((topic, d) -> {
            if (d.minInsyncReplicas() < MIN_INSYNC_REPLICAS) {
                problems.add(Problem.of("topic " + topic + " min.insync.replicas", "is below " + MIN_INSYNC_REPLICAS
                        + " on a cluster of " + brokers + " brokers, so an acknowledged record may sit on one broker only",
                        d.minInsyncReplicas(), "Fix: kafka-configs.sh --bootstrap-server " + bootstrap + " --alter "
                        + "--entity-type topics --entity-name " + topic + " --add-config min.insync.replicas="
                        + MIN_INSYNC_REPLICAS + " (or set it as the brokers' default before the hub creates its topics)."));
            } else if (d.replicationFactor() < d.minInsyncReplicas()) {
                problems.add(Problem.of("topic " + topic + " replication factor", "is below its min.insync.replicas "
                        + d.minInsyncReplicas() + ", so every write would be refused", d.replicationFactor(),
                        "Fix: recreate it with onceonly.kafka.replication-factor=3 (or reassign its partitions to "
                        + "more brokers)."));
            }
        });
        return problems;
    }
}
