package io.onceonly.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes one value of a property's input from a seeded random source, so the same seed makes the same values.
 *
 * @param <T> the value made
 */
@FunctionalInterface
public interface Generator<T> {
    /** How many values a {@link #filter} tries before it gives up: a filter that keeps almost nothing is a bug. */
    int FILTER_ATTEMPTS = 10_000;

    T next(SplittableRandom random);

    default <R> Generator<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    default <R> Generator<R> flatMap(Function<? super T, ? extends Generator<? extends R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    /** Only the values {@code keep} accepts; the others are made again. */
    default Generator<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int i = 0; i < FILTER_ATTEMPTS; i++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("Generator filter kept none of " + FILTER_ATTEMPTS
                    + " values: '" + keep + "'. Make the values it needs directly instead of filtering for them.");
        };
    }

    /** Lists of {@code min} to {@code max} values, their size chosen by {@link Generators#size}. */
    default Generator<List<T>> list(int min, int max) {
        return random -> {
            int size = Generators.size(random, min, max);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }
}
