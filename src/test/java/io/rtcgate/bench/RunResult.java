package io.rtcgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One benchmark run: what ran, its figures ({@link RunFigures}), the fleet's raw report and where the logs are. */
public record RunResult(String label, Variant variant, int streams, int viewersPerStream, int warmupSeconds, int windowSeconds,
        Instant startedAt, List<String> gatewayJvmArguments, Map<Figure, Double> figures, JsonNode fleetReport,
        String gatewayLog) {

    public double get(Figure figure) {
        Double v = figures.get(figure);
        return v == null ? Double.NaN : v;
    }
}
