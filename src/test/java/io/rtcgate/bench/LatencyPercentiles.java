package io.rtcgate.bench;

/**
 * Percentiles from a bucketed histogram (the gateway's {@code latency} in {@code /v1/diagnostics}): bucket {@code i}
 * holds the values in {@code [lowerBounds[i], lowerBounds[i+1])}, the last bucket is open-ended. The benchmark diffs two
 * readings ({@link #difference}) and reads the percentiles of the window.
 *
 * <p>Within the bucket that holds the wanted rank the value is interpolated linearly, assuming the bucket's values are
 * spread evenly; in the open last bucket the answer is its lower bound (a floor, the true value may be higher).
 */
public final class LatencyPercentiles {

    private LatencyPercentiles() {
    }

    /** {@code after - before}, bucket by bucket; arrays of different length are an error. */
    public static long[] difference(long[] after, long[] before) {
        if (after.length != before.length) {
            throw new IllegalArgumentException("histograms of different sizes: " + after.length + " vs " + before.length);
        }
        long[] out = new long[after.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = after[i] - before[i];
            if (out[i] < 0) {
                throw new IllegalArgumentException("bucket " + i + " went down: " + before[i] + " -> " + after[i]);
            }
        }
        return out;
    }

    /**
     * The {@code quantile} (0 < q <= 1) of the counted values, in the bounds' unit; NaN when nothing was counted.
     * The rank is {@code ceil(q * total)} (the nearest-rank definition).
     */
    public static double percentile(long[] lowerBounds, long[] counts, double quantile) {
        if (lowerBounds.length != counts.length || counts.length == 0) {
            throw new IllegalArgumentException("bounds and counts must have the same, non-zero length");
        }
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile outside (0, 1]: " + quantile);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                if (i == counts.length - 1) {
                    return lowerBounds[i];
                }
                double width = lowerBounds[i + 1] - lowerBounds[i];
                return lowerBounds[i] + width * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + total);
    }
}
