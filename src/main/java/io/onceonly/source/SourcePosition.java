package io.onceonly.source;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How far a source has read, in the terms of its connector type (a cursor and tie-breaker for a table, a file and
 * record number for a file drop, a since-value for an API). Stored as a flat JSON object in the offsets topic and
 * shown as such in the API, the way Kafka Connect stores source offsets.
 */
public record SourcePosition(Map<String, String> values) {

    @JsonCreator
    public SourcePosition {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    @JsonValue
    @Override
    public Map<String, String> values() {
        return values;
    }

    public String get(String name) {
        return values.get(name);
    }

    public static SourcePosition of(Map<String, String> values) {
        return new SourcePosition(values);
    }

    /** A cursor-polled table: the cursor and tie-breaker of the last row read, each with its kind to bind it back. */
    public static SourcePosition cursor(Object cursor, Object tiebreaker) {
        return new SourcePosition(Map.of("cursorKind", kindOf(cursor), "cursor", text(cursor),
                "tiebreakerKind", kindOf(tiebreaker), "tiebreaker", text(tiebreaker)));
    }

    /** Turns a value read from JDBC into its stored text form and kind. */
    static String kindOf(Object value) {
        if (value instanceof LocalDateTime) {
            return "timestamp";
        } else if (value instanceof OffsetDateTime) {
            return "timestamptz";
        } else if (value instanceof LocalDate) {
            return "date";
        } else if (value instanceof Number) {
            return "number";
        }
        return "string";
    }

    /** The value to bind in a query, of the type it was read as. */
    static Object bindable(String kind, String text) {
        return switch (kind) {
            case "timestamp" -> LocalDateTime.parse(text);
            case "timestamptz" -> OffsetDateTime.parse(text);
            case "date" -> LocalDate.parse(text);
            case "number" -> wholeOrDecimal(new BigDecimal(text));
            default -> text;
        };
    }

    /**
     * A whole number as a Long: bound as a BigDecimal it is PostgreSQL's numeric, and comparing an integer column
     * with a numeric casts the column, so the index on it goes unused and every read scans the whole table.
     */
    private static Object wholeOrDecimal(BigDecimal d) {
        if (d.scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException beyondLong) {
                return d;
            }
        }
        return d;
    }

    public static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    public Object cursorValue() {
        return bindable(values.get("cursorKind"), values.get("cursor"));
    }

    public Object tiebreakerValue() {
        return bindable(values.get("tiebreakerKind"), values.get("tiebreaker"));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
