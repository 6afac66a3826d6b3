package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.source.JsonRecords;
import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

/**
 * Strict decoding: whatever bytes are dropped or pushed, the hub refuses them with a reason or reads text that holds no
 * U+FFFD (the replacement character a lenient decoder puts where bytes were not text) unless the bytes themselves
 * spelled one; and text written in UTF-8 (with or without BOM), GBK or GB18030 reads back exactly.
 */
class StrictDecodingPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");

    // ---- any bytes ---------------------------------------------------------------------------------------------

    /** Random bytes, and bytes built from pieces of real files with broken sequences mixed in. */
    private static Generator<byte[]> anyBytes() {
        Generator<byte[]> piece = Generators.of(
                ascii("a"), ascii(","), ascii(";"), ascii("\""), ascii("\n"), ascii("\r\n"), ascii("{"), ascii("}"),
                ascii("["), ascii("]"), ascii(":"), ascii("\"k\""), ascii("1"), ascii("\\u00e9"), ascii("\\ud800"),
                ascii("\\ufffd"), ascii("\\uffff"), "中文".getBytes(StandardCharsets.UTF_8), "中文".getBytes(GBK),
                "𠀀".getBytes(GB18030), bytes(0xEF, 0xBB, 0xBF), bytes(0x84, 0x31, 0x95, 0x33), bytes(0xFF, 0xFE),
                bytes(0xFE, 0xFF), bytes(0xFF), bytes(0xC3), bytes(0x80), bytes(0xE4, 0xB8), bytes(0xED, 0xA0, 0x80),
                bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xEF, 0xBF, 0xBD), bytes(0xEF, 0xBF, 0xBF), bytes(0x81), bytes(0x81, 0x30));
        Generator<byte[]> built = piece.list(0, 40).map(StrictDecodingPropertiesTest::concat);
        Generator<byte[]> random = Generators.bytes(300);
        return Generators.frequency(Generators.weighted(3, built), Generators.weighted(1, random),
                Generators.weighted(4, damaged(piece)));
    }

    /** A good file (CSV, JSON or JSON Lines in UTF-8, GBK or GB18030) with a piece put in, a byte changed, or its end cut. */
    private static Generator<byte[]> damaged(Generator<byte[]> piece) {
        Generator<List<String>> texts = texts();
        Generator<String> formats = formats();
        Generator<Charset> charsets = charsets();
        Generator<byte[]> good = random -> {
            List<String> t = texts.next(random);
            String format = formats.next(random);
            Charset charset = charsets.next(random);
            try {
                String doc = document(t, format);
                return charset.newEncoder().canEncode(doc) ? doc.getBytes(charset) : doc.getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Generator<Double> wheres = Generators.fractions();
        Generator<Integer> hows = Generators.of(0, 1, 2);
        return random -> {
            byte[] doc = good.next(random);
            byte[] insert = piece.next(random);
            double where = wheres.next(random);
            int how = hows.next(random);
            int at = (int) (where * doc.length);
            return switch (how) {
                case 0 -> concat(List.of(java.util.Arrays.copyOf(doc, at), insert, java.util.Arrays.copyOfRange(doc, at, doc.length)));
                case 1 -> {
                    byte[] changed = doc.clone();
                    if (at < changed.length) {
                        changed[at] = (byte) (changed[at] ^ 0x80);
                    }
                    yield changed;
                }
                default -> java.util.Arrays.copyOf(doc, at);
            };
        };
    }

    private static Generator<String> formats() {
        return Generators.of("csv", "json", "jsonl");
    }

    private static Generator<String> encodings() {
        return Generators.of(FileFormatOptions.ENCODINGS);
    }

    /** Bytes dropped as a file of a format, read in an {@code encoding} option. */
    record Dropped(byte[] bytes, String format, String encoding) {
    }

    @Test
    void anyDroppedBytesAreRefusedWithAReasonOrReadWithoutReplacementCharacters() {
        Generator<byte[]> bytes = anyBytes();
        Generator<String> formats = formats();
        Generator<String> encodings = encodings();
        PropertyRunner.forAll(600, random -> new Dropped(bytes.next(random), formats.next(random), encodings.next(random)),
                StrictDecodingPropertiesTest::refusedOrReadWithoutInventedCharacters);
    }

    private static void refusedOrReadWithoutInventedCharacters(Dropped dropped) {
        byte[] bytes = dropped.bytes();
        String format = dropped.format();
        String encoding = dropped.encoding();
        List<Object> values = new ArrayList<>();
        try (RecordFileReader reader = RecordFiles.open(new ByteArrayInputStream(bytes), "drop." + format, format,
                FileFormatOptions.from(Map.of("encoding", encoding)))) {
            for (FileRow row = reader.next(); row != null; row = reader.next()) {
                if (row.ok()) {
                    values.add(row.columns());
                } else {
                    assertThat(row.problem()).as("a problem row says why").isNotBlank();
                }
            }
        } catch (UnreadableFileException refused) {
            assertThat(refused.getMessage()).as("a refused file says why").isNotBlank();
        }
        assertNoInventedCharacters(values, bytes);
    }

    /** Bytes pushed as a body, a JSON document or JSON Lines. */
    record Pushed(byte[] bytes, boolean lines) {
    }

    @Test
    void anyPushedBytesAreRefusedWithAReasonOrReadWithoutReplacementCharacters() {
        Generator<byte[]> bodies = anyBytes();
        PropertyRunner.forAll(1000, random -> new Pushed(bodies.next(random), random.nextBoolean()), pushed -> {
            byte[] bytes = pushed.bytes();
            List<Map<String, Object>> records;
            try {
                records = pushed.lines() ? JsonRecords.parseLines(bytes) : JsonRecords.parse(bytes);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).as("a refused body says why").isNotBlank();
                return;
            }
            assertNoInventedCharacters(new ArrayList<>(records), bytes);
        });
    }

    /** U+FFFD or U+FFFF in what was read must come from the bytes (encoded, or as a JSON escape), never from decoding. */
    private static void assertNoInventedCharacters(List<Object> values, byte[] bytes) {
        String all = String.valueOf(values);
        String input = HexFormat.of().formatHex(bytes);
        String escapes = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase();
        if (all.indexOf('\uFFFD') >= 0) {
            assertThat(input.contains("efbfbd") || input.contains("8431a437") || escapes.contains("\\ufffd"))
                    .as("U+FFFD read from bytes that hold none: %s -> %s", input, all).isTrue();
        }
        if (all.indexOf('\uFFFF') >= 0) {
            assertThat(input.contains("efbfbf") || input.contains("8431a439") || escapes.contains("\\uffff"))
                    .as("U+FFFF read from bytes that hold none: %s -> %s", input, all).isTrue();
        }
    }

    // ---- any text, in every encoding a department uses -----------------------------------------------------------

    /** Text without U+FFFD: whatever comes back with one has been damaged on the way. */
    private static Generator<List<String>> texts() {
        // NUL is left out: a file holding NUL bytes is refused whole as binary, by design.
        Generator<String> text = Generators.strings(Generators.chars(Character.MIN_VALUE, Character.MAX_VALUE), 0, 20)
                .filter(s -> s.indexOf('\uFFFD') < 0 && s.indexOf('\u0000') < 0 && wellFormed(s));
        // Either part as often: the range and the listed characters.
        Generator<Character> chineseChars = Generators.oneOf(Generators.chars('\u4E00', '\u9FA5'),
                Generators.charsOf("，。（）“”、ａ１ 　,\"\n"));
        Generator<String> chinese = Generators.strings(chineseChars, 0, 20);
        return Generators.oneOf(text, chinese).list(1, 8);
    }

    private static Generator<Charset> charsets() {
        return Generators.of(StandardCharsets.UTF_8, GBK, GB18030);
    }

    /** Texts, one a record, written as a file of a format in an encoding, with or without a byte order mark. */
    record Document(List<String> texts, Charset charset, boolean bom, String format) {
    }

    @Test
    void anyTextWrittenInAnyEncodingWithOrWithoutBomReadsBackExactly() {
        Generator<List<String>> texts = texts();
        Generator<Charset> charsets = charsets();
        Generator<String> formats = formats();
        PropertyRunner.forAll(600, random -> new Document(texts.next(random), charsets.next(random), random.nextBoolean(),
                formats.next(random)), StrictDecodingPropertiesTest::readsBackExactly);
    }

    private static void readsBackExactly(Document written) throws Exception {
        List<String> texts = written.texts();
        Charset charset = written.charset();
        boolean bom = written.bom();
        String format = written.format();
        String document = document(texts, format);
        Assumptions.assumeTrue(charset.newEncoder().canEncode(document)); // GBK lacks emoji and rare characters
        Assumptions.assumeTrue(format.equals("json") || texts.stream().noneMatch(StrictDecodingPropertiesTest::hasControl));
        byte[] bom3 = bom && charset.equals(StandardCharsets.UTF_8) ? bytes(0xEF, 0xBB, 0xBF)
                : bom && charset.equals(GB18030) ? bytes(0x84, 0x31, 0x95, 0x33) : new byte[0];
        byte[] bytes = concat(List.of(bom3, document.getBytes(charset)));
        // Without a mark the department names its encoding; UTF-8 is also found by itself.
        String encoding = bom3.length > 0 || charset.equals(StandardCharsets.UTF_8) ? "auto" : charset.name().toLowerCase();

        List<FileRow> rows;
        try (RecordFileReader reader = RecordFiles.open(new ByteArrayInputStream(bytes), "drop." + format, format,
                FileFormatOptions.from(Map.of("encoding", encoding, "delimiter", ",")))) {
            rows = FileRows.readAll(reader);
        }
        assertThat(rows).allMatch(FileRow::ok, "every row read");
        List<Object> read = rows.stream().map(r -> r.columns().get("v")).toList();
        assertThat(read).isEqualTo(new ArrayList<Object>(texts));
        assertThat(String.valueOf(read)).doesNotContain("\uFFFD");
    }

    /** One record per text, field v: a CSV by an independent writer, a JSON array, or JSON Lines. */
    private static String document(List<String> texts, String format) throws IOException {
        if (format.equals("csv")) {
            StringBuilder out = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
                printer.printRecord("v");
                for (String t : texts) {
                    printer.printRecord(t);
                }
            }
            return out.toString();
        }
        List<Map<String, String>> records = texts.stream().map(t -> Map.of("v", t)).toList();
        if (format.equals("json")) {
            return JSON.writeValueAsString(records);
        }
        StringBuilder out = new StringBuilder();
        for (Map<String, String> r : records) {
            out.append(JSON.writeValueAsString(r)).append('\n');
        }
        return out.toString();
    }

    /** The CSV reader keeps control characters as they are, but a row of nothing but one blank cell is no record. */
    private static boolean hasControl(String s) {
        return s.isBlank();
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
