package io.onceonly.delivery;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * The one place that decides whether a failed write is about the record (permanent: dead-letter it, deliver the
 * rest) or about the subscriber's system (transient: retry the whole batch, never dead-letter good records).
 */
public final class DeliveryFailures {
    private DeliveryFailures() {
    }

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PermanentDeliveryException) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return false;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                // SQLSTATE class 22 = data exception (value too long, bad date), 23 = constraint violated: the record.
                // Anything else (08 connection, 42 missing table or column, 53 out of resources, 57 shutdown) is
                // the system or its configuration: retried, and visible in the logs, until someone fixes it.
                String sqlClass = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
                return sqlClass.equals("22") || sqlClass.equals("23");
            }
        }
        return false;
    }

    /** A reason fit for a dead letter: the failure's own message, without stack or nested noise. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof PermanentDeliveryException)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}
