package io.onceonly.delivery;

import io.onceonly.connector.file.FileExportSink;
import io.onceonly.connector.kafka.KafkaTopicSink;
import io.onceonly.connector.http.WebhookSink;
import io.onceonly.connector.jdbc.JdbcUpsertSink;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;
import io.onceonly.testing.WebhookReceiver;

/**
 * Any order and repetition of an entity's versions ends at its newest version, at every sink type, each against the
 * real system: PostgreSQL, MariaDB, an HTTP receiver, files, a Kafka topic.
 *
 * <p>Each try makes a history: a few entities with a few versions each (a version is its publication time, the
 * CloudEvents {@code time}), every version repeated, all in any order (the log); then delivers the log as a
 * subscription would after crashes: runs of the log, each starting at or before where the previous one stopped
 * (the batch not committed comes again), cut into batches of random sizes. What "ends at the newest" means per sink:
 * <ul>
 * <li>JDBC: the table holds each entity's newest version, whatever the order (the version column guards it).
 * <li>Webhook and Kafka: every version arrives, with its time and only the granted fields, in the order of the log
 * (so a receiver that applies each event in arrival order holds the version published last), and a receiver that
 * keeps the event with the latest {@code time} per subject, the JDBC sink's rule, holds the newest version.
 * <li>File: the files hold every entry of the log exactly once, in log order (redelivery never doubles a line), and the
 * latest {@code _time} per {@code _key} is the newest version.
 * </ul>
 * {@link PropertyRunner} prints each property's seed; {@code -Donceonly.property.seed=...} replays a failure.
 */
class SinkConvergencePropertiesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SharedSchema SCHEMA = SchemaCatalog.load(Path.of("schemas")).get(SchemaId.parse("cultural-activity/v1"));
    private static final List<String> GRANTED = List.of("activity_id", "title");
    private static final OffsetDateTime EPOCH = OffsetDateTime.parse("2026-01-01T00:00:00+08:00");
    private static final int TRIES = 40;
    /** The seed of a try's history: any long. */
    private static final Generator<Long> SEEDS = Generators.longs();

    private static String pgTable;
    private static String mariaTable;
    private static JdbcUpsertSink postgres;
    private static JdbcUpsertSink mariaDb;
    private static WebhookReceiver receiver;
    private static WebhookSink webhook;
    private static String topic;
    private static KafkaTopicSink kafka;
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ConsumerRecord<String, byte[]>> consumed = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pgTable = TestDatabases.uniqueName("conv_pg");
        mariaTable = TestDatabases.uniqueName("conv_maria");
        postgres = new JdbcUpsertSink(TestDatabases.POSTGRES_URL, null, null, pgTable, true, "onceonly_version", Map.of(), SCHEMA, GRANTED);
        mariaDb = new JdbcUpsertSink(TestDatabases.MARIADB_URL, null, null, mariaTable, true, "onceonly_version", Map.of(), SCHEMA, GRANTED);
        receiver = new WebhookReceiver();
        webhook = new WebhookSink(receiver.url(), Duration.ofSeconds(10), null);
        topic = "conv-" + UUID.randomUUID().toString().substring(0, 8) + ".activities";
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        kafka = new KafkaTopicSink(bootstrap, topic, "convergence-test");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {postgres, mariaDb, webhook, kafka, consumer, receiver}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing test resources; nothing to check
            }
        }
    }

    /** One version of one entity: its key, number (1 = oldest), publication time and title. */
    record Version(String key, int number, OffsetDateTime time, String title) {
        String id() {
            return key + "-v" + number;
        }
    }

    /** The log in the order it was published, and the runs of it delivered after crashes, as batches of log indexes. */
    record History(List<Version> log, List<List<List<Integer>>> runs) {
        static History of(long seed) {
            Random random = new Random(seed);
            String tag = UUID.randomUUID().toString().substring(0, 8);
            List<Version> log = new ArrayList<>();
            int keys = 1 + random.nextInt(4);
            for (int k = 0; k < keys; k++) {
                String key = "conv-" + tag + "-" + k;
                int versions = 1 + random.nextInt(5);
                for (int v = 1; v <= versions; v++) {
                    Version version = new Version(key, v, EPOCH.plusSeconds(v * 60L + random.nextInt(59)), "标题 " + key + " 第" + v + "版");
                    for (int r = random.nextInt(3); r >= 0; r--) {
                        log.add(version);
                    }
                }
            }
            Collections.shuffle(log, random);
            List<List<List<Integer>>> runs = new ArrayList<>();
            int start = 0;
            int end = -1;
            while (end < log.size() - 1) {
                start = start + random.nextInt(end + 2 - start); // at or before where the previous run stopped
                boolean crash = runs.size() < 2 && random.nextBoolean();
                end = crash ? start + random.nextInt(log.size() - start) : log.size() - 1;
                List<List<Integer>> batches = new ArrayList<>();
                for (int i = start; i <= end; ) {
                    List<Integer> batch = new ArrayList<>();
                    for (int n = 1 + random.nextInt(6); n > 0 && i <= end; n--) {
                        batch.add(i++);
                    }
                    batches.add(batch);
                }
                runs.add(batches);
            }
            return new History(log, runs);
        }

        List<DeliveryRecord> batch(List<Integer> indexes) {
            return indexes.stream().map(i -> record(i, log.get(i))).toList();
        }

        /** The newest version's title per key: what every sink must end at. */
        Map<String, String> newest() {
            Map<String, Version> newest = new TreeMap<>();
            log.forEach(v -> newest.merge(v.key(), v, (a, b) -> a.number() >= b.number() ? a : b));
            Map<String, String> titles = new TreeMap<>();
            newest.forEach((k, v) -> titles.put(k, v.title()));
            return titles;
        }

        /** The title of each key's last entry in the log: what a receiver applying events in arrival order holds. */
        Map<String, String> lastPublished() {
            Map<String, String> titles = new TreeMap<>();
            log.forEach(v -> titles.put(v.key(), v.title()));
            return titles;
        }

        String tag() {
            return log.get(0).key().substring(0, "conv-".length() + 8);
        }

        @Override
        public String toString() {
            return "log " + log.stream().map(Version::id).toList() + ", runs " + runs;
        }
    }

    private static DeliveryRecord record(long offset, Version v) {
        var event = CloudEventBuilder.v1().withId(v.id()).withSource(URI.create("/departments/township-c/sources/activities"))
                .withType("onceonly.cultural-activity.v1").withSubject(v.key()).withTime(v.time()).build();
        // The record as published holds more than this subscription was granted; the sink gets the projection.
        var published = JSON.createObjectNode().put("activity_id", v.key()).put("title", v.title()).put("contact_phone", "13912345678");
        return new DeliveryRecord("onceonly.cultural-activity.v1", 0, offset, v.key(), event,
                new FieldProjection(GRANTED, Map.of()).project(published));
    }

    private static void deliver(History history, Sink sink) throws Exception {
        for (List<List<Integer>> run : history.runs()) {
            for (List<Integer> batch : run) {
                sink.write(history.batch(batch));
            }
        }
    }

    // ---- JDBC: the table converges whatever the order -----------------------------------------------------------

    @Test
    void postgresqlTableEndsAtEachEntitysNewestVersion() {
        PropertyRunner.forAll(TRIES, SEEDS.map(History::of), history -> {
            deliver(history, postgres);
            assertThat(rows(TestDatabases.POSTGRES_URL, pgTable, history.tag())).as("%s", history).isEqualTo(history.newest());
        });
    }

    @Test
    void mariaDbTableEndsAtEachEntitysNewestVersion() {
        PropertyRunner.forAll(TRIES, SEEDS.map(History::of), history -> {
            deliver(history, mariaDb);
            assertThat(rows(TestDatabases.MARIADB_URL, mariaTable, history.tag())).as("%s", history).isEqualTo(history.newest());
        });
    }

    /** Title per key, checking that each row's version column is its title's version. */
    private static Map<String, String> rows(String url, String table, String tag) throws Exception {
        Map<String, String> titles = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement st = c.prepareStatement("SELECT activity_id, title, onceonly_version FROM " + table
                     + " WHERE activity_id LIKE ?")) {
            st.setString(1, tag + "%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    titles.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return titles;
    }

    // ---- Webhook and Kafka: every version arrives in log order, with its time --------------------------------

    @Test
    void webhookReceiverGetsEveryVersionInLogOrderAndTheLatestTimeIsTheNewest() {
        PropertyRunner.forAll(TRIES, SEEDS.map(History::of), history -> {
            deliver(history, webhook);
            List<Received> received = new ArrayList<>();
            for (JsonNode e : receiver.events()) {
                if (e.path("subject").asText().startsWith(history.tag())) {
                    received.add(new Received(e.path("subject").asText(), e.path("id").asText(),
                            OffsetDateTime.parse(e.path("time").asText()), e.path("data")));
                }
            }
            assertConverges(history, received);
        });
    }

    @Test
    void kafkaTopicGetsEveryVersionInLogOrderAndTheLatestTimeIsTheNewest() {
        PropertyRunner.forAll(TRIES, SEEDS.map(History::of), history -> {
            deliver(history, kafka);
            List<Received> received = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : consumeToEnd()) {
                if (r.key().startsWith(history.tag())) {
                    received.add(new Received(r.key(), header(r, "ce_id"), OffsetDateTime.parse(header(r, "ce_time")),
                            JSON.readTree(r.value())));
                }
            }
            assertConverges(history, received);
        });
    }

    /** One event as a receiver got it. */
    record Received(String key, String id, OffsetDateTime time, JsonNode data) {
    }

    private static void assertConverges(History history, List<Received> received) {
        for (Received r : received) {
            assertThat(names(r.data())).as("only granted fields leave the hub").containsExactlyElementsOf(GRANTED);
        }
        assertThat(received.stream().map(Received::id).distinct().sorted().toList()).as("no version lost: %s", history)
                .isEqualTo(history.log().stream().map(Version::id).distinct().sorted().toList());
        Map<String, String> inArrivalOrder = new TreeMap<>();
        Map<String, Received> latestTime = new TreeMap<>();
        for (Received r : received) {
            inArrivalOrder.put(r.key(), r.data().path("title").asText());
            latestTime.merge(r.key(), r, (held, next) -> next.time().isBefore(held.time()) ? held : next);
        }
        assertThat(inArrivalOrder).as("applied in arrival order: the version published last, %s", history)
                .isEqualTo(history.lastPublished());
        Map<String, String> newest = new TreeMap<>();
        latestTime.forEach((k, r) -> newest.put(k, r.data().path("title").asText()));
        assertThat(newest).as("latest time wins: the newest version, %s", history).isEqualTo(history.newest());
    }

    private static List<ConsumerRecord<String, byte[]>> consumeToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            assertThat(System.nanoTime()).as("topic %s read to its end within 60 s", topic).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(200)).forEach(consumed::add);
        }
        return consumed;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    // ---- File: every log entry once, in order, across restarts ----------------------------------------------------

    @Test
    void exportedFilesHoldEachLogEntryOnceInOrderAndTheLatestTimeIsTheNewest() {
        PropertyRunner.forAll(TRIES, SEEDS.map(History::of), history -> {
            Path dir = Files.createTempDirectory("onceonly-convergence");
            List<FileExportSink> sinks = new ArrayList<>();
            try {
                for (List<List<Integer>> run : history.runs()) {
                    // Each run after the first is a restart after a crash: a new sink on the same folder.
                    FileExportSink sink = new FileExportSink(dir, "archives.activities", FileExportSink.Format.JSONL,
                            StandardCharsets.UTF_8, false, 256, Duration.ofHours(1), GRANTED, io.onceonly.config.HubSettingsDefinition.TIME_ZONE.byDefault());
                    sinks.add(sink);
                    for (List<Integer> batch : run) {
                        sink.write(history.batch(batch));
                    }
                }
                List<JsonNode> lines = exportedLines(dir);
                assertThat(lines.stream().map(l -> l.path("_id").asText()).toList()).as("each entry once, in order: %s", history)
                        .isEqualTo(history.log().stream().map(Version::id).toList());
                Map<String, JsonNode> latestTime = new LinkedHashMap<>();
                for (JsonNode line : lines) {
                    assertThat(names(line)).containsExactly("_key", "_id", "_time", "activity_id", "title");
                    latestTime.merge(line.path("_key").asText(), line, (held, next) -> OffsetDateTime.parse(next.path("_time").asText())
                            .isBefore(OffsetDateTime.parse(held.path("_time").asText())) ? held : next);
                }
                Map<String, String> newest = new TreeMap<>();
                latestTime.forEach((k, l) -> newest.put(k, l.path("title").asText()));
                assertThat(newest).as("latest _time wins: the newest version, %s", history).isEqualTo(history.newest());
            } finally {
                sinks.forEach(FileExportSink::close);
            }
        });
    }

    /** Lines of the complete files and the open part file, in the order they were written (file names sort so). */
    private static List<JsonNode> exportedLines(Path dir) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("archives")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
