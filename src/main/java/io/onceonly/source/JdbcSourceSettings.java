package io.onceonly.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Durations;

/** Options of a JDBC source, as declared by the source-jdbc route template; placeholders already resolved. */
public record JdbcSourceSettings(String url, String user, String password, String table, String cursor,
                                 String tiebreaker, Duration lag) {
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?";

    public static JdbcSourceSettings from(String sourceName, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("table", "cursor", "tiebreaker")) {
            String v = options.get(key);
            // Names go into SQL text, so they must be plain identifiers.
            if (v == null || !v.matches(IDENTIFIER)) {
                problems.add("spec.from." + key + " is '" + v + "'. Use a plain table or column name (letters, digits, _).");
            }
        }
        Duration lag = null;
        try {
            lag = Durations.parse(options.getOrDefault("lag", "5s"));
        } catch (IllegalArgumentException e) {
            problems.add("spec.from.lag " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Source " + sourceName + " has bad JDBC options", problems);
        }
        return new JdbcSourceSettings(options.get("url"), emptyToNull(options.get("user")),
                emptyToNull(options.get("password")), options.get("table"), options.get("cursor"),
                options.get("tiebreaker"), lag);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
