package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.transport.LatencyHistogram;
import org.junit.jupiter.api.Test;

class LatencyPercentilesTest {
    private static final long[] BOUNDS = {0, 10, 20, 40};

    @Test
    void nearestRankInterpolatedInsideTheBucket() {
        long[] counts = {0, 4, 4, 2}; // 10 values
        // rank 5 is the 1st of 4 in [20,40): 20 + 20 * 1/4
        assertEquals(25.0, LatencyPercentiles.percentile(BOUNDS, counts, 0.50), 1e-9);
        // rank 1 is the 1st of 4 in [10,20): 10 + 10 * 1/4
        assertEquals(12.5, LatencyPercentiles.percentile(BOUNDS, counts, 0.10), 1e-9);
        // rank 8 is the last of [20,40): its upper end
        assertEquals(40.0, LatencyPercentiles.percentile(BOUNDS, counts, 0.80), 1e-9);
        // rank ceil(9.5) = 10 falls in the open last bucket: its lower bound
        assertEquals(40.0, LatencyPercentiles.percentile(BOUNDS, counts, 0.95), 1e-9);
        assertEquals(40.0, LatencyPercentiles.percentile(BOUNDS, counts, 1.0), 1e-9);
    }

    @Test
    void nothingCountedIsNaN() {
        assertTrue(Double.isNaN(LatencyPercentiles.percentile(BOUNDS, new long[4], 0.5)));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> LatencyPercentiles.percentile(BOUNDS, new long[3], 0.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyPercentiles.percentile(BOUNDS, new long[4], 0));
        assertThrows(IllegalArgumentException.class, () -> LatencyPercentiles.percentile(BOUNDS, new long[4], 1.5));
        assertThrows(IllegalArgumentException.class, () -> LatencyPercentiles.difference(new long[2], new long[3]));
        assertThrows(IllegalArgumentException.class, () -> LatencyPercentiles.difference(new long[] {1}, new long[] {2}));
    }

    @Test
    void differenceIsTheWindow() {
        assertArrayEquals(new long[] {0, 3, 1, 0}, LatencyPercentiles.difference(new long[] {5, 7, 2, 1}, new long[] {5, 4, 1, 1}));
    }

    @Test
    void withTheGatewayBucketsASingleValueIsFoundWithinItsBucket() {
        long[] bounds = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = LatencyHistogram.lowerBoundNanos(i);
        }
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.record(50_000); // 50 µs
        }
        histogram.record(3_000_000); // one 3 ms outlier
        long[] counts = histogram.snapshot();
        double p50 = LatencyPercentiles.percentile(bounds, counts, 0.5);
        double p99 = LatencyPercentiles.percentile(bounds, counts, 0.99);
        double p100 = LatencyPercentiles.percentile(bounds, counts, 1.0);
        // 50_000 lies in [49_152, 57_344) (octave 2^15, sub-bucket 2)
        assertTrue(p50 >= 49_152 && p50 <= 57_344, "p50 " + p50);
        assertTrue(p99 >= 49_152 && p99 <= 57_344, "p99 " + p99);
        // 3_000_000 lies in [2_621_440, 3_145_728)
        assertTrue(p100 >= 2_621_440 && p100 <= 3_145_728, "max " + p100);
    }
}
