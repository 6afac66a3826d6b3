package io.onceonly.normalize;

/** Text clean-up every department value needs: full-width ASCII folded to half-width, whitespace tidied. */
public final class Text {
    private Text() {
    }

    /** Folds full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their half-width forms. */
    public static String toHalfWidth(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                out.append((char) (c - 0xFEE0));
            } else if (c == '\u3000') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Half-width, trimmed (also of ideographic and no-break spaces), inner whitespace runs as one space; empty is null. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String folded = toHalfWidth(s).replace('\u00A0', ' ');
        String tidy = folded.replaceAll("\\s+", " ").strip();
        return tidy.isEmpty() ? null : tidy;
    }
}
