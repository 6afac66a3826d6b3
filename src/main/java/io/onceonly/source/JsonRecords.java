package io.onceonly.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records sent as JSON (pushed, or in a message): one object or an array of objects. The bytes must be UTF-8 (RFC 8259);
 * numbers stay exact; bytes that are not UTF-8, duplicate names and deep nesting are refused, so nothing is altered on
 * the way in.
 */
public final class JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(100).maxStringLength(1_000_000).build());
    }

    /** The largest body one push request or message may carry: 16 MiB of JSON. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private JsonRecords() {
    }

    /** One object or an array of objects; anything else is refused whole with what to send instead. */
    public static List<Map<String, Object>> parse(byte[] body) {
        Object parsed = read(utf8(body));
        List<?> items = parsed instanceof List<?> list ? list : Collections.singletonList(parsed);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("The array is empty. Send at least one record.");
        }
        List<Map<String, Object>> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            records.add(object(items.get(i), "Element " + i));
        }
        return records;
    }

    /** One object per line (JSON Lines); blank lines are skipped. */
    public static List<Map<String, Object>> parseLines(byte[] body) {
        List<Map<String, Object>> records = new ArrayList<>();
        String[] lines = utf8(body).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                records.add(object(read(lines[i]), "Line " + (i + 1)));
            }
        }
        return records;
    }

    /**
     * The body as text, decoded strictly: a lenient decoder (new String(bytes, UTF_8), or Jackson's own for a body it
     * takes for UTF-16) would put U+FFFD where the bytes were not text, and publish that as the department's data.
     */
    private static String utf8(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("The body is " + body.length + " bytes, over the limit of " + MAX_BODY_BYTES
                    + " bytes for one request or message. Send the records in several; nothing of this one was published.");
        }
        try {
            return decode(body, StandardCharsets.UTF_8);
        } catch (UndecodableBytes e) {
            throw new IllegalArgumentException("The body is not UTF-8 text: " + e.getMessage()
                    + ". Send JSON encoded as UTF-8; nothing of this request was published.");
        }
    }

    /**
     * Bytes as text in {@code charset}, never replacing a bad byte; a leading byte order mark is dropped (RFC 8259,
     * 8.1). The exception's message gives the offset and the bytes that do not decode.
     */
    public static String decode(byte[] body, Charset charset) throws UndecodableBytes {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(body.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            StringBuilder hex = new StringBuilder();
            for (int i = in.position(); i < Math.min(in.position() + result.length(), body.length); i++) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", body[i] & 0xFF));
            }
            throw new UndecodableBytes("the bytes at offset " + in.position() + " are not valid " + charset.name()
                    + ": '" + hex + "'");
        }
        decoder.flush(out);
        out.flip();
        return out.length() > 0 && out.charAt(0) == '\uFEFF' ? out.subSequence(1, out.length()).toString() : out.toString();
    }

    private static Object read(String body) {
        try {
            return JSON.readValue(body, Object.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("The body is not valid JSON: " + (why == null ? "" : why.lines().findFirst().orElse(""))
                    + ". Send one record as a JSON object or several as an array of objects.");
        }
    }

    private static Map<String, Object> object(Object item, String what) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a JSON object. Each record is an object of field names "
                    + "and values; nothing of this request was published.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) map;
        return record;
    }

    /** Bytes that are not text in the expected encoding; the message says where and which. */
    public static final class UndecodableBytes extends CharacterCodingException {
        private final String message;

        UndecodableBytes(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
