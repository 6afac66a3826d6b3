package io.onceonly.normalize;

/**
 * Text clean-up every department value needs. Free text keeps its Chinese punctuation (（）、。 are correct there);
 * only full-width digits and letters are folded. Codes, numbers and dates fold every full-width ASCII character.
 */
public final class Text {
    private Text() {
    }

    /** Folds full-width digits and Latin letters, and the ideographic space, to their half-width forms. */
    public static String toHalfWidth(String s) {
        return fold(s, false);
    }

    /** Free text: digits and letters half-width, trimmed (also of ideographic and no-break spaces), inner runs of whitespace as one space; empty is null. */
    public static String clean(String s) {
        return tidy(fold(s, false));
    }

    /** Codes, numbers, dates: every full-width ASCII character (U+FF01..U+FF5E) folded, then tidied like {@link #clean}. */
    public static String cleanCode(String s) {
        return tidy(fold(s, true));
    }

    /** True when nothing but whitespace (including ideographic and no-break spaces) is left: no copy is made. */
    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c) && c != '\u00A0') {
                return false;
            }
        }
        return true;
    }

    private static String fold(String s, boolean allAscii) {
        if (s == null) {
            return null;
        }
        // Most values have nothing to fold: hand them back without a copy.
        int first = 0;
        while (first < s.length() && !foldable(s.charAt(first), allAscii)) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean digitOrLetter = (c >= '\uFF10' && c <= '\uFF19') || (c >= '\uFF21' && c <= '\uFF3A')
                    || (c >= '\uFF41' && c <= '\uFF5A');
            if (digitOrLetter || (allAscii && c >= '\uFF01' && c <= '\uFF5E')) {
                out.append((char) (c - 0xFEE0));
            } else if (c == '\u3000') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean foldable(char c, boolean allAscii) {
        return (c >= '\uFF10' && c <= '\uFF19') || (c >= '\uFF21' && c <= '\uFF3A') || (c >= '\uFF41' && c <= '\uFF5A')
                || (allAscii && c >= '\uFF01' && c <= '\uFF5E') || c == '\u3000';
    }

    /**
     * No-break spaces as spaces, each run of whitespace ({@code \s}: space, tab, line breaks, form feed, vertical
     * tab) as one space, then stripped; what the regex {@code \s+} did, without a regex or a copy when there is
     * nothing to collapse (most values), which made the regex a quarter of all normalization time.
     */
    private static String tidy(String folded) {
        if (folded == null) {
            return null;
        }
        String tidy = collapseWhitespace(folded).strip();
        return tidy.isEmpty() ? null : tidy;
    }

    /**
     * The first character of {@code s} no one can see or that changes how the text around it shows: a control
     * character other than tab and line breaks, a format character (zero-width space, bidirectional overrides, BOM),
     * a lone surrogate (not text at all: it would turn into '?' on the way out) or a noncharacter. Null when there is
     * none. Two titles that look the same must be the same text, so such values are rejected, not cleaned.
     */
    public static String hiddenCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            boolean allowedControl = cp == '\t' || cp == '\n' || cp == '\r';
            boolean hidden = (type == Character.CONTROL && !allowedControl) || type == Character.FORMAT
                    || type == Character.SURROGATE || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
            if (hidden) {
                String name = Character.getName(cp);
                return String.format("U+%04X%s at character %d", cp, name == null ? "" : " (" + name + ")", i + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    static String collapseWhitespace(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c) && (c != ' ' || (i + 1 < n && isSpace(s.charAt(i + 1))))) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                out.append(' ');
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS, plus the no-break space. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00A0';
    }
}
