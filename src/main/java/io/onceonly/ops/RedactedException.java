package io.onceonly.ops;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.onceonly.failure.SqlStates;

/**
 * A failure as a log may show it: where it happened and what kind of error it was, without the original messages,
 * which may quote a record's values (a database's "Key (id)=(...)", a driver's batch entry with its parameters, a
 * parser's "For input string"). Route steps throw this to Camel, whose error handler logs what it catches.
 */
public final class RedactedException extends Exception implements LogSafe {
    private static final int MAX_CAUSES = 8;

    private RedactedException(String message, StackTraceElement[] stack) {
        // No cause: a log line with a stack trace prints every cause's message, and that is what must stay out.
        super(message, null, false, true);
        setStackTrace(stack);
    }

    /**
     * @param what  what failed, naming the route's source or subscription and the records by topic/partition/offset
     * @param next  what happens next, or how to fix it
     */
    public static RedactedException of(String what, Throwable failure, String next) {
        if (failure instanceof RedactedException redacted) {
            return redacted;
        }
        return new RedactedException(what + ": " + describe(failure) + ". " + next, failure.getStackTrace());
    }

    /**
     * The failure and its causes by kind: exception class, SQLState and vendor code, the table, column and constraint a
     * database names, where in the code it was thrown. Messages are kept only where they cannot hold a record's values.
     */
    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(failure));
        while (!pending.isEmpty() && parts.size() < MAX_CAUSES) {
            Throwable t = pending.remove(0);
            if (t == null || !seen.add(t)) {
                continue;
            }
            String part = one(t);
            if (!parts.isEmpty() && t instanceof SQLException && sameDetails(parts.get(parts.size() - 1), part)) {
                // A driver's wrapper and the database's error say the same; the inner one may name the table.
                parts.set(parts.size() - 1, part);
            } else {
                parts.add(part);
            }
            if (t instanceof BatchUpdateException batch && batch.getNextException() != null) {
                // PostgreSQL's driver puts the database's own error here, not in the cause.
                pending.add(batch.getNextException());
            }
            pending.add(t.getCause());
        }
        return String.join("; caused by ", parts);
    }

    /** Whether two parts differ only in the exception class and the names the inner one adds. */
    private static boolean sameDetails(String outer, String inner) {
        int o = outer.indexOf(" SQLState ");
        int i = inner.indexOf(" SQLState ");
        return o >= 0 && i >= 0 && inner.substring(i).startsWith(outer.substring(o));
    }

    private static String one(Throwable t) {
        String kind = t.getClass().getSimpleName();
        if (t instanceof SQLException sql) {
            return kind + sqlDetails(sql);
        }
        if (messageIsSafe(t)) {
            return t.getMessage() == null ? kind : kind + ": " + t.getMessage();
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length == 0 || stack[0].getFileName() == null ? kind
                : kind + " at " + stack[0].getFileName() + ":" + stack[0].getLineNumber();
    }

    /**
     * Messages that only ever name systems: the hub's own (marked {@link LogSafe}), Kafka's (topics, partitions,
     * offsets), and the JDK's I/O errors (the operating system's words, paths, addresses). The JDK's parsing errors
     * quote their input, so only I/O counts, and only when the JDK itself threw it: libraries' I/O exceptions, a JSON
     * parser's for one, quote what they read.
     */
    private static boolean messageIsSafe(Throwable t) {
        if (t instanceof LogSafe || t instanceof org.apache.kafka.common.KafkaException) {
            return true;
        }
        if (t instanceof IOException && t.getStackTrace().length > 0) {
            String thrower = t.getStackTrace()[0].getClassName();
            return thrower.startsWith("java.") || thrower.startsWith("javax.") || thrower.startsWith("jdk.")
                    || thrower.startsWith("sun.");
        }
        return false;
    }

    private static String sqlDetails(SQLException sql) {
        StringBuilder d = new StringBuilder();
        if (sql.getSQLState() != null) {
            d.append(" SQLState ").append(sql.getSQLState());
            String meaning = SqlStates.meaning(sql.getSQLState());
            if (meaning != null) {
                d.append(" (").append(meaning).append(')');
            }
        }
        if (sql.getErrorCode() != 0) {
            d.append(", vendor code ").append(sql.getErrorCode());
        }
        if (sql instanceof PSQLException pg && pg.getServerErrorMessage() != null) {
            // Names from the database's catalog; the values are in the message and detail, which stay out.
            ServerErrorMessage server = pg.getServerErrorMessage();
            name(d, "table", server.getTable());
            name(d, "column", server.getColumn());
            name(d, "constraint", server.getConstraint());
            name(d, "data type", server.getDatatype());
        }
        return d.toString();
    }

    private static void name(StringBuilder d, String what, String name) {
        if (name != null && !name.isEmpty()) {
            d.append(", ").append(what).append(' ').append(name);
        }
    }
}
