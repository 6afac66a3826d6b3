package io.onceonly.connector.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/** Builds one JSON record from a streaming parser into maps, lists and exact numbers, refusing what it would have to guess at. */
final class JsonRecordBuilder {
    // Refused: nesting past MAX_DEPTH, a key given twice, NaN or Infinity, a record past the size limit, bytes that
    // were not valid text. A refused record is still read to its end, so the parser stands at the next record.

    static final int MAX_DEPTH = 32;

    /**
     * NaN and Infinity are let through the tokenizer so they spoil only their own record rather than the parse of the
     * whole file; the nesting cap is the tokenizer's own, far above {@link #MAX_DEPTH}, past which a file is broken.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();

    private static final Pattern PARENTHESES = Pattern.compile("\\(.*\\)", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    private final long maxChars;
    private final Deque<String> undecodable;
    private final StrictDecoder decoder;
    private String what;
    private String problem;
    private long start;

    /**
     * @param maxChars    the largest record, in characters of the document
     * @param undecodable hex of the bytes the decoder turned into U+FFFF, oldest first
     */
    JsonRecordBuilder(long maxChars, Deque<String> undecodable, StrictDecoder decoder) {
        this.maxChars = maxChars;
        this.undecodable = undecodable;
        this.decoder = decoder;
    }

    /**
     * Reads the object whose START_OBJECT is the current token through its END_OBJECT.
     *
     * @param what names the record in a problem ("Element 7", "Line 12")
     * @return the record, or null when {@link #problem()} says why it was refused
     */
    Map<String, Object> read(JsonParser parser, String what) throws IOException {
        this.what = what;
        this.problem = null;
        this.start = parser.currentTokenLocation().getCharOffset();
        Object value = value(parser, 1, "");
        if (problem != null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) value;
        return record;
    }

    String problem() {
        return problem;
    }

    private Object value(JsonParser parser, int depth, String path) throws IOException {
        if (problem == null && maxChars > 0 && parser.currentTokenLocation().getCharOffset() - start > maxChars) {
            problem = what + " is larger than the limit of maxRecordBytes: '" + maxChars + "'. Split the record, "
                    + "or raise maxRecordBytes.";
        }
        if (problem != null) {
            parser.skipChildren();
            return null;
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                if (depth > MAX_DEPTH) {
                    yield tooDeep(parser, path);
                }
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    checkText(key);
                    String at = path + "/" + key.replace("~", "~0").replace("/", "~1");
                    parser.nextToken();
                    Object v = value(parser, depth + 1, at);
                    if (problem == null && object.containsKey(key)) {
                        problem = what + " has a key twice, at: '" + abbreviate(at) + "'. Remove one of them: the hub "
                                + "will not choose which value counts.";
                    }
                    object.put(key, v);
                }
                yield Collections.unmodifiableMap(object);
            }
            case START_ARRAY -> {
                if (depth > MAX_DEPTH) {
                    yield tooDeep(parser, path);
                }
                List<Object> array = new ArrayList<>();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, depth + 1, path + "/" + i++));
                }
                yield Collections.unmodifiableList(array);
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                checkText(text);
                yield text;
            }
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue()
                    : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> {
                if (parser.isNaN()) {
                    problem = what + " has a number JSON does not allow, at '" + abbreviate(path) + "': '"
                            + parser.getText() + "'. Write a number or null; NaN and Infinity are not JSON.";
                    yield null;
                }
                yield parser.getDecimalValue(); // exact, as written: no trip through double
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("Unexpected JSON token " + token);
        };
    }

    private Object tooDeep(JsonParser parser, String path) throws IOException {
        problem = what + " nests deeper than " + MAX_DEPTH + " levels, at: '" + abbreviate(path) + "'. Flatten the "
                + "record; the hub maps at most " + MAX_DEPTH + " levels.";
        parser.skipChildren();
        return null;
    }

    /** U+FFFF stands for bytes the decoder could not read; the queue tells it from a real U+FFFF, which is kept. */
    private void checkText(String text) {
        if (problem == null && text.indexOf('\uFFFF') >= 0) {
            String bytes = undecodable.pollFirst();
            if (bytes != null) {
                problem = decoder.invalidBytesProblem(what, bytes);
            }
        }
    }

    private static String abbreviate(String path) {
        String shown = path.isEmpty() ? "/" : path;
        return shown.length() <= 120 ? shown : shown.substring(0, 117) + "...";
    }

    /** Jackson's reason without the text it quotes from the file, which may be personal data. */
    static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int colon = message.indexOf(':');
        String head = colon < 0 ? message : message.substring(0, colon);
        String tail = colon < 0 ? "" : message.substring(colon + 1);
        head = QUOTED.matcher(PARENTHESES.matcher(head).replaceAll("")).replaceAll("").strip();
        tail = tail.contains("'") || tail.contains("\"") ? "" : PARENTHESES.matcher(tail).replaceAll("").strip();
        return (tail.isEmpty() ? head : head + ": " + tail).replace('\n', ' ');
    }

    /** "line 3, column 17" from where Jackson stopped. */
    static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "an unknown place" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Whether the parser stopped at a character the decoder put in place of bytes it could not read. */
    static boolean stoppedAtUndecodable(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message != null && message.contains("(code 65535");
    }

    static String typeName(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }
}
