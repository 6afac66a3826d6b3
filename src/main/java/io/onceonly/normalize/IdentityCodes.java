package io.onceonly.normalize;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Set;

/**
 * National identity codes with check characters: resident ID numbers (GB 11643), unified social credit codes
 * (GB 32100) and administrative division codes (GB/T 2260). Reasons never repeat a whole ID number.
 */
final class IdentityCodes {
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
            "64", "65", "71", "81", "82");

    private IdentityCodes() {
    }

    /** 18 characters with a valid check character; a 15-digit legacy number is upgraded. */
    static String residentId(String raw) throws InvalidValueException {
        String id = raw.toUpperCase(Locale.ROOT);
        String shown = maskId(id);
        if (id.matches("\\d{15}")) {
            String body = id.substring(0, 6) + "19" + id.substring(6);
            id = body + idCheck(body);
        } else if (!id.matches("\\d{17}[\\dX]")) {
            throw new InvalidValueException("'" + shown + "' is not a resident ID number: it needs 18 characters "
                    + "(17 digits and a digit or X), or 15 digits");
        }
        // Residence permits for Hong Kong, Macao and Taiwan residents start 81, 82, 83; foreigners' permanent
        // residence ID cards (2023) start with 9. All share the check algorithm.
        String region = id.substring(0, 2);
        if (!PROVINCES.contains(region) && !region.equals("83") && id.charAt(0) != '9') {
            throw new InvalidValueException("'" + shown + "' is not a resident ID number: it does not start with a province code");
        }
        try {
            LocalDate birth = LocalDate.parse(id.substring(6, 14), BIRTH);
            if (birth.isAfter(LocalDate.now()) || birth.getYear() < 1850) {
                throw new InvalidValueException("'" + shown + "' is not a resident ID number: its birth date is impossible");
            }
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("'" + shown + "' is not a resident ID number: its birth date is not a date");
        }
        if (id.charAt(17) != idCheck(id.substring(0, 17))) {
            throw new InvalidValueException("'" + shown + "' is not a resident ID number: the check character does not match");
        }
        return id;
    }

    static char idCheck(String first17) {
        int sum = weightedSum(first17, c -> c - '0', ID_WEIGHTS);
        return ID_CHECK.charAt(sum % 11);
    }

    /** First 6 and last 4 kept, as much as a reason may show of an ID number. */
    static String maskId(String id) {
        return id.length() <= 10 ? "*".repeat(id.length()) : id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    /** 18 characters from the code's alphabet (no I, O, S, V, Z) with the GB 32100 check character. */
    static String socialCreditCode(String raw) throws InvalidValueException {
        String code = raw.toUpperCase(Locale.ROOT);
        if (code.length() != 18) {
            throw new InvalidValueException("'" + code + "' is not a unified social credit code: it has " + code.length()
                    + " characters instead of 18");
        }
        for (int i = 0; i < 18; i++) {
            if (CREDIT_ALPHABET.indexOf(code.charAt(i)) < 0) {
                throw new InvalidValueException("'" + code + "' is not a unified social credit code: '" + code.charAt(i)
                        + "' at position " + (i + 1) + " is not allowed (digits and letters except I, O, S, V, Z)");
            }
        }
        if (code.charAt(17) != creditCheck(code.substring(0, 17))) {
            throw new InvalidValueException("'" + code + "' is not a unified social credit code: the check character does not match");
        }
        return code;
    }

    static char creditCheck(String first17) {
        int sum = weightedSum(first17, CREDIT_ALPHABET::indexOf, CREDIT_WEIGHTS);
        int check = 31 - sum % 31;
        return CREDIT_ALPHABET.charAt(check == 31 ? 0 : check);
    }

    /** 6 digits (county level) or 12 (township and village statistical codes), under a real province. */
    static String divisionCode(String raw) throws InvalidValueException {
        if (!raw.matches("\\d{6}|\\d{12}")) {
            throw new InvalidValueException("'" + raw + "' is not an administrative division code: it needs 6 or 12 digits");
        }
        if (!PROVINCES.contains(raw.substring(0, 2))) {
            throw new InvalidValueException("'" + raw + "' is not an administrative division code: '" + raw.substring(0, 2)
                    + "' is not a province code");
        }
        return raw;
    }

    /** The sum both check characters are computed from: each of the first 17 characters' value times its weight. */
    private static int weightedSum(String first17, java.util.function.IntUnaryOperator value, int[] weights) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += value.applyAsInt(first17.charAt(i)) * weights[i];
        }
        return sum;
    }
}
