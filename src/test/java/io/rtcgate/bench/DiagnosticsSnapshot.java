package io.rtcgate.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One reading of the gateway's {@code GET /v1/diagnostics}, reduced to what the benchmark diffs. Fields an older gateway
 * does not report are -1 (and the latency arrays empty), so the figures built on them come out as "not measured".
 */
public record DiagnosticsSnapshot(long inboundPackets, long accessUnits, int streams, int onlineStreams, int jvmThreads,
        long heapUsedBytes, long heapAfterLastGcBytes, long nettyDirectBytes, long platformDirectBytes, long loopCpuNanos,
        long loopAllocatedBytes, long allThreadsCpuNanos, long allThreadsAllocatedBytes, long udpDatagrams, long udpSends,
        long udpSendErrors, long[] latencyLowerBoundsNanos, long[] latencyCounts) {

    public static DiagnosticsSnapshot of(JsonNode json) {
        long loopCpu = 0;
        long loopAllocated = 0;
        for (JsonNode loop : json.path("loopThreads")) {
            loopCpu += loop.path("cpuNanos").asLong(0);
            loopAllocated += loop.path("allocatedBytes").asLong(0);
        }
        JsonNode udp = json.path("udp");
        JsonNode latency = json.path("latency");
        return new DiagnosticsSnapshot(json.path("inboundPackets").asLong(-1), json.path("accessUnits").asLong(-1),
                json.path("streams").asInt(-1), json.path("onlineStreams").asInt(-1), json.path("jvmThreads").asInt(-1),
                json.path("heapUsedBytes").asLong(-1), json.path("heap").path("afterLastGcBytes").asLong(-1),
                json.path("nettyDirectBytes").asLong(-1), json.path("direct").path("platformUsedBytes").asLong(-1),
                loopCpu, loopAllocated, json.path("allThreads").path("cpuNanos").asLong(-1),
                allocatedByAllThreads(json.path("allThreads")), udp.path("datagrams").asLong(0),
                udp.path("sends").asLong(0), udp.path("sendErrors").asLong(0), longs(latency.path("lowerBoundsNanos")),
                longs(latency.path("counts")));
    }

    /** The process total since start if the gateway reports it (threads that ended included), else the live threads' sum. */
    private static long allocatedByAllThreads(JsonNode allThreads) {
        long total = allThreads.path("heapAllocatedBytes").asLong(-1);
        return total >= 0 ? total : allThreads.path("allocatedBytes").asLong(-1);
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
