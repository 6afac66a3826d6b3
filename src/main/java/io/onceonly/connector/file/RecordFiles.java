package io.onceonly.connector.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a dropped file as a stream of rows, in the format the options name or the file's extension tells. */
public final class RecordFiles {
    private RecordFiles() {
    }

    /**
     * Opens the file and reads what must be known before the first row (encoding, delimiter, header, sheet, where
     * the JSON records are); a file that fails there is unreadable as a whole.
     *
     * <p>What the rows hold, by format:
     * <ul>
     * <li>CSV: every value a String, exactly as in the cell; a row whose field count differs from the header's, a
     * quote never closed, or bytes not valid in the file's encoding is a problem row, and reading goes on.
     * <li>Excel: text as String, numbers as BigDecimal (whole ones without ".0"), booleans as Boolean,
     * date-formatted numbers as LocalDate, LocalDateTime with a time of day, LocalTime for a bare time; a formula
     * gives its saved result; an empty cell is null. An Excel error or a formula never calculated is a problem row.
     * <li>JSON and JSON Lines: objects as Map, arrays as List, whole numbers as Long or BigInteger, others as the
     * exact BigDecimal written; NaN, Infinity, a key given twice, nesting past 32 levels are problem rows.
     * <li>JSON array broken mid-way (a syntax error, the file cut short): the element being read is a problem row
     * and the next call throws, since nobody can tell where the next element starts. A JSON Lines line stands
     * alone: a broken one is a problem row and the rest flow.
     * </ul>
     */
    public static RecordFileReader open(Path file, FileFormatOptions options) throws UnreadableFileException {
        String name = String.valueOf(file.getFileName());
        String format = formatOf(name, options);
        if (format.equals("xlsx")) {
            return XlsxRecordReader.open(file, options);
        }
        InputStream stream;
        try {
            stream = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        } catch (NoSuchFileException e) {
            throw new UnreadableFileException("File does not exist: '" + file + "'. It may have been moved or "
                    + "deleted after it was dropped.", e);
        } catch (IOException e) {
            throw new UnreadableFileException("File cannot be opened: '" + file + "'. Check that the hub may read "
                    + "it (" + e.getMessage() + ").", e);
        }
        return open(stream, name, format, options);
    }

    /** Opens a text format (csv, json, jsonl) from a stream, which the reader then owns and closes. */
    static RecordFileReader open(InputStream stream, String fileName, String format, FileFormatOptions options)
            throws UnreadableFileException {
        try {
            return switch (format) {
                case "csv" -> CsvRecordReader.open(stream, fileName, options);
                case "json" -> JsonArrayRecordReader.open(stream, fileName, options);
                case "jsonl" -> JsonLinesRecordReader.open(stream, fileName, options);
                default -> throw new IllegalArgumentException("Not a text format: " + format);
            };
        } catch (IOException e) {
            closeQuietly(stream);
            throw new UnreadableFileException("File could not be read: '" + fileName + "' (" + e.getMessage()
                    + "). Drop it again; if this repeats, check the disk or share it came from.", e);
        } catch (UnreadableFileException | RuntimeException e) {
            closeQuietly(stream);
            throw e;
        }
    }

    /** The option's format, or the one the extension names. */
    static String formatOf(String fileName, FileFormatOptions options) throws UnreadableFileException {
        if (!options.format().equals("auto")) {
            return options.format();
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        String extension = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
        return switch (extension) {
            case "csv", "txt", "tsv" -> "csv";
            case "xlsx" -> "xlsx";
            case "json" -> "json";
            case "jsonl", "ndjson" -> "jsonl";
            case "xls" -> throw new UnreadableFileException("File is an old Excel .xls workbook: '" + fileName
                    + "'. Open it in Excel or WPS and save it as .xlsx or as CSV UTF-8.");
            default -> throw new UnreadableFileException("File type cannot be told from its name: '" + fileName
                    + "'. Name it .csv, .xlsx, .json or .jsonl, or set format: csv, xlsx, json or jsonl.");
        };
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Only read from; nothing to lose.
        }
    }
}
