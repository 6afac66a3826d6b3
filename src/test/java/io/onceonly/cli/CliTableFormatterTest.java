package io.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CliTableFormatterTest {

    /** The display column at which the cell that starts with {@code cell} begins on this line. */
    private static int columnOf(String line, String cell) {
        return TableFormatter.width(line.substring(0, line.indexOf(cell)));
    }

    @Test
    void alignsColumnsByDisplayWidthSoChineseTextLinesUp() {
        String out = new TableFormatter("RECORD", "SOURCE", "REASONS")
                .row("HD_HDJL:8", "township-a.activities", "activity_date: '2024-13-45' is not a date")
                .row("春节文艺汇演", "township-b.activities", "title: is missing")
                .row("２００", "x", "ok")
                .format();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(columnOf(lines.get(0), "SOURCE")).isEqualTo(columnOf(lines.get(1), "township-a"))
                .isEqualTo(columnOf(lines.get(2), "township-b")).isEqualTo(columnOf(lines.get(3), "x "))
                // the widest cell, 春节文艺汇演, takes 12 columns; the gap is 3
                .isEqualTo(15);
        assertThat(columnOf(lines.get(1), "activity_date")).isEqualTo(columnOf(lines.get(2), "title: "));
    }

    @Test
    void countsChineseFullWidthAndHangulAsTwoColumnsAndCombiningMarksAsNone() {
        assertThat(TableFormatter.width("abc")).isEqualTo(3);
        assertThat(TableFormatter.width("秣陵街道")).isEqualTo(8);
        assertThat(TableFormatter.width("２００")).isEqualTo(6);
        assertThat(TableFormatter.width("한국")).isEqualTo(4);
        assertThat(TableFormatter.width("、。")).isEqualTo(4);
        assertThat(TableFormatter.width("e\u0301")).isEqualTo(1);
        assertThat(TableFormatter.width("𠀀")).isEqualTo(2); // outside the BMP: one code point, two chars
    }

    @Test
    void cutsLongTextByDisplayWidthWithoutSplittingACharacter() {
        String cut = TableFormatter.truncate("街道文化站大礼堂举办春节文艺汇演", 15);
        assertThat(cut).isEqualTo("街道文化站大...");
        assertThat(TableFormatter.width(cut)).isLessThanOrEqualTo(15);
        assertThat(TableFormatter.truncate("short", 15)).isEqualTo("short");
        assertThat(TableFormatter.truncate("exactly ten", 11)).isEqualTo("exactly ten");
        assertThat(TableFormatter.truncate("a𠀀𠀀𠀀𠀀", 8)).isEqualTo("a𠀀𠀀...");
        assertThat(TableFormatter.truncate(null, 5)).isNull();
    }

    @Test
    void printsMissingValuesAsADashAndLineBreaksAsSpacesSoNoCellBreaksTheTable() {
        String out = new TableFormatter("NAME", "ERROR").row("a", "line one\nline two\ttab").row(null, "").format();
        assertThat(out).isEqualTo("""
                NAME   ERROR
                a      line one line two tab
                -      -
                """);
    }

    @Test
    void linesDoNotEndInSpaces() {
        String out = new TableFormatter("A", "B").row("long value", "x").row("y", "").format();
        assertThat(out.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new TableFormatter("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 columns");
    }

    @Test
    void showsAgesTheWayKubectlDoes() {
        Instant now = Instant.parse("2024-07-02T10:00:00Z");
        assertThat(TableFormatter.age(now.minusSeconds(42), now)).isEqualTo("42s");
        assertThat(TableFormatter.age(now.minus(Duration.ofMinutes(7)).minusSeconds(30), now)).isEqualTo("7m");
        assertThat(TableFormatter.age(now.minus(Duration.ofHours(5)), now)).isEqualTo("5h");
        assertThat(TableFormatter.age(now.minus(Duration.ofHours(47)), now)).isEqualTo("47h");
        assertThat(TableFormatter.age(now.minus(Duration.ofDays(3)), now)).isEqualTo("3d");
        assertThat(TableFormatter.age(now.plusSeconds(5), now)).as("a clock a little ahead").isEqualTo("0s");
        assertThat(TableFormatter.age(null, now)).isEqualTo("-");
    }
}
