package io.rtcgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Repeated runs of one configuration reduced to one: each figure's median over the runs that measured it (NaN when none
 * did). On a shared 2-core machine single runs drift by several percent; {@code -Dbench.repeat=N} with the median keeps a
 * stray run from deciding a comparison.
 */
public final class Medians {

    private Medians() {
    }

    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** One result with every figure the median of {@code runs} (all of the same configuration); one run is returned as is. */
    public static RunResult of(List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to take the median of");
        }
        if (runs.size() == 1) {
            return runs.get(0);
        }
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        for (Figure f : Figure.values()) {
            double[] values = new double[runs.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = runs.get(i).get(f);
            }
            figures.put(f, median(values));
        }
        RunResult first = runs.get(0);
        List<String> logs = new ArrayList<>();
        runs.forEach(r -> logs.add(r.gatewayLog()));
        return new RunResult(first.label() + " (median of " + runs.size() + ")", first.variant(), first.streams(),
                first.viewersPerStream(), first.warmupSeconds(), first.windowSeconds(), first.startedAt(),
                first.gatewayJvmArguments(), figures, null, String.join(", ", logs));
    }
}
