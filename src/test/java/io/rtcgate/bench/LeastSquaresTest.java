package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LeastSquaresTest {

    @Test
    void exactLine() {
        LeastSquares line = LeastSquares.fit(new double[] {1, 16, 64, 256}, new double[] {3, 33, 129, 513});
        assertEquals(2.0, line.slope(), 1e-9);
        assertEquals(1.0, line.intercept(), 1e-9);
    }

    @Test
    void noisyPointsByHand() {
        // x 0,1,2 ; y 0,2,1: mean x 1, mean y 1, sxy = (-1)(-1) + 0 + (1)(0) = 1, sxx = 2 -> slope 0.5, intercept 0.5
        LeastSquares line = LeastSquares.fit(new double[] {0, 1, 2}, new double[] {0, 2, 1});
        assertEquals(0.5, line.slope(), 1e-9);
        assertEquals(0.5, line.intercept(), 1e-9);
    }

    @Test
    void needsTwoDistinctXs() {
        assertThrows(IllegalArgumentException.class, () -> LeastSquares.fit(new double[] {4}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LeastSquares.fit(new double[] {4, 4}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> LeastSquares.fit(new double[] {1, 2}, new double[] {1}));
    }
}
