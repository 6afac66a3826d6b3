package io.onceonly.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.onceonly.delivery.DeliveryFailures;
import io.onceonly.delivery.DeliveryRecord;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.SchemaId;
import io.onceonly.schema.SharedSchema;
import io.onceonly.testing.TestDatabases;

/** The JDBC sink against each database it supports: upserts by key, idempotent, Chinese text intact. */
class JdbcUpsertSinkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SharedSchema SCHEMA =
            SchemaCatalog.load(Path.of("schemas")).get(SchemaId.parse("cultural-activity/v1"));
    private static final List<String> FIELDS = List.of("activity_id", "title", "category", "activity_date", "venue",
            "division_code", "organizer_name", "participant_count");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("PostgreSQL", TestDatabases.POSTGRES_URL),
                Arguments.of("MariaDB", TestDatabases.MARIADB_URL),
                Arguments.of("H2", "jdbc:h2:mem:" + TestDatabases.uniqueName("sink") + ";DB_CLOSE_DELAY=-1"));
    }

    private static DeliveryRecord record(long offset, String id, String title, Integer people) {
        return record(offset, id, title, people, OffsetDateTime.parse("2026-11-28T08:00:00Z").plusSeconds(offset));
    }

    private static DeliveryRecord record(long offset, String id, String title, Integer people, OffsetDateTime time) {
        ObjectNode data = JSON.createObjectNode()
                .put("activity_id", id).put("title", title).put("category", "performance")
                .put("activity_date", "2024-03-05").put("venue", "街道文化站大礼堂")
                .put("division_code", "320115101000").put("organizer_name", "秣陵街道文化站");
        if (people != null) {
            data.put("participant_count", people);
        }
        CloudEvent event = CloudEventBuilder.v1().withId("e" + offset).withSource(URI.create("/departments/t/sources/s"))
                .withType("onceonly.cultural-activity.v1").withTime(time).build();
        return new DeliveryRecord("t", 0, offset, id, event, data);
    }

    private static DeliveryRecord deletion(long offset, String id, OffsetDateTime time) {
        CloudEvent event = CloudEventBuilder.v1().withId("e" + offset).withSource(URI.create("/departments/t/sources/s"))
                .withType("onceonly.cultural-activity.v1").withTime(time).build();
        return new DeliveryRecord("t", 0, offset, id, event, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upsertsByKeyAndWritingTheSameBatchTwiceChangesNothing(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("sink");
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, true, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            List<DeliveryRecord> batch = List.of(
                    record(0, "320115101-1", "春节文艺汇演", 320),
                    record(1, "320115101-2", "非遗剪纸作品展", null),
                    // the same key again in one batch: only the newer version counts
                    record(2, "320115101-1", "春节文艺汇演（改期）", 300));
            sink.write(batch);
            sink.write(batch);
            assertThat(TestDatabases.count(url, table)).isEqualTo(2);
            assertThat(rows(url, table)).containsExactly(
                    "320115101-1|春节文艺汇演（改期）|2024-03-05|300",
                    "320115101-2|非遗剪纸作品展|2024-03-05|null");

            sink.write(List.of(record(3, "320115101-2", "非遗剪纸作品展", 150)));
            assertThat(rows(url, table)).containsExactly(
                    "320115101-1|春节文艺汇演（改期）|2024-03-05|300",
                    "320115101-2|非遗剪纸作品展|2024-03-05|150");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchOfManyStatementsKeepsEveryRowAndTheVersionGuard(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("sink");
        OffsetDateTime t = OffsetDateTime.parse("2026-11-28T08:00:00Z");
        // More rows than one multi-row statement takes (MariaDB), so full statements and the rest are both written.
        int n = SqlDialect.of(url).rowsPerUpsert() * 2 + 7;
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, true, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            sink.write(List.of(record(0, "320115101-3", "新版本", 1, t.plusSeconds(3600))));
            List<DeliveryRecord> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(record(i + 1, "320115101-" + i, "活动" + i, i, t.plusSeconds(i)));
            }
            sink.write(batch);
            assertThat(TestDatabases.count(url, table)).isEqualTo(n);
            assertThat(rows(url, table)).contains("320115101-0|活动0|2024-03-05|0",
                    "320115101-" + (n - 1) + "|活动" + (n - 1) + "|2024-03-05|" + (n - 1),
                    // the newer version written first is kept, wherever the older one sat in the batch
                    "320115101-3|新版本|2024-03-05|1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anOlderVersionNeverOverwritesANewerOne(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("sink");
        OffsetDateTime t = OffsetDateTime.parse("2026-11-28T08:00:00Z");
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, true, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            sink.write(List.of(record(5, "320115101-1", "新版本", 1, t.plusSeconds(10))));
            // a late redelivery of the version before it
            sink.write(List.of(record(4, "320115101-1", "旧版本", 1, t)));
            // and in one batch, an older version after a newer one (found by SinkConvergencePropertiesIT: the last won)
            sink.write(List.of(record(6, "320115101-2", "新版本", 2, t.plusSeconds(10)), record(7, "320115101-2", "旧版本", 1, t)));
            assertThat(rows(url, table)).containsExactly("320115101-1|新版本|2024-03-05|1", "320115101-2|新版本|2024-03-05|2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDeletionRemovesTheRowUnlessTheRowIsNewer(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("sink");
        OffsetDateTime t = OffsetDateTime.parse("2026-11-28T08:00:00Z");
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, true, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            sink.write(List.of(record(1, "320115101-1", "撤销的活动", 1, t), record(2, "320115101-2", "保留的活动", 1, t.plusSeconds(20))));
            sink.write(List.of(deletion(3, "320115101-1", t.plusSeconds(5)), deletion(4, "320115101-2", t.plusSeconds(5))));
            assertThat(rows(url, table)).containsExactly("320115101-2|保留的活动|2024-03-05|1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aValueTheColumnCannotHoldIsAPermanentFailureAndAMissingTableIsNot(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("sink");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (activity_id VARCHAR(64) PRIMARY KEY, title VARCHAR(5), "
                + "category VARCHAR(20), activity_date DATE, venue VARCHAR(200), division_code VARCHAR(12), "
                + "organizer_name VARCHAR(200), participant_count BIGINT, onceonly_version BIGINT)");
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, false, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            Throwable tooLong = catchThrowable(() -> sink.write(List.of(record(1, "320115101-1", "一个名字太长的活动标题", 1))));
            assertThat(DeliveryFailures.isPermanent(tooLong)).as("value too long: %s", tooLong).isTrue();
        }
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table + "_missing", false, "onceonly_version", Map.of(), SCHEMA, FIELDS)) {
            Throwable missing = catchThrowable(() -> sink.write(List.of(record(1, "320115101-1", "活动", 1))));
            assertThat(missing).isNotNull();
            assertThat(DeliveryFailures.isPermanent(missing)).as("missing table: %s", missing).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writesIntoAnExistingTableWithTheDepartmentsOwnColumnNames(String name, String url) throws Exception {
        String table = TestDatabases.uniqueName("xc_whhd");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (HDBH VARCHAR(64) PRIMARY KEY, HDMC VARCHAR(200), "
                + "HDRQ DATE, BBH BIGINT)");
        Map<String, String> columns = JdbcUpsertSink.parseColumns("activity_id=HDBH, title=HDMC, activity_date=HDRQ");
        try (JdbcUpsertSink sink = new JdbcUpsertSink(url, null, null, table, false, "BBH", columns, SCHEMA,
                List.of("activity_id", "title", "activity_date"))) {
            sink.write(List.of(record(1, "320115101-1", "春节文艺汇演", 1)));
            sink.write(List.of(record(2, "320115101-1", "春节文艺汇演（改期）", 1)));
        }
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT HDBH, HDMC, HDRQ FROM " + table)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getObject(3, LocalDate.class))
                    .isEqualTo("320115101-1|春节文艺汇演（改期）|2024-03-05");
            assertThat(rs.next()).isFalse();
        }
    }

    private static List<String> rows(String url, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT activity_id, title, activity_date, participant_count FROM " + table + " ORDER BY activity_id")) {
            while (rs.next()) {
                Object people = rs.getObject(4);
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getObject(3, LocalDate.class) + "|"
                        + (people == null ? "null" : ((Number) people).longValue()));
            }
        }
        return rows;
    }
}
