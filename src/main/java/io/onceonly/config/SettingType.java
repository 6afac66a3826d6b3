package io.onceonly.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The kind of value a setting holds: its name in the settings reference, and how its text becomes the value, or an
 * {@link IllegalArgumentException} whose message is the fix.
 */
public record SettingType<T>(String name, Function<String, T> parse) {

    /** Any text, as written. */
    public static SettingType<String> text() {
        return new SettingType<>("text", s -> s);
    }

    /** Text where nothing written means "not set"; surrounding spaces are dropped. */
    public static SettingType<Optional<String>> optionalText(String name) {
        return new SettingType<>(name, s -> s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim()));
    }

    /** A TCP port; 0 picks a free one. */
    public static SettingType<Integer> port() {
        return new SettingType<>("port", s -> {
            int n = wholeNumber(s);
            if (n < 0 || n > 65535) {
                throw new IllegalArgumentException("A port is between 0 and 65535 (0 picks a free one).");
            }
            return n;
        });
    }

    /** A whole number no smaller than {@code min}. */
    public static SettingType<Integer> atLeast(int min) {
        return new SettingType<>("whole number, at least " + min, s -> {
            int n = wholeNumber(s);
            if (n < min) {
                throw new IllegalArgumentException("It must be at least " + min + ".");
            }
            return n;
        });
    }

    /** A topic replication factor: -1 leaves it to the broker. */
    public static SettingType<Short> replicationFactor() {
        return new SettingType<>("-1 or at least 1", s -> {
            short rf;
            try {
                rf = Short.parseShort(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("It must be a whole number.");
            }
            if (rf == 0 || rf < -1) {
                throw new IllegalArgumentException("It must be -1 (broker default) or at least 1.");
            }
            return rf;
        });
    }

    /** A duration in the notation of {@link Durations}, no shorter than {@code min}. */
    public static SettingType<Duration> duration(Duration min) {
        return new SettingType<>("duration", s -> {
            Duration d = Durations.parse(s);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("It must be at least " + min.toMillis() + "ms, for example 15s.");
            }
            return d;
        });
    }

    /** A file system path. */
    public static SettingType<Path> path() {
        return new SettingType<>("path", s -> {
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("It is not a path here: " + e.getReason() + ".");
            }
        });
    }

    /** One of a few words. */
    public static SettingType<String> oneOf(String... words) {
        List<String> allowed = List.of(words);
        return new SettingType<>(String.join(" or ", allowed), s -> {
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException("Use " + String.join(" or ", allowed) + ".");
            }
            return s;
        });
    }

    /** Text matching {@code pattern}; {@code fix} says what to write instead. */
    public static SettingType<String> matching(String name, String pattern, String fix) {
        Pattern p = Pattern.compile(pattern);
        return new SettingType<>(name, s -> {
            if (!p.matcher(s).matches()) {
                throw new IllegalArgumentException(fix);
            }
            return s;
        });
    }

    /** A time zone by its IANA name. */
    public static SettingType<ZoneId> zone() {
        return new SettingType<>("time zone", s -> {
            try {
                return ZoneId.of(s.trim());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("Use an IANA time zone name such as Asia/Shanghai or Europe/Berlin, or an offset such as +08:00.");
            }
        });
    }

    private static int wholeNumber(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("It must be a whole number.");
        }
    }
}
