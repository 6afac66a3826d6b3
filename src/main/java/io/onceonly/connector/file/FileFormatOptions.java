package io.onceonly.connector.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOptions;

/**
 * Options of a file source, from {@code spec.from} of a Source resource.
 *
 * @param format         auto (by file extension), csv, xlsx, json or jsonl
 * @param encoding       auto (byte order mark, else UTF-8 if the first 64 KiB are valid UTF-8, else GB18030),
 *                       utf-8, gbk or gb18030; for CSV, JSON and JSON Lines
 * @param delimiter      auto (the most frequent of , ; tab | in the first line, outside quotes) or one character;
 *                       {@code \t} means tab
 * @param header         whether the first row names the columns; without one, columns are named A, B, C... as in Excel
 * @param sheet          the Excel sheet to read by name; empty for the first sheet
 * @param recordsPointer JSON Pointer to the array of records in a JSON document (for example /data/items);
 *                       empty when the document is the array
 * @param maxRecordBytes a row larger than this is a problem row, not a reason to run out of memory; measured as
 *                       UTF-8 bytes of the text for CSV, JSON Lines and Excel, as characters of the document for JSON
 */
public record FileFormatOptions(String format, String encoding, String delimiter, boolean header, String sheet,
                                String recordsPointer, long maxRecordBytes) {
    public static final long DEFAULT_MAX_RECORD_BYTES =
            Long.parseLong(new FileSourceConnector().option("maxRecordBytes").orElseThrow().defaultValue());
    static final List<String> FORMATS = List.of("auto", "csv", "xlsx", "json", "jsonl");
    static final List<String> ENCODINGS = List.of("auto", "utf-8", "gbk", "gb18030");

    public FileFormatOptions {
        format = lower(format, "auto");
        encoding = lower(encoding, "auto");
        delimiter = delimiter == null || delimiter.isEmpty() ? "auto" : delimiter;
        sheet = sheet == null ? "" : sheet;
        recordsPointer = recordsPointer == null ? "" : recordsPointer.trim();
        List<Problem> problems = problems(format, encoding, delimiter, recordsPointer, maxRecordBytes);
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("File source options are not valid", problems);
        }
    }

    /** Every option at its default: detect format, encoding and delimiter; a header row; 1 MiB per record. */
    public static FileFormatOptions defaults() {
        return from(Map.of());
    }

    /**
     * Reads the options from {@code spec.from}; keys this class does not know (type, path, every...) belong to the
     * route and are left alone. All bad options are reported together.
     */
    public static FileFormatOptions from(Map<String, String> written) {
        Map<String, String> options = ConnectorOptions.of(new FileSourceConnector(), written).values();
        List<Problem> problems = new ArrayList<>();
        String format = options.get("format");
        String encoding = options.get("encoding");
        String delimiter = options.get("delimiter");
        String pointer = options.get("recordsPointer");

        boolean header = true;
        String headerText = options.get("header");
        if (headerText != null && !headerText.isBlank()) {
            switch (headerText.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> header = true;
                case "false", "no" -> header = false;
                default -> problems.add(Problem.of("spec.from.header", "is not true or false", headerText,
                        "Use true when the first row names the columns, false when it is data."));
            }
        }
        long maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        String maxText = options.get("maxRecordBytes");
        if (maxText != null && !maxText.isBlank()) {
            try {
                maxRecordBytes = Long.parseLong(maxText.trim());
            } catch (NumberFormatException e) {
                maxRecordBytes = -1;
            }
        }
        if (maxRecordBytes <= 0) {
            // Reported here with the text as written; the placeholder below keeps the other checks going.
            problems.add(Problem.of("spec.from.maxRecordBytes", "is not a size in bytes", maxText,
                    "Use a whole number of bytes above 0, for example 1048576 for 1 MiB."));
            maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        }
        problems.addAll(problems(format, encoding, delimiter, pointer, maxRecordBytes));
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("File source options are not valid", problems);
        }
        return new FileFormatOptions(format, encoding, delimiter, header, options.get("sheet"), pointer,
                maxRecordBytes);
    }

    /** The delimiter as a character, or 0 to detect it. */
    char delimiterChar() {
        if (delimiter.equals("auto")) {
            return 0;
        }
        return delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? '\t' : delimiter.charAt(0);
    }

    private static List<Problem> problems(String format, String encoding, String delimiter, String pointer,
                                          long maxRecordBytes) {
        List<Problem> problems = new ArrayList<>();
        if (!FORMATS.contains(format)) {
            problems.add(Problem.of("spec.from.format", "is not a file format the hub reads", format, "Use one of "
                    + String.join(", ", FORMATS) + " (auto goes by the file extension)."));
        }
        if (!ENCODINGS.contains(encoding)) {
            problems.add(Problem.of("spec.from.encoding", "is not an encoding the hub reads", encoding, "Use one of "
                    + String.join(", ", ENCODINGS) + " (gb18030 also reads GBK and GB2312 files)."));
        }
        boolean oneChar = delimiter.length() == 1 && "\"\r\n".indexOf(delimiter.charAt(0)) < 0;
        if (!delimiter.equals("auto") && !oneChar && !delimiter.equals("\\t") && !delimiter.equalsIgnoreCase("tab")) {
            problems.add(Problem.of("spec.from.delimiter", "is not one character", delimiter, "Use auto, one character "
                    + "such as ; or |, or \\t for tab (not a quote or a line break)."));
        }
        if (!pointer.isEmpty()) {
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of("spec.from.recordsPointer", "is not a JSON Pointer", pointer, "Write a JSON "
                        + "Pointer starting with /, for example /data/items, or leave it empty when the document is the array."));
            }
        }
        if (maxRecordBytes <= 0) {
            problems.add(Problem.of("spec.from.maxRecordBytes", "is not a size in bytes", maxRecordBytes,
                    "Use a whole number of bytes above 0."));
        }
        return problems;
    }

    private static String lower(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
    }
}
