package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class DomainTypesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Object normalize(String type, Object raw) throws InvalidValueException {
        return DomainTypes.of(type, List.of(), SHANGHAI).normalize(raw);
    }

    @Test
    void acceptsTheDateFormatsDepartmentSystemsEmit() throws InvalidValueException {
        for (String raw : List.of("20240305", "2024-03-05", "2024/3/5", "2024/03/05", "2024.3.5", "2024年3月5日",
                "２０２４年３月５日", " 2024-3-5 ")) {
            assertThat(normalize("date", raw)).as(raw).isEqualTo("2024-03-05");
        }
        assertThat(normalize("date", LocalDate.of(2024, 3, 5))).isEqualTo("2024-03-05");
        assertThat(normalize("date", java.sql.Date.valueOf("2024-03-05"))).isEqualTo("2024-03-05");
    }

    @Test
    void readsExcelSerialDates() throws InvalidValueException {
        assertThat(normalize("date", 45356)).isEqualTo("2024-03-05");
        assertThat(normalize("date", 45356.75)).isEqualTo("2024-03-05");
    }

    @Test
    void rejectsImpossibleDateNamingTheFormatsTried() {
        assertThatThrownBy(() -> DomainTypes.of("date", List.of("yyyyMMdd", "yyyy-MM-dd"), SHANGHAI).normalize("2024-13-45"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'2024-13-45' is not a date in any of [yyyyMMdd, yyyy-MM-dd]");
        assertThatThrownBy(() -> normalize("date", "2023-02-29")).hasMessageContaining("is not a date");
    }

    @Test
    void datetimeWithoutZoneIsBeijingTime() throws InvalidValueException {
        assertThat(normalize("datetime", "2024-03-05 08:30:00")).isEqualTo("2024-03-05T08:30:00+08:00");
        assertThat(normalize("datetime", LocalDateTime.of(2024, 3, 5, 8, 30))).isEqualTo("2024-03-05T08:30:00+08:00");
        assertThat(normalize("datetime", "2024-03-05T00:30:00Z")).isEqualTo("2024-03-05T00:30:00Z");
        assertThat(normalize("datetime", "2024年3月5日 9:30:00")).isEqualTo("2024-03-05T09:30:00+08:00");
    }

    @Test
    void numbersFoldFullWidthDigitsAndRefuseFractionsForIntegers() throws InvalidValueException {
        assertThat(normalize("integer", "１２")).isEqualTo(12L);
        assertThat(normalize("integer", 12.0)).isEqualTo(12L);
        assertThat(normalize("number", "1,234.50")).isEqualTo(new BigDecimal("1234.50"));
        assertThatThrownBy(() -> normalize("integer", "12.5")).hasMessage("'12.5' is not a whole number");
        assertThatThrownBy(() -> normalize("integer", "十二")).hasMessage("'十二' is not a number");
    }

    @Test
    void booleansAcceptChineseYesAndNo() throws InvalidValueException {
        assertThat(normalize("boolean", "是")).isEqualTo(true);
        assertThat(normalize("boolean", "否")).isEqualTo(false);
        assertThat(normalize("boolean", "0")).isEqualTo(false);
        assertThatThrownBy(() -> normalize("boolean", "maybe")).hasMessageContaining("is not a yes/no value");
    }

    @Test
    void stringsKeepChinesePunctuationButFoldDigitsAndTidySpaces() throws InvalidValueException {
        assertThat(normalize("string", "\u3000春节文艺汇演（第２场）  晚会 ")).isEqualTo("春节文艺汇演（第2场） 晚会");
        assertThat(normalize("string", "   ")).isNull();
    }

    @Test
    void socialCreditCodeIsCheckedAndUppercased() throws InvalidValueException {
        assertThat(normalize("social-credit-code", "91350100m000100y43")).isEqualTo("91350100M000100Y43");
        assertThat(normalize("social-credit-code", "９１３５０１００Ｍ０００１００Ｙ４３")).isEqualTo("91350100M000100Y43");
        assertThatThrownBy(() -> normalize("social-credit-code", "91350100M000100Y44"))
                .hasMessageContaining("the check character does not match");
        assertThatThrownBy(() -> normalize("social-credit-code", "91350100M000100I43"))
                .hasMessageContaining("'I' at position 16 is not allowed");
        assertThatThrownBy(() -> normalize("social-credit-code", "9135")).hasMessageContaining("4 characters instead of 18");
    }

    @Test
    void residentIdIsCheckedAndLegacyNumbersAreUpgraded() throws InvalidValueException {
        String body = "11010519491231002";
        String id = body + IdentityCodes.idCheck(body);
        assertThat(normalize("resident-id", id.toLowerCase())).isEqualTo(id);
        // 15-digit numbers from before 1999: year without century, no check digit.
        String legacy = "110105491231002";
        assertThat(normalize("resident-id", legacy)).isEqualTo(id);
    }

    @Test
    void residencePermitsAndForeignersPermanentResidenceCardsAreAccepted() throws InvalidValueException {
        for (String body : List.of("83000019900101002", "93110019850301004")) {
            String id = body + IdentityCodes.idCheck(body);
            assertThat(normalize("resident-id", id)).isEqualTo(id);
        }
    }

    @Test
    void residentIdReasonsNeverShowTheWholeNumber() {
        String body = "11010519491231002";
        char wrong = IdentityCodes.idCheck(body) == '1' ? '2' : '1';
        String id = body + wrong;
        assertThatThrownBy(() -> normalize("resident-id", id))
                .hasMessageContaining("the check character does not match")
                .hasMessageContaining("110105********")
                .hasMessageNotContaining(id);
        assertThatThrownBy(() -> normalize("resident-id", "110105194902300021")).hasMessageContaining("birth date");
        assertThatThrownBy(() -> normalize("resident-id", "770105194912310021")).hasMessageContaining("province code");
    }

    @Test
    void divisionCodesHaveSixOrTwelveDigitsUnderARealProvince() throws InvalidValueException {
        assertThat(normalize("division-code", "320115")).isEqualTo("320115");
        assertThat(normalize("division-code", "320115101000")).isEqualTo("320115101000");
        assertThatThrownBy(() -> normalize("division-code", "3201151")).hasMessageContaining("6 or 12 digits");
        assertThatThrownBy(() -> normalize("division-code", "990115")).hasMessageContaining("'99' is not a province code");
    }

    @Test
    void phoneNumbersTakeOneCanonicalForm() throws InvalidValueException {
        assertThat(normalize("phone", "+86 139 1234 5678")).isEqualTo("13912345678");
        assertThat(normalize("phone", "139-1234-5678")).isEqualTo("13912345678");
        assertThat(normalize("phone", "(010)12345678")).isEqualTo("010-12345678");
        assertThat(normalize("phone", "025 5210 5678")).isEqualTo("025-52105678");
        assertThat(normalize("phone", "0571-8888888-123")).isEqualTo("0571-8888888-123");
        assertThatThrownBy(() -> normalize("phone", "12345678901234"))
                .hasMessageContaining("'123*********34' is not a mainland mobile");
    }

    @Test
    void unknownTypeOrFormatsOnANonDateTypeIsAClearError() {
        assertThatThrownBy(() -> DomainTypes.of("dat", List.of(), SHANGHAI))
                .hasMessageContaining("'dat' is not a domain type. Known types: [boolean, date, datetime");
        assertThatThrownBy(() -> DomainTypes.of("integer", List.of("yyyy"), SHANGHAI))
                .hasMessageContaining("formats apply to date and datetime only");
        assertThatThrownBy(() -> DomainTypes.of("date", List.of("yyyy-MM-dd'"), SHANGHAI))
                .hasMessageContaining("is not a date pattern");
    }
}
