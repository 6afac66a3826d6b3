package io.onceonly.connector.file;

import static io.onceonly.connector.file.FileRows.readAll;
import static io.onceonly.connector.file.FileRows.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordReaderTest {
    private static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;

    @Test
    void readsGbkFileWithChineseHeadersAndFullWidthDigitsUnchanged() throws Exception {
        Path file = write(dir, "活动.csv", "活动名称,举办日期,参加人数\r\n社区书法展,2024年3月5日,１２０\r\n广场舞比赛,2024/3/6,８５\r\n", GBK);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("CSV, GB18030, delimiter ','");
            List<FileRow> rows = readAll(reader);
            assertThat(rows).extracting(FileRow::columns).containsExactly(
                    Map.of("活动名称", "社区书法展", "举办日期", "2024年3月5日", "参加人数", "１２０"),
                    Map.of("活动名称", "广场舞比赛", "举办日期", "2024/3/6", "参加人数", "８５"));
            assertThat(rows).extracting(FileRow::position).containsExactly(2L, 3L);
            assertThat(rows.get(0).columns().keySet()).containsExactly("活动名称", "举办日期", "参加人数");
        }
    }

    @Test
    void readsUtf8WithAndWithoutByteOrderMarkAlike() throws Exception {
        String text = "姓名,电话\n张三,13800138000\n";
        Path plain = write(dir, "plain.csv", text, UTF_8);
        Path bom = write(dir, "bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(UTF_8));

        assertThat(readAll(plain, Map.of())).isEqualTo(readAll(bom, Map.of()));
        assertThat(readAll(bom, Map.of()).get(0).columns()).containsOnlyKeys("姓名", "电话");
        try (RecordFileReader reader = RecordFiles.open(bom, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("CSV, UTF-8 with BOM, delimiter ','");
        }
    }

    @Test
    void readsUtf16WhenItsByteOrderMarkSaysSo() throws Exception {
        Path file = write(dir, "utf16.csv", "\uFEFF姓名\t年龄\r\n李四\t30\r\n", StandardCharsets.UTF_16LE);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("CSV, UTF-16LE with BOM, delimiter tab");
            assertThat(readAll(reader)).extracting(FileRow::columns).containsExactly(Map.of("姓名", "李四", "年龄", "30"));
        }
    }

    @Test
    void detectsSemicolonAndTabFromTheHeaderIgnoringDelimitersInsideQuotes() throws Exception {
        Path semicolons = write(dir, "semi.csv", "\"name, full\";city;amount\n\"Wang, Li\";Chengdu;1,5\n", UTF_8);
        Path tabs = write(dir, "tabs.txt", "id\tname\tnote\n1\tA\tx, y; z\n", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(semicolons, FileFormatOptions.defaults())) {
            assertThat(reader.description()).endsWith("delimiter ';'");
            assertThat(readAll(reader).get(0).columns())
                    .isEqualTo(Map.of("name, full", "Wang, Li", "city", "Chengdu", "amount", "1,5"));
        }
        assertThat(readAll(tabs, Map.of()).get(0).columns()).isEqualTo(Map.of("id", "1", "name", "A", "note", "x, y; z"));
    }

    @Test
    void aGivenDelimiterWinsOverDetection() throws Exception {
        Path file = write(dir, "pipes.csv", "a|b,c\n1|2,3\n", UTF_8);

        assertThat(readAll(file, Map.of("delimiter", "|")).get(0).columns()).isEqualTo(Map.of("a", "1", "b,c", "2,3"));
        assertThat(readAll(file, Map.of("delimiter", ",")).get(0).columns()).isEqualTo(Map.of("a|b", "1|2", "c", "3"));
    }

    @Test
    void quotedNewlinesAndDoubledQuotesStayInTheValueAndTheRowIsPlacedAtItsFirstLine() throws Exception {
        Path file = write(dir, "notes.csv", "id,note\r\n1,\"first line\r\nsecond \"\"quoted\"\" line\nthird\"\r\n2,plain\r\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).extracting(FileRow::position).containsExactly(2L, 5L);
        assertThat(rows.get(0).columns().get("note")).isEqualTo("first line\r\nsecond \"quoted\" line\nthird");
        assertThat(rows.get(1).columns()).isEqualTo(Map.of("id", "2", "note", "plain"));
    }

    @Test
    void raggedRowIsAProblemNamingLineAndCountsWhileRowsAroundItFlow() throws Exception {
        Path file = write(dir, "ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).extracting(FileRow::ok).containsExactly(true, false, false, true);
        assertThat(rows.get(1).position()).isEqualTo(3);
        assertThat(rows.get(1).problem()).isEqualTo("Line 3 has the wrong number of fields for the 3 columns of the "
                + "header: '2'. Quote values that contain ',', and look for a missing or extra delimiter.");
        assertThat(rows.get(2).problem()).startsWith("Line 4 has the wrong number of fields for the 3 columns")
                .contains(": '4'.");
        assertThat(rows.get(3).columns()).isEqualTo(Map.of("a", "10", "b", "11", "c", "12"));
    }

    @Test
    void unbalancedQuoteAtTheEndIsAProblemAfterTheRowsBeforeIt() throws Exception {
        Path file = write(dir, "cut.csv", "id,remark\n1,ok\n2,\"was cut off here\n3,lost\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).columns()).isEqualTo(Map.of("id", "1", "remark", "ok"));
        assertThat(rows.get(1).position()).isEqualTo(3);
        assertThat(rows.get(1).problem()).startsWith("Line 3 opens a quote that is never closed, in column: 'remark'.")
                .doesNotContain("was cut off");
    }

    @Test
    void anInvalidUtf8ByteAfterTheFirst64KiBSpoilsOnlyItsRowAndNeverBecomesAReplacementCharacter() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("序号,姓名\n".getBytes(UTF_8));
        int line = 1;
        while (bytes.size() < 70_000) {
            line++;
            bytes.writeBytes((line + ",居民" + line + "\n").getBytes(UTF_8));
        }
        int badLine = line + 1;
        bytes.writeBytes((badLine + ",").getBytes(UTF_8));
        bytes.writeBytes("王五".getBytes(GBK)); // someone pasted a row from a GBK export
        bytes.writeBytes("\n".getBytes(UTF_8));
        bytes.writeBytes(((badLine + 1) + ",赵六\n").getBytes(UTF_8));
        Path file = write(dir, "mixed.csv", bytes.toByteArray());

        List<FileRow> rows;
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).startsWith("CSV, UTF-8,");
            rows = readAll(reader);
        }

        assertThat(rows).hasSize(badLine);
        assertThat(rows.stream().filter(r -> !r.ok())).singleElement().satisfies(bad -> {
            assertThat(bad.position()).isEqualTo(badLine);
            assertThat(bad.problem()).isEqualTo("Line " + badLine + " has bytes that are not valid UTF-8: 'CD'. "
                    + "Save the file as UTF-8 or set encoding: gbk.");
        });
        assertThat(rows.get(rows.size() - 1).columns()).isEqualTo(Map.of("序号", String.valueOf(badLine + 1), "姓名", "赵六"));
        assertThat(rows).allSatisfy(r -> assertThat(String.valueOf(r.columns()) + r.problem()).doesNotContain("\uFFFD"));
    }

    @Test
    void aCharacterCutByThe64KiBBoundaryStillCountsAsUtf8() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("v\n".getBytes(UTF_8));
        bytes.writeBytes("x".repeat(StrictDecoder.SNIFF_BYTES - 2 - 1 - 1).getBytes(UTF_8));
        bytes.writeBytes("\n".getBytes(UTF_8));
        bytes.writeBytes("中\n".getBytes(UTF_8)); // E4 B8 AD: only E4 falls inside the first 64 KiB
        byte[] content = bytes.toByteArray();
        assertThat(content[StrictDecoder.SNIFF_BYTES - 1]).isEqualTo((byte) 0xE4);
        Path file = write(dir, "boundary.csv", content);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).startsWith("CSV, UTF-8,");
            List<FileRow> rows = readAll(reader);
            assertThat(rows.get(1).columns()).isEqualTo(Map.of("v", "中"));
        }
    }

    @Test
    void blankLinesAreSkippedAndLoneCarriageReturnsEndLines() throws Exception {
        Path file = write(dir, "blank.csv", "\n\na,b\r\n\r\n1,2\r\r3,4\n\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).extracting(FileRow::columns).containsExactly(Map.of("a", "1", "b", "2"), Map.of("a", "3", "b", "4"));
        assertThat(rows).extracting(FileRow::position).containsExactly(5L, 7L);
    }

    @Test
    void headerNamesAreTrimmedAndRepeatedOrBlankNamesMakeTheFileUnreadable() throws Exception {
        Path spaced = write(dir, "spaced.csv", " 姓名 , 电话\n张三,1\n", UTF_8);
        Path repeated = write(dir, "repeated.csv", "name,phone,name\n1,2,3\n", UTF_8);
        Path blank = write(dir, "blank.csv", "name,,phone\n1,2,3\n", UTF_8);

        assertThat(readAll(spaced, Map.of()).get(0).columns()).containsOnlyKeys("姓名", "电话");
        assertThatThrownBy(() -> readAll(repeated, Map.of())).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("Header names two columns the same: 'name' (columns A and C)");
        assertThatThrownBy(() -> readAll(blank, Map.of())).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("Header has a column without a name: 'column B'");
    }

    @Test
    void withoutHeaderColumnsAreNamedByLetterAndTheFirstRowSetsTheWidth() throws Exception {
        Path file = write(dir, "nohead.csv", "1,张三,x\n2,李四,y\n3,王五\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of("header", "false"));

        assertThat(rows.get(0).position()).isEqualTo(1);
        assertThat(rows.get(0).columns()).isEqualTo(Map.of("A", "1", "B", "张三", "C", "x"));
        assertThat(rows.get(2).problem()).contains("3 columns of the first row: '2'");
    }

    @Test
    void textAfterAClosingQuoteIsAProblemAndTheNextRowStartsRight() throws Exception {
        Path file = write(dir, "stray.csv", "a,b\n\"x\"y,1\n2,3\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows.get(0).problem()).isEqualTo("Line 2 has text after the closing quote of a value, in column: 'a'. "
                + "Quote the whole value, and write a quote inside it twice (\"\").");
        assertThat(rows.get(1).columns()).isEqualTo(Map.of("a", "2", "b", "3"));
    }

    @Test
    void aRecordOverTheSizeLimitIsAProblemAndTheNextOneIsRead() throws Exception {
        Path file = write(dir, "big.csv", "a,b\n1,\"" + "长".repeat(400) + "\"\n2,3\n", UTF_8);

        List<FileRow> rows = readAll(file, Map.of("maxRecordBytes", "1000"));

        assertThat(rows.get(0).problem()).isEqualTo("Line 2 starts a record larger than the limit of 1000 bytes: '1203'. "
                + "Look for a quote that is never closed, or raise maxRecordBytes.");
        assertThat(rows.get(1).columns()).isEqualTo(Map.of("a", "2", "b", "3"));
    }

    @Test
    void quotesInsideAnUnquotedValueAreKeptAsText() throws Exception {
        Path file = write(dir, "inch.csv", "size,name\n12\",6\" pipe\n", UTF_8);

        assertThat(readAll(file, Map.of()).get(0).columns()).isEqualTo(Map.of("size", "12\"", "name", "6\" pipe"));
    }

    @Test
    void aGivenEncodingIsUsedAsIsAndAContradictingByteOrderMarkIsRefused() throws Exception {
        Path gbk = write(dir, "gbk.csv", "名称\n书法展\nabc\n", GBK);
        Path bom = write(dir, "bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "名称\n书法展\n".getBytes(UTF_8));

        assertThatThrownBy(() -> RecordFiles.open(gbk, FileFormatOptions.from(Map.of("encoding", "utf-8"))))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("Header of 'gbk.csv' cannot be read. Line 1 has bytes that are not valid UTF-8");
        assertThat(readAll(gbk, Map.of("encoding", "GBK"))).extracting(FileRow::columns)
                .containsExactly(Map.of("名称", "书法展"), Map.of("名称", "abc"));
        assertThatThrownBy(() -> RecordFiles.open(bom, FileFormatOptions.from(Map.of("encoding", "gbk"))))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("starts with a UTF-8 byte order mark but encoding is set to gbk");
    }

    @Test
    void anExcelWorkbookNamedCsvIsRefusedWithTheFix() throws IOException {
        Path file = write(dir, "export.csv", new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0});

        assertThatThrownBy(() -> RecordFiles.open(file, FileFormatOptions.defaults()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("File is a zip archive, not text: 'export.csv'. If it is an Excel workbook, name it .xlsx or "
                        + "set format: xlsx.");
    }

    @Test
    void anEmptyFileHasNoRows() throws Exception {
        Path file = write(dir, "empty.csv", "", UTF_8);

        assertThat(readAll(file, Map.of())).isEmpty();
    }
}
