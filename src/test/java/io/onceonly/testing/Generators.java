package io.onceonly.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generators the property tests are built from, each biased towards its edge cases.
 *
 * <p>Every base generator picks one of its edge cases (the bounds of a range, the empty string or list, the
 * smallest and largest size) one time in {@link #EDGE_CASE_ONE_IN}, and otherwise a value spread evenly over its
 * range; sizes lean towards small ones while still reaching the largest. A test that relies on a
 * particular hard value (a BOM, a full-width digit, a 4-byte character) names it in its own pieces, so the value does
 * not depend on chance.
 */
public final class Generators {
    /** One value in this many is an edge case: in 1000 tries, each edge case of a base generator comes up many times. */
    public static final int EDGE_CASE_ONE_IN = 16;

    private Generators() {
    }

    private static boolean edge(SplittableRandom random) {
        return random.nextInt(EDGE_CASE_ONE_IN) == 0;
    }

    /**
     * A size from {@code min} to {@code max}: the smallest or largest now and then, mostly small ones (up to ten
     * above {@code min}), and otherwise any.
     */
    public static int size(SplittableRandom random, int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("Size range is empty: '" + min + ".." + max + "'. Give min <= max.");
        }
        if (edge(random)) {
            return random.nextBoolean() ? min : max;
        }
        return random.nextBoolean() ? min + random.nextInt(Math.min(max - min, 10) + 1) : min + random.nextInt(max - min + 1);
    }

    public static <T> Generator<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    public static <T> Generator<T> of(T... values) {
        return of(List.of(values));
    }

    /** One of {@code values}, each as likely. */
    public static <T> Generator<T> of(List<? extends T> values) {
        List<? extends T> copy = new ArrayList<>(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("Generator of values has none to choose from. Give at least one value.");
        }
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** A value of one of {@code generators}, each chosen as often. */
    @SafeVarargs
    public static <T> Generator<T> oneOf(Generator<? extends T>... generators) {
        List<Generator<? extends T>> all = List.of(generators);
        return random -> all.get(random.nextInt(all.size())).next(random);
    }

    /** A generator and how often it is chosen, for {@link #frequency}. */
    public record Weighted<T>(int weight, Generator<? extends T> generator) {
    }

    public static <T> Weighted<T> weighted(int weight, Generator<? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** A value of one of the generators, each chosen in proportion to its weight. */
    @SafeVarargs
    public static <T> Generator<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<? extends T> choice : all) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(random);
                }
            }
            throw new IllegalStateException("unreachable: the weights add up to " + total);
        };
    }

    public static Generator<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /** Integers from {@code min} to {@code max}; edge cases both bounds, one inside each, and 0 when in range. */
    public static Generator<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /** Longs from {@code min} to {@code max}; edge cases both bounds, one inside each, and 0 when in range. */
    public static Generator<Long> longs(long min, long max) {
        List<Long> edges = new ArrayList<>(List.of(min, max));
        if (max > min) {
            edges.addAll(List.of(min + 1, max - 1));
        }
        if (min < 0 && max > 0) {
            edges.add(0L);
        }
        return random -> edge(random) ? edges.get(random.nextInt(edges.size())) : between(random, min, max);
    }

    private static long between(SplittableRandom random, long min, long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min > Long.MIN_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong();
    }

    /** Any long, half of them small (within a thousand of 0), where off-by-one mistakes show. */
    public static Generator<Long> longs() {
        Generator<Long> any = longs(Long.MIN_VALUE, Long.MAX_VALUE);
        return random -> random.nextBoolean() ? random.nextLong(-1000, 1001) : any.next(random);
    }

    /** A fraction from 0 to 1, both included as edge cases. */
    public static Generator<Double> fractions() {
        return random -> edge(random) ? (random.nextBoolean() ? 0.0 : 1.0) : random.nextDouble();
    }

    /** Decimals of scale {@code scale} from {@code min} to {@code max}; edge cases both bounds and 0 when in range. */
    public static Generator<BigDecimal> bigDecimals(BigDecimal min, BigDecimal max, int scale) {
        BigInteger low = min.setScale(scale, java.math.RoundingMode.CEILING).unscaledValue();
        BigInteger high = max.setScale(scale, java.math.RoundingMode.FLOOR).unscaledValue();
        BigInteger span = high.subtract(low).add(BigInteger.ONE);
        List<BigDecimal> edges = new ArrayList<>(List.of(new BigDecimal(low, scale), new BigDecimal(high, scale)));
        if (low.signum() < 0 && high.signum() > 0) {
            edges.add(BigDecimal.ZERO.setScale(scale));
        }
        return random -> {
            if (edge(random)) {
                return edges.get(random.nextInt(edges.size()));
            }
            byte[] bytes = new byte[span.toByteArray().length + 8];
            random.nextBytes(bytes);
            return new BigDecimal(low.add(new BigInteger(1, bytes).mod(span)), scale);
        };
    }

    /**
     * Any decimal of scale {@code scale}, from a few digits to about as many as a double's range, mostly short
     * ones; edge cases 0, plus and minus one unit and plus and minus one.
     */
    public static Generator<BigDecimal> bigDecimals(int scale) {
        List<BigDecimal> edges = List.of(BigDecimal.ZERO.setScale(scale), BigDecimal.ONE.movePointLeft(scale),
                BigDecimal.ONE.movePointLeft(scale).negate(), BigDecimal.ONE.setScale(scale), BigDecimal.ONE.negate().setScale(scale));
        return random -> {
            if (edge(random)) {
                return edges.get(random.nextInt(edges.size()));
            }
            StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
            for (int n = size(random, 1, 308 + scale); n > 0; n--) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            return new BigDecimal(new BigInteger(digits.toString()), scale);
        };
    }

    /** Byte arrays of up to {@code maxSize} bytes of any value; edge bytes 0, 1, 0x7F, 0x80 and 0xFF. */
    public static Generator<byte[]> bytes(int maxSize) {
        byte[] edges = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF};
        return random -> {
            byte[] out = new byte[size(random, 0, maxSize)];
            for (int i = 0; i < out.length; i++) {
                out[i] = edge(random) ? edges[random.nextInt(edges.length)] : (byte) random.nextInt(256);
            }
            return out;
        };
    }

    /** Characters from {@code from} to {@code to}; edge cases both bounds. */
    public static Generator<Character> chars(char from, char to) {
        return random -> edge(random) ? (random.nextBoolean() ? from : to) : (char) random.nextInt(from, to + 1);
    }

    /** One of the characters of {@code chars}, each as likely. */
    public static Generator<Character> charsOf(String chars) {
        return random -> chars.charAt(random.nextInt(chars.length()));
    }

    /**
     * Any UTF-16 unit except surrogates, noncharacters (U+FDD0..U+FDEF, U+FFFE, U+FFFF)
     * and private use (U+E000..U+F8FF). Edge cases NUL, space and the characters text cleaning treats specially:
     * no-break space, ideographic space, BOM, zero-width space, full-width digit one and U+FFFD.
     */
    public static Generator<Character> anyChars() {
        String edges = "\u0000 \u00A0\u3000\uFEFF\u200B\uFF11\uFFFD";
        return random -> {
            if (edge(random)) {
                return edges.charAt(random.nextInt(edges.length()));
            }
            while (true) {
                char c = (char) random.nextInt(0x10000);
                boolean excluded = Character.isSurrogate(c) || c >= 0xFDD0 && c <= 0xFDEF || c >= 0xFFFE
                        || c >= 0xE000 && c <= 0xF8FF;
                if (!excluded) {
                    return c;
                }
            }
        };
    }

    /** Strings of {@code min} to {@code max} characters of {@code chars} (so {@code ""} is an edge case when min is 0). */
    public static Generator<String> strings(Generator<Character> chars, int min, int max) {
        return random -> {
            int length = size(random, min, max);
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(chars.next(random).charValue());
            }
            return out.toString();
        };
    }

    /**
     * Any string: up to 255 characters, each one of {@link #anyChars()} or, one time in {@link #EDGE_CASE_ONE_IN}, a
     * character beyond the BMP (four bytes in UTF-8, a surrogate pair in Java) such as 𠀀 or an emoji.
     */
    public static Generator<String> strings() {
        Generator<Character> bmp = anyChars();
        return random -> {
            StringBuilder out = new StringBuilder();
            for (int n = size(random, 0, 255); n > 0; n--) {
                if (edge(random)) {
                    out.appendCodePoint(random.nextInt(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT + 1));
                } else {
                    out.append(bmp.next(random).charValue());
                }
            }
            return out.toString();
        };
    }

    /** Exactly {@code length} ASCII digits. */
    public static Generator<String> digits(int length) {
        return strings(chars('0', '9'), length, length);
    }

    /** Pieces joined into one string: {@code min} to {@code max} of them, so that each piece stays whole. */
    public static Generator<String> joined(Generator<String> pieces, int min, int max) {
        return pieces.list(min, max).map(parts -> String.join("", parts));
    }

    /** Dates from {@code from} to {@code to}, each day as likely; edge cases both bounds and a 29 February. */
    public static Generator<LocalDate> dates(LocalDate from, LocalDate to) {
        List<LocalDate> edges = new ArrayList<>(List.of(from, to));
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            LocalDate leap = LocalDate.of(year, 1, 1).isLeapYear() ? LocalDate.of(year, 2, 29) : null;
            if (leap != null && !leap.isBefore(from) && !leap.isAfter(to)) {
                edges.add(leap);
                break;
            }
        }
        long first = from.toEpochDay();
        long last = to.toEpochDay();
        return random -> edge(random) ? edges.get(random.nextInt(edges.size()))
                : LocalDate.ofEpochDay(random.nextLong(first, last + 1));
    }

    /** Distinct elements of {@code values} in any order, none to {@code max} of them. */
    public static <T> Generator<List<T>> subsets(List<? extends T> values, int max) {
        List<? extends T> copy = new ArrayList<>(values);
        return random -> {
            List<T> shuffled = new ArrayList<>(copy);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                java.util.Collections.swap(shuffled, i, random.nextInt(i + 1));
            }
            return new ArrayList<>(shuffled.subList(0, size(random, 0, Math.min(max, shuffled.size()))));
        };
    }
}
