package io.onceonly.connector.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Durations;
import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOptions;

/** Options of a JDBC source, as {@link JdbcSourceConnector} declares them; placeholders already resolved. */
public record JdbcSourceSettings(String url, String user, String password, String table, String query,
                                 boolean fullRefresh, String cursor, String tiebreaker, Duration lag) {
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?";

    public static JdbcSourceSettings from(String sourceName, Map<String, String> written) {
        Map<String, String> options = ConnectorOptions.of(new JdbcSourceConnector(), written).values();
        List<Problem> problems = new ArrayList<>();
        String mode = options.get("mode");
        boolean fullRefresh = "full-refresh".equals(mode);
        if (!fullRefresh && !"incremental".equals(mode)) {
            problems.add(new Problem("spec.from.mode", "is '" + mode + "'", null, "Use incremental (by a cursor column) "
                    + "or full-refresh (the whole table each poll, for tables without a column that grows on every "
                    + "change)."));
        }
        String query = emptyToNull(options.get("query"));
        boolean hasTable = emptyToNull(options.get("table")) != null;
        if (hasTable == (query != null)) {
            problems.add(new Problem("spec.from", "needs exactly one of table (a table or view) and query (a SELECT, for "
                    + "joins a read-only account cannot put in a view)", null, ""));
        } else if (query != null && !query.trim().toLowerCase(java.util.Locale.ROOT).matches("(?s)(select|with)\\s.*")) {
            problems.add(new Problem("spec.from.query", "is not a SELECT", query.lines().findFirst().orElse(""),
                    "Give a query that reads rows, such as SELECT ... FROM ... JOIN ...."));
        }
        List<String> names = new ArrayList<>(fullRefresh ? List.of("tiebreaker") : List.of("cursor", "tiebreaker"));
        if (query == null) {
            names.add(0, "table");
        }
        for (String key : names) {
            String v = options.get(key);
            // Names go into SQL text, so they must be plain identifiers.
            if (v == null || v.isEmpty()) {
                problems.add(Problem.missing("spec.from." + key, switch (key) {
                    case "cursor" -> "Name the column that grows on every insert and update, such as updated_at, "
                            + "or use mode: full-refresh for a table without one.";
                    case "tiebreaker" -> "Name a column that orders rows uniquely, usually the primary key.";
                    default -> "Name the table or view to read.";
                }));
            } else if (!v.matches(IDENTIFIER)) {
                problems.add(new Problem("spec.from." + key, "is '" + v + "'", null,
                        "Use a plain table or column name (letters, digits, _)."));
            }
        }
        String cursor = emptyToNull(options.get("cursor"));
        if (fullRefresh && cursor != null) {
            problems.add(new Problem("spec.from.cursor", "is '" + cursor + "' but mode is full-refresh, which reads the "
                    + "whole table", null, "Remove the cursor, or use mode: incremental."));
        }
        Duration lag = null;
        try {
            lag = Durations.parse(options.get("lag"));
        } catch (IllegalArgumentException e) {
            problems.add(Durations.problem("spec.from.lag", options.get("lag")));
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Source " + sourceName + " has bad JDBC options", problems);
        }
        return new JdbcSourceSettings(options.get("url"), emptyToNull(options.get("user")),
                emptyToNull(options.get("password")), query == null ? options.get("table") : null, query, fullRefresh, cursor,
                options.get("tiebreaker"), lag);
    }

    /** What the reader selects from: the table, or the query as a derived table. */
    String relation() {
        return query == null ? table : "(" + query + ") src";
    }

    /** How a row's id starts in rejects: its table, or "query". */
    String recordPrefix() {
        return query == null ? table : "query";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
