package io.onceonly.connector;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Durations;

/**
 * A connector's option values read by their declared types, each option not written taking its declared default: the
 * only place a default reaches Java code, so no class repeats one.
 */
public final class ConnectorOptions {
    private final ConnectorType type;
    private final Map<String, String> values;

    private ConnectorOptions(ConnectorType type, Map<String, String> values) {
        this.type = type;
        this.values = values;
    }

    /** The options as written (or resolved), the declared defaults filled in; undeclared keys are kept as they are. */
    public static ConnectorOptions of(ConnectorType type, Map<String, String> written) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConnectorOption option : type.options()) {
            String value = written.get(option.name());
            if (value == null) {
                value = option.defaultValue();
            }
            if (value != null) {
                values.put(option.name(), option.type() == OptionType.ENUM ? option.canonical(value) : value);
            }
        }
        written.forEach(values::putIfAbsent);
        return new ConnectorOptions(type, Collections.unmodifiableMap(values));
    }

    /** Every option's value, defaults filled in: what the route template's parameters are set to. */
    public Map<String, String> values() {
        return values;
    }

    /** The text of an option; "" for an optional one left empty. */
    public String text(String name) {
        String value = values.get(declared(name).name());
        return value == null ? "" : value;
    }

    /** The text of an option, or null when it is empty. */
    public String textOrNull(String name) {
        String value = text(name);
        return value.isBlank() ? null : value;
    }

    public boolean bool(String name) {
        return parse(name, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        });
    }

    public long number(String name) {
        return parse(name, Long::parseLong);
    }

    public Duration duration(String name) {
        return parse(name, Durations::parse);
    }

    /** Whether the {@link ConnectorOption#mode sync mode} is full-refresh: each read is the whole data set. */
    public boolean fullRefresh() {
        return text("mode").equals("full-refresh");
    }

    /** A comma-separated list; empty for "". */
    public List<String> list(String name) {
        return Arrays.stream(text(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Comma-separated key=value pairs, in the order written. */
    public Map<String, String> map(String name) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : list(name)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw bad(name, "is not a list of key=value pairs");
            }
            pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return pairs;
    }

    private <T> T parse(String name, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text(name).trim());
        } catch (IllegalArgumentException e) {
            throw bad(name, "is not a valid " + declared(name).type().name().toLowerCase(Locale.ROOT));
        }
    }

    private ConfigurationException bad(String name, String what) {
        ConnectorOption option = declared(name);
        String shown = option.secret() ? io.onceonly.config.Problem.MASKED : text(name);
        return ConfigurationException.of(new io.onceonly.config.Problem("Connector option " + type.id() + " " + name,
                what, shown, option.description()));
    }

    private ConnectorOption declared(String name) {
        return type.option(name).orElseThrow(() -> new IllegalArgumentException(
                "Connector type " + type.id() + " declares no option '" + name + "'. Declare it in " + type.getClass().getSimpleName() + "."));
    }
}
