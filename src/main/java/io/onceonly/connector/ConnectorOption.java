package io.onceonly.connector;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.config.Durations;
import io.onceonly.config.Problem;

/**
 * One option of a connector type, declared once (as Kafka's ConfigDef.ConfigKey or Debezium's Field): its name, value
 * type, default (null: required), description and the kind of thing it names; validation, the route template's
 * parameters, docs/connectors.md and the OpenAPI schemas all come from this declaration.
 *
 * @param values  the allowed values of an {@link OptionType#ENUM}
 * @param aliases deprecated spellings of enum values, each to the value it stands for
 * @param min     the smallest {@link OptionType#INTEGER}; for a {@link OptionType#DURATION} 1 means above zero
 */
public record ConnectorOption(String name, OptionType type, String defaultValue, String description, OptionKind kind,
                              List<String> values, Map<String, String> aliases, long min) {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOption.class);
    /**
     * A secret given as an HTTP auth scheme and one reference, "Bearer {{env:API_TOKEN}}": the scheme is no secret,
     * and nothing but the reference may follow it, so no part of the secret itself can be written in clear text.
     */
    private static final Pattern SCHEME_AND_REFERENCE = Pattern.compile("[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]* \\{\\{[^{}]+}}");
    /** A secret written into a URI: the secret kind cannot see inside free text. */
    private static final Pattern SECRET_IN_URI = Pattern.compile("(?i)(password|passphrase|secret|token)=(?!\\{\\{|RAW\\(\\{\\{)");
    /** user:password@ right after "//"; the password part is group 1. */
    private static final Pattern USERINFO = Pattern.compile("//[^/?#@]*?:([^/?#@]+)@");
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{[^{}]*}}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    /** Deprecated spellings already warned about, so each is logged once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    public ConnectorOption {
        values = List.copyOf(values);
        aliases = Map.copyOf(aliases);
    }

    /** A text option that must be given. */
    public static ConnectorOption required(String name, OptionKind kind, String description) {
        return new ConnectorOption(name, OptionType.TEXT, null, description, kind, List.of(), Map.of(), 0);
    }

    /** A text option with a default ("" when leaving it out means none). */
    public static ConnectorOption text(String name, String defaultValue, OptionKind kind, String description) {
        return new ConnectorOption(name, OptionType.TEXT, defaultValue, description, kind, List.of(), Map.of(), 0);
    }

    public static ConnectorOption bool(String name, boolean defaultValue, String description) {
        return new ConnectorOption(name, OptionType.BOOLEAN, Boolean.toString(defaultValue), description,
                OptionKind.PLAIN, List.of(), Map.of(), 0);
    }

    public static ConnectorOption integer(String name, long defaultValue, long min, String description) {
        return new ConnectorOption(name, OptionType.INTEGER, Long.toString(defaultValue), description,
                OptionKind.PLAIN, List.of(), Map.of(), min);
    }

    /** A duration above zero; {@link #orZero()} lets zero be one too. */
    public static ConnectorOption duration(String name, String defaultValue, String description) {
        return new ConnectorOption(name, OptionType.DURATION, defaultValue, description, OptionKind.PLAIN, List.of(),
                Map.of(), 1);
    }

    /** The time between a type's polls, which every type that reads on a timer declares. */
    public static ConnectorOption every(String defaultValue) {
        return every(defaultValue, "Time between polls.");
    }

    /** The time between a type's polls, in the type's own words. */
    public static ConnectorOption every(String defaultValue, String description) {
        return duration("every", defaultValue, description);
    }

    /** How long one call outside the hub may take before it counts as failed and is retried. */
    public static ConnectorOption timeout(String defaultValue, String description) {
        return duration("timeout", defaultValue, description);
    }

    /** The record field that identifies a record in the department's system, shown with its rejects; "" for none. */
    public static ConnectorOption idField(String description) {
        return text("idField", "", OptionKind.PLAIN, description);
    }

    /** The same duration option, taking zero as well (no wait at all). */
    public ConnectorOption orZero() {
        return new ConnectorOption(name, type, defaultValue, description, kind, values, aliases, 0);
    }

    /** One of {@code values}; the first is the default. */
    public static ConnectorOption choice(String name, List<String> values, String description) {
        return new ConnectorOption(name, OptionType.ENUM, values.get(0), description, OptionKind.PLAIN, values,
                Map.of(), 0);
    }

    /** The sync mode the snapshotting sources share: incremental (the default) or full-refresh, in the type's words. */
    public static ConnectorOption mode(String description) {
        return choice("mode", List.of("incremental", "full-refresh"), description);
    }

    /** The same option, also taking a deprecated spelling of one of its values. */
    public ConnectorOption withAlias(String deprecated, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(aliases);
        all.put(deprecated, value);
        return new ConnectorOption(name, type, defaultValue, description, kind, values, all, min);
    }

    /** The same option, of another shape (a list or a map written as text). */
    public ConnectorOption as(OptionType shape) {
        return new ConnectorOption(name, shape, defaultValue, description, kind, values, aliases, min);
    }

    public boolean required() {
        return defaultValue == null;
    }

    public boolean secret() {
        return kind == OptionKind.SECRET;
    }

    /** An enum value in its current spelling: a deprecated alias becomes the value it stands for. */
    String canonical(String written) {
        String value = written.trim().toLowerCase(Locale.ROOT);
        String current = aliases.get(value);
        if (current == null) {
            return value;
        }
        if (WARNED.add(name + "=" + value)) {
            LOG.warn("Connector option {} value '{}' is deprecated and keeps working as '{}'. Write {} instead.", name,
                    value, current, current);
        }
        return current;
    }

    /**
     * What is wrong with a value as written, before placeholders are resolved: a secret in clear text, or a value that
     * is not of the option's type. A value with a {{reference}} is checked only for where it may put a secret.
     */
    public Optional<Problem> check(String path, String value) {
        if (secret()) {
            if (!value.isEmpty() && !value.startsWith("{{") && !SCHEME_AND_REFERENCE.matcher(value).matches()) {
                return Optional.of(Problem.secret(path, "is a secret written in clear text", "Reference it instead, "
                        + "for example \"{{env:CULTURE_DB_PASSWORD}}\" (an auth scheme may come first: \"Bearer "
                        + "{{env:API_TOKEN}}\"), so it never lands in git or logs."));
            }
            return Optional.empty();
        }
        if ((kind == OptionKind.CAMEL_URI || kind == OptionKind.NETWORK_TARGET) && SECRET_IN_URI.matcher(value).find()) {
            return Optional.of(Problem.secret(path, "has a secret written in clear text", "Reference it instead, for "
                    + "example password={{env:FTP_PASSWORD}}, so it never lands in git or logs."));
        }
        if ((kind == OptionKind.CAMEL_URI || kind == OptionKind.NETWORK_TARGET) && passwordInAuthority(value)) {
            return Optional.of(Problem.secret(path, "has a password written before the host (user:password@)",
                    "Give the user alone in the address and the password as a reference in its own option (password "
                            + "or secret), or as user:{{env:NAME}}@, so it never lands in git, logs or the API's answers."));
        }
        if (value.contains("{{") || value.isEmpty() && type != OptionType.ENUM) {
            return Optional.empty();
        }
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (type) {
            case BOOLEAN -> List.of("true", "false", "yes", "no").contains(lower) ? null
                    : Problem.of(path, "is not true or false", value, "Write true or false.");
            case INTEGER -> wholeNumber(v) ? null : Problem.of(path, "is not a whole number of at least " + min, value,
                    "Write one such as " + defaultValue + ".");
            case DURATION -> duration(v) ? null : Problem.of(path, "is not a duration" + (min > 0 ? " above zero" : ""), value,
                    "Write it as 500ms, 30s, 5m, 1h, 2d or PT30S, for example " + defaultValue + ".");
            case ENUM -> values.contains(lower) || aliases.containsKey(lower) ? null
                    : Problem.of(path, "is not one of " + String.join(", ", values), value,
                    fixFor(v) + "Use one of " + String.join(", ", values) + ".");
            case MAP -> pairs(v) ? null : Problem.of(path, "is not a list of key=value pairs", value,
                    "Write pairs separated by commas, for example \"title=HDMC, activity_date=HDRQ\".");
            case TEXT, LIST -> kind == OptionKind.SQL_IDENTIFIER && !IDENTIFIER.matcher(v).matches()
                    ? Problem.of(path, "is not a plain table or column name", value, "Use letters, digits and _ only.")
                    : null;
        });
    }

    /** Whether a URL's authority holds a password in clear text ({@code //user:secret@host}); references are fine. */
    static boolean passwordInAuthority(String url) {
        Matcher m = USERINFO.matcher(REFERENCE.matcher(url).replaceAll("\u0000"));
        while (m.find()) {
            if (!m.group(1).equals("\u0000")) {
                return true;
            }
        }
        return false;
    }

    private String fixFor(String value) {
        String guess = Problem.closest(value, values);
        return guess == null ? "" : "Did you mean " + guess + "? ";
    }

    private boolean wholeNumber(String v) {
        try {
            return Long.parseLong(v) >= min;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean duration(String v) {
        try {
            java.time.Duration d = Durations.parse(v);
            return !d.isNegative() && (min == 0 || !d.isZero());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean pairs(String v) {
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .allMatch(p -> p.indexOf('=') > 0 && p.indexOf('=') < p.length() - 1);
    }
}
