package io.onceonly.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SensitivityTest {

    @ParameterizedTest
    @CsvSource({
            "13857112345, 138******45",
            "028-84851234, 028*******34",
            "王建国, ***",
            "欧阳娜娜, ****",
            "1234567, 123**67",
            "123456, ******",
            "'', ''"})
    void personalValuesKeepOnlyTheirEndsWhenLongEnough(String value, String masked) {
        assertThat(Sensitivity.PERSONAL.mask(value)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"11010519491231002X, ******************", "高血压三级伴糖尿病, *********", "5, *"})
    void sensitiveValuesAreHiddenWhole(String value, String masked) {
        assertThat(Sensitivity.SENSITIVE.mask(value)).isEqualTo(masked);
    }

    @Test
    void publicAndInternalValuesAreShownAsTheyAre() {
        assertThat(Sensitivity.PUBLIC.mask("新河镇综合文化站")).isEqualTo("新河镇综合文化站");
        assertThat(Sensitivity.INTERNAL.mask("XHZ-2024-0315")).isEqualTo("XHZ-2024-0315");
        assertThat(Sensitivity.PUBLIC.masked()).isFalse();
        assertThat(Sensitivity.PERSONAL.masked()).isTrue();
    }

    @Test
    void masksByCharactersNotBytesOrUtf16Units() {
        assertThat(Sensitivity.PERSONAL.mask("浙江省杭州市拱墅区新河镇")).isEqualTo("浙江省*******河镇");
        assertThat(Sensitivity.PERSONAL.mask("𠮷野家的电话号码")).isEqualTo("𠮷野家***号码");
    }

    @Test
    void readsTheAnnotationsOfSchemaFiles() {
        for (Sensitivity s : Sensitivity.values()) {
            assertThat(Sensitivity.fromAnnotation(s.annotation())).isSameAs(s);
        }
        assertThat(Sensitivity.fromAnnotation("PUBLIC")).isNull();
        assertThat(Sensitivity.fromAnnotation("secret")).isNull();
    }
}
