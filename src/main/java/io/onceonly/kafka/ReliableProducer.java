package io.onceonly.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;

/**
 * Every producer of the hub, made in one place with the guarantees it relies on: idempotence and acks from all
 * in-sync replicas, so an acknowledged record is neither lost nor written twice by a retry. Settings that would
 * weaken them are refused, not quietly overridden: whoever asked for them believed something the hub does not do.
 */
public final class ReliableProducer {
    /** Idempotence keeps order and drops retried duplicates only up to this many requests in flight. */
    static final int MAX_IN_FLIGHT = 5;
    private static final String BAD = "has a bad value";

    private ReliableProducer() {
    }

    /** @param extra further settings, for example a transactional id; none may weaken the guarantees */
    public static KafkaProducer<String, byte[]> create(String bootstrap, String clientId, Map<String, String> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(extra);
        List<Problem> problems = weakenings(props);
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Kafka producer " + clientId + " would not keep the hub's delivery guarantees",
                    problems);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Every setting that would let an acknowledged record be lost or a retried one be written twice. */
    static List<Problem> weakenings(Properties props) {
        List<Problem> problems = new ArrayList<>();
        String idempotence = String.valueOf(props.getOrDefault(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")).trim();
        if (!idempotence.equalsIgnoreCase("true")) {
            problems.add(Problem.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, BAD, idempotence, "The hub relies on it so a "
                    + "retried send is not written twice; remove the override."));
        }
        String acks = String.valueOf(props.getOrDefault(ProducerConfig.ACKS_CONFIG, "all")).trim();
        if (!acks.equalsIgnoreCase("all") && !acks.equals("-1")) {
            problems.add(Problem.of(ProducerConfig.ACKS_CONFIG, BAD, acks, "The hub counts a record as shared only once "
                    + "every in-sync replica has it; use acks=all or remove the override."));
        }
        Object inFlight = props.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null) {
            try {
                if (Integer.parseInt(inFlight.toString().trim()) > MAX_IN_FLIGHT) {
                    problems.add(Problem.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, BAD, inFlight,
                            "Idempotence keeps order only up to " + MAX_IN_FLIGHT + "; use " + MAX_IN_FLIGHT
                            + " or fewer, or remove the override."));
                }
            } catch (NumberFormatException e) {
                problems.add(Problem.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, BAD, inFlight,
                        "It must be a whole number from 1 to " + MAX_IN_FLIGHT + "."));
            }
        }
        Object retries = props.get(ProducerConfig.RETRIES_CONFIG);
        if (retries != null && retries.toString().trim().equals("0")) {
            problems.add(Problem.of(ProducerConfig.RETRIES_CONFIG, BAD, "0", "A send that fails once over a broker "
                    + "restart would be lost to the caller's error path; remove the override."));
        }
        return problems;
    }
}
