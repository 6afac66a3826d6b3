package io.onceonly.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class DroppedFileNamesTest {
    private static final LocalDateTime TAKEN = LocalDateTime.of(2024, 11, 28, 9, 30, 5);

    @Test
    void anOrdinaryNameIsStoredAsItIsAfterTheTimeItWasTaken() {
        assertThat(DroppedFileNames.stored("2024年活动 (终稿).csv", TAKEN)).isEqualTo("20241128-093005-2024年活动 (终稿).csv");
        assertThat(DroppedFileNames.unsafeCharacter("2024年活动 (终稿).csv")).isNull();
    }

    @Test
    void controlCharactersLineBreaksAndBidiOverridesAreWrittenAsPercentBytesAndNamed() {
        assertThat(DroppedFileNames.stored("line\nbreak\r\t.csv", TAKEN)).isEqualTo("20241128-093005-line%0Abreak%0D%09.csv");
        assertThat(DroppedFileNames.stored("a\u202Evsc.csv", TAKEN)).isEqualTo("20241128-093005-a%E2%80%AEvsc.csv");
        assertThat(DroppedFileNames.stored("50%\u0085.csv", TAKEN)).isEqualTo("20241128-093005-50%25%C2%85.csv");
        assertThat(DroppedFileNames.unsafeCharacter("line\nbreak.csv")).isEqualTo("U+000A (LINE FEED (LF)) at character 5");
        assertThat(DroppedFileNames.unsafeCharacter("a\u202Evsc.csv")).isEqualTo("U+202E (RIGHT-TO-LEFT OVERRIDE) at character 2");
        assertThat(DroppedFileNames.unsafeCharacter("x\u2028.csv")).startsWith("U+2028");
    }
}
