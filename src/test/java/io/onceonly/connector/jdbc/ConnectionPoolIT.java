package io.onceonly.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.onceonly.testing.TestDatabases;

/** Sources on one database account share a few connections, against the machine's PostgreSQL. */
class ConnectionPoolIT {

    @Test
    void fortySourcesReadingAtOnceHoldAtMostThePoolsConnectionsAndGiveThemBackWhenStopped() throws Exception {
        String app = TestDatabases.uniqueName("pool");
        String url = TestDatabases.POSTGRES_URL + "&ApplicationName=" + app;
        List<ConnectionPool> sources = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sources.add(ConnectionPool.share(url, "", null));
        }
        assertThat(sources).as("one pool per account").allSatisfy(p -> assertThat(p).isSameAs(sources.get(0)));
        AtomicInteger lent = new AtomicInteger();
        AtomicInteger mostLent = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(40);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (ConnectionPool source : sources) {
                reads.add(threads.submit(() -> {
                    try (ConnectionPool.Lease lease = source.borrow()) {
                        mostLent.accumulateAndGet(lent.incrementAndGet(), Math::max);
                        try (Statement st = lease.connection().createStatement()) {
                            st.execute("SELECT pg_sleep(0.05)");
                        }
                        mostOpen.accumulateAndGet(connections(app), Math::max);
                        lent.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(mostLent.get()).isBetween(1, ConnectionPool.SIZE);
        assertThat(mostOpen.get()).isBetween(1, ConnectionPool.SIZE);
        assertThat(sources.get(0).idle()).isBetween(1, ConnectionPool.SIZE);

        sources.forEach(ConnectionPool::release);
        assertThat(connections(app)).as("the last source to stop closes the idle connections").isZero();
    }

    @Test
    void aReadWaitsWhileEveryConnectionIsLentAndGetsTheFirstOneGivenBack() throws Exception {
        ConnectionPool pool = ConnectionPool.share(TestDatabases.POSTGRES_URL + "&ApplicationName="
                + TestDatabases.uniqueName("pool"), "", null);
        ExecutorService other = Executors.newSingleThreadExecutor();
        List<ConnectionPool.Lease> held = new ArrayList<>();
        try {
            for (int i = 0; i < ConnectionPool.SIZE; i++) {
                held.add(pool.borrow());
            }
            Future<Integer> waiting = other.submit(() -> {
                try (ConnectionPool.Lease lease = pool.borrow()) {
                    return backend(lease.connection());
                }
            });
            // The fifth borrower keeps waiting while four are lent: no fifth connection is opened.
            org.awaitility.Awaitility.await("the fifth borrower waiting").during(java.time.Duration.ofMillis(500))
                    .atMost(java.time.Duration.ofSeconds(2)).until(() -> !waiting.isDone());
            int givenBack = backend(held.get(2).connection());
            held.remove(2).close();
            assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(givenBack);
        } finally {
            held.forEach(ConnectionPool.Lease::close);
            other.shutdownNow();
            pool.release();
        }
    }

    @Test
    void aConnectionIsLentAgainUnlessAStatementOnItFailed() throws Exception {
        String url = TestDatabases.POSTGRES_URL + "&ApplicationName=" + TestDatabases.uniqueName("pool");
        ConnectionPool pool = ConnectionPool.share(url, "", null);
        try {
            int first;
            try (ConnectionPool.Lease lease = pool.borrow()) {
                first = backend(lease.connection());
                assertThat(lease.connection().isReadOnly()).isTrue();
            }
            try (ConnectionPool.Lease lease = pool.borrow()) {
                assertThat(backend(lease.connection())).as("given back and lent again").isEqualTo(first);
                lease.broken();
            }
            assertThat(pool.idle()).isZero();
            try (ConnectionPool.Lease lease = pool.borrow()) {
                assertThat(backend(lease.connection())).as("a new connection after a failure").isNotEqualTo(first);
            }
        } finally {
            pool.release();
        }
    }

    private static int backend(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int connections(String app) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + app + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
