package io.rtcgate.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the main cost figures grow along a scaling series: a least-squares line per figure (null if it cannot be fitted). */
public final class Slopes {
    static final List<Figure> FIGURES = List.of(Figure.GATEWAY_CPU, Figure.RSS, Figure.LIVE_HEAP, Figure.HEAP_USED,
            Figure.THREADS);

    private Slopes() {
    }

    /** {@code x.get(i)} is the step's streams (or total viewers); steps with a NaN figure are left out of that figure's fit. */
    public static Map<Figure, LeastSquares> of(List<Double> x, List<RunResult> steps) {
        Map<Figure, LeastSquares> out = new LinkedHashMap<>();
        for (Figure f : FIGURES) {
            double[] xs = new double[steps.size()];
            double[] ys = new double[steps.size()];
            int n = 0;
            for (int i = 0; i < steps.size(); i++) {
                double y = steps.get(i).get(f);
                if (!Double.isNaN(y)) {
                    xs[n] = x.get(i);
                    ys[n] = y;
                    n++;
                }
            }
            LeastSquares line = null;
            try {
                line = LeastSquares.fit(java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n));
            } catch (IllegalArgumentException e) {
                // fewer than two usable steps
            }
            out.put(f, line);
        }
        return out;
    }
}
