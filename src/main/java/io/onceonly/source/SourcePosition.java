package io.onceonly.source;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * How far a cursor-polled source has read: the cursor value and the tie-breaker value of the last row published,
 * each with its kind so it can be bound back into the query exactly.
 */
public record SourcePosition(String cursorKind, String cursor, String tiebreakerKind, String tiebreaker) {

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
            case "number" -> new BigDecimal(text);
            default -> text;
        };
    }

    static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    public static SourcePosition of(Object cursor, Object tiebreaker) {
        return new SourcePosition(kindOf(cursor), text(cursor), kindOf(tiebreaker), text(tiebreaker));
    }

    Object cursorValue() {
        return bindable(cursorKind, cursor);
    }

    Object tiebreakerValue() {
        return bindable(tiebreakerKind, tiebreaker);
    }
}
