package io.onceonly.connector.file;

import static io.onceonly.connector.file.FileRows.readAll;
import static io.onceonly.connector.file.FileRows.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFilesTest {
    @TempDir
    Path dir;

    @Test
    void choosesTheFormatByExtensionUnlessTheOptionNamesOne() throws Exception {
        FileFormatOptions auto = FileFormatOptions.defaults();
        assertThat(RecordFiles.formatOf("a.CSV", auto)).isEqualTo("csv");
        assertThat(RecordFiles.formatOf("a.txt", auto)).isEqualTo("csv");
        assertThat(RecordFiles.formatOf("a.xlsx", auto)).isEqualTo("xlsx");
        assertThat(RecordFiles.formatOf("a.json", auto)).isEqualTo("json");
        assertThat(RecordFiles.formatOf("a.jsonl", auto)).isEqualTo("jsonl");
        assertThat(RecordFiles.formatOf("a.ndjson", auto)).isEqualTo("jsonl");
        assertThat(RecordFiles.formatOf("export.dat", FileFormatOptions.from(Map.of("format", "jsonl")))).isEqualTo("jsonl");

        Path lines = write(dir, "events.log", "{\"id\": 1}\n", UTF_8);
        assertThat(readAll(lines, Map.of("format", "jsonl"))).extracting(FileRow::columns).containsExactly(Map.of("id", 1L));
    }

    @Test
    void aFileWhoseTypeCannotBeToldOrThatIsGoneIsUnreadableWithTheFix() {
        assertThatThrownBy(() -> RecordFiles.open(dir.resolve("export.dat"), FileFormatOptions.defaults()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("File type cannot be told from its name: 'export.dat'. Name it .csv, .xlsx, .json or .jsonl, "
                        + "or set format: csv, xlsx, json or jsonl.");
        assertThatThrownBy(() -> RecordFiles.open(dir.resolve("old.xls"), FileFormatOptions.defaults()))
                .hasMessageStartingWith("File is an old Excel .xls workbook: 'old.xls'.");
        assertThatThrownBy(() -> RecordFiles.open(dir.resolve("gone.csv"), FileFormatOptions.defaults()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("File does not exist: '");
    }

    @Test
    void aBinaryFileIsNotTakenForText() throws Exception {
        Path file = write(dir, "photo.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});

        assertThatThrownBy(() -> RecordFiles.open(file, FileFormatOptions.defaults()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("File holds NUL bytes, so it is not CSV or JSON text: 'photo.csv'. If it is UTF-16 text "
                        + "without a byte order mark, save it as UTF-8.");
    }

    @Test
    void aProblemRowCarriesNoColumnsAndAGoodRowNoProblem() {
        assertThat(FileRow.problem(3, "Line 3 ...").ok()).isFalse();
        assertThat(FileRow.of(3, Map.of()).ok()).isTrue();
        assertThatThrownBy(() -> new FileRow(1, Map.of(), "both")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileRow(1, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
