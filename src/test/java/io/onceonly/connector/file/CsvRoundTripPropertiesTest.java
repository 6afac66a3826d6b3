package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

/** Whatever a department writes as RFC 4180 CSV comes back cell for cell, in either encoding, with any delimiter. */
class CsvRoundTripPropertiesTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final List<String> HEADER_NAMES = List.of("活动名称", "举办日期", "id", "姓名", "备注", "amount", "地址 详细");

    private static Generator<String> cells() {
        // Pieces rather than single chars so that surrogate pairs (𠀀, 😀) stay whole.
        Generator<String> piece = Generators.of("a", "Z", "7", " ", ",", ";", "\t", "|", "\"", "\"\"", "\n", "\r\n", "\r",
                "中", "文", "，", "“", "１", "é", "𠀀", "😀", "\uFEFF", "'", "\\");
        return Generators.joined(piece, 0, 12);
    }

    private static Generator<List<List<String>>> tables() {
        return Generators.ints(1, 5).flatMap(width ->
                cells().list(width, width).list(0, 20)
                        .map(rows -> {
                            List<List<String>> table = new ArrayList<>();
                            table.add(HEADER_NAMES.subList(0, width));
                            table.addAll(rows);
                            return table;
                        }));
    }

    private static Generator<Charset> charsets() {
        return Generators.of(StandardCharsets.UTF_8, Charset.forName("GB18030"), GBK);
    }

    private static Generator<Character> delimiters() {
        return Generators.of(',', ';', '\t', '|');
    }

    /** A table (its header first), the encoding its file is written in and the delimiter between its cells. */
    record Written(List<List<String>> table, Charset charset, char delimiter) {
    }

    @Test
    void anyRowsWrittenAsRfc4180CsvReadBackIdentically() {
        Generator<List<List<String>>> tables = tables();
        Generator<Charset> charsets = charsets();
        Generator<Character> delimiters = delimiters();
        PropertyRunner.forAll(300, random -> new Written(tables.next(random), charsets.next(random), delimiters.next(random)),
                CsvRoundTripPropertiesTest::readsBackIdentically);
    }

    private static void readsBackIdentically(Written written) throws Exception {
        List<List<String>> table = written.table();
        Charset charset = written.charset();
        char delimiter = written.delimiter();
        String text = rfc4180(table, delimiter);
        Assumptions.assumeTrue(charset.newEncoder().canEncode(text)); // GBK lacks emoji and rare characters
        byte[] bytes = text.getBytes(charset);
        // Detection reads UTF-8 first, as the rule says; GBK bytes that are also valid UTF-8 are a different file.
        Assumptions.assumeTrue(charset.equals(StandardCharsets.UTF_8) || !validUtf8(bytes) || text.chars().allMatch(c -> c < 0x80));
        int width = table.get(0).size();
        // One column has no delimiter to detect; the data rows may hold any candidate, so name it.
        String delimiterOption = width == 1 ? (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) : "auto";

        List<FileRow> rows;
        try (RecordFileReader reader = RecordFiles.open(new ByteArrayInputStream(bytes), "table.csv", "csv",
                FileFormatOptions.from(Map.of("delimiter", delimiterOption)))) {
            rows = FileRows.readAll(reader);
        }

        List<List<String>> data = table.subList(1, table.size());
        assertThat(rows).allMatch(FileRow::ok, "no problem rows");
        assertThat(rows).extracting(row -> (List<Object>) new ArrayList<Object>(row.columns().values()))
                .isEqualTo(data);
        assertThat(rows).allSatisfy(row -> assertThat(row.columns().keySet()).containsExactlyElementsOf(table.get(0)));
    }

    /** An independent writer: commons-csv, quoting where RFC 4180 needs it, lines ended by CRLF. */
    private static String rfc4180(List<List<String>> table, char delimiter) throws IOException {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<String> row : table) {
                printer.printRecord(row);
            }
        }
        return out.toString();
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
