package io.onceonly.connector.file;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A dropped file's name as the hub stores it in done/ or failed/: the time it was taken, then the name with every
 * character that could break a report, a log line or a script written as {@code %XX} (a line break as {@code %0A}).
 */
public final class DroppedFileNames {
    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private DroppedFileNames() {
    }

    /** {@code 20241128-093000-export.csv}; the same moment and name give the same stored name. */
    public static String stored(String name, LocalDateTime taken) {
        StringBuilder safe = new StringBuilder(TAKEN.format(taken)).append('-');
        name.codePoints().forEach(cp -> {
            if (unsafe(cp) || cp == '%') {
                for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    safe.append(String.format("%%%02X", b & 0xFF));
                }
            } else {
                safe.appendCodePoint(cp);
            }
        });
        return safe.toString();
    }

    /**
     * Why the name cannot be taken as it is ("U+000A (LINE FEED (LF)) at character 5"), or null. A control character
     * or a line break splits the log line and the report that name it; a bidirectional override (U+202E) shows
     * {@code gpj.csv} as {@code vsc.jpg}. Such a file is not read: the department renames it.
     */
    public static String unsafeCharacter(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (unsafe(cp)) {
                String what = Character.getName(cp);
                return String.format("U+%04X%s at character %d", cp, what == null ? "" : " (" + what + ")", i + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || cp == '/' || cp == '\\';
    }
}
