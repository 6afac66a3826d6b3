package io.onceonly.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.onceonly.testing.Generator;
import io.onceonly.testing.Generators;
import io.onceonly.testing.PropertyRunner;

/** Properties the domain types keep for every input, not only the examples. */
class DomainTypesPropertiesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Tries per property: a thousand, as each of these properties always had. */
    private static final int TRIES = 1000;

    private static Generator<String> residentIds() {
        Generator<String> region = Generators.of("110105", "310104", "320115", "440305", "510107", "650102");
        Generator<LocalDate> birth = Generators.dates(LocalDate.of(1900, 1, 1), LocalDate.of(2020, 12, 31));
        Generator<String> sequence = Generators.digits(3);
        return random -> {
            String body = region.next(random) + birth.next(random).format(DateTimeFormatter.BASIC_ISO_DATE) + sequence.next(random);
            return body + IdentityCodes.idCheck(body);
        };
    }

    private static Generator<String> creditCodes() {
        return Generators.strings(Generators.charsOf(IdentityCodes.CREDIT_ALPHABET), 17, 17)
                .map(body -> body + IdentityCodes.creditCheck(body));
    }

    @Test
    void everyValidResidentIdIsAcceptedUnchanged() {
        PropertyRunner.forAll(TRIES, residentIds(),
                id -> assertThat(DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(id)).isEqualTo(id));
    }

    /** A code, the position of the character to change and by how much. */
    record Change(String code, int position, int delta) {
    }

    private static Generator<Change> changes(Generator<String> codes, int lastPosition, int maxDelta) {
        Generator<Integer> position = Generators.ints(0, lastPosition);
        Generator<Integer> delta = Generators.ints(1, maxDelta);
        return random -> new Change(codes.next(random), position.next(random), delta.next(random));
    }

    @Test
    void anySingleDigitChangeToAResidentIdIsRejected() {
        PropertyRunner.forAll(TRIES, changes(residentIds(), 16, 9), c -> {
            String id = c.code();
            char changed = (char) ('0' + (id.charAt(c.position()) - '0' + c.delta()) % 10);
            String wrong = id.substring(0, c.position()) + changed + id.substring(c.position() + 1);
            assertThatThrownBy(() -> DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(wrong))
                    .isInstanceOf(InvalidValueException.class);
        });
    }

    @Test
    void legacyFifteenDigitNumbersUpgradeToValidEighteenDigitOnes() {
        PropertyRunner.forAll(TRIES, residentIds(), id -> {
            if (!id.substring(6, 8).equals("19")) {
                return; // only people born in the 1900s had 15-digit numbers
            }
            String legacy = id.substring(0, 6) + id.substring(8, 17);
            assertThat(DomainTypes.of("resident-id", List.of(), SHANGHAI).normalize(legacy)).isEqualTo(id);
        });
    }

    @Test
    void everyValidCreditCodeIsAcceptedAndAnyCharacterChangeIsRejected() {
        PropertyRunner.forAll(TRIES, changes(creditCodes(), 17, 30), c -> {
            String code = c.code();
            DomainType type = DomainTypes.of("social-credit-code", List.of(), SHANGHAI);
            assertThat(type.normalize(code.toLowerCase())).isEqualTo(code);
            String alphabet = IdentityCodes.CREDIT_ALPHABET;
            char changed = alphabet.charAt((alphabet.indexOf(code.charAt(c.position())) + c.delta()) % alphabet.length());
            String wrong = code.substring(0, c.position()) + changed + code.substring(c.position() + 1);
            assertThatThrownBy(() -> type.normalize(wrong)).isInstanceOf(InvalidValueException.class);
        });
    }

    /** A date and the pattern it is typed in. */
    record TypedDate(LocalDate date, String pattern) {
    }

    @Test
    void everyDateRoundTripsThroughEachDefaultFormat() {
        Generator<LocalDate> dates = dates();
        Generator<String> patterns = defaultDatePatterns();
        PropertyRunner.forAll(TRIES, random -> new TypedDate(dates.next(random), patterns.next(random)), d -> {
            String typed = d.date().format(DateTimeFormatter.ofPattern(d.pattern().replace("yyyy", "uuuu")));
            assertThat(DomainTypes.of("date", List.of(), SHANGHAI).normalize(typed)).isEqualTo(d.date().toString());
        });
    }

    private static Generator<LocalDate> dates() {
        return Generators.dates(LocalDate.of(1900, 1, 1), LocalDate.of(2100, 12, 31));
    }

    /** Since 1992 China keeps +08:00 all year (it had summer time 1986-1991, and local mean time before 1901). */
    private static Generator<LocalDate> datesSince1992() {
        return Generators.dates(LocalDate.of(1992, 1, 1), LocalDate.of(2100, 12, 31));
    }

    private static Generator<String> defaultDatePatterns() {
        return Generators.of(DomainTypes.DEFAULT_DATE_FORMATS);
    }

    @Test
    void foldingIsIdempotentAndCleanLeavesNoOuterWhitespace() {
        PropertyRunner.forAll(TRIES, Generators.strings(), s -> {
            String once = Text.toHalfWidth(s);
            assertThat(Text.toHalfWidth(once)).isEqualTo(once);
            String cleaned = Text.clean(s);
            if (cleaned != null) {
                assertThat(cleaned).isEqualTo(cleaned.strip()).doesNotContain("  ").isNotEmpty();
                assertThat(Text.clean(cleaned)).isEqualTo(cleaned);
            }
        });
    }

    private static Generator<String> mobiles() {
        Generator<String> head = Generators.of("13", "14", "15", "16", "17", "18", "19");
        Generator<String> rest = Generators.digits(9);
        return random -> head.next(random) + rest.next(random);
    }

    /** A number, and how it is written around it: a prefix and a separator between its groups. */
    record Written(String number, String prefix, String separator) {
    }

    @Test
    void mobileNumbersWrittenAnyCommonWayNormalizeToElevenDigits() {
        Generator<String> mobiles = mobiles();
        Generator<String> prefixes = phonePrefixes();
        Generator<String> separators = separators();
        PropertyRunner.forAll(TRIES, random -> new Written(mobiles.next(random), prefixes.next(random), separators.next(random)), w -> {
            String mobile = w.number();
            String sep = w.separator();
            String typed = w.prefix() + mobile.substring(0, 3) + sep + mobile.substring(3, 7) + sep + mobile.substring(7);
            assertThat(DomainTypes.of("phone", List.of(), SHANGHAI).normalize(typed)).isEqualTo(mobile);
        });
    }

    private static Generator<String> phonePrefixes() {
        return Generators.of("", "+86", "+86 ", "0086", "86");
    }

    private static Generator<String> separators() {
        return Generators.of("", " ", "-");
    }

    @Test
    void landlinesKeepTheirAreaCodeWhateverTheSpacing() {
        Generator<String> areas = areaCodes();
        Generator<String> locals = localNumbers();
        Generator<String> separators = separators();
        // The area code is the prefix here, the local number the number.
        PropertyRunner.forAll(TRIES, random -> new Written(locals.next(random), areas.next(random), separators.next(random)), w ->
                assertThat(DomainTypes.of("phone", List.of(), SHANGHAI).normalize(w.prefix() + w.separator() + w.number()))
                        .isEqualTo(w.prefix() + "-" + w.number()));
    }

    private static Generator<String> areaCodes() {
        return Generators.of("010", "020", "021", "025", "0311", "0571", "0755", "0991");
    }

    private static Generator<String> localNumbers() {
        Generator<Integer> first = Generators.ints(2, 9);
        Generator<String> rest = Generators.strings(Generators.chars('0', '9'), 6, 7);
        return random -> first.next(random) + rest.next(random);
    }

    /** A two-digit number where a province code stands, and the rest of a division code. */
    record Division(int province, String tail) {
    }

    @Test
    void divisionCodesAreAcceptedExactlyWhenTheyStartWithAProvince() {
        Generator<Integer> provinces = Generators.ints(10, 99);
        Generator<String> tails = divisionTails();
        PropertyRunner.forAll(TRIES, random -> new Division(provinces.next(random), tails.next(random)), d -> {
            String code = d.province() + d.tail();
            boolean real = List.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                    51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82).contains(d.province());
            DomainType type = DomainTypes.of("division-code", List.of(), SHANGHAI);
            if (real) {
                assertThat(catching(() -> type.normalize(code))).isEqualTo(code);
            } else {
                assertThatThrownBy(() -> type.normalize(code)).isInstanceOf(InvalidValueException.class);
            }
        });
    }

    private static Generator<String> divisionTails() {
        return Generators.oneOf(Generators.digits(4), Generators.digits(10));
    }

    /** A day since 1992 and a time of it without seconds. */
    record LocalTimeOfDay(LocalDate date, int hour, int minute) {
    }

    @Test
    void datetimesWithoutZoneAreReadAsBeijingTime() {
        Generator<LocalDate> dates = datesSince1992();
        Generator<Integer> hours = Generators.ints(0, 23);
        Generator<Integer> minutes = Generators.ints(0, 59);
        PropertyRunner.forAll(TRIES, random -> new LocalTimeOfDay(dates.next(random), hours.next(random), minutes.next(random)), t -> {
            String typed = t.date() + " " + t.hour() + ":" + String.format("%02d", t.minute()) + ":00";
            Object normalized = DomainTypes.of("datetime", List.of(), SHANGHAI).normalize(typed);
            assertThat(java.time.OffsetDateTime.parse((String) normalized).toLocalDateTime())
                    .isEqualTo(t.date().atTime(t.hour(), t.minute()));
            assertThat((String) normalized).endsWith("+08:00");
        });
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
