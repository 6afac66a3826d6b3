package io.onceonly.connector.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** Streams the objects of the array of records in a JSON document (the document itself or at a JSON Pointer). */
final class JsonArrayRecordReader implements RecordFileReader {
    // Broken JSON between or inside elements: the element being read is a problem row, so the count still adds
    // up, and the next call throws, because after a syntax error nobody can tell where the next element starts.
    // JSON that breaks after the array has closed throws too: a document cut short or holding a second value was
    // not exported whole, even if every record came through.

    private final StrictDecoder decoder;
    private final JsonParser parser;
    private final JsonRecordBuilder builder;
    private final String fileName;
    private final String description;
    private long index;
    private boolean done;
    private UnreadableFileException broken;

    private JsonArrayRecordReader(StrictDecoder decoder, JsonParser parser, Deque<String> undecodable, String fileName,
                                  FileFormatOptions options) {
        this.decoder = decoder;
        this.parser = parser;
        this.fileName = fileName;
        this.builder = new JsonRecordBuilder(options.maxRecordBytes(), undecodable, decoder);
        this.description = "JSON, " + decoder.description()
                + (options.recordsPointer().isEmpty() ? "" : ", records at " + options.recordsPointer());
    }

    static JsonArrayRecordReader open(InputStream stream, String fileName, FileFormatOptions options)
            throws IOException, UnreadableFileException {
        StrictDecoder decoder = StrictDecoder.open(stream, options.encoding(), fileName);
        Deque<String> undecodable = new ArrayDeque<>();
        JsonParser parser = JsonRecordBuilder.FACTORY.createParser(decoder.asReader(undecodable));
        try {
            findArray(parser, options.recordsPointer(), fileName);
            return new JsonArrayRecordReader(decoder, parser, undecodable, fileName, options);
        } catch (JsonProcessingException e) {
            parser.close();
            throw new UnreadableFileException("File is not valid JSON before its records begin, at " + JsonRecordBuilder.where(e)
                    + ": '" + JsonRecordBuilder.reason(e) + "'. Export the file again as JSON (UTF-8).", e);
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    @Override
    public FileRow next() throws UnreadableFileException {
        if (broken != null) {
            throw broken;
        }
        if (done) {
            return null;
        }
        long position = index + 1;
        String what = "Element " + position;
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                done = true;
                finishDocument();
                return null;
            }
            if (token == null) {
                throw new JsonEOFException(parser, null, "Unexpected end-of-input inside the array");
            }
            index = position;
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return FileRow.problem(position, what + " is not a JSON object: '" + JsonRecordBuilder.typeName(token)
                        + "'. Each element of the array must be one record, an object {...}.");
            }
            Map<String, Object> record = builder.read(parser, what);
            return record != null ? FileRow.of(position, record) : FileRow.problem(position, builder.problem());
        } catch (JsonProcessingException e) {
            index = position;
            String reason = JsonRecordBuilder.reason(e);
            broken = new UnreadableFileException("JSON breaks in element " + position + " of '" + fileName + "', at "
                    + JsonRecordBuilder.where(e) + ": '" + reason + "'. "
                    + (position == 1 ? "No element" : "Elements 1 to " + (position - 1)) + " came through before it; "
                    + "fix the file and drop it again for the rest.", e);
            String problem = JsonRecordBuilder.stoppedAtUndecodable(e) && decoder.malformedBytes() != null
                    ? decoder.invalidBytesProblem(what)
                    : what + " is not valid JSON, at " + JsonRecordBuilder.where(e) + ": '" + reason + "'. Fix the JSON; "
                    + "the elements after it cannot be read either.";
            return FileRow.problem(position, problem);
        } catch (IOException e) {
            broken = new UnreadableFileException("File could not be read further than element " + index + ": '"
                    + fileName + "' (" + e.getMessage() + "). Drop it again.", e);
            throw broken;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // Only read from; nothing to lose.
        }
        decoder.close();
    }

    /** After the records: the document must close and end, so a cut-short file or a second array is not missed. */
    private void finishDocument() throws IOException, UnreadableFileException {
        try {
            while (!parser.getParsingContext().inRoot()) {
                if (parser.nextToken() == null) {
                    throw new JsonEOFException(parser, null, "Unexpected end-of-input after the records");
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                broken = new UnreadableFileException("JSON document goes on after its first value, at "
                        + parser.currentTokenLocation().getLineNr() + ":" + parser.currentTokenLocation().getColumnNr()
                        + " of '" + fileName + "': '" + JsonRecordBuilder.typeName(parser.currentToken()) + "'. All "
                        + index + " records of the first value were read; export the data as one array (or as JSON "
                        + "Lines) and drop it again.");
                throw broken;
            }
        } catch (JsonProcessingException e) {
            broken = new UnreadableFileException("JSON document is broken or cut short after its records, in '" + fileName
                    + "': '" + JsonRecordBuilder.reason(e) + "'. All " + index + " records were read; export the file "
                    + "again so it is complete.", e);
            throw broken;
        }
    }

    /** Moves the parser onto the array of records: the root, or what the pointer names. */
    private static void findArray(JsonParser parser, String pointer, String fileName)
            throws IOException, UnreadableFileException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new UnreadableFileException("File is empty, not a JSON document: '" + fileName + "'. Export the "
                    + "records again; an export with no records is an empty array [].");
        }
        JsonPointer rest = pointer.isEmpty() ? JsonPointer.empty() : JsonPointer.compile(pointer);
        String at = "";
        while (!rest.matches()) {
            String segment = rest.getMatchingProperty();
            if (token == JsonToken.START_OBJECT) {
                List<String> keys = new ArrayList<>();
                boolean found = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    token = parser.nextToken();
                    if (key.equals(segment)) {
                        found = true;
                        break;
                    }
                    if (keys.size() < 20) {
                        keys.add(key);
                    }
                    parser.skipChildren();
                }
                if (!found) {
                    throw new UnreadableFileException("JSON has nothing at recordsPointer: '" + pointer + "'. The object at "
                            + (at.isEmpty() ? "the top" : at) + " has the keys " + keys + "; set recordsPointer to the "
                            + "path of the array of records (file '" + fileName + "').");
                }
            } else if (token == JsonToken.START_ARRAY && rest.getMatchingIndex() >= 0) {
                int wanted = rest.getMatchingIndex();
                for (int i = 0; i <= wanted; i++) {
                    token = parser.nextToken();
                    if (token == JsonToken.END_ARRAY) {
                        throw new UnreadableFileException("JSON has nothing at recordsPointer: '" + pointer + "'. The "
                                + "array at " + (at.isEmpty() ? "the top" : at) + " has " + i + " elements (file '"
                                + fileName + "').");
                    }
                    if (i < wanted) {
                        parser.skipChildren();
                    }
                }
            } else {
                throw new UnreadableFileException("JSON has nothing at recordsPointer: '" + pointer + "'. At "
                        + (at.isEmpty() ? "the top" : at) + " there is " + article(token) + ", which has no '" + segment
                        + "' (file '" + fileName + "').");
            }
            at = at + "/" + segment;
            rest = rest.tail();
        }
        if (token != JsonToken.START_ARRAY) {
            String hint = token == JsonToken.START_OBJECT && pointer.isEmpty() ? arraysIn(parser) : "";
            throw new UnreadableFileException("JSON " + (pointer.isEmpty() ? "document" : "at recordsPointer " + pointer)
                    + " is not an array of records: '" + JsonRecordBuilder.typeName(token) + "'. Set recordsPointer to "
                    + "the array that holds the records" + hint + " (file '" + fileName + "').");
        }
    }

    /** The top-level keys that hold arrays, to suggest a pointer; reads on through the object to find them. */
    private static String arraysIn(JsonParser parser) {
        List<String> found = new ArrayList<>();
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME && found.size() < 5) {
                String key = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY) {
                    found.add("/" + key.replace("~", "~0").replace("/", "~1"));
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // Only a hint; the document is refused either way.
        }
        return found.isEmpty() ? "" : ", for example " + String.join(" or ", found);
    }

    private static String article(JsonToken token) {
        String type = JsonRecordBuilder.typeName(token);
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }
}
