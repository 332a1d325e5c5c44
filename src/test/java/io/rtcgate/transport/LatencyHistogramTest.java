package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketBoundsByHand() {
        assertEquals(98, LatencyHistogram.BUCKETS);
        assertEquals(0, LatencyHistogram.lowerBoundNanos(0));
        assertEquals(1024, LatencyHistogram.upperBoundNanos(0));
        // octave 2^10: four buckets of 256 ns
        assertEquals(1024, LatencyHistogram.lowerBoundNanos(1));
        assertEquals(1280, LatencyHistogram.lowerBoundNanos(2));
        assertEquals(1792, LatencyHistogram.lowerBoundNanos(4));
        assertEquals(2048, LatencyHistogram.upperBoundNanos(4));
        // octave 2^11: buckets of 512 ns
        assertEquals(2048, LatencyHistogram.lowerBoundNanos(5));
        assertEquals(2560, LatencyHistogram.lowerBoundNanos(6));
        assertEquals(1L << 34, LatencyHistogram.upperBoundNanos(96));
        assertEquals(1L << 34, LatencyHistogram.lowerBoundNanos(97));
        assertEquals(Long.MAX_VALUE, LatencyHistogram.upperBoundNanos(97));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.lowerBoundNanos(98));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.upperBoundNanos(-1));
    }

    @Test
    void everyValueFallsInsideItsBucketsBounds() {
        long[] samples = {-5, 0, 1, 1023, 1024, 1279, 1280, 2047, 2048, 999_999, 1_000_000, 123_456_789,
            (1L << 34) - 1, 1L << 34, Long.MAX_VALUE};
        for (long v : samples) {
            int b = LatencyHistogram.bucketOf(v);
            long clamped = Math.max(0, v);
            assertTrue(LatencyHistogram.lowerBoundNanos(b) <= clamped && clamped < LatencyHistogram.upperBoundNanos(b)
                    || b == LatencyHistogram.BUCKETS - 1, v + " in bucket " + b);
        }
        assertEquals(0, LatencyHistogram.bucketOf(1023));
        assertEquals(1, LatencyHistogram.bucketOf(1024));
        assertEquals(2, LatencyHistogram.bucketOf(1280));
        assertEquals(97, LatencyHistogram.bucketOf(Long.MAX_VALUE));
    }

    @Test
    void bucketsAreContiguousAndAtMostAQuarterWide() {
        for (int b = 1; b < LatencyHistogram.BUCKETS - 1; b++) {
            long lo = LatencyHistogram.lowerBoundNanos(b);
            long hi = LatencyHistogram.upperBoundNanos(b);
            assertEquals(hi, LatencyHistogram.lowerBoundNanos(b + 1));
            assertTrue((hi - lo) * 4 <= lo, "bucket " + b + " [" + lo + "," + hi + ")");
        }
    }

    @Test
    void snapshotSumsEveryRecordingThread() throws InterruptedException {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(500);
        histogram.record(1300);
        Thread other = new Thread(() -> {
            histogram.record(1300);
            histogram.record(1L << 40);
        });
        other.start();
        other.join();
        long[] expected = new long[LatencyHistogram.BUCKETS];
        expected[0] = 1;
        expected[2] = 2;
        expected[97] = 1;
        assertArrayEquals(expected, histogram.snapshot());
    }

    @Test
    void recordingDoesNotAllocateInSteadyState() {
        LatencyHistogram histogram = new LatencyHistogram();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 100_000; i++) {
            histogram.record(1_000 + i * 37L);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            histogram.record(1_000 + i * 37L);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 4096, "100000 records allocated " + allocated + " bytes");
        long total = 0;
        for (long c : histogram.snapshot()) {
            total += c;
        }
        assertEquals(200_000, total);
    }
}
