package io.onceonly.schema;

import java.util.Locale;

/**
 * How a field's value must be protected, in the classes of personal-information law; declared per field with
 * {@code x-sensitivity}.
 */
public enum Sensitivity {
    /** May be published: activity titles, venues, division codes. */
    PUBLIC,
    /** For government use, not for publication: internal ids, workflow states. */
    INTERNAL,
    /** Identifies or contacts a person: names, phone numbers, addresses. */
    PERSONAL,
    /** Harms a person if leaked: ID numbers, health, precise location, finances. */
    SENSITIVE;

    /** The annotation value as written in schema files, for example {@code personal}. */
    public String annotation() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@code x-sensitivity} value; null when it is not one of the four classes. */
    static Sensitivity fromAnnotation(String value) {
        for (Sensitivity s : values()) {
            if (s.annotation().equals(value)) {
                return s;
            }
        }
        return null;
    }

    /** Whether values of this class are masked wherever they are shown (reasons, logs, API output). */
    public boolean masked() {
        return switch (this) {
            case PUBLIC, INTERNAL -> false;
            case PERSONAL, SENSITIVE -> true;
        };
    }

    /**
     * The value as it may be shown. Personal values longer than 6 characters keep their first 3 and last 2
     * ({@code 138******78}), enough to tell two values apart; shorter ones are hidden whole. Sensitive values are
     * always hidden whole: even a fragment of a diagnosis or an address says too much.
     */
    public String mask(String value) {
        if (value == null || !masked()) {
            return value;
        }
        int length = value.codePointCount(0, value.length());
        if (this == PERSONAL && length > 6) {
            int keepEnd = value.offsetByCodePoints(value.length(), -2);
            return value.substring(0, value.offsetByCodePoints(0, 3)) + "*".repeat(length - 5)
                    + value.substring(keepEnd);
        }
        return "*".repeat(length);
    }
}
