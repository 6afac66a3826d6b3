package io.onceonly.normalize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.onceonly.schema.Sensitivity;

/** Mainland mobile and landline numbers, in one canonical form each: 13812345678 and 010-12345678(-123). */
final class PhoneNumbers {
    private static final Pattern MOBILE = Pattern.compile("(?:\\+?86|0086)?(1[3-9]\\d{9})");
    // Area codes: 010 and 02x have three digits, all others four; local numbers have 7 or 8 digits.
    private static final String AREA = "0(?:10|2\\d|[3-9]\\d{2})";
    private static final Pattern LANDLINE = Pattern.compile("(?:\\+?86|0086)?(" + AREA + ")(\\d{7,8})(?:(?:转|ext|x|#)(\\d{1,6}))?");

    private static final Pattern DECORATION = Pattern.compile("[\\s()（）-]");
    private static final Pattern BRACKETS_AND_SPACES = Pattern.compile("[\\s()（）]");
    private static final Pattern DASHED_EXTENSION = Pattern.compile("^((?:\\+?86|0086)?" + AREA + ")-?(\\d{7,8})-(\\d{1,6})$");

    private PhoneNumbers() {
    }

    static String normalize(String raw) throws InvalidValueException {
        String compact = DECORATION.matcher(raw).replaceAll("");
        Matcher m = MOBILE.matcher(compact);
        if (m.matches()) {
            return m.group(1);
        }
        // Extensions are written with a dash too, so look for them before the dashes are dropped.
        String withExt = DASHED_EXTENSION.matcher(BRACKETS_AND_SPACES.matcher(raw).replaceAll("")).replaceFirst("$1$2#$3");
        Matcher l = LANDLINE.matcher(withExt.replace("-", ""));
        if (l.matches()) {
            return l.group(1) + "-" + l.group(2) + (l.group(3) == null ? "" : "-" + l.group(3));
        }
        throw new InvalidValueException("'" + Sensitivity.PERSONAL.mask(raw) + "' is not a mainland mobile (11 digits starting 13-19) "
                + "or landline number with area code");
    }
}
