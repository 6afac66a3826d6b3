package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** A stored position binds back in the type its column was read as, so the database can use its index. */
class SourcePositionTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 11, 1, 8, 0, 0, 123_456_000);

    @Test
    void aWholeNumberBindsAsALongNotAsANumeric() {
        SourcePosition p = SourcePosition.cursor(T, 42);
        assertThat(p.tiebreakerValue()).isEqualTo(42L);
        assertThat(p.cursorValue()).isEqualTo(T);
        assertThat(SourcePosition.cursor(T, new BigDecimal("9007199254740993")).tiebreakerValue()).isEqualTo(9007199254740993L);
    }

    @Test
    void aDecimalOrANumberBeyondALongKeepsItsExactValue() {
        assertThat(SourcePosition.cursor(T, new BigDecimal("12.50")).tiebreakerValue()).isEqualTo(new BigDecimal("12.50"));
        BigDecimal huge = new BigDecimal("123456789012345678901234567890");
        assertThat(SourcePosition.cursor(T, huge).tiebreakerValue()).isEqualTo(huge);
    }
}
