package io.rtcgate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What to run, from system properties ({@code mvn -Pbench verify -Dbench.streams=16 ...}):
 * <ul>
 * <li>{@code bench.streams} (64), {@code bench.viewers} per stream (1), {@code bench.warmup} seconds (15),
 *     {@code bench.seconds} of measurement window (60);</li>
 * <li>{@code bench.compare}: strategy keys ({@link Strategy}) or {@code all}: the baseline, then each variant;</li>
 * <li>{@code bench.scale}: {@code streams} (at 1 viewer: {@code bench.scale.streams}, default 1,16,64,256) or
 *     {@code viewers} ({@code bench.scale.viewer-streams} streams, default 64, × {@code bench.scale.viewers}, default
 *     1,5,20);</li>
 * <li>{@code bench.repeat} (1): measure each configuration this many times, round robin (baseline, variants, baseline,
 *     ...), and report each figure's median;</li>
 * <li>{@code bench.jvm-flags}: extra gateway JVM flags for every run (space-separated), {@code bench.output}
 *     (target/bench).</li>
 * </ul>
 */
public record BenchSettings(int streams, int viewersPerStream, int warmupSeconds, int windowSeconds, List<Strategy> compare,
        String scale, List<Integer> scaleStreams, List<Integer> scaleViewers, int scaleViewerStreams, int repeat,
        List<String> extraJvmFlags, Path outputDir) {

    public BenchSettings {
        if (streams < 1 || viewersPerStream < 0 || warmupSeconds < 0 || windowSeconds < 1) {
            throw new IllegalArgumentException("need streams >= 1, viewers >= 0, warm-up >= 0, window >= 1 s: " + streams + ", "
                    + viewersPerStream + ", " + warmupSeconds + ", " + windowSeconds);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("bench.repeat must be at least 1: " + repeat);
        }
        if (!scale.isEmpty() && !scale.equals("streams") && !scale.equals("viewers")) {
            throw new IllegalArgumentException("bench.scale must be 'streams' or 'viewers', not '" + scale + "'");
        }
        if (!scale.isEmpty() && !compare.isEmpty()) {
            throw new IllegalArgumentException("bench.scale and bench.compare are separate invocations; give one");
        }
    }

    public static BenchSettings from(Properties p) {
        return new BenchSettings(intOf(p, "bench.streams", 64), intOf(p, "bench.viewers", 1), intOf(p, "bench.warmup", 15),
                intOf(p, "bench.seconds", 60), Strategy.parseList(p.getProperty("bench.compare", "")),
                p.getProperty("bench.scale", "").trim(), intsOf(p, "bench.scale.streams", "1,16,64,256"),
                intsOf(p, "bench.scale.viewers", "1,5,20"), intOf(p, "bench.scale.viewer-streams", 64), intOf(p, "bench.repeat", 1),
                words(p.getProperty("bench.jvm-flags", "")), Path.of(p.getProperty("bench.output", "target/bench")));
    }

    private static int intOf(Properties p, String key, int fallback) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'", e);
        }
    }

    private static List<Integer> intsOf(Properties p, String key, String fallback) {
        List<Integer> out = new ArrayList<>();
        for (String part : p.getProperty(key, fallback).split(",")) {
            if (!part.isBlank()) {
                try {
                    int n = Integer.parseInt(part.trim());
                    if (n < 1) {
                        throw new IllegalArgumentException(key + ": counts must be at least 1, not " + n);
                    }
                    out.add(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be comma-separated whole numbers, not '" + part + "'", e);
                }
            }
        }
        if (out.size() < 2) {
            throw new IllegalArgumentException(key + " needs at least two steps for a slope: " + out);
        }
        return List.copyOf(out);
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
