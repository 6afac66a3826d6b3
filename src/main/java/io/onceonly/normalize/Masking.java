package io.onceonly.normalize;

/** Hides most of a personal or sensitive value so reasons and logs can show which value without showing it. */
public final class Masking {
    private Masking() {
    }

    /** Keeps the first 3 and last 2 characters of values longer than 6; shorter ones are hidden whole. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() <= 6) {
            return "*".repeat(value.length());
        }
        return value.substring(0, 3) + "*".repeat(value.length() - 5) + value.substring(value.length() - 2);
    }
}
