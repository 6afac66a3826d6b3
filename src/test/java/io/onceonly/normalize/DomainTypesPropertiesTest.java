package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.time.api.Dates;

/** Properties the domain types keep for every input, not only the examples. */
class DomainTypesPropertiesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Provide
    Arbitrary<String> residentIds() {
        Arbitrary<String> region = Arbitraries.of("110105", "310104", "320115", "440305", "510107", "650102");
        Arbitrary<LocalDate> birth = Dates.dates().between(LocalDate.of(1900, 1, 1), LocalDate.of(2020, 12, 31));
        Arbitrary<String> sequence = Arbitraries.strings().numeric().ofLength(3);
        return Combinators.combine(region, birth, sequence).as((r, b, s) -> {
            String body = r + b.format(DateTimeFormatter.BASIC_ISO_DATE) + s;
            return body + IdentityCodes.idCheck(body);
        });
    }

    @Provide
    Arbitrary<String> creditCodes() {
        return Arbitraries.strings().withChars(IdentityCodes.CREDIT_ALPHABET.toCharArray()).ofLength(17)
                .map(body -> body + IdentityCodes.creditCheck(body));
    }

    @Property
    void everyValidResidentIdIsAcceptedUnchanged(@ForAll("residentIds") String id) throws InvalidValueException {
        assertThat(DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(id)).isEqualTo(id);
    }

    @Property
    void anySingleDigitChangeToAResidentIdIsRejected(@ForAll("residentIds") String id,
                                                     @ForAll @IntRange(min = 0, max = 16) int position,
                                                     @ForAll @IntRange(min = 1, max = 9) int delta) {
        char changed = (char) ('0' + (id.charAt(position) - '0' + delta) % 10);
        String wrong = id.substring(0, position) + changed + id.substring(position + 1);
        assertThatThrownBy(() -> DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(wrong))
                .isInstanceOf(InvalidValueException.class);
    }

    @Property
    void legacyFifteenDigitNumbersUpgradeToValidEighteenDigitOnes(@ForAll("residentIds") String id) throws InvalidValueException {
        if (!id.substring(6, 8).equals("19")) {
            return; // only people born in the 1900s had 15-digit numbers
        }
        String legacy = id.substring(0, 6) + id.substring(8, 17);
        assertThat(DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(legacy)).isEqualTo(id);
    }

    @Property
    void everyValidCreditCodeIsAcceptedAndAnyCharacterChangeIsRejected(@ForAll("creditCodes") String code,
                                                                      @ForAll @IntRange(min = 0, max = 17) int position,
                                                                      @ForAll @IntRange(min = 1, max = 30) int delta)
            throws InvalidValueException {
        DomainType type = DomainTypes.of("social-credit-code", List.of(), SHANGHAI);
        assertThat(type.normalize(code.toLowerCase())).isEqualTo(code);
        String alphabet = IdentityCodes.CREDIT_ALPHABET;
        char changed = alphabet.charAt((alphabet.indexOf(code.charAt(position)) + delta) % alphabet.length());
        String wrong = code.substring(0, position) + changed + code.substring(position + 1);
        assertThatThrownBy(() -> type.normalize(wrong)).isInstanceOf(InvalidValueException.class);
    }

    @Property
    void everyDateRoundTripsThroughEachDefaultFormat(@ForAll("dates") LocalDate date,
                                                    @ForAll("defaultDatePatterns") String pattern) throws InvalidValueException {
        String typed = date.format(DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu")));
        assertThat(DomainTypes.of("date", List.of(), SHANGHAI).normalize(typed)).isEqualTo(date.toString());
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Dates.dates().between(LocalDate.of(1900, 1, 1), LocalDate.of(2100, 12, 31));
    }

    /** Since 1992 China keeps +08:00 all year (it had summer time 1986-1991, and local mean time before 1901). */
    @Provide
    Arbitrary<LocalDate> datesSince1992() {
        return Dates.dates().between(LocalDate.of(1992, 1, 1), LocalDate.of(2100, 12, 31));
    }

    @Provide
    Arbitrary<String> defaultDatePatterns() {
        return Arbitraries.of(DomainTypes.DEFAULT_DATE_FORMATS);
    }

    @Property
    void foldingIsIdempotentAndCleanLeavesNoOuterWhitespace(@ForAll String s) {
        String once = Text.toHalfWidth(s);
        assertThat(Text.toHalfWidth(once)).isEqualTo(once);
        String cleaned = Text.clean(s);
        if (cleaned != null) {
            assertThat(cleaned).isEqualTo(cleaned.strip()).doesNotContain("  ").isNotEmpty();
            assertThat(Text.clean(cleaned)).isEqualTo(cleaned);
        }
    }

    @Provide
    Arbitrary<String> mobiles() {
        return Combinators.combine(Arbitraries.of("13", "14", "15", "16", "17", "18", "19"),
                Arbitraries.strings().numeric().ofLength(9)).as((p, rest) -> p + rest);
    }

    @Property
    void mobileNumbersWrittenAnyCommonWayNormalizeToElevenDigits(@ForAll("mobiles") String mobile,
                                                                @ForAll("phonePrefixes") String prefix,
                                                                @ForAll("separators") String sep) throws InvalidValueException {
        String typed = prefix + mobile.substring(0, 3) + sep + mobile.substring(3, 7) + sep + mobile.substring(7);
        assertThat(DomainTypes.of("phone", List.of(), SHANGHAI).normalize(typed)).isEqualTo(mobile);
    }

    @Provide
    Arbitrary<String> phonePrefixes() {
        return Arbitraries.of("", "+86", "+86 ", "0086", "86");
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", " ", "-");
    }

    @Property
    void landlinesKeepTheirAreaCodeWhateverTheSpacing(@ForAll("areaCodes") String area,
                                                     @ForAll("localNumbers") String local,
                                                     @ForAll("separators") String sep) throws InvalidValueException {
        assertThat(DomainTypes.of("phone", List.of(), SHANGHAI).normalize(area + sep + local)).isEqualTo(area + "-" + local);
    }

    @Provide
    Arbitrary<String> areaCodes() {
        return Arbitraries.of("010", "020", "021", "025", "0311", "0571", "0755", "0991");
    }

    @Provide
    Arbitrary<String> localNumbers() {
        return Combinators.combine(Arbitraries.integers().between(2, 9), Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(7))
                .as((first, rest) -> first + rest);
    }

    @Property
    void divisionCodesAreAcceptedExactlyWhenTheyStartWithAProvince(@ForAll @IntRange(min = 10, max = 99) int province,
                                                                  @ForAll("divisionTails") String tail) {
        String code = province + tail;
        boolean real = List.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82).contains(province);
        DomainType type = DomainTypes.of("division-code", List.of(), SHANGHAI);
        if (real) {
            assertThat(catching(() -> type.normalize(code))).isEqualTo(code);
        } else {
            assertThatThrownBy(() -> type.normalize(code)).isInstanceOf(InvalidValueException.class);
        }
    }

    @Provide
    Arbitrary<String> divisionTails() {
        return Arbitraries.oneOf(Arbitraries.strings().numeric().ofLength(4), Arbitraries.strings().numeric().ofLength(10));
    }

    @Property
    void datetimesWithoutZoneAreReadAsBeijingTime(@ForAll("datesSince1992") LocalDate date,
                                                 @ForAll @IntRange(min = 0, max = 23) int hour,
                                                 @ForAll @IntRange(min = 0, max = 59) int minute) throws InvalidValueException {
        String typed = date + " " + hour + ":" + String.format("%02d", minute) + ":00";
        Object normalized = DomainTypes.of("datetime", List.of(), SHANGHAI).normalize(typed);
        assertThat(java.time.OffsetDateTime.parse((String) normalized).toLocalDateTime())
                .isEqualTo(date.atTime(hour, minute));
        assertThat((String) normalized).endsWith("+08:00");
    }

    private interface Call {
        Object call() throws InvalidValueException;
    }

    private static Object catching(Call call) {
        try {
            return call.call();
        } catch (InvalidValueException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
