package io.onceonly.connector.file;

import static io.onceonly.connector.file.FileRows.readAll;
import static io.onceonly.connector.file.FileRows.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON arrays and JSON Lines. */
class JsonRecordReaderTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void readsAnArrayOfObjectsKeepingNestingAndExactNumbers() throws Exception {
        Path file = write(dir, "people.json", """
                [
                  {"id": 1, "name": "张三", "score": 0.1, "ratio": 1.50, "big": 123456789012345678901234567890,
                   "address": {"city": "成都", "geo": {"lat": 30.66}}, "tags": ["a", null, true], "note": null},
                  {"id": 9007199254740993, "name": "李四"}
                ]
                """, UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("JSON, UTF-8");
            List<FileRow> rows = readAll(reader);
            assertThat(rows).extracting(FileRow::position).containsExactly(1L, 2L);
            Map<String, Object> first = rows.get(0).columns();
            assertThat(first.get("id")).isEqualTo(1L);
            assertThat(first.get("score")).isEqualTo(new BigDecimal("0.1"));
            assertThat(first.get("ratio")).isEqualTo(new BigDecimal("1.50"));
            assertThat(first.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(first.get("address")).isEqualTo(Map.of("city", "成都", "geo", Map.of("lat", new BigDecimal("30.66"))));
            assertThat((List<Object>) first.get("tags")).containsExactly("a", null, true);
            assertThat(first).containsEntry("note", null);
            assertThat(rows.get(1).columns().get("id")).isEqualTo(9007199254740993L);
        }
    }

    @Test
    void recordsPointerFindsTheArrayInsideTheDocumentAndTheRestMustBeWellFormed() throws Exception {
        Path file = write(dir, "api.json", """
                {"code": 0, "meta": {"items": "not these"}, "data": {"total": 2, "items": [{"id": "a"}, {"id": "b"}], "page": 1}}
                """, UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.from(Map.of("recordsPointer", "/data/items")))) {
            assertThat(reader.description()).isEqualTo("JSON, UTF-8, records at /data/items");
            assertThat(readAll(reader)).extracting(FileRow::columns).containsExactly(Map.of("id", "a"), Map.of("id", "b"));
        }
    }

    @Test
    void aPointerThatFindsNothingIsRefusedNamingTheKeysThere() throws Exception {
        Path file = write(dir, "api.json", "{\"data\": {\"total\": 2, \"rows\": []}}", UTF_8);

        assertThatThrownBy(() -> readAll(file, Map.of("recordsPointer", "/data/items")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("JSON has nothing at recordsPointer: '/data/items'. The object at /data has the keys [total, rows]; "
                        + "set recordsPointer to the path of the array of records (file 'api.json').");
    }

    @Test
    void aDocumentThatIsAnObjectIsRefusedSuggestingItsArrays() throws Exception {
        Path file = write(dir, "api.json", "{\"code\": 0, \"list\": [{\"id\": 1}]}", UTF_8);

        assertThatThrownBy(() -> readAll(file, Map.of()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("JSON document is not an array of records: 'object'. Set recordsPointer to the array that holds "
                        + "the records, for example /list (file 'api.json').");
    }

    @Test
    void anEmptyArrayHasNoRowsAndAnEmptyFileIsUnreadable() throws Exception {
        Path empty = write(dir, "none.json", "\uFEFF[ ]\n", UTF_8);
        Path nothing = write(dir, "nothing.json", "", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(empty, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("JSON, UTF-8 with BOM");
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
        assertThatThrownBy(() -> readAll(nothing, Map.of())).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("File is empty, not a JSON document: 'nothing.json'.");
    }

    @Test
    void anElementThatIsNotAnObjectIsAProblemAndTheRestFlow() throws Exception {
        Path file = write(dir, "mixed.json", "[{\"id\": 1}, [1, 2], \"text\", {\"id\": 4}]", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).extracting(FileRow::ok).containsExactly(true, false, false, true);
        assertThat(rows.get(1).problem()).isEqualTo("Element 2 is not a JSON object: 'array'. Each element of the array "
                + "must be one record, an object {...}.");
        assertThat(rows.get(3).position()).isEqualTo(4);
    }

    @Test
    void brokenJsonMidArrayIsAProblemForThatElementAndThenTheFileIsUnreadable() throws Exception {
        Path file = write(dir, "broken.json", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 张三}, {\"id\": 4}]", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.next().columns()).isEqualTo(Map.of("id", 1L));
            assertThat(reader.next().columns()).isEqualTo(Map.of("id", 2L));
            FileRow third = reader.next();
            assertThat(third.position()).isEqualTo(3);
            assertThat(third.problem()).startsWith("Element 3 is not valid JSON, at line 1, column ")
                    .contains("'Unrecognized token'")
                    .doesNotContain("张三");
            assertThatThrownBy(reader::next).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("JSON breaks in element 3 of 'broken.json'")
                    .hasMessageContaining("Elements 1 to 2 came through before it");
        }
    }

    @Test
    void aTruncatedDocumentReturnsTheWholeElementsThenAProblemThenIsUnreadable() throws Exception {
        Path file = write(dir, "cut.json", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3, \"na", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.next().ok()).isTrue();
            assertThat(reader.next().ok()).isTrue();
            assertThat(reader.next().problem()).startsWith("Element 3 is not valid JSON").contains("Unexpected end-of-input");
            assertThatThrownBy(reader::next).isInstanceOf(UnreadableFileException.class);
            assertThatThrownBy(reader::next).as("stays unreadable").isInstanceOf(UnreadableFileException.class);
        }
    }

    @Test
    void aSecondValueAfterTheArrayMakesTheFileUnreadableAfterTheRecords() throws Exception {
        Path file = write(dir, "two.json", "[{\"id\": 1}]\n[{\"id\": 2}]", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.next().ok()).isTrue();
            assertThatThrownBy(reader::next).isInstanceOf(UnreadableFileException.class)
                    .hasMessageStartingWith("JSON document goes on after its first value, at 2:1 of 'two.json'");
        }
    }

    @Test
    void nestingPastTheDepthLimitIsAProblemAndTheNextElementIsRead() throws Exception {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        Path file = write(dir, "deep.json", "[" + deep + ", {\"id\": 2}]", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows.get(0).problem()).isEqualTo("Element 1 nests deeper than 32 levels, at: '" + "/a".repeat(32)
                + "'. Flatten the record; the hub maps at most 32 levels.");
        assertThat(rows.get(1).columns()).isEqualTo(Map.of("id", 2L));
    }

    @Test
    void nestingBeyondWhatTheParserWillFollowEndsTheFileWithoutCrashing() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Path file = write(dir, "abyss.json", "[{\"id\": 1}, {\"a\": " + deep + "}, {\"id\": 3}]", UTF_8);

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.next().ok()).isTrue();
            assertThat(reader.next().problem()).startsWith("Element 2 is not valid JSON");
            assertThatThrownBy(reader::next).isInstanceOf(UnreadableFileException.class);
        }
    }

    @Test
    void nanAndInfinityAreRefusedForTheirRecordOnly() throws Exception {
        Path file = write(dir, "nan.json", "[{\"v\": NaN}, {\"v\": -Infinity}, {\"v\": 1e400}]", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows.get(0).problem()).isEqualTo("Element 1 has a number JSON does not allow, at '/v': 'NaN'. "
                + "Write a number or null; NaN and Infinity are not JSON.");
        assertThat(rows.get(1).problem()).contains("'-Infinity'");
        assertThat(rows.get(2).columns()).isEqualTo(Map.of("v", new BigDecimal("1e400")));
    }

    @Test
    void aKeyGivenTwiceIsAProblemRatherThanAGuess() throws Exception {
        Path file = write(dir, "twice.json", "[{\"id\": 1, \"id\": 2}, {\"id\": 3}]", UTF_8);

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows.get(0).problem()).isEqualTo("Element 1 has a key twice, at: '/id'. Remove one of them: the hub "
                + "will not choose which value counts.");
        assertThat(rows.get(1).ok()).isTrue();
    }

    @Test
    void anElementOverTheSizeLimitIsAProblemAndTheNextOneIsRead() throws Exception {
        Path file = write(dir, "big.json", "[{\"blob\": [" + "\"xxxxxxxx\",".repeat(200) + "1]}, {\"id\": 2}]", UTF_8);

        List<FileRow> rows = readAll(file, Map.of("maxRecordBytes", "500"));

        assertThat(rows.get(0).problem()).isEqualTo("Element 1 is larger than the limit of maxRecordBytes: '500'. "
                + "Split the record, or raise maxRecordBytes.");
        assertThat(rows.get(1).columns()).isEqualTo(Map.of("id", 2L));
    }

    @Test
    void gbkJsonIsDetectedAndBadBytesLaterSpoilOnlyTheirElement() throws Exception {
        Charset gbk = Charset.forName("GBK");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("[".getBytes(UTF_8));
        int n = 0;
        while (bytes.size() < 70_000) {
            n++;
            bytes.writeBytes(("{\"id\": " + n + ", \"name\": \"居民\"},\n").getBytes(UTF_8));
        }
        bytes.writeBytes("{\"id\": 0, \"name\": \"".getBytes(UTF_8));
        bytes.writeBytes("王五".getBytes(gbk));
        bytes.writeBytes("\"},\n{\"id\": -1, \"name\": \"赵六\"}]".getBytes(UTF_8));
        Path mixed = write(dir, "mixed.json", bytes.toByteArray());
        Path gbkFile = write(dir, "gbk.json", "[{\"名称\": \"书法展\"}]", gbk);

        List<FileRow> rows = readAll(mixed, Map.of());
        assertThat(rows).hasSize(n + 2);
        assertThat(rows.get(n).problem()).isEqualTo("Element " + (n + 1) + " has bytes that are not valid UTF-8: 'CD'. "
                + "Save the file as UTF-8 or set encoding: gbk.");
        assertThat(rows.get(n + 1).columns()).isEqualTo(Map.of("id", -1L, "name", "赵六"));
        assertThat(rows).allSatisfy(r -> assertThat(String.valueOf(r.columns())).doesNotContain("\uFFFD", "\uFFFF"));

        try (RecordFileReader reader = RecordFiles.open(gbkFile, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("JSON, GB18030");
            assertThat(readAll(reader).get(0).columns()).isEqualTo(Map.of("名称", "书法展"));
        }
    }

    @Test
    void jsonLinesBadLineIsAProblemWithItsLineNumberAndTheRestFlow() throws Exception {
        Path file = write(dir, "events.jsonl", String.join("\n",
                "{\"id\": 1, \"name\": \"张三\"}",
                "{\"id\": 2, \"name\": 张三}",
                "",
                "[1, 2]",
                "{\"id\": 5} {\"id\": 6}",
                "{\"id\": 6, \"v\": NaN}",
                "{\"id\": 7, \"nested\": {\"k\": [1.25]}}") + "\n", UTF_8);

        List<FileRow> rows;
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("JSON Lines, UTF-8");
            rows = readAll(reader);
        }

        assertThat(rows).extracting(FileRow::position).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
        assertThat(rows).extracting(FileRow::ok).containsExactly(true, false, false, false, false, true);
        assertThat(rows.get(1).problem()).startsWith("Line 2 is not valid JSON, at column 19: 'Unrecognized token'")
                .doesNotContain("张三");
        assertThat(rows.get(2).problem()).isEqualTo("Line 4 is not a JSON object: 'array'. Write one object {...} per line.");
        assertThat(rows.get(3).problem()).isEqualTo("Line 5 goes on after its JSON object, from column: '11'. Write exactly "
                + "one object per line.");
        assertThat(rows.get(4).problem()).startsWith("Line 6 has a number JSON does not allow");
        assertThat(rows.get(5).columns()).isEqualTo(Map.of("id", 7L, "nested", Map.of("k", List.of(new BigDecimal("1.25")))));
    }

    @Test
    void jsonLinesWithInvalidBytesOrAnOversizeLineLoseOnlyThoseLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        while (bytes.size() < 70_000) {
            String line = "{\"n\": " + lines.size() + ", \"城市\": \"成都\"}\r\n";
            lines.add(line);
            bytes.writeBytes(line.getBytes(UTF_8));
        }
        bytes.writeBytes("{\"n\": \"".getBytes(UTF_8));
        bytes.writeBytes("成都".getBytes(Charset.forName("GBK")));
        bytes.writeBytes("\"}\r\n".getBytes(UTF_8));
        bytes.writeBytes(("{\"n\": \"" + "x".repeat(300) + "\"}\r\n").getBytes(UTF_8));
        bytes.writeBytes("{\"n\": -1}".getBytes(UTF_8));
        Path file = write(dir, "big.ndjson", bytes.toByteArray());

        List<FileRow> rows = readAll(file, Map.of("maxRecordBytes", "200"));

        int bad = lines.size() + 1;
        assertThat(rows).hasSize(lines.size() + 3);
        assertThat(rows.get(bad - 1).problem()).startsWith("Line " + bad + " has bytes that are not valid UTF-8: '");
        assertThat(rows.get(bad).problem()).isEqualTo("Line " + (bad + 1) + " is larger than the limit of 200 bytes: '309'. "
                + "Split the record, or raise maxRecordBytes.");
        assertThat(rows.get(bad + 1).columns()).isEqualTo(Map.of("n", -1L));
        assertThat(rows.get(bad + 1).position()).isEqualTo(bad + 2);
    }
}
