package io.onceonly.connector;

/** The shape of a connector option's value, as written in a registration (always text, parsed by this type). */
public enum OptionType {
    TEXT,
    /** true or false. */
    BOOLEAN,
    /** A whole number, at least the option's minimum. */
    INTEGER,
    /** 500ms, 30s, 5m, 1h, 2d or ISO-8601, above zero. */
    DURATION,
    /** One of the option's values. */
    ENUM,
    /** Comma-separated values. */
    LIST,
    /** Comma-separated key=value pairs. */
    MAP
}
