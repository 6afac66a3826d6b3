package io.onceonly.reliability;

import java.util.Random;

/**
 * The random seed of one fault run: it drives the load and the faults' timing and targets, is printed when the run
 * begins and written with its figures, and {@code -Donceonly.reliability.seed=N} runs the same choices again.
 */
record FaultSeed(long value, Random random) {
    static final String PROPERTY = "onceonly.reliability.seed";

    static FaultSeed next() {
        Long fixed = Long.getLong(PROPERTY);
        long value = fixed != null ? fixed : new Random().nextLong();
        System.out.println("RELIABILITY seed " + value + (fixed != null ? " (given)" : "") + "; replay with -D" + PROPERTY
                + "=" + value);
        return new FaultSeed(value, new Random(value ^ 0x5DEECE66DL));
    }

    /** A whole number of milliseconds from {@code min} to {@code max}, drawn from the seed. */
    long millisBetween(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }
}
