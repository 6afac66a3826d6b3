package io.onceonly.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePosition;
import io.onceonly.testing.TestDatabases;

/**
 * The incremental read's position predicate, which differs by database (a row value on PostgreSQL, an OR elsewhere):
 * batch after batch, every row comes once, in cursor then tie-breaker order, also when a bulk load gave a thousand
 * rows one timestamp and ids do not follow the timestamps.
 */
class JdbcSourceReaderIT {
    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("PostgreSQL", TestDatabases.POSTGRES_URL, "TIMESTAMP(6)"),
                Arguments.of("MariaDB", TestDatabases.MARIADB_URL, "DATETIME(6)"),
                Arguments.of("H2", "jdbc:h2:mem:" + TestDatabases.uniqueName("src") + ";DB_CLOSE_DELAY=-1", "TIMESTAMP(6)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void batchesResumeAfterTheirPositionThroughRowsThatShareATimestamp(String name, String url, String timestampType) throws Exception {
        String table = TestDatabases.uniqueName("src");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(200), updated_at "
                + timestampType + " NOT NULL)", "CREATE INDEX " + table + "_pos ON " + table + " (updated_at, id)");
        LocalDateTime bulk = LocalDateTime.of(2026, 11, 1, 8, 0);
        List<Integer> expected = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, title, updated_at) VALUES (?, ?, ?)")) {
            // Edited before the bulk load, newest id first: id order is not cursor order.
            for (int i = 0; i < 150; i++) {
                add(ps, 2000 - i, bulk.minusMinutes(150 - i));
                expected.add(2000 - i);
            }
            // A bulk load: 1,000 rows with one timestamp, ordered by id alone.
            for (int id = 1; id <= 1000; id++) {
                add(ps, id, bulk);
                expected.add(id);
            }
            // Two later changes.
            add(ps, 1500, bulk.plusSeconds(1));
            add(ps, 1400, bulk.plusSeconds(2));
            expected.addAll(List.of(1500, 1400));
            ps.executeBatch();
        }

        JdbcSourceSettings settings = JdbcSourceSettings.from("township-x.reports", Map.of("url", url, "table", table,
                "cursor", "updated_at", "tiebreaker", "id", "lag", "0s"));
        List<Integer> read = new ArrayList<>();
        try (JdbcSourceReader reader = new JdbcSourceReader(settings)) {
            SourcePosition after = null;
            RawBatch batch;
            int reads = 0;
            do {
                batch = reader.read(after, 100);
                for (RawRecord r : batch.records()) {
                    read.add(((Number) r.columns().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("id"))
                            .findFirst().orElseThrow().getValue()).intValue());
                    after = r.position();
                }
                reads++;
            } while (batch.full() && reads < 100);
        }
        assertThat(read).as("every row once, in (updated_at, id) order").containsExactlyElementsOf(expected);
    }

    /**
     * On PostgreSQL each read must start its index scan at the position. Two mistakes made every read scan the whole
     * table (a million-row backlog took quadratic time): the position bound as numeric (the integer column is then
     * cast and its index unused) and "after" written as an OR (the index is scanned from its start and filtered). The
     * statistics count the table's scans and the rows they fetched.
     */
    @org.junit.jupiter.api.Test
    void onPostgresqlNoReadScansTheWholeTable() throws Exception {
        String url = TestDatabases.POSTGRES_URL;
        String table = TestDatabases.uniqueName("src");
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title VARCHAR(200), updated_at TIMESTAMP(6) NOT NULL)",
                "CREATE INDEX " + table + "_pos ON " + table + " (updated_at, id)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g, TIMESTAMP '2026-11-01 08:00' FROM generate_series(1, 20000) g",
                "ANALYZE " + table);
        // Building the indexes scanned the table; counted once the loading session's figures have arrived.
        long[] before = new long[1];
        org.awaitility.Awaitility.await("the load in the table statistics").atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            long[] s = scans(url, table);
            before[0] = s[0];
            return s[2] >= 20000;
        });
        JdbcSourceSettings settings = JdbcSourceSettings.from("township-x.reports", Map.of("url", url, "table", table,
                "cursor", "updated_at", "tiebreaker", "id", "lag", "0s"));
        int reads = 0;
        int rows = 0;
        try (JdbcSourceReader reader = new JdbcSourceReader(settings)) {
            SourcePosition after = null;
            RawBatch batch;
            do {
                batch = reader.read(after, 1000);
                rows += batch.records().size();
                after = batch.records().isEmpty() ? after : batch.records().get(batch.records().size() - 1).position();
                reads++;
            } while (batch.full());
        }
        assertThat(rows).isEqualTo(20000);
        int expectedScans = reads;
        // A backend reports its counts when idle or when it ends; the reader's connections were closed above.
        long[] scans = new long[4];
        org.awaitility.Awaitility.await("the reads in the table statistics").atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            System.arraycopy(scans(url, table), 0, scans, 0, 4);
            return scans[0] - before[0] + scans[1] >= expectedScans;
        });
        scans[0] -= before[0];
        assertThat(scans[0]).as("sequential scans of the table by %d reads (index scans: %d)", reads, scans[1]).isZero();
        assertThat(scans[3]).as("rows the index scans fetched for %d rows read; each read should start at its position", rows)
                .isLessThan(2L * rows);
    }

    /** Sequential scans, index scans, rows inserted and rows fetched by index scans, as PostgreSQL's statistics have them so far. */
    private static long[] scans(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             var rs = c.createStatement().executeQuery("SELECT seq_scan, coalesce(idx_scan, 0), n_tup_ins, coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables "
                     + "WHERE relname = '" + table + "'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static void add(PreparedStatement ps, int id, LocalDateTime updatedAt) throws Exception {
        ps.setInt(1, id);
        ps.setString(2, "隐患 " + id);
        ps.setTimestamp(3, Timestamp.valueOf(updatedAt));
        ps.addBatch();
    }
}
