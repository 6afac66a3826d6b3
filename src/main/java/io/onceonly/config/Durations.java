package io.onceonly.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration notation used in settings and registrations: 500ms, 30s, 5m, 1h, 2d or ISO-8601. */
public final class Durations {
    private static final String FIX = "Write it as 500ms, 30s, 5m, 1h, 2d or PT30S.";
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration. " + FIX);
        }
    }

    /** The option at {@code path} holds {@code text}, which {@link #parse} refused. */
    public static Problem problem(String path, String text) {
        return new Problem(path, "'" + (text == null ? "" : text.trim()) + "' is not a duration", null, FIX);
    }
}
