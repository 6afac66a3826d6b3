package io.onceonly.normalize;

import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The domain types a mapping can name, each with its normalizer and validator. */
public final class DomainTypes {
    /** Formats department systems really emit, tried in order when a mapping lists none. */
    static final List<String> DEFAULT_DATE_FORMATS = List.of(
            "yyyyMMdd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日");
    static final List<String> DEFAULT_DATETIME_FORMATS = List.of(
            "yyyy-M-d H:mm:ss", "yyyy-M-d'T'H:mm:ss", "yyyy/M/d H:mm:ss", "yyyyMMddHHmmss", "yyyy-M-d H:mm",
            "yyyy年M月d日 H:mm:ss", "yyyy年M月d日 H时m分");
    private static final Set<String> NAMES = new TreeSet<>(List.of("string", "integer", "number", "boolean", "date",
            "datetime", "resident-id", "social-credit-code", "division-code", "phone"));

    private DomainTypes() {
    }

    public static Set<String> names() {
        return NAMES;
    }

    /** @throws IllegalArgumentException naming the unknown type and listing the known ones */
    public static DomainType of(String name, List<String> formats, ZoneId zone) {
        List<String> f = formats == null ? List.of() : formats;
        ZoneId z = java.util.Objects.requireNonNull(zone, "zone; the hub passes its time-zone setting");
        if (!f.isEmpty() && !"date".equals(name) && !"datetime".equals(name)) {
            throw new IllegalArgumentException("formats apply to date and datetime only, not to '" + name + "'.");
        }
        return switch (name == null ? "" : name) {
            case "string" -> simple(name, raw -> Text.clean(raw.toString()));
            case "integer" -> simple(name, DomainTypes::integer);
            case "number" -> simple(name, DomainTypes::number);
            case "boolean" -> simple(name, DomainTypes::bool);
            case "date" -> dateType(f.isEmpty() ? DEFAULT_DATE_FORMATS : f);
            case "datetime" -> dateTimeType(f.isEmpty() ? DEFAULT_DATETIME_FORMATS : f, z);
            case "resident-id" -> simple(name, raw -> IdentityCodes.residentId(Text.cleanCode(raw.toString())));
            case "social-credit-code" -> simple(name, raw -> IdentityCodes.socialCreditCode(Text.cleanCode(raw.toString())));
            case "division-code" -> simple(name, raw -> IdentityCodes.divisionCode(Text.cleanCode(raw.toString())));
            case "phone" -> simple(name, raw -> PhoneNumbers.normalize(Text.cleanCode(raw.toString())));
            default -> throw new IllegalArgumentException("'" + name + "' is not a domain type. Known types: " + NAMES + ".");
        };
    }

    private interface Normalizer {
        Object apply(Object raw) throws InvalidValueException;
    }

    private static DomainType simple(String name, Normalizer normalizer) {
        return new DomainType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object normalize(Object raw) throws InvalidValueException {
                if (raw == null || (raw instanceof String s && Text.isBlank(s))) {
                    return null;
                }
                return normalizer.apply(raw);
            }
        };
    }

    private static Long integer(Object raw) throws InvalidValueException {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        BigDecimal n = number(raw);
        try {
            return n.stripTrailingZeros().scale() <= 0 ? n.longValueExact() : fail("'" + raw + "' is not a whole number");
        } catch (ArithmeticException e) {
            throw new InvalidValueException("'" + raw + "' is too large for a whole number");
        }
    }

    private static BigDecimal number(Object raw) throws InvalidValueException {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        String s = Text.cleanCode(raw.toString()).replace(",", "");
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + raw + "' is not a number");
        }
    }

    private static Boolean bool(Object raw) throws InvalidValueException {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = Text.cleanCode(raw.toString()).toLowerCase();
        return switch (s) {
            case "true", "1", "y", "yes", "是", "t" -> Boolean.TRUE;
            case "false", "0", "n", "no", "否", "f" -> Boolean.FALSE;
            default -> throw new InvalidValueException("'" + raw + "' is not a yes/no value (true/false, 1/0, 是/否, Y/N)");
        };
    }

    private static <T> T fail(String reason) throws InvalidValueException {
        throw new InvalidValueException(reason);
    }

    private static List<DateTimeFormatter> formatters(List<String> patterns) {
        List<DateTimeFormatter> out = new ArrayList<>();
        for (String p : patterns) {
            try {
                // 'uuuu' with STRICT rejects 2024-02-30 instead of quietly turning it into 2024-02-29.
                out.add(DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu")).withResolverStyle(ResolverStyle.STRICT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + p + "' is not a date pattern: " + e.getMessage());
            }
        }
        return out;
    }

    private static DomainType dateType(List<String> patterns) {
        List<DateTimeFormatter> parsers = formatters(patterns);
        return simple("date", raw -> {
            if (raw instanceof LocalDate d) {
                return d.toString();
            } else if (raw instanceof LocalDateTime t) {
                return t.toLocalDate().toString();
            } else if (raw instanceof java.sql.Date d) {
                return d.toLocalDate().toString();
            } else if (raw instanceof java.sql.Timestamp t) {
                return t.toLocalDateTime().toLocalDate().toString();
            } else if (raw instanceof Number n && patterns == DEFAULT_DATE_FORMATS) {
                return excelSerialDate(n).toString();
            }
            String s = Text.cleanCode(raw.toString());
            for (DateTimeFormatter f : parsers) {
                if (!fits(s, f)) {
                    continue;
                }
                try {
                    return LocalDate.parse(s, f).toString();
                } catch (DateTimeParseException ignored) {
                    // fits the pattern but is no date (2024-02-30): try the next accepted format
                }
            }
            throw new InvalidValueException("'" + raw + "' is not a date in any of " + patterns);
        });
    }

    /**
     * Whether the whole text matches the formatter's pattern, before any check that the fields make a real date.
     * A text that does not fit would fail {@code parse} too, but only after building an exception with its stack
     * trace; trying several formats that way per value cost a sixth of all normalization time.
     */
    private static boolean fits(String s, DateTimeFormatter f) {
        ParsePosition position = new ParsePosition(0);
        return f.parseUnresolved(s, position) != null && position.getErrorIndex() < 0 && position.getIndex() == s.length();
    }

    /** Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in for dates after February 1900). */
    static LocalDate excelSerialDate(Number n) throws InvalidValueException {
        double v = n.doubleValue();
        if (v < 61 || v > 2958465) {
            throw new InvalidValueException("'" + n + "' is not an Excel date serial number this hub accepts (61 to 2958465)");
        }
        return LocalDate.of(1899, 12, 30).plus((long) Math.floor(v), ChronoUnit.DAYS);
    }

    /** RFC 3339 as JSON Schema's date-time wants it: seconds always written (OffsetDateTime.toString drops ":00"). */
    private static String rfc3339(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private static DomainType dateTimeType(List<String> patterns, ZoneId zone) {
        List<DateTimeFormatter> parsers = formatters(patterns);
        return simple("datetime", raw -> {
            if (raw instanceof OffsetDateTime t) {
                return rfc3339(t);
            } else if (raw instanceof LocalDateTime t) {
                return rfc3339(t.atZone(zone).toOffsetDateTime());
            } else if (raw instanceof java.sql.Timestamp t) {
                return rfc3339(t.toLocalDateTime().atZone(zone).toOffsetDateTime());
            }
            String s = Text.cleanCode(raw.toString());
            if (fits(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
                try {
                    return rfc3339(OffsetDateTime.parse(s));
                } catch (DateTimeParseException notIsoWithOffset) {
                    // fits the pattern but is no date and time: try the accepted formats
                }
            }
            for (DateTimeFormatter f : parsers) {
                if (!fits(s, f)) {
                    continue;
                }
                try {
                    return rfc3339(LocalDateTime.parse(s, f).atZone(zone).toOffsetDateTime());
                } catch (DateTimeParseException ignored) {
                    // fits the pattern but is no date and time: try the next accepted format
                }
            }
            throw new InvalidValueException("'" + raw + "' is not a date and time in any of " + patterns);
        });
    }
}
