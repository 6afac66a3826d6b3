package io.onceonly.connector.file;

import java.util.Map;

/**
 * One row of a file: where it is, and either its columns or why it could not be read.
 *
 * @param position 1-based: for CSV and JSON Lines the line where the record starts, for Excel the row number,
 *                 for a JSON array the element's index + 1
 * @param columns  column name to value, in file order; null for a problem row
 * @param problem  "what problem: 'value'. how to fix", never the row's values (they may be personal data); null
 *                 for a good row
 */
public record FileRow(long position, Map<String, Object> columns, String problem) {
    public FileRow {
        if ((columns == null) == (problem == null)) {
            throw new IllegalArgumentException("A file row has either columns or a problem, not both nor neither");
        }
    }

    static FileRow of(long position, Map<String, Object> columns) {
        return new FileRow(position, columns, null);
    }

    static FileRow problem(long position, String problem) {
        return new FileRow(position, null, problem);
    }

    public boolean ok() {
        return problem == null;
    }
}
