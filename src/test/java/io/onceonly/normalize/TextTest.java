package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

class TextTest {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** What Text did before the regex was replaced: fold, no-break space as space, runs of \s as one space, strip. */
    private static String byRegex(String folded) {
        String tidy = WHITESPACE.matcher(folded.replace('\u00A0', ' ')).replaceAll(" ").strip();
        return tidy.isEmpty() ? null : tidy;
    }

    @Test
    void collapsesWhitespaceExactlyAsTheRegexDid() {
        String chars = " \t\n\u000B\f\r\u00A0\u3000\u2003a1楼，３";
        PropertyRunner.forAll(2000, Generators.strings(Generators.charsOf(chars), 0, 12),
                s -> assertThat(Text.clean(s)).isEqualTo(byRegex(Text.toHalfWidth(s))));
    }

    @Test
    void keepsTextWithSingleSpacesAsItIs() {
        String text = "文一西路 88 号 一楼 餐馆后厨";
        assertThat(Text.clean(text)).isSameAs(text);
    }

    @Test
    void collapsesRunsAndTrims() {
        assertThat(Text.clean(" 喷涂车间\u00A0 \t静电接地缺失。\u3000")).isEqualTo("喷涂车间 静电接地缺失。");
        assertThat(Text.cleanCode("１３８ １２３４\t５６７８")).isEqualTo("138 1234 5678");
        assertThat(Text.clean(" \u3000\u00A0")).isNull();
    }

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
