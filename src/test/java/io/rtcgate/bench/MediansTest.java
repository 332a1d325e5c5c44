package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void medianOfOddEvenAndPartlyUnmeasured() {
        assertEquals(3.0, Medians.median(new double[] {9, 3, 1}), 1e-9);
        assertEquals(4.0, Medians.median(new double[] {9, 3, 5, 1}), 1e-9);
        assertEquals(6.0, Medians.median(new double[] {Double.NaN, 9, 3}), 1e-9);
        assertTrue(Double.isNaN(Medians.median(new double[] {Double.NaN})));
    }

    @Test
    void runsBecomeOneWithMedianFigures() {
        RunResult a = EffectTest.run(Variant.BASELINE, 4.0, 3.0, 6.0, 150, 12, 30, 8.0);
        RunResult b = EffectTest.run(Variant.BASELINE, 9.0, 2.0, 7.0, 160, 13, 30, 7.0);
        RunResult c = EffectTest.run(Variant.BASELINE, 5.0, 4.0, 5.0, 155, 11, 31, 9.0);
        RunResult m = Medians.of(List.of(a, b, c));
        assertEquals(5.0, m.get(Figure.GATEWAY_CPU), 1e-9);
        assertEquals(3.0, m.get(Figure.CPU_PER_SENT_PACKET), 1e-9);
        assertEquals(155.0, m.get(Figure.RSS), 1e-9);
        assertEquals(30.0, m.get(Figure.THREADS), 1e-9);
        assertTrue(m.label().endsWith("(median of 3)"), m.label());
        assertTrue(Double.isNaN(m.get(Figure.LATENCY_P95)), "measured in no run");
        assertSame(a, Medians.of(List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> Medians.of(List.of()));
    }
}
