package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void wikipediasFiveValueExample() {
        // 15, 20, 35, 40, 50: P30 rank ceil(1.5)=2 -> 20, P40 rank 2 -> 20, P50 rank ceil(2.5)=3 -> 35, P100 -> 50
        Percentiles p = Percentiles.of(50, 15, 40, 20, 35);
        assertEquals(20, p.percentile(30));
        assertEquals(20, p.percentile(40));
        assertEquals(35, p.percentile(50));
        assertEquals(50, p.percentile(100));
        assertEquals(15, p.percentile(5)); // rank ceil(0.25) = 1
        assertEquals(15, p.percentile(0));
        assertEquals(50, p.max());
        assertEquals(5, p.count());
    }

    @Test
    void twentyValuesP95IsTheNineteenth() {
        long[] values = new long[20];
        for (int i = 0; i < 20; i++) {
            values[i] = (i + 1) * 10L; // 10 .. 200
        }
        Percentiles p = Percentiles.of(values);
        assertEquals(100, p.percentile(50)); // rank 10
        assertEquals(190, p.percentile(95)); // rank 19 exactly, no floating-point round-up to 20
        assertEquals(200, p.percentile(99)); // rank ceil(19.8) = 20
        assertEquals(200, p.max());
    }

    @Test
    void tenValuesP95AndP50() {
        // sorted 1..10: P50 rank 5 -> 5, P95 rank ceil(9.5) = 10 -> 10
        Percentiles p = Percentiles.of(7, 3, 10, 1, 9, 2, 8, 4, 6, 5);
        assertEquals(5, p.percentile(50));
        assertEquals(10, p.percentile(95));
    }

    @Test
    void oneValueIsEveryPercentile() {
        Percentiles p = Percentiles.of(42);
        assertEquals(42, p.percentile(0));
        assertEquals(42, p.percentile(50));
        assertEquals(42, p.percentile(95));
        assertEquals(42, p.max());
    }

    @Test
    void duplicatesCountAsSeparateRanks() {
        Percentiles p = Percentiles.of(5, 5, 5, 100);
        assertEquals(5, p.percentile(50)); // rank 2
        assertEquals(5, p.percentile(75)); // rank 3
        assertEquals(100, p.percentile(76)); // rank ceil(3.04) = 4
    }

    @Test
    void theCallersArrayIsLeftAsItWas() {
        long[] values = {3, 1, 2};
        Percentiles.of(values);
        assertEquals(3, values[0]);
    }

    @Test
    void noValuesAndBadPercentilesAreRefused() {
        Percentiles empty = Percentiles.of();
        assertEquals(0, empty.count());
        assertThrows(IllegalStateException.class, () -> empty.percentile(50));
        assertThrows(IllegalStateException.class, empty::max);
        Percentiles p = Percentiles.of(1, 2);
        assertThrows(IllegalArgumentException.class, () -> p.percentile(-1));
        assertThrows(IllegalArgumentException.class, () -> p.percentile(100.5));
        assertThrows(IllegalArgumentException.class, () -> p.percentile(Double.NaN));
    }
}
