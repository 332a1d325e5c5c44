package io.rtcgate.bench;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of one run, computed from a {@link WindowMeasurement}: packets sent are the datagrams the gateway's UDP port
 * handed to the kernel in the window, packets received the RTP packets its ingest read. A figure that cannot be computed
 * (no viewers, an older gateway without the field) is NaN.
 */
public final class RunFigures {

    private RunFigures() {
    }

    public static Map<Figure, Double> compute(WindowMeasurement m) {
        Map<Figure, Double> f = new EnumMap<>(Figure.class);
        DiagnosticsSnapshot a = m.start();
        DiagnosticsSnapshot b = m.end();
        double wall = m.wallSeconds();
        long received = b.inboundPackets() - a.inboundPackets();
        long sent = b.udpDatagrams() - a.udpDatagrams();
        long sends = b.udpSends() - a.udpSends();
        double cpuSeconds = BenchFigures.cpuSeconds(m.gatewayTicks(), m.ticksPerSecond());

        f.put(Figure.GATEWAY_CPU, BenchFigures.cpuPercentOfOneCore(m.gatewayTicks(), m.ticksPerSecond(), wall));
        f.put(Figure.CPU_PER_SENT_PACKET, BenchFigures.microsPer(cpuSeconds, sent));
        f.put(Figure.CPU_PER_RECEIVED_PACKET, BenchFigures.microsPer(cpuSeconds, received));
        f.put(Figure.LOOP_CPU_PER_SENT_PACKET, BenchFigures.microsPer((b.loopCpuNanos() - a.loopCpuNanos()) / 1e9, sent));
        f.put(Figure.INGEST_RATE, BenchFigures.perSecond(received, wall));
        f.put(Figure.EGRESS_RATE, BenchFigures.perSecond(sent, wall));
        f.put(Figure.DATAGRAMS_PER_SEND, BenchFigures.ratio(sent, sends));
        long allocated = a.allThreadsAllocatedBytes() < 0 || b.allThreadsAllocatedBytes() < 0 ? -1
                : b.allThreadsAllocatedBytes() - a.allThreadsAllocatedBytes();
        f.put(Figure.ALLOCATION_PER_SENT_PACKET, allocated < 0 ? Double.NaN : BenchFigures.ratio(allocated, sent));
        f.put(Figure.ALLOCATION_PER_RECEIVED_PACKET, allocated < 0 ? Double.NaN : BenchFigures.ratio(allocated, received));
        f.put(Figure.LOOP_ALLOCATION_PER_SENT_PACKET, BenchFigures.ratio(b.loopAllocatedBytes() - a.loopAllocatedBytes(), sent));

        DiagnosticsSnapshot gc = m.afterGc();
        double liveHeap = Double.NaN;
        if (gc != null) {
            liveHeap = BenchFigures.mebibytes(gc.heapAfterLastGcBytes() >= 0 ? gc.heapAfterLastGcBytes() : gc.heapUsedBytes());
        }
        f.put(Figure.LIVE_HEAP, liveHeap);
        f.put(Figure.HEAP_USED, BenchFigures.mebibytes(b.heapUsedBytes()));
        f.put(Figure.NETTY_DIRECT, BenchFigures.mebibytes(b.nettyDirectBytes()));
        f.put(Figure.NETTY_DIRECT_RESERVED, BenchFigures.mebibytes(b.platformDirectBytes()));
        ProcFiles.Status status = m.gatewayStatus();
        f.put(Figure.RSS, status == null ? Double.NaN : status.rssKb() / 1024.0);
        f.put(Figure.THREADS, (double) (status != null ? status.threads() : b.jvmThreads()));
        f.put(Figure.SEND_ERRORS, (double) (b.udpSendErrors() - a.udpSendErrors()));

        long[] latency = b.latencyCounts().length == a.latencyCounts().length && b.latencyCounts().length > 0
                ? LatencyPercentiles.difference(b.latencyCounts(), a.latencyCounts()) : null;
        f.put(Figure.LATENCY_P50, latencyMicros(b, latency, 0.50));
        f.put(Figure.LATENCY_P95, latencyMicros(b, latency, 0.95));
        f.put(Figure.LATENCY_P99, latencyMicros(b, latency, 0.99));

        FleetResult fleet = m.fleet();
        if (fleet != null) {
            f.put(Figure.VIEWERS, (double) fleet.viewers());
            f.put(Figure.VIEWERS_FAILED, (double) fleet.failed());
            f.put(Figure.VIEWER_RATE, BenchFigures.perSecond(fleet.videoPackets() + fleet.audioPackets(),
                    Double.isNaN(fleet.seconds()) ? wall : fleet.seconds()));
            f.put(Figure.VIEWER_LOSS, fleet.loss());
            f.put(Figure.LATE_PACKETS, fleet.latePackets() < 0 ? Double.NaN : fleet.latePackets());
            f.put(Figure.AUTH_FAILURES, fleet.authenticationFailures() < 0 ? Double.NaN : fleet.authenticationFailures());
            f.put(Figure.TTFF_NEW_VIEWER_P50, fleet.probeTtffMs().p50());
            f.put(Figure.TTFF_NEW_VIEWER_P95, fleet.probeTtffMs().p95());
            f.put(Figure.TTFF_START_P95, fleet.startTtffMs().p95());
        }
        f.put(Figure.CAMERA_FLEET_CPU, m.cameraFleetTicks() < 0 ? Double.NaN
                : BenchFigures.cpuPercentOfOneCore(m.cameraFleetTicks(), m.ticksPerSecond(), wall));
        f.put(Figure.VIEWER_FLEET_CPU, m.viewerFleetTicks() < 0 ? Double.NaN
                : BenchFigures.cpuPercentOfOneCore(m.viewerFleetTicks(), m.ticksPerSecond(), wall));
        for (Figure figure : Figure.values()) {
            f.putIfAbsent(figure, Double.NaN);
        }
        return Collections.unmodifiableMap(f);
    }

    private static double latencyMicros(DiagnosticsSnapshot end, long[] window, double quantile) {
        if (window == null || end.latencyLowerBoundsNanos().length != window.length) {
            return Double.NaN;
        }
        return LatencyPercentiles.percentile(end.latencyLowerBoundsNanos(), window, quantile) / 1000.0;
    }
}
