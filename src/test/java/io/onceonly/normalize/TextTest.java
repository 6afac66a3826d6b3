package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void findsCharactersNoOneCanSee() {
        assertThat(Text.hiddenCharacter("活动\u200B一")).isEqualTo("U+200B (ZERO WIDTH SPACE) at character 3");
        assertThat(Text.hiddenCharacter("a\u0000")).startsWith("U+0000");
        assertThat(Text.hiddenCharacter("a\u202Eb")).startsWith("U+202E");
        assertThat(Text.hiddenCharacter("a\uD800b")).startsWith("U+D800");
        assertThat(Text.hiddenCharacter("\uFEFFa")).startsWith("U+FEFF");
    }

    @Test
    void leavesOrdinaryTextLineBreaksAndEmojiAlone() {
        assertThat(Text.hiddenCharacter("街道文化站大礼堂 (２００人)\n第二行\t😀")).isNull();
    }
}
