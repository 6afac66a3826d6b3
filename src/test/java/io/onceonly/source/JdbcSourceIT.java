package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.TestDatabases;

/** The JDBC source against each database it reads: late commits inside the lag window, unchanged re-imports. */
class JdbcSourceIT {
    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private OnceOnlyHub hub;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("PostgreSQL", TestDatabases.POSTGRES_URL, "TIMESTAMP(6)"),
                Arguments.of("MariaDB", TestDatabases.MARIADB_URL, "DATETIME(6)"),
                Arguments.of("H2", "jdbc:h2:mem:" + TestDatabases.uniqueName("src") + ";DB_CLOSE_DELAY=-1", "TIMESTAMP(6)"));
    }

    private static Resources.Source source(String url, String table, String lag) {
        return ActivitySource.source("township-x.activities", "jdbc", "url", url, "table", table, "cursor", "updated_at",
                "tiebreaker", "id", "lag", lag, "every", "200ms");
    }

    private static void insert(String url, String table, int id, String title, LocalDateTime updatedAt) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, title, updated_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, title);
            ps.setTimestamp(3, Timestamp.valueOf(updatedAt));
            ps.executeUpdate();
        }
    }

    private Map<String, Integer> publishedPerKey() {
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        return perKey;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowCommittedLateWithAnOlderTimestampIsNotSkipped(String name, String url, String timestampType) throws Exception {
        String table = TestDatabases.uniqueName("src");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(200), updated_at "
                + timestampType + " NOT NULL)");
        fixture.write("source.yaml", source(url, table, "3s"));
        LocalDateTime now = dbNow(url);
        insert(url, table, 2, "先提交的记录", now.minusSeconds(10));
        hub = fixture.start();
        await("the first row").atMost(Duration.ofSeconds(30)).until(() -> publishedPerKey().containsKey("320115101-2"));

        // Row 3 commits first; row 1, from a transaction that began earlier, commits just after it with an older
        // timestamp. Polling without a lag window would read row 3, move past its timestamp and never see row 1.
        LocalDateTime t = dbNow(url);
        insert(url, table, 3, "最新的记录", t);
        long polls = polls();
        await("the source polled after row 3 committed").atMost(Duration.ofSeconds(10)).until(() -> polls() >= polls + 2);
        insert(url, table, 1, "后提交的记录", t.minusSeconds(1));
        await("the late row and the newest one").atMost(Duration.ofSeconds(30))
                .until(() -> publishedPerKey().keySet().containsAll(java.util.List.of("320115101-1", "320115101-3")));
        assertThat(publishedPerKey().values()).allMatch(n -> n == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reImportingUnchangedRowsPublishesNothing(String name, String url, String timestampType) throws Exception {
        String table = TestDatabases.uniqueName("src");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(200), updated_at "
                + timestampType + " NOT NULL)");
        fixture.write("source.yaml", source(url, table, "0s"));
        LocalDateTime t = dbNow(url).minusMinutes(1);
        for (int id = 1; id <= 20; id++) {
            insert(url, table, id, "活动" + id, t);
        }
        hub = fixture.start();
        await("first import").atMost(Duration.ofSeconds(30)).until(() -> publishedPerKey().size() == 20);

        // The monthly "re-submit everything": every row touched, nothing changed but one title. One statement, so no
        // poll sees the touched rows before the changed title (a title change alone moves no cursor).
        TestDatabases.execute(url, "UPDATE " + table + " SET updated_at = updated_at + INTERVAL '1' SECOND, "
                + "title = CASE WHEN id = 7 THEN '活动七（改）' ELSE title END");
        await("the one real change is published").atMost(Duration.ofSeconds(30))
                .until(() -> publishedPerKey().get("320115101-7") == 2);
        Map<String, Integer> perKey = publishedPerKey();
        assertThat(perKey).hasSize(20);
        assertThat(perKey.entrySet()).filteredOn(e -> !e.getKey().equals("320115101-7")).allMatch(e -> e.getValue() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void fullRefreshFindsChangedAndDeletedRowsByComparison(String name, String url, String timestampType) throws Exception {
        String table = TestDatabases.uniqueName("src");
        // No column grows on change: only a full read can tell what changed.
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(200))");
        for (int id = 1; id <= 5; id++) {
            TestDatabases.execute(url, "INSERT INTO " + table + " (id, title) VALUES (" + id + ", '活动" + id + "')");
        }
        fixture.write("source.yaml", source(url, table, "0s").without("cursor", "lag").option("mode", "full-refresh"));
        hub = fixture.setting("onceonly.source.batch-size", "2").start(); // several batches per snapshot
        await("first full read").atMost(Duration.ofSeconds(30)).until(() -> events().size() == 5);

        TestDatabases.execute(url, "UPDATE " + table + " SET title = '活动二（改）' WHERE id = 2",
                "DELETE FROM " + table + " WHERE id = 4",
                "INSERT INTO " + table + " (id, title) VALUES (6, '活动6')",
                // Rejected now, but still held by the source: it must not be taken for a deletion.
                "UPDATE " + table + " SET title = NULL WHERE id = 3");
        await("the change, the new row and the deletion").atMost(Duration.ofSeconds(30)).until(() -> events().size() == 8);
        long pollsAfter = polls();
        await("more full reads").atMost(Duration.ofSeconds(10)).until(() -> polls() >= pollsAfter + 3);

        assertThat(events()).containsExactlyInAnyOrder(
                "320115101-1=活动1", "320115101-2=活动2", "320115101-3=活动3", "320115101-4=活动4", "320115101-5=活动5",
                "320115101-2=活动二（改）", "320115101-4=deleted", "320115101-6=活动6");
    }

    /** Each record on the schema topic as key=title, or key=deleted for a tombstone. */
    private java.util.List<String> events() {
        java.util.List<String> events = new java.util.ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            String title = null;
            if (r.value() != null) {
                try {
                    title = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value()).path("title").asText();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            events.add(r.key() + "=" + (title == null ? "deleted" : title));
        });
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aQueryJoiningTwoTablesIsReadLikeATable(String name, String url, String timestampType) throws Exception {
        String activity = TestDatabases.uniqueName("src");
        String venue = TestDatabases.uniqueName("venue");
        TestDatabases.execute(url, "CREATE TABLE " + venue + " (id INT PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE " + activity + " (id INT PRIMARY KEY, title VARCHAR(200), venue_id INT, updated_at "
                        + timestampType + " NOT NULL)",
                "INSERT INTO " + venue + " (id, name) VALUES (1, '秣陵文化站')");
        insert(url, activity, 1, "书法展", dbNow(url).minusMinutes(1));
        TestDatabases.execute(url, "UPDATE " + activity + " SET venue_id = 1");
        fixture.write("source.yaml", ActivitySource.source("township-x.activities", "jdbc", "url", url,
                        "query", "SELECT a.id, a.title, v.name AS venue_name, a.updated_at\n"
                                + "FROM " + activity + " a JOIN " + venue + " v ON v.id = a.venue_id\n",
                        "cursor", "updated_at", "tiebreaker", "id", "lag", "0s", "every", "200ms")
                .mapConst("category", "exhibition")
                .mapFrom("venue", "venue_name"));
        hub = fixture.start();
        await("the joined row").atMost(Duration.ofSeconds(30)).until(() -> publishedPerKey().containsKey("320115101-1"));
        java.util.List<String> venues = new java.util.ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            try {
                venues.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value()).path("venue").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(venues).containsExactly("秣陵文化站");
    }

    private long polls() {
        var timer = hub.metrics().registry().find("onceonly.source.poll").tag("source", "township-x.activities").timer();
        return timer == null ? 0 : timer.count();
    }

    private static LocalDateTime dbNow(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             var rs = c.createStatement().executeQuery("SELECT LOCALTIMESTAMP")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class);
        }
    }
}
