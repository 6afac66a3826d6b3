package io.onceonly.connector.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;

/**
 * One connection to a department's database, opened on first use and again after a failure: a connection that
 * broke (database restarted, network cut) is closed rather than kept, so the next attempt starts clean. Every call
 * on it, logging in included, gives up after a timeout: a network that silently drops packets (a stalled firewall,
 * a frozen server) would otherwise leave the route waiting for the operating system's TCP timeout, hours later.
 */
public final class DepartmentDatabase implements AutoCloseable {
    /** How long one call may wait for the database when the connector does not say. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String url;
    private final String user;
    private final String password;
    private final boolean readOnly;
    private final Duration timeout;
    private Connection connection;

    /** @param readOnly sources only read; sinks write in their own transactions (auto-commit off) */
    public DepartmentDatabase(String url, String user, String password, boolean readOnly) {
        this(url, user, password, readOnly, DEFAULT_TIMEOUT);
    }

    /** @param timeout the longest one call (log in, a statement, a commit) may wait for the database */
    public DepartmentDatabase(String url, String user, String password, boolean readOnly, Duration timeout) {
        this.url = url;
        this.user = user == null || user.isEmpty() ? null : user;
        this.password = password;
        this.readOnly = readOnly;
        this.timeout = timeout;
    }

    public Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = open(url, user, password, timeout);
            if (readOnly) {
                connection.setReadOnly(true);
            } else {
                connection.setAutoCommit(false);
            }
        }
        return connection;
    }

    /**
     * A new connection, as the account's user when one is given, else as the URL says; logging in and every later
     * call on it give up after {@code timeout}.
     */
    static Connection open(String url, String user, String password, Duration timeout) throws SQLException {
        Properties props = loginTimeouts(url, timeout);
        if (user != null) {
            props.put("user", user);
            props.put("password", password == null ? "" : password);
        }
        Connection connection = DriverManager.getConnection(url, props);
        try {
            // The drivers here close the connection when a read outlasts this; the next call opens a new one.
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SQLFeatureNotSupportedException e) {
            // an embedded database (H2) has no network to time out
        }
        return connection;
    }

    /**
     * The driver's own settings that bound connecting and logging in (the network timeout applies only once a
     * connection exists), unless the URL sets them itself. PostgreSQL counts in seconds, MariaDB and MySQL in ms.
     */
    static Properties loginTimeouts(String url, Duration timeout) {
        Properties props = new Properties();
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        String millis = Long.toString(timeout.toMillis());
        if (url.startsWith("jdbc:postgresql:")) {
            putUnlessInUrl(props, url, "connectTimeout", seconds);
            putUnlessInUrl(props, url, "loginTimeout", seconds);
            putUnlessInUrl(props, url, "socketTimeout", seconds);
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            putUnlessInUrl(props, url, "connectTimeout", millis);
            putUnlessInUrl(props, url, "socketTimeout", millis);
        }
        return props;
    }

    private static void putUnlessInUrl(Properties props, String url, String key, String value) {
        if (!url.toLowerCase(java.util.Locale.ROOT).contains(key.toLowerCase(java.util.Locale.ROOT) + "=")) {
            props.put(key, value);
        }
    }

    /** Drops the connection; called after any failure and when the connector stops. */
    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection cannot be closed more; the next use opens a new one
            }
            connection = null;
        }
    }
}
