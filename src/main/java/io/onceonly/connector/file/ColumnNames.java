package io.onceonly.connector.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column names of a file: the header's, checked so no two columns share a name, or A, B, C... as Excel shows them. */
final class ColumnNames {
    private ColumnNames() {
    }

    /** Trims the names and drops a stray byte order mark; a blank or repeated name makes the file unreadable. */
    static List<String> fromHeader(List<String> raw, String fileName) throws UnreadableFileException {
        List<String> names = new ArrayList<>(raw.size());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i) == null ? "" : raw.get(i).replace("\uFEFF", "").strip();
            if (name.isEmpty()) {
                problems.add("Header has a column without a name: 'column " + letters(i) + "'. Name every column, "
                        + "delete the empty column, or set header: false");
            } else if (seen.containsKey(name)) {
                problems.add("Header names two columns the same: '" + name + "' (columns " + letters(seen.get(name))
                        + " and " + letters(i) + "). Rename one so every column has its own name");
            } else {
                seen.put(name, i);
            }
            names.add(name);
        }
        if (!problems.isEmpty()) {
            throw new UnreadableFileException(String.join("; ", problems) + " (file '" + fileName + "').");
        }
        return List.copyOf(names);
    }

    /** A, B, ... Z, AA, AB, ... for the 0-based column index. */
    static String letters(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return s.toString();
    }

    static List<String> lettered(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(letters(i));
        }
        return List.copyOf(names);
    }

    /** The 0-based column index of an Excel reference such as "AB12". */
    static int indexOf(String reference) {
        int index = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }
}
