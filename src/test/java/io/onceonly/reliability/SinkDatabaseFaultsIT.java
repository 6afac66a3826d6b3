package io.onceonly.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;

/**
 * Subscribers' databases fail the way operators see them fail: a PostgreSQL database switched to read-only with
 * its sessions ended, a MariaDB server that kills the hub's connections. The writes are retried, the subscription says
 * it is stuck, no good record becomes a dead letter, and each database ends with every record at its newest version.
 * Each fault uses a database or user of its own, so nothing else on the machine is disturbed.
 */
class SinkDatabaseFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PG_SUB = "archive.activities";
    private static final String MARIA_SUB = "propaganda-dept.activities";

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private final String pgDatabase = TestDatabases.uniqueName("fault_db");
    private final String mariaUser = TestDatabases.uniqueName("fault_user");
    private final String pgTable = TestDatabases.uniqueName("rel_ro");
    private final String mariaTable = TestDatabases.uniqueName("rel_killed");
    private SourceTable source;
    private OnceOnlyHub hub;

    @BeforeEach
    void databases() throws Exception {
        source = new SourceTable();
        TestDatabases.execute(TestDatabases.POSTGRES_URL, "CREATE DATABASE " + pgDatabase);
        TestDatabases.execute(TestDatabases.MARIADB_URL, "CREATE USER '" + mariaUser + "'@'%'",
                "CREATE USER '" + mariaUser + "'@'localhost'",
                "GRANT ALL ON test.* TO '" + mariaUser + "'@'%'", "GRANT ALL ON test.* TO '" + mariaUser + "'@'localhost'");
    }

    @AfterEach
    void stop() throws Exception {
        fixture.stop(); // before what the hub talks to
        TestDatabases.execute(TestDatabases.POSTGRES_URL, "DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        TestDatabases.execute(TestDatabases.MARIADB_URL, "DROP USER IF EXISTS '" + mariaUser + "'@'%'",
                "DROP USER IF EXISTS '" + mariaUser + "'@'localhost'");
    }

    private String pgSinkUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + pgDatabase + "?user=postgres";
    }

    private String mariaSinkUrl() {
        return "jdbc:mariadb://127.0.0.1:3306/test?user=" + mariaUser;
    }

    @Test
    void aReadOnlyDatabaseAndKilledConnectionsDelayDeliveryAndDeadLetterNothing() throws Exception {
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("pg.yaml", subscription(PG_SUB, "archive", pgSinkUrl(), pgTable));
        fixture.write("maria.yaml", subscription(MARIA_SUB, "propaganda-dept", mariaSinkUrl(), mariaTable));
        for (int id = 1; id <= 20; id++) {
            source.insert(id, "活动" + id + " v1", "20240305");
        }
        hub = fixture.start();
        await("the first 20 at both").atMost(WAIT).until(() -> titles(pgSinkUrl(), pgTable).size() == 20
                && titles(TestDatabases.MARIADB_URL, mariaTable).size() == 20);

        // PostgreSQL: new sessions of the subscriber's database may only read, and the open ones are ended.
        TestDatabases.execute(TestDatabases.POSTGRES_URL,
                "ALTER DATABASE " + pgDatabase + " SET default_transaction_read_only = on");
        endSessions();
        // MariaDB: the server kills every connection of the hub's user.
        int killed = killMariaDbConnections();
        for (int id = 21; id <= 40; id++) {
            source.insert(id, "活动" + id + " v1", "20240305");
        }
        for (int id = 1; id <= 10; id++) {
            source.updateTitle(id, "活动" + id + " v2");
        }

        await("MariaDB catches up after its connections were killed").atMost(WAIT)
                .until(() -> titles(TestDatabases.MARIADB_URL, mariaTable), t -> t.equals(expected()));
        await("the PostgreSQL subscription says it is stuck").atMost(WAIT)
                .until(() -> hub.localStatus("Subscription/" + PG_SUB).get("state"), "FAILED"::equals);
        assertThat(hub.localStatus("Subscription/" + PG_SUB).get("error").toString())
                .as("what the operator reads").contains("SQLState 25006 (the database accepts only reads (read-only))");
        assertThat(killed).as("connections of the hub's MariaDB user killed").isPositive();
        assertThat(titles(pgSinkUrl(), pgTable)).as("nothing written to a read-only database").hasSize(20)
                .containsEntry("320115101-1", "活动1 v1");
        assertThat(hub.deadLetters(PG_SUB)).as("good records are never dead letters").isEmpty();

        TestDatabases.execute(TestDatabases.POSTGRES_URL, "ALTER DATABASE " + pgDatabase + " RESET default_transaction_read_only");
        endSessions();
        await("PostgreSQL catches up once writable").atMost(WAIT)
                .until(() -> titles(pgSinkUrl(), pgTable), t -> t.equals(expected()));
        await("the PostgreSQL subscription runs again").atMost(WAIT)
                .until(() -> hub.localStatus("Subscription/" + PG_SUB).get("state"), "RUNNING"::equals);
        assertThat(hub.deadLetters(PG_SUB)).isEmpty();
        assertThat(hub.deadLetters(MARIA_SUB)).isEmpty();
    }

    private static Map<String, String> expected() {
        Map<String, String> titles = new HashMap<>();
        for (int id = 1; id <= 40; id++) {
            titles.put("320115101-" + id, "活动" + id + (id <= 10 ? " v2" : " v1"));
        }
        return titles;
    }

    /** A jdbc subscription of the three fields the checks read, as the reliability scenario writes them. */
    private static Resources.Subscription subscription(String name, String department, String url, String table) {
        return Scenario.subscription(name, department, Set.of("activity_id", "title", "activity_date"))
                .to("jdbc", "url", url, "table", table);
    }

    private void endSessions() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL); Statement st = c.createStatement()) {
            st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + pgDatabase + "'")
                    .close();
        }
    }

    private int killMariaDbConnections() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestDatabases.MARIADB_URL); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE user = '" + mariaUser + "'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                st.execute("KILL CONNECTION " + id);
            }
        }
        return ids.size();
    }

    /** activity_id to title at a sink; empty while its table does not exist yet. */
    private static Map<String, String> titles(String url, String table) {
        Map<String, String> titles = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT activity_id, title FROM " + table)) {
            while (rs.next()) {
                titles.put(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            return Map.of();
        }
        return titles;
    }
}
