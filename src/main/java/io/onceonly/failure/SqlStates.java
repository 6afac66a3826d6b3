package io.onceonly.failure;

/** What the class of an SQLState (its first two characters, SQL standard and PostgreSQL) means and what kind of failure it is. */
public final class SqlStates {
    private SqlStates() {
    }

    /** The kind of a failure with this SQLState; an unknown class is retried (and logged), never taken as the record's fault. */
    public static FailureKind kind(String sqlState) {
        return switch (sqlClass(sqlState)) {
            // 22 data exception (value too long, bad date), 23 constraint violated: this record, whatever is retried.
            case "22", "23" -> FailureKind.REFUSED;
            // 28 login refused, 42 missing table or column or no right, 3D/3F no such database or schema, 0A a
            // feature the database lacks, P0 a trigger or function raised: someone must fix the database or the
            // subscription; retried meanwhile, so records flow again once they do.
            case "28", "42", "3D", "3F", "0A", "P0" -> FailureKind.CONFIGURATION;
            // 08 connection, 25 transaction state (25006: a read-only replica in front during a failover),
            // 40 rolled back (deadlock, serialization), 53 out of resources, 55 lock not available, 57 shutdown.
            default -> FailureKind.UNAVAILABLE;
        };
    }

    /** What happened, in words, for an SQLState of a known class; null for other classes. */
    public static String meaning(String sqlState) {
        return switch (sqlClass(sqlState)) {
            case "08" -> "the connection failed";
            case "22" -> "a value does not fit the column's type or size";
            case "23" -> "a constraint refused the row";
            case "25" -> sqlState.equals("25006") ? "the database accepts only reads (read-only)"
                    : "the transaction's state does not allow the statement";
            case "28" -> "the login was refused";
            case "40" -> "the transaction was rolled back";
            case "42" -> "a table or column is missing, or access is denied";
            case "53" -> "the database is out of resources";
            case "57" -> "the database is shutting down or cancelled the statement";
            case "P0" -> "a trigger or function in the database raised an error";
            default -> null;
        };
    }

    private static String sqlClass(String sqlState) {
        return sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
    }
}
