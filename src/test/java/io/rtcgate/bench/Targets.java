package io.rtcgate.bench;

import java.util.EnumMap;
import java.util.Map;

/**
 * The targets of issue 4 ("The 64-camera benchmark"), set for 64 streams × 1 viewer on a 2-core machine; the CPU target
 * is 30 % instead of 5 % from 10 viewers per stream on.
 */
public final class Targets {
    /** The stream count the targets are set for. */
    public static final int STREAMS = 64;

    private Targets() {
    }

    public static Map<Figure, Target> forRun(int viewersPerStream) {
        Map<Figure, Target> t = new EnumMap<>(Figure.class);
        if (viewersPerStream >= 10) {
            t.put(Figure.GATEWAY_CPU, new Target(Figure.GATEWAY_CPU, 30, "≤ 30 % (×10 viewers)"));
        } else {
            t.put(Figure.GATEWAY_CPU, new Target(Figure.GATEWAY_CPU, 5, "≤ 5 %"));
        }
        t.put(Figure.CPU_PER_SENT_PACKET, new Target(Figure.CPU_PER_SENT_PACKET, 4, "≤ 4 µs"));
        t.put(Figure.ALLOCATION_PER_SENT_PACKET, new Target(Figure.ALLOCATION_PER_SENT_PACKET, 8, "≤ 8 B"));
        t.put(Figure.LIVE_HEAP, new Target(Figure.LIVE_HEAP, 16, "≤ 16 MiB"));
        t.put(Figure.RSS, new Target(Figure.RSS, 160, "≤ 160 MiB"));
        t.put(Figure.THREADS, new Target(Figure.THREADS, 48, "≤ 48, flat"));
        t.put(Figure.VIEWER_LOSS, new Target(Figure.VIEWER_LOSS, 0, "0 %"));
        t.put(Figure.AUTH_FAILURES, new Target(Figure.AUTH_FAILURES, 0, "0"));
        t.put(Figure.LATENCY_P95, new Target(Figure.LATENCY_P95, 1000, "≤ 1000 µs"));
        t.put(Figure.TTFF_NEW_VIEWER_P95, new Target(Figure.TTFF_NEW_VIEWER_P95, 300, "≤ 300 ms"));
        return t;
    }
}
