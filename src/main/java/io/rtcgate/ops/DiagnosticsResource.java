package io.rtcgate.ops;

import io.netty.buffer.PooledByteBufAllocator;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.transport.UdpSendStats;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/diagnostics}: the process-wide figures the ingest benchmark reads — per media event loop thread its CPU
 * time and allocated bytes (HotSpot's ThreadMXBean), totals of packets in, thread count, heap and Netty direct memory
 * (the process-wide pooled allocator plus the media allocator), and under {@code udp} the send side of the WebRTC UDP
 * port ({@link UdpSendStats}): datagrams, send calls, datagrams per send call as a histogram (with epoll a send call is
 * one {@code sendmmsg}), send errors and GSO runs.
 */
@Path("/v1/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {
    static final String LOOP_THREAD_PREFIX = "rtcgate-loop";

    @Inject
    StreamRegistry registry;

    @Inject
    MediaEventLoops mediaLoops;

    @Inject
    WebRtcGateway webrtc;

    @Inject
    GatewayConfig config;

    public record LoopThread(String name, long cpuNanos, long allocatedBytes) {
    }

    /** {@code datagramsPerSend}: send calls by datagrams carried, keyed by {@link UdpSendStats#BUCKET_LABELS}. */
    public record Udp(boolean gsoActive, long datagrams, long sends, double meanDatagramsPerSend,
            Map<String, Long> datagramsPerSend, long sendErrors, long gsoSends, long gsoSegments) {
        static Udp of(UdpSendStats stats, boolean gsoActive) {
            long[] histogram = stats.histogram();
            Map<String, Long> buckets = new LinkedHashMap<>();
            for (int i = 0; i < histogram.length; i++) {
                buckets.put(UdpSendStats.BUCKET_LABELS[i], histogram[i]);
            }
            return new Udp(gsoActive, stats.datagrams(), stats.sends(), stats.datagramsPerSend(), buckets, stats.sendErrors(),
                    stats.gsoSends(), stats.gsoSegments());
        }
    }

    public record Diagnostics(long inboundPackets, long inboundBytes, long accessUnits, int streams, int onlineStreams,
            int jvmThreads, long heapUsedBytes, long nettyDirectBytes, List<LoopThread> loopThreads, Udp udp) {
    }

    /** 404 when {@code rtcgate.diagnostics.enabled} is false (the prod profile): no debug endpoints in production. */
    @GET
    public jakarta.ws.rs.core.Response get() {
        if (!config.diagnostics().enabled()) {
            return jakarta.ws.rs.core.Response.status(jakarta.ws.rs.core.Response.Status.NOT_FOUND)
                    .type(MediaType.TEXT_PLAIN).entity("diagnostics are off (rtcgate.diagnostics.enabled=false)\n").build();
        }
        return jakarta.ws.rs.core.Response.ok(diagnostics()).build();
    }

    Diagnostics diagnostics() {
        long packets = 0;
        long bytes = 0;
        long units = 0;
        int online = 0;
        List<Stream> all = registry.all();
        for (Stream s : all) {
            packets += s.stats().inboundPackets();
            bytes += s.stats().inboundBytes();
            units += s.stats().accessUnits();
            online += s.online() ? 1 : 0;
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<LoopThread> loops = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(LOOP_THREAD_PREFIX)) {
                long id = info.getThreadId();
                loops.add(new LoopThread(info.getThreadName(), threads.getThreadCpuTime(id), threads.getThreadAllocatedBytes(id)));
            }
        }
        return new Diagnostics(packets, bytes, units, all.size(), online, threads.getThreadCount(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() + mediaLoops.usedDirectMemory(), loops, udp());
    }

    /** Null before the WebRTC port is bound. */
    private Udp udp() {
        UdpSendStats stats = webrtc.sendStats();
        return stats == null ? null : Udp.of(stats, webrtc.gsoActive());
    }
}
