package io.onceonly.connector.file;

import static io.onceonly.connector.file.StrictDecoder.END;
import static io.onceonly.connector.file.StrictDecoder.MALFORMED;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/** Reads JSON Lines: one object per line, each line on its own, so a bad line is a problem row and the rest flow. */
final class JsonLinesRecordReader extends TextRecordReader {
    private final JsonRecordBuilder builder;
    private final StringBuilder text = new StringBuilder();
    private long line = 1;
    private int pushedBack = -3;

    private JsonLinesRecordReader(StrictDecoder in, String fileName, FileFormatOptions options) {
        super(in, fileName, options);
        // The line length is checked while reading it; the builder needs no limit of its own.
        this.builder = new JsonRecordBuilder(0, new ArrayDeque<>(), in);
    }

    static JsonLinesRecordReader open(InputStream stream, String fileName, FileFormatOptions options)
            throws IOException, UnreadableFileException {
        return new JsonLinesRecordReader(StrictDecoder.open(stream, options.encoding(), fileName), fileName, options);
    }

    @Override
    public FileRow next() throws UnreadableFileException {
        try {
            while (true) {
                long position = line;
                text.setLength(0);
                long size = 0;
                String malformed = null;
                boolean blank = true;
                int c = read();
                if (c == END) {
                    return null;
                }
                while (c != '\n' && c != '\r' && c != END) {
                    if (c == MALFORMED) {
                        if (malformed == null) {
                            malformed = in.invalidBytesProblem("Line " + position);
                        }
                    } else {
                        size += RecordSize.utf8Bytes(c);
                        if (size <= maxRecordBytes) {
                            text.append((char) c);
                        }
                        blank &= Character.isWhitespace(c);
                    }
                    c = read();
                }
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') {
                        pushedBack = d;
                    }
                }
                line++;
                if (malformed != null) {
                    return FileRow.problem(position, malformed);
                }
                if (size > maxRecordBytes) {
                    return FileRow.problem(position, "Line " + position + " is larger than the limit of " + maxRecordBytes
                            + " bytes: '" + size + "'. Split the record, or raise maxRecordBytes.");
                }
                if (!blank) {
                    return parse(position);
                }
            }
        } catch (IOException e) {
            throw new UnreadableFileException("File could not be read further than line " + line + ": '" + fileName
                    + "' (" + e.getMessage() + "). Drop it again; the lines before were read.", e);
        }
    }

    @Override
    public String description() {
        return "JSON Lines, " + in.description();
    }

    private FileRow parse(long position) throws IOException {
        String what = "Line " + position;
        try (JsonParser parser = JsonRecordBuilder.FACTORY.createParser(text.toString())) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return FileRow.problem(position, what + " is not a JSON object: '" + JsonRecordBuilder.typeName(token)
                        + "'. Write one object {...} per line.");
            }
            Map<String, Object> record = builder.read(parser, what);
            if (record == null) {
                return FileRow.problem(position, builder.problem());
            }
            if (parser.nextToken() != null) {
                return FileRow.problem(position, what + " goes on after its JSON object, from column: '"
                        + parser.currentTokenLocation().getColumnNr() + "'. Write exactly one object per line.");
            }
            return FileRow.of(position, record);
        } catch (JsonProcessingException e) {
            return FileRow.problem(position, what + " is not valid JSON, at column "
                    + (e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getColumnNr()))
                    + ": '" + JsonRecordBuilder.reason(e) + "'. Write one complete JSON object per line.");
        }
    }

    private int read() throws IOException {
        if (pushedBack != -3) {
            int c = pushedBack;
            pushedBack = -3;
            return c;
        }
        return in.read();
    }
}
