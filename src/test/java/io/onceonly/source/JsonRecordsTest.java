package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Pushed and message bodies are UTF-8 JSON, decoded strictly: never a U+FFFD where the bytes were not text. */
class JsonRecordsTest {
    /** Found by StrictDecodingPropertiesTest: JSON Lines were decoded leniently, so C2 61 80 became "\uFFFDa\uFFFD". */
    @Test
    void refusesJsonLinesWhoseBytesAreNotUtf8InsteadOfReplacingThem() {
        byte[] body = {'{', '"', 'v', '"', ':', '"', (byte) 0xC2, 'a', (byte) 0x80, '"', '}', '\n'};
        assertThatThrownBy(() -> JsonRecords.parseLines(body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The body is not UTF-8 text: the bytes at offset 6 are not valid UTF-8: 'C2'. Send JSON "
                        + "encoded as UTF-8; nothing of this request was published.");
    }

    @Test
    void refusesABodyInUtf16WhichJacksonWouldHaveDecodedLeniently() {
        byte[] body = "[{\"v\":\"\uD800\"}]".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> JsonRecords.parse(body)).hasMessageStartingWith("The body is not UTF-8 text");
    }

    @Test
    void refusesABodyOverTheLimitBeforeReadingIt() {
        byte[] body = new byte[JsonRecords.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        assertThatThrownBy(() -> JsonRecords.parseLines(body)).hasMessage("The body is 16777217 bytes, over the limit of "
                + "16777216 bytes for one request or message. Send the records in several; nothing of this one was published.");
        assertThat(JsonRecords.parseLines(java.util.Arrays.copyOf(body, JsonRecords.MAX_BODY_BYTES))).isEmpty();
    }

    @Test
    void readsUtf8WithOrWithoutAByteOrderMark() {
        byte[] text = "{\"v\":\"文化站\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertThat(JsonRecords.parse(text).get(0)).containsEntry("v", "文化站");
        assertThat(JsonRecords.parse(withBom).get(0)).containsEntry("v", "文化站");
        assertThat(JsonRecords.parseLines(withBom).get(0)).containsEntry("v", "文化站");
    }
}
