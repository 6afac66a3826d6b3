package io.onceonly.connector.file;

import static io.onceonly.connector.file.StrictDecoder.END;
import static io.onceonly.connector.file.StrictDecoder.MALFORMED;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads RFC 4180 CSV one record at a time with a small state machine over the strict decoder. */
final class CsvRecordReader extends TextRecordReader {
    // Hand-written rather than commons-csv because a byte that is not valid text must spoil only its own record:
    // a java.io.Reader can only throw, and after that no CSV parser knows where the next record starts.

    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int NONE = -3;

    private final char delimiter;
    private List<String> names;
    private final boolean header;

    private int pushedBack = NONE;
    private int[] replay;
    private int replayPos;
    private int replayLength;
    private long line = 1;

    // The record being read.
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private long recordLine;
    private long size;
    private boolean oversize;
    private String unclosedQuote;
    private String malformed;
    private String afterQuote;

    private CsvRecordReader(StrictDecoder in, String fileName, FileFormatOptions options) throws IOException {
        super(in, fileName, options);
        this.header = options.header();
        char asked = options.delimiterChar();
        this.delimiter = asked != 0 ? asked : detectDelimiter();
    }

    static CsvRecordReader open(InputStream stream, String fileName, FileFormatOptions options)
            throws IOException, UnreadableFileException {
        StrictDecoder decoder = StrictDecoder.open(stream, options.encoding(), fileName);
        try {
            CsvRecordReader reader = new CsvRecordReader(decoder, fileName, options);
            reader.readHeader();
            return reader;
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    @Override
    public FileRow next() throws UnreadableFileException {
        try {
            if (!readRecord()) {
                return null;
            }
        } catch (IOException e) {
            throw new UnreadableFileException("File could not be read further after line " + line + ": '" + fileName
                    + "' (" + e.getMessage() + "). Drop the file again; the rows before line " + line + " were read.", e);
        }
        String problem = recordProblem();
        if (problem == null && names == null) {
            names = ColumnNames.lettered(fields.size());
        }
        if (problem == null && fields.size() != names.size()) {
            problem = "Line " + recordLine + " has the wrong number of fields for the " + names.size() + " columns of the "
                    + (header ? "header" : "first row") + ": '" + fields.size() + "'. Quote values that contain '"
                    + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "', and look for a missing or extra delimiter.";
        }
        if (problem != null) {
            return FileRow.problem(recordLine, problem);
        }
        Map<String, Object> columns = new LinkedHashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i), fields.get(i));
        }
        return FileRow.of(recordLine, Collections.unmodifiableMap(columns));
    }

    @Override
    public String description() {
        return "CSV, " + in.description() + ", delimiter " + (delimiter == '\t' ? "tab" : "'" + delimiter + "'");
    }

    private void readHeader() throws IOException, UnreadableFileException {
        if (!header) {
            return;
        }
        if (!readRecord()) {
            names = List.of(); // an empty file: no rows
            return;
        }
        String problem = recordProblem();
        if (problem != null) {
            throw new UnreadableFileException("Header of '" + fileName + "' cannot be read. " + problem);
        }
        names = ColumnNames.fromHeader(fields, fileName);
    }

    /**
     * Counts the candidate delimiters outside quotes in the first non-blank line, then replays what it read.
     * Ties go to the earlier candidate (a comma first); a line with none is one column.
     */
    private char detectDelimiter() throws IOException {
        int[] seen = new int[1024];
        int length = 0;
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        boolean content = false;
        long budget = maxRecordBytes;
        while (budget-- > 0) {
            int c = in.read();
            if (c == END) {
                break;
            }
            if (length == seen.length) {
                seen = Arrays.copyOf(seen, length * 2);
            }
            seen[length++] = c;
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                if (content) {
                    break;
                }
            } else if (!quoted) {
                content = true;
                for (int i = 0; i < CANDIDATES.length; i++) {
                    if (c == CANDIDATES[i]) {
                        counts[i]++;
                    }
                }
            } else {
                content = true;
            }
        }
        replay = seen;
        replayLength = length;
        int best = 0;
        for (int i = 1; i < CANDIDATES.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return CANDIDATES[best];
    }

    private int nextChar() throws IOException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        if (replay != null) {
            if (replayPos < replayLength) {
                return replay[replayPos++];
            }
            replay = null;
        }
        return in.read();
    }

    /** Reads one record into {@link #fields}; false at the end of the file. Blank lines are skipped. */
    private boolean readRecord() throws IOException {
        fields.clear();
        field.setLength(0);
        size = 0;
        oversize = false;
        unclosedQuote = null;
        malformed = null;
        afterQuote = null;

        int c = nextChar();
        while (c == '\n' || c == '\r') {
            lineEnd(c);
            c = nextChar();
        }
        if (c == END) {
            return false;
        }
        recordLine = line;
        while (true) {
            if (c == '"') {
                long quoteLine = line;
                c = nextChar();
                while (true) {
                    if (c == '"') {
                        c = nextChar();
                        if (c != '"') {
                            break; // the closing quote; c is what follows it
                        }
                        append('"');
                    } else if (c == END) {
                        unclosedQuote = "Line " + quoteLine + " opens a quote that is never closed, in column: '"
                                + columnName(fields.size()) + "'. The file may be cut short: export it again; inside a "
                                + "quoted value write a quote twice (\"\").";
                        endField();
                        return true;
                    } else if (c == MALFORMED) {
                        malformed();
                    } else if (c == '\n' || c == '\r') {
                        append(c);
                        if (c == '\r') {
                            int d = nextChar();
                            if (d == '\n') {
                                append(d);
                            } else {
                                pushedBack = d;
                            }
                        }
                        line++;
                    } else {
                        append(c);
                    }
                    c = nextChar();
                }
                if (c != delimiter && c != '\n' && c != '\r' && c != END) {
                    if (afterQuote == null) {
                        afterQuote = "Line " + line + " has text after the closing quote of a value, in column: '"
                                + columnName(fields.size()) + "'. Quote the whole value, and write a quote inside it "
                                + "twice (\"\").";
                    }
                    c = unquoted(c);
                }
            } else {
                c = unquoted(c);
            }
            endField();
            if (c == delimiter) {
                c = nextChar();
                continue;
            }
            if (c == '\n' || c == '\r') {
                lineEnd(c);
            }
            return true;
        }
    }

    /** Reads the rest of a value that is not quoted; a quote inside it is kept as text. Returns what ends it. */
    private int unquoted(int c) throws IOException {
        while (c != delimiter && c != '\n' && c != '\r' && c != END) {
            if (c == MALFORMED) {
                malformed();
            } else {
                append(c);
            }
            c = nextChar();
        }
        return c;
    }

    private void lineEnd(int c) throws IOException {
        if (c == '\r') {
            int d = nextChar();
            if (d != '\n') {
                pushedBack = d;
            }
        }
        line++;
    }

    private void append(int c) {
        size += RecordSize.utf8Bytes(c);
        if (size > maxRecordBytes) {
            oversize = true; // stop keeping text, but read on to the record's end so the next one starts right
        } else {
            field.append((char) c);
        }
    }

    private void endField() {
        size++;
        if (size > maxRecordBytes) {
            oversize = true;
        }
        if (!oversize) {
            fields.add(field.toString());
        }
        field.setLength(0);
    }

    private void malformed() {
        if (malformed == null) {
            malformed = in.invalidBytesProblem("Line " + line);
        }
    }

    private String recordProblem() {
        if (unclosedQuote != null) {
            return unclosedQuote;
        }
        if (oversize) {
            return "Line " + recordLine + " starts a record larger than the limit of " + maxRecordBytes + " bytes: '"
                    + size + "'. Look for a quote that is never closed, or raise maxRecordBytes.";
        }
        return malformed != null ? malformed : afterQuote;
    }

    private String columnName(int index) {
        return names != null && index < names.size() ? names.get(index) : ColumnNames.letters(index);
    }
}
