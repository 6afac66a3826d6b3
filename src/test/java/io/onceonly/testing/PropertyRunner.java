package io.onceonly.testing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.opentest4j.TestAbortedException;

/**
 * Runs a property on generated inputs from one seed and, when it fails, names the seed and the smallest failing input.
 *
 * <p>Why the seed changes from run to run: each build then tries inputs no build tried before, so over many builds a
 * property covers far more than its tries, while a failure stays reproducible because the seed is printed, with every
 * property's try count, on one line per property, and again in the failure's message. Replay a failure with
 * {@code -Donceonly.property.seed=<seed>} and the {@code -Dtest=Class#method} (an IT: {@code -Dit.test=}) it names: try
 * {@code i} of a seed always gets the same input, since each try draws from its own split of the seed's random source.
 * There is no shrinking: every try runs, and of the failing inputs the one with the shortest description is reported.
 * An input a property rejects with JUnit's {@code Assumptions.assume*} counts as a try, not a check; more
 * than {@link #MAX_REJECTED_PER_CHECK} rejected per check fails the property, since it then checks too little.
 */
public final class PropertyRunner {
    /** The system property that replays a seed. */
    public static final String SEED_PROPERTY = "onceonly.property.seed";
    /** Above this many rejected inputs per checked one a property checks too little. */
    public static final int MAX_REJECTED_PER_CHECK = 5;

    private PropertyRunner() {
    }

    /** What a property asserts of one input; any exception or error thrown is a failure. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /** Checks {@code property} on {@code tries} inputs of {@code generator}, named after the calling test method. */
    public static <T> void forAll(int tries, Generator<? extends T> generator, Property<? super T> property) {
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(PropertyRunner.class.getName())).findFirst())
                .orElseThrow();
        String className = caller.getClassName();
        String name = className.substring(className.lastIndexOf('.') + 1) + "#" + caller.getMethodName();
        check(name, seed(), tries, generator, property);
    }

    /** The seed to replay, or a new one for this run. */
    static long seed() {
        String replay = System.getProperty(SEED_PROPERTY, "").trim();
        if (replay.isEmpty()) {
            return new SplittableRandom().nextLong();
        }
        try {
            return Long.parseLong(replay);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("System property " + SEED_PROPERTY + " is not a seed: '" + replay
                    + "'. Give the number a failed property printed, such as -D" + SEED_PROPERTY + "=-4242424242.", e);
        }
    }

    static <T> void check(String name, long seed, int tries, Generator<? extends T> generator, Property<? super T> property) {
        SplittableRandom source = new SplittableRandom(seed);
        int checks = 0;
        int rejected = 0;
        int failures = 0;
        int smallestTry = -1;
        String smallest = null;
        Throwable smallestError = null;
        try {
            for (int i = 0; i < tries; i++) {
                SplittableRandom random = source.split();
                T input;
                try {
                    input = generator.next(random);
                } catch (RuntimeException e) {
                    throw new AssertionError(header(name, seed, i, tries) + " could not make its input. " + replay(name, seed), e);
                }
                try {
                    property.check(input);
                    checks++;
                } catch (TestAbortedException assumptionNotMet) {
                    rejected++;
                } catch (Exception | AssertionError e) {
                    failures++;
                    String described = describe(input);
                    if (smallest == null || described.length() < smallest.length()) {
                        smallest = described;
                        smallestTry = i;
                        smallestError = e;
                    }
                    if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                        break; // a timeout stopped the test: report what failed so far instead of failing every try left
                    }
                }
            }
        } finally {
            // Printed whatever happens, so that a property stopped by a timeout can be replayed too.
            System.out.printf("Property %s: %d tries, %d checks, %d rejected, %d failed, seed %d%n", name, tries, checks,
                    rejected, failures, seed);
        }
        if (smallestError != null) {
            throw new AssertionError(header(name, seed, smallestTry, tries) + " fails (" + failures + " of " + tries
                    + " tries failed; this is the smallest failing input): '" + smallest + "'. " + replay(name, seed)
                    + " Its failure: " + smallestError, smallestError);
        }
        if (rejected > MAX_REJECTED_PER_CHECK * checks) {
            throw new AssertionError("Property " + name + " checked too few inputs: '" + checks + " checks, " + rejected
                    + " rejected'. Its assumptions reject more than " + MAX_REJECTED_PER_CHECK
                    + " inputs per check; generate inputs that meet them. Seed " + seed + ".");
        }
    }

    private static String header(String name, long seed, int tryIndex, int tries) {
        return "Property " + name + " with seed " + seed + " at try " + (tryIndex + 1) + " of " + tries;
    }

    private static String replay(String name, long seed) {
        boolean integration = name.substring(0, name.indexOf('#') < 0 ? name.length() : name.indexOf('#')).endsWith("IT");
        return "Replay it with -D" + SEED_PROPERTY + "=" + seed + (integration ? " -Dit.test=" : " -Dtest=") + name + ".";
    }

    /** The input as a reader needs it: text quoted with its invisible characters escaped, bytes in hex. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence text) {
            return "\"" + escaped(text.toString()) + "\"";
        }
        if (value instanceof Character c) {
            return "'" + escaped(String.valueOf(c)) + "'";
        }
        if (value instanceof byte[] bytes) {
            return "bytes[" + HexFormat.of().formatHex(bytes) + "]";
        }
        if (value instanceof Collection<?> items) {
            List<String> described = new ArrayList<>();
            items.forEach(item -> described.add(describe(item)));
            return "[" + String.join(", ", described) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> described = new ArrayList<>();
            map.forEach((k, v) -> described.add(describe(k) + "=" + describe(v)));
            return "{" + String.join(", ", described) + "}";
        }
        if (value instanceof Record) {
            List<String> described = new ArrayList<>();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    described.add(component.getName() + "=" + describe(component.getAccessor().invoke(value)));
                } catch (ReflectiveOperationException e) {
                    described.add(component.getName() + "=?");
                }
            }
            return value.getClass().getSimpleName() + "[" + String.join(", ", described) + "]";
        }
        return String.valueOf(value);
    }

    /** Controls, format characters, surrogates, separators other than space, and quotes as \\uXXXX. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR && c != ' ';
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (invisible || c == '"' || c == '\\' || c == '\uFFFD') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
