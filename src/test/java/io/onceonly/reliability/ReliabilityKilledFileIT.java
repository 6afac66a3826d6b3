package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.kafka.TopicReader;
import io.onceonly.kafka.Topics;
import io.onceonly.testing.ActivityColumns;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.HubProcess;
import io.onceonly.testing.SharedKafkaBroker;
import io.onceonly.testing.TestDatabases;

/**
 * A department's export of 1,000 rows (10 of them bad) is dropped in a folder, and the hub's JVM halts again and again
 * while the file is read: mid-batch (a batch and its position sent in a Kafka transaction, not committed), mid-file
 * (three batches committed, the rest of the file not read) and mid-way through a subscriber's batch (statements run,
 * database transaction not committed). After the last restart the file is in done/, every good row is at the
 * subscriber once with its content, every bad row is rejected once, and no row was read again after its batch was
 * committed.
 */
class ReliabilityKilledFileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 1000;
    private static final int BATCH = 100;
    private static final Duration HALT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        Path log = dir.resolve("hub.log");
        if (Files.exists(log)) { // the evidence behind the result, kept beside the other runs' logs
            Path kept = Files.createDirectories(Path.of("target", "reliability-logs"));
            Files.copy(log, kept.resolve("killed-file.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Row i; every row whose number ends in 50 has an impossible date and must be rejected. */
    private static boolean bad(int i) {
        return i % 100 == 50;
    }

    private static String csv() {
        StringBuilder b = new StringBuilder("编号,活动名称,活动日期,地点,人数\r\n");
        for (int i = 1; i <= ROWS; i++) {
            b.append(i).append(",活动").append(i).append(',').append(bad(i) ? "2024-02-30" : "2024-03-05")
                    .append(",文化站,").append(i).append("\r\n");
        }
        return b.toString();
    }

    @Test
    void haltedMidBatchMidFileAndMidSinkBatchTheFileArrivesWholeAndOnce() throws Exception {
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        Path drop = Files.createDirectories(dir.resolve("drop"));
        String table = TestDatabases.uniqueName("rel_file");
        String prefix = HubExtension.uniquePrefix();
        ActivityColumns.exported(Resources.source("township-f.activities", "township-f")
                        .from("file", "dir", drop.toString(), "settle", "1s", "every", "200ms"),
                        "320115105", "淳化街道", "festival", "yyyy-MM-dd")
                .mapFrom("participant_count", "人数")
                .writeTo(connectors, "source.yaml");
        Resources.subscription("archive.activities", "archive")
                .fields("activity_id", "title", "participant_count")
                .start("earliest")
                .to("jdbc", "url", TestDatabases.POSTGRES_URL, "table", table)
                .writeTo(connectors, "sink.yaml");
        Map<String, String> env = HubProcess.environment(SharedKafkaBroker.bootstrapServers(), prefix, connectors);
        env.put("ONCEONLY_SOURCE_BATCH_SIZE", Integer.toString(BATCH));
        env.put("ONCEONLY_DELIVERY_BATCH_SIZE", "50");
        env.put("ONCEONLY_HTTP_PORT", Integer.toString(freePort()));
        Path log = dir.resolve("hub.log");

        // Written beside the folder and moved in, as a department's transfer tool would.
        Path staged = Files.writeString(dir.resolve("活动台账.csv"), csv());
        Files.move(staged, drop.resolve("活动台账.csv"), StandardCopyOption.ATOMIC_MOVE);

        // Batches 1-3 committed; batch 4 sent in a transaction that never commits.
        haltAt(env, log, "before-publish-commit", 4);
        // Resumes at row 301; batches 4-6 committed, then halts before rows 601-1000 are read.
        haltAt(env, log, "after-publish", 3);
        // The subscriber's second batch of this run: written, not committed.
        haltAt(env, log, "before-sink-commit", 2);
        hub = HubProcess.start(env, log);

        JsonNode report = await("the file's report in done/").atMost(Duration.ofSeconds(120))
                .until(() -> report(drop.resolve("done")), r -> r != null);
        int good = ROWS - ROWS / 100;
        await("every good row at the subscriber").atMost(Duration.ofSeconds(120))
                .until(() -> TestDatabases.count(TestDatabases.POSTGRES_URL, table), n -> n >= good);

        assertThat(report.path("status").asText()).isEqualTo("done");
        // The last run resumed after the rows committed before the halts: a row read again would count as unchanged.
        assertThat(report.path("resumedAfterRecord").asLong()).as("resumed after committed rows").isGreaterThanOrEqualTo(600);
        assertThat(report.path("unchanged").asLong()).as("rows read again after their batch was committed").isZero();
        assertThat(report.path("read").asLong()).isEqualTo(report.path("published").asLong() + report.path("rejected").asLong());

        Map<String, Integer> perKey = new HashMap<>();
        Topics topics = new Topics(prefix);
        TopicReader.readToEnd(SharedKafkaBroker.bootstrapServers(), topics.schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        assertThat(perKey).as("records on the schema topic per key (committed only)").hasSize(good);
        assertThat(perKey.values()).as("no key published twice").containsOnly(1);

        Map<String, Integer> rejects = new HashMap<>();
        TopicReader.readToEnd(SharedKafkaBroker.bootstrapServers(), topics.rejects(),
                r -> rejects.merge(sourceRecord(r.value()), 1, Integer::sum));
        assertThat(rejects).as("each bad row rejected once, with its line").hasSize(ROWS / 100)
                .containsKey("活动台账.csv:51");
        assertThat(rejects.values()).containsOnly(1);

        Map<String, String> rows = sinkRows(table);
        assertThat(rows).hasSize(good);
        for (int i = 1; i <= ROWS; i++) {
            String id = "320115105-" + i;
            if (bad(i)) {
                assertThat(rows).doesNotContainKey(id);
            } else {
                assertThat(rows.get(id)).as(id).isEqualTo("活动" + i + "|" + i);
            }
        }
    }

    private void haltAt(Map<String, String> env, Path log, String point, int nth) throws Exception {
        hub = HubProcess.start(env, log, List.of("-Donceonly.test.crash-at=" + point + ":" + nth));
        assertThat(hub.awaitExit(HALT)).as("the hub halted at " + point + ":" + nth).isTrue();
        assertThat(Files.readString(log)).contains("onceonly.test.crash-at: halting at " + point);
    }

    private static String sourceRecord(byte[] reject) {
        try {
            return JSON.readTree(reject).path("sourceRecord").asText();
        } catch (IOException e) {
            throw new IllegalStateException("a reject that is not JSON", e);
        }
    }

    private static JsonNode report(Path done) throws IOException {
        if (!Files.isDirectory(done)) {
            return null;
        }
        try (Stream<Path> files = Files.list(done)) {
            Path path = files.filter(f -> f.getFileName().toString().endsWith("活动台账.csv.report.json")).findFirst().orElse(null);
            return path == null ? null : JSON.readTree(path.toFile());
        }
    }

    private static Map<String, String> sinkRows(String table) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT activity_id, title, participant_count FROM " + table)) {
            while (rs.next()) {
                rows.merge(rs.getString(1), rs.getString(2) + "|" + rs.getString(3), (a, b) -> a + " AND " + b);
            }
        }
        return rows;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
