package io.onceonly.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One connection to a department's database, opened on first use and again after a failure: a connection that
 * broke (database restarted, network cut) is closed rather than kept, so the next attempt starts clean.
 */
public final class DepartmentDatabase implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final boolean readOnly;
    private Connection connection;

    /** @param readOnly sources only read; sinks write in their own transactions (auto-commit off) */
    public DepartmentDatabase(String url, String user, String password, boolean readOnly) {
        this.url = url;
        this.user = user == null || user.isEmpty() ? null : user;
        this.password = password;
        this.readOnly = readOnly;
    }

    public Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = open(url, user, password);
            if (readOnly) {
                connection.setReadOnly(true);
            } else {
                connection.setAutoCommit(false);
            }
        }
        return connection;
    }

    /** A new connection, as the account's user when one is given, else as the URL says. */
    static Connection open(String url, String user, String password) throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
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
