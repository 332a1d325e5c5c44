package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The fleet's JSON figures; the fleet itself runs against a gateway in the benchmark. */
class ViewerFleetTest {

    @Test
    void ttffPercentilesAreMillisecondsOfNearestRanks() {
        // 10 .. 200 ms in nanoseconds: P50 rank 10 = 100 ms, P95 rank 19 = 190 ms
        long[] nanos = new long[20];
        for (int i = 0; i < 20; i++) {
            nanos[i] = (i + 1) * 10_000_000L;
        }
        nanos[0] = 10_123_456L;
        assertEquals("{\"count\":20,\"p50\":100.00,\"p95\":190.00,\"max\":200.00}",
                ViewerFleet.millisJson(Percentiles.of(nanos)));
        assertEquals("{\"count\":1,\"p50\":10.12,\"p95\":10.12,\"max\":10.12}",
                ViewerFleet.millisJson(Percentiles.of(10_123_456L)));
    }

    @Test
    void noTtffsGiveNullFigures() {
        assertEquals("{\"count\":0,\"p50\":null,\"p95\":null,\"max\":null}", ViewerFleet.millisJson(Percentiles.of()));
    }

    @Test
    void jsonHasNoNaN() {
        assertEquals("null", ViewerFleet.jsonNumber(Double.NaN, 2));
        assertEquals("null", ViewerFleet.jsonNumber(Double.POSITIVE_INFINITY, 2));
        assertEquals("0.1235", ViewerFleet.jsonNumber(0.123456, 4));
    }
}
