package io.rtcgate.transport;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed log-scale histogram of latencies in nanoseconds, for the benchmark: it diffs two {@link #snapshot()}s and reads
 * percentiles off the bucket bounds. Buckets: {@code [0, 1024)} ns, then four equal sub-buckets per power of two from
 * 2<sup>10</sup> ns (about 1 µs) up to 2<sup>34</sup> ns (about 17 s), then one overflow bucket; a bucket is at most 25 %
 * wide relative to its lower bound.
 *
 * <p>Single writer per thread, no lock, no allocation in steady state: each recording thread (an event loop) has its
 * own counters, created on its first {@link #record} and kept for the life of the histogram; a counter is only ever
 * written by its thread ({@code lazySet} of its own read), so readers may see a value a moment late but never a lost
 * update. {@link #snapshot()} sums the threads' counters.
 */
public final class LatencyHistogram {
    /** Below this many nanoseconds everything falls into bucket 0. */
    static final int FIRST_OCTAVE = 10;
    /** The overflow bucket starts at 2^LAST_OCTAVE ns. */
    static final int LAST_OCTAVE = 34;
    static final int SUB_BUCKETS = 4;
    public static final int BUCKETS = 1 + (LAST_OCTAVE - FIRST_OCTAVE) * SUB_BUCKETS + 1;

    private final List<AtomicLongArray> perThread = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<AtomicLongArray> mine = new FastThreadLocal<>() {
        @Override
        protected AtomicLongArray initialValue() {
            AtomicLongArray counts = new AtomicLongArray(BUCKETS);
            perThread.add(counts);
            return counts;
        }
    };

    /** Counts one latency on the calling thread; negative values count as 0. */
    public void record(long nanos) {
        AtomicLongArray counts = mine.get();
        int bucket = bucketOf(nanos);
        counts.lazySet(bucket, counts.get(bucket) + 1);
    }

    /** Counts per bucket, summed over every thread that recorded. */
    public long[] snapshot() {
        long[] sum = new long[BUCKETS];
        for (AtomicLongArray counts : perThread) {
            for (int i = 0; i < BUCKETS; i++) {
                sum[i] += counts.get(i);
            }
        }
        return sum;
    }

    static int bucketOf(long nanos) {
        if (nanos < (1L << FIRST_OCTAVE)) {
            return 0;
        }
        int octave = 63 - Long.numberOfLeadingZeros(nanos);
        if (octave >= LAST_OCTAVE) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (octave - 2)) & (SUB_BUCKETS - 1);
        return 1 + (octave - FIRST_OCTAVE) * SUB_BUCKETS + sub;
    }

    /** The smallest value in {@code bucket} (inclusive), in nanoseconds. */
    public static long lowerBoundNanos(int bucket) {
        checkBucket(bucket);
        if (bucket == 0) {
            return 0;
        }
        if (bucket == BUCKETS - 1) {
            return 1L << LAST_OCTAVE;
        }
        int octave = FIRST_OCTAVE + (bucket - 1) / SUB_BUCKETS;
        int sub = (bucket - 1) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub) << (octave - 2);
    }

    /** The end of {@code bucket} (exclusive), in nanoseconds; {@link Long#MAX_VALUE} for the overflow bucket. */
    public static long upperBoundNanos(int bucket) {
        checkBucket(bucket);
        return bucket == BUCKETS - 1 ? Long.MAX_VALUE : lowerBoundNanos(bucket + 1);
    }

    private static void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IllegalArgumentException("bucket " + bucket + " outside 0.." + (BUCKETS - 1));
        }
    }
}
