package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.onceonly.config.ConfigurationException;

class FileFormatOptionsTest {
    @Test
    void missingKeysTakeTheDefaultsAndTheRouteKeysAreLeftAlone() {
        FileFormatOptions options = FileFormatOptions.from(Map.of("type", "file", "path", "/drop/township-a", "every", "30s"));

        assertThat(options).isEqualTo(FileFormatOptions.defaults());
        assertThat(options).isEqualTo(new FileFormatOptions("auto", "auto", "auto", true, "", "", 1024 * 1024));
    }

    @Test
    void readsEveryOptionAsWrittenInYaml() {
        FileFormatOptions options = FileFormatOptions.from(Map.of("format", "CSV", "encoding", "GBK", "delimiter", "\\t",
                "header", "false", "sheet", "数据", "recordsPointer", "/data/items", "maxRecordBytes", "2048"));

        assertThat(options).isEqualTo(new FileFormatOptions("csv", "gbk", "\\t", false, "数据", "/data/items", 2048));
        assertThat(options.delimiterChar()).isEqualTo('\t');
        assertThat(FileFormatOptions.from(Map.of("delimiter", ";")).delimiterChar()).isEqualTo(';');
        assertThat(FileFormatOptions.defaults().delimiterChar()).isEqualTo((char) 0);
    }

    @Test
    void reportsEveryBadOptionAtOnceWithTheFix() {
        assertThatThrownBy(() -> FileFormatOptions.from(Map.of("format", "xls", "encoding", "big5", "delimiter", ";;",
                "header", "maybe", "recordsPointer", "data/items", "maxRecordBytes", "1MB")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "spec.from.header is not true or false: 'maybe'. Use true when the first row names the columns, false when it is data.",
                        "spec.from.maxRecordBytes is not a size in bytes: '1MB'. Use a whole number of bytes above 0, for example 1048576 for 1 MiB.",
                        "spec.from.format is not a file format the hub reads: 'xls'. Use one of auto, csv, xlsx, json, jsonl (auto goes by the file extension).",
                        "spec.from.encoding is not an encoding the hub reads: 'big5'. Use one of auto, utf-8, gbk, gb18030 (gb18030 also reads GBK and GB2312 files).",
                        "spec.from.delimiter is not one character: ';;'. Use auto, one character such as ; or |, or \\t for tab (not a quote or a line break).",
                        "spec.from.recordsPointer is not a JSON Pointer: 'data/items'. Write a JSON Pointer starting with /, for example "
                                + "/data/items, or leave it empty when the document is the array."));
    }

    @Test
    void aQuoteCannotBeTheDelimiterNorZeroTheLimit() {
        assertThatThrownBy(() -> FileFormatOptions.from(Map.of("delimiter", "\"", "maxRecordBytes", "0")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
    }
}
