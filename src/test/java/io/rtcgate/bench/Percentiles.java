package io.rtcgate.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of measurements: the p-th percentile of N sorted values is the value at rank
 * {@code ceil(p / 100 * N)} (1-based), so it is always one of the measurements, never an interpolation. Rank 1 for
 * p = 0. Immutable; the values are copied and sorted once.
 */
public final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** The percentiles of {@code values} (any order; the array is not changed). */
    public static Percentiles of(long... values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public int count() {
        return sorted.length;
    }

    /**
     * The nearest-rank {@code p}-th percentile, 0 &le; p &le; 100.
     *
     * @throws IllegalArgumentException if p is outside 0..100 (or NaN)
     * @throws IllegalStateException    if there are no values
     */
    public long percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be within 0..100, got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        // ceil(p/100 * N) in exact arithmetic where p is a whole number, so 95% of 20 is rank 19, not 19.000000000004
        double exactRank = p * sorted.length / 100.0;
        long rank = (long) Math.ceil(exactRank - 1e-9);
        return sorted[(int) Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** The largest value. @throws IllegalStateException if there are no values */
    public long max() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        return sorted[sorted.length - 1];
    }
}
