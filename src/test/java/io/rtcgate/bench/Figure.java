package io.rtcgate.bench;

/** Every figure one benchmark run reports: its JSON key, its label in the table, its unit and how many decimals to print. */
public enum Figure {
    GATEWAY_CPU("gatewayCpuPercent", "gateway CPU", "% of 1 core", 2),
    CPU_PER_SENT_PACKET("cpuMicrosPerSentPacket", "CPU per sent packet", "µs", 2),
    CPU_PER_RECEIVED_PACKET("cpuMicrosPerReceivedPacket", "CPU per received packet", "µs", 2),
    LOOP_CPU_PER_SENT_PACKET("loopCpuMicrosPerSentPacket", "event-loop CPU per sent packet", "µs", 2),
    INGEST_RATE("ingestPacketsPerSecond", "ingest", "packets/s", 0),
    EGRESS_RATE("egressPacketsPerSecond", "egress", "datagrams/s", 0),
    DATAGRAMS_PER_SEND("datagramsPerSendCall", "datagrams per send call", "", 2),
    ALLOCATION_PER_SENT_PACKET("allocatedBytesPerSentPacket", "allocation per sent packet, all threads", "B", 1),
    LOOP_ALLOCATION_PER_SENT_PACKET("loopAllocatedBytesPerSentPacket", "allocation per sent packet, event loops", "B", 1),
    ALLOCATION_PER_RECEIVED_PACKET("allocatedBytesPerReceivedPacket", "allocation per received packet, all threads", "B", 1),
    LIVE_HEAP("liveHeapAfterGcMiB", "live heap after GC", "MiB", 1),
    HEAP_USED("heapUsedMiB", "heap in use before GC", "MiB", 1),
    NETTY_DIRECT("nettyDirectMiB", "Netty direct memory in use", "MiB", 1),
    NETTY_DIRECT_RESERVED("nettyDirectReservedMiB", "direct memory Netty reserved", "MiB", 1),
    RSS("rssMiB", "RSS", "MiB", 1),
    THREADS("jvmThreads", "JVM threads", "", 0),
    VIEWERS("viewers", "viewers playing", "", 0),
    VIEWERS_FAILED("viewersFailed", "viewers that failed to start", "", 0),
    VIEWER_RATE("viewerPacketsPerSecond", "received by the viewers", "packets/s", 0),
    VIEWER_LOSS("viewerLossPercent", "viewer-side loss", "%", 3),
    LATE_PACKETS("viewerLatePackets", "late packets at the viewers", "", 0),
    AUTH_FAILURES("authFailures", "SRTP authentication failures", "", 0),
    SEND_ERRORS("udpSendErrors", "UDP send errors", "", 0),
    LATENCY_P50("latencyP50Micros", "gateway latency P50", "µs", 0),
    LATENCY_P95("latencyP95Micros", "gateway latency P95", "µs", 0),
    LATENCY_P99("latencyP99Micros", "gateway latency P99", "µs", 0),
    TTFF_NEW_VIEWER_P50("ttffNewViewerP50Ms", "TTFF new viewer P50", "ms", 0),
    TTFF_NEW_VIEWER_P95("ttffNewViewerP95Ms", "TTFF new viewer P95", "ms", 0),
    TTFF_START_P95("ttffFleetStartP95Ms", "TTFF at fleet start P95", "ms", 0),
    CAMERA_FLEET_CPU("cameraFleetCpuPercent", "camera fleet CPU", "% of 1 core", 1),
    VIEWER_FLEET_CPU("viewerFleetCpuPercent", "viewer fleet CPU", "% of 1 core", 1);

    public final String key;
    public final String label;
    public final String unit;
    public final int decimals;

    Figure(String key, String label, String unit, int decimals) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.decimals = decimals;
    }

    /** The value as the table prints it; "n/a" for NaN (not measured in this run). */
    public String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
