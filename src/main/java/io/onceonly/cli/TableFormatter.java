package io.onceonly.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain aligned text columns for people, padded by display width so Chinese names line up in a terminal.
 */
final class TableFormatter {
    /** Between columns, as kubectl does: wide enough to tell columns apart when a cell has spaces. */
    private static final String GAP = "   ";
    private static final String ELLIPSIS = "...";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TableFormatter(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; a missing value prints as "-", line breaks and tabs as spaces, so a cell never breaks the table. */
    TableFormatter row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("A row has " + cells.length + " cells; the table has " + headers.size() + " columns.");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(cell == null || cell.isBlank() ? "-" : clean(cell));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header and every row, one per line, the last column unpadded so no line ends in spaces. */
    String format() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - width(cell))).append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String clean(String cell) {
        StringBuilder s = new StringBuilder(cell.length());
        cell.codePoints().forEach(cp -> s.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return s.toString().strip();
    }

    /** Columns the text takes in a terminal: 2 for CJK and other full-width characters, 0 for combining marks. */
    static int width(String text) {
        return text.codePoints().map(TableFormatter::width).sum();
    }

    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth ranges (Unicode UAX #11), as terminals draw them. */
    private static boolean wide(int cp) {
        return cp >= 0x1100 && (cp <= 0x115F                      // Hangul Jamo
                || cp == 0x2329 || cp == 0x232A
                || cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F  // CJK radicals, punctuation, kana, CJK ideographs, Yi
                || cp >= 0xAC00 && cp <= 0xD7A3                  // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF                  // CJK compatibility ideographs
                || cp >= 0xFE10 && cp <= 0xFE19                  // vertical forms
                || cp >= 0xFE30 && cp <= 0xFE6F                  // CJK compatibility forms
                || cp >= 0xFF00 && cp <= 0xFF60                  // full-width ASCII: ２００
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp >= 0x1F300 && cp <= 0x1F64F                // pictographs and emoji
                || cp >= 0x1F900 && cp <= 0x1F9FF
                || cp >= 0x20000 && cp <= 0x3FFFD);              // CJK extensions B and later
    }

    /** The text cut to at most {@code maxWidth} columns, ending in "..." when cut. */
    static String truncate(String text, int maxWidth) {
        if (text == null || width(text) <= maxWidth) {
            return text;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        int room = Math.max(0, maxWidth - ELLIPSIS.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = width(cp);
            if (used + w > room) {
                break;
            }
            cut.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return cut.toString().stripTrailing() + ELLIPSIS;
    }

    /** How long ago, the way kubectl shows age: 42s, 7m, 5h, 3d. */
    static String age(Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        long seconds = Math.max(0, Duration.between(since, now).getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
