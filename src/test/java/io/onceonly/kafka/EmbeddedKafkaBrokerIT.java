package io.onceonly.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.onceonly.testing.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void acknowledgesAnIdempotentProduceWithAllAcksAndReadsItBack() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String topic = createTopic(bootstrap);

        RecordMetadata ack;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            ack = producer.send(new ProducerRecord<>(topic, "activity-1", "{\"title\":\"opera\"}"))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        assertThat(ack.offset()).isZero();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, topic, "read_committed")) {
            List<ConsumerRecord<String, String>> records = readUntil(consumer, "{\"title\":\"opera\"}");
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("activity-1");
                assertThat(record.value()).isEqualTo("{\"title\":\"opera\"}");
            });
            // A committed offset proves the group coordinator's offsets topic works on one node.
            consumer.commitSync(WAIT);
        }
    }

    @Test
    void showsReadCommittedConsumersTheCommittedTransactionsButNotTheAbortedOne() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String topic = createTopic(bootstrap);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(transactionalConfig(bootstrap))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k2", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k3", "aborted-1"));
            // Flushed so the aborted record really is in the log and the consumer has to skip it.
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k4", "committed-3"));
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> committed = consumer(bootstrap, topic, "read_committed");
                KafkaConsumer<String, String> uncommitted = consumer(bootstrap, topic, "read_uncommitted")) {
            assertThat(values(readUntil(committed, "committed-3")))
                    .containsExactly("committed-1", "committed-2", "committed-3");
            assertThat(values(readUntil(uncommitted, "committed-3")))
                    .containsExactly("committed-1", "committed-2", "aborted-1", "committed-3");
        }
    }

    @Test
    void keepsRecordsWhenRestartedOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        String topic;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port)) {
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
            topic = createTopic(broker.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers()))) {
                for (int i = 1; i <= 3; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "before-restart-" + i));
                }
                producer.flush();
            }
        }

        // Another port on purpose: the CLI may pick a different one, and the stored data must not depend on it.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
                KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), topic, "read_committed")) {
            assertThat(values(readUntil(consumer, "before-restart-3")))
                    .containsExactly("before-restart-1", "before-restart-2", "before-restart-3");
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAPortAlreadyInUseWithAClearMessageInsteadOfHanging(@TempDir Path dataDir) {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, port))
                .isInstanceOf(io.onceonly.config.ConfigurationException.class)
                .hasMessageContaining("Embedded Kafka broker cannot listen on port " + port + ":\n  - "
                        + "onceonly.kafka.embedded-port is already in use: '" + port + "'. Set"
                        + " ONCEONLY_KAFKA_BOOTSTRAP to use a running cluster, or choose another port with"
                        + " ONCEONLY_KAFKA_EMBEDDED_PORT.");
        assertThat(dataDir).as("storage is not touched when the port is taken").isEmptyDirectory();
    }

    @Test
    void letsTheJvmExitAfterClose(@TempDir Path workDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = workDir.resolve("jvm-output.txt");
        // Output to a file: the test JVM's own stdout is failsafe's channel, which rejects a child's writes.
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StartAndClose.class.getName(), workDir.resolve("kafka").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        Supplier<String> childOutput = () -> "Output of that JVM:\n" + readQuietly(output);
        assertThat(exited).as(() -> "a JVM that started and closed a broker exits by itself (no broker thread left). "
                + childOutput.get()).isTrue();
        assertThat(process.exitValue()).as(() -> "exit code of the JVM that started and closed a broker. "
                + childOutput.get()).isZero();
    }

    /** Runs in a separate JVM: returns from main right after close, so the JVM exits only if no broker thread is left. */
    static final class StartAndClose {
        public static void main(String[] args) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), 0)) {
                System.out.println("Broker started on " + broker.bootstrapServers());
            }
        }
    }

    private static List<ConsumerRecord<String, String>> readUntil(KafkaConsumer<String, String> consumer,
            String lastValue) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        // Same thread: KafkaConsumer must not be polled from Awaitility's thread while this one closes it.
        await("record '" + lastValue + "' consumed").atMost(WAIT).pollInSameThread().untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            assertThat(values(records)).contains(lastValue);
        });
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static String createTopic(String bootstrap) throws Exception {
        String topic = "embedded-broker-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return topic;
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    }

    private static Map<String, Object> transactionalConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>(producerConfig(bootstrap));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-it-" + UUID.randomUUID());
        return config;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic, String isolationLevel) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-broker-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
