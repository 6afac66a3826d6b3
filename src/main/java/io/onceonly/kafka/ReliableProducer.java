package io.onceonly.kafka;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Every producer of the hub, made in one place with the guarantees it relies on: idempotence and acks from all
 * in-sync replicas, so an acknowledged record is neither lost nor written twice by a retry.
 */
public final class ReliableProducer {
    private ReliableProducer() {
    }

    /** @param extra further settings, for example a transactional id */
    public static KafkaProducer<String, byte[]> create(String bootstrap, String clientId, Map<String, String> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
