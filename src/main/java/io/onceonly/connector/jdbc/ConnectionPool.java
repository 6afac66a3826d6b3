package io.onceonly.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Read-only connections to one department database account (URL and user), shared by every source of the hub that
 * reads it. A source borrows a connection for one read and gives it back, and at most {@link #SIZE} are open at once,
 * so a hundred sources on one database hold a handful of connections instead of a hundred (a database's
 * {@code max_connections} is often 100). A connection that failed is closed, not lent again, and so are the idle
 * ones, which the same restart or network cut has most likely broken too.
 */
public final class ConnectionPool {
    /** Most connections open at once per database account; polls are short, so a few serve many sources. */
    public static final int SIZE = 4;
    /** How long a read waits for a connection before it fails and is retried like any failed read. */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<Account, ConnectionPool> POOLS = new HashMap<>();

    /** The password takes part in the identity (a wrong one must not borrow a right one's connection), never in text. */
    private record Account(String url, String user, String password) {
        @Override
        public String toString() {
            return url + (user == null ? "" : " as " + user);
        }
    }

    private final Account account;
    private final Semaphore permits = new Semaphore(SIZE, true);
    private final Deque<Connection> idle = new ArrayDeque<>();
    private int users;

    private ConnectionPool(Account account) {
        this.account = account;
    }

    /** The pool of this account, shared with every other source that reads it; {@link #release()} it when done. */
    public static ConnectionPool share(String url, String user, String password) {
        Account account = new Account(url, user == null || user.isEmpty() ? null : user, password);
        synchronized (POOLS) {
            ConnectionPool pool = POOLS.computeIfAbsent(account, ConnectionPool::new);
            pool.users++;
            return pool;
        }
    }

    /** One source no longer reads this account; the last one closes the idle connections. */
    public void release() {
        synchronized (POOLS) {
            if (--users > 0) {
                return;
            }
            POOLS.remove(account);
        }
        closeIdle();
    }

    /** A connection for one read, waiting while every connection of the account is lent; close the lease to return it. */
    public Lease borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("All " + SIZE + " connections that the hub's sources share to "
                        + account + " were in use for " + WAIT.toSeconds() + " s. A read of another source is slow or "
                        + "stuck; it is tried again.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for a connection to " + account, e);
        }
        try {
            Connection c = takeIdle();
            if (c == null) {
                c = DepartmentDatabase.open(account.url(), account.user(), account.password(),
                        DepartmentDatabase.DEFAULT_TIMEOUT);
                c.setReadOnly(true);
            }
            return new Lease(c);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Open connections not lent right now (for tests and metrics). */
    public int idle() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private Connection takeIdle() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    private void closeIdle() {
        while (true) {
            Connection c = takeIdle();
            if (c == null) {
                return;
            }
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection cannot be closed more
        }
    }

    /** A borrowed connection; {@link #broken()} when a statement on it failed, so it is closed instead of lent again. */
    public final class Lease implements AutoCloseable {
        private Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        public void broken() {
            broken = true;
        }

        @Override
        public void close() {
            if (connection == null) {
                return;
            }
            Connection c = connection;
            connection = null;
            boolean keep;
            synchronized (POOLS) {
                keep = !broken && users > 0;
            }
            if (keep) {
                synchronized (idle) {
                    idle.addFirst(c);
                }
            } else {
                closeQuietly(c);
                if (broken) {
                    closeIdle();
                }
            }
            permits.release();
        }
    }
}
