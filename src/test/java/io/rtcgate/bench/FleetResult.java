package io.rtcgate.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The viewer fleet's JSON line for the measurement window ({@link ViewerFleet}). Counters the fleet does not report are
 * -1 and percentiles NaN, so a fleet without loss or time-to-first-frame accounting still yields the other figures.
 *
 * @param startTtffMs time to first frame of the fleet's viewers when they joined (before the window)
 * @param probeTtffMs time to first frame of viewers that joined during the window (a new viewer on a busy gateway)
 */
public record FleetResult(int viewers, int failed, double seconds, long videoPackets, long audioPackets, long videoFrames,
        long srtpRejected, long lostPackets, long latePackets, long duplicatePackets, long authFailures,
        long expectedPackets, double lossPercent, Ttff startTtffMs, Ttff probeTtffMs) {

    /** A latency summary in milliseconds; {@link #NONE} when absent. */
    public record Ttff(long count, double p50, double p95, double max) {
        public static final Ttff NONE = new Ttff(0, Double.NaN, Double.NaN, Double.NaN);

        static Ttff of(JsonNode json) {
            if (!json.isObject()) {
                return NONE;
            }
            return new Ttff(json.path("count").asLong(0), number(json.path("p50")), number(json.path("p95")),
                    number(json.path("max")));
        }
    }

    public static FleetResult of(JsonNode json) {
        return new FleetResult(json.path("viewers").asInt(0), json.path("failed").asInt(0), number(json.path("seconds")),
                json.path("videoPackets").asLong(0), json.path("audioPackets").asLong(0), json.path("videoFrames").asLong(0),
                json.path("srtpRejected").asLong(-1), json.path("lostPackets").asLong(-1), json.path("latePackets").asLong(-1),
                json.path("duplicatePackets").asLong(-1), json.path("authFailures").asLong(-1),
                json.path("expectedPackets").asLong(-1), number(json.path("lossPercent")), Ttff.of(json.path("startTtffMs")),
                Ttff.of(json.path("probeTtffMs")));
    }

    /** Loss in percent: the fleet's own figure, else lost over expected, else NaN. */
    public double loss() {
        if (!Double.isNaN(lossPercent)) {
            return lossPercent;
        }
        return lostPackets < 0 ? Double.NaN : BenchFigures.lossPercent(lostPackets, expectedPackets);
    }

    /** Packets whose SRTP authentication failed: the fleet's {@code authFailures}, else {@code srtpRejected}. */
    public long authenticationFailures() {
        return authFailures >= 0 ? authFailures : srtpRejected;
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
