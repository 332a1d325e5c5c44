package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchFiguresTest {

    @Test
    void cpuFromClockTicks() {
        // 150 ticks at 100 Hz = 1.5 CPU s over 60 s = 2.5 % of one core
        assertEquals(2.5, BenchFigures.cpuPercentOfOneCore(150, 100, 60.0), 1e-9);
        assertEquals(1.5, BenchFigures.cpuSeconds(150, 100), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.cpuPercentOfOneCore(150, 100, 0)));
        assertTrue(Double.isNaN(BenchFigures.cpuPercentOfOneCore(150, 0, 60)));
    }

    @Test
    void perPacketFigures() {
        // 1.5 CPU s for 500_000 packets = 3 µs each
        assertEquals(3.0, BenchFigures.microsPer(1.5, 500_000), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.microsPer(1.5, 0)));
        assertEquals(6.4, BenchFigures.ratio(3_200_000, 500_000), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.ratio(1, 0)));
        assertEquals(200.0, BenchFigures.perSecond(12_000, 60), 1e-9);
    }

    @Test
    void memoryLossAndChange() {
        assertEquals(16.0, BenchFigures.mebibytes(16L * 1024 * 1024), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.mebibytes(-1)));
        assertEquals(0.5, BenchFigures.lossPercent(5, 1000), 1e-9);
        assertEquals(0.0, BenchFigures.lossPercent(-3, 1000), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.lossPercent(0, 0)));
        assertEquals(-20.0, BenchFigures.relativeChangePercent(5.0, 4.0), 1e-9);
        assertEquals(50.0, BenchFigures.relativeChangePercent(-2.0, -1.0), 1e-9);
        assertTrue(Double.isNaN(BenchFigures.relativeChangePercent(0, 1)));
    }
}
