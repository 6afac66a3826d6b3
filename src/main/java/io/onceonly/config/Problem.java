package io.onceonly.config;

import java.util.Collection;
import java.util.Comparator;

/**
 * One thing wrong in the configuration (a resource, a setting, a template), read as {@code <path> <what is wrong>: '<bad value>'. <fix>}: the path in the
 * resource's own terms ({@code spec.map.activity_date.type}), the value as written (masked for a secret; none when
 * nothing was written, or when the key itself is what is wrong, since an unknown key may be a misspelt secret).
 */
public record Problem(String path, String what, String value, String fix) {
    /** What a secret's bad value is shown as: never the secret, nor its length. */
    public static final String MASKED = "******";
    private static final int SHOWN = 80;

    /** A value as written, cut short when long. */
    public static Problem of(String path, String what, Object value, String fix) {
        return new Problem(path, what, value == null ? null : shown(value.toString()), fix);
    }

    /** Nothing was written where something is needed. */
    public static Problem missing(String path, String fix) {
        return new Problem(path, "is missing", null, fix);
    }

    /** A bad value of a secret option: said to be there, never shown. */
    public static Problem secret(String path, String what, String fix) {
        return new Problem(path, what, MASKED, fix);
    }

    /** A key that is not one of {@code known}: names the closest known key when the key looks like a typo of it. */
    public static Problem unknownKey(String path, String what, String key, Collection<String> known) {
        String guess = closest(key, known);
        return new Problem(path, what, null, (guess == null ? "" : "Did you mean " + guess + "? ")
                + (known.isEmpty() ? "Nothing may be set here." : "Use one of " + String.join(", ", known) + "."));
    }

    /**
     * This problem in a file: the file's name, then the path within it
     * ({@code cultural-activity/v1.schema.json: "$id"}).
     */
    public Problem within(String file) {
        return new Problem(path.isEmpty() ? file + ":" : file + ": " + path, what, value, fix);
    }

    public String render() {
        return path + " " + what + (value == null ? "" : ": '" + value + "'") + "." + (fix.isEmpty() ? "" : " " + fix);
    }

    @Override
    public String toString() {
        return render();
    }

    private static String shown(String value) {
        return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
    }

    /**
     * The known name a typo most likely meant: one edit away (two for names over 7 letters), a swap of neighbours
     * counting as one, so "cusor" suggests cursor, "stat" start and "defualt" default.
     */
    public static String closest(String key, Collection<String> known) {
        int limit = key.length() <= 7 ? 1 : 2;
        return known.stream()
                .filter(k -> distance(key.toLowerCase(), k.toLowerCase()) <= limit)
                .min(Comparator.comparingInt(k -> distance(key.toLowerCase(), k.toLowerCase())))
                .orElse(null);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
