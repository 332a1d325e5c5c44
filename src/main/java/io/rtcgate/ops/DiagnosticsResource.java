package io.rtcgate.ops;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.LatencyHistogram;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.transport.UdpSendStats;
import io.rtcgate.webrtc.WebRtcGateway;
import io.rtcgate.webrtc.WebRtcMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
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
 *
 * <p>For the benchmark (io.rtcgate.bench, which diffs two readings) also: CPU time and allocated bytes summed over all
 * live threads ({@code allThreads}; a thread that ended takes its share with it, so {@code heapAllocatedBytes} adds the
 * process total from the collections' accounting, {@link HeapAllocationCounter}), the heap in use and as the last
 * collection left it ({@code heap}), direct memory by owner ({@code direct}: what Netty's {@code PlatformDependent}
 * counts, the default pooled allocator, the media allocator), and {@code latency}: the gateway latency (ingest read to
 * {@code sendmmsg}) as counts per {@link LatencyHistogram} bucket with each bucket's lower bound in nanoseconds.
 */
@Path("/v1/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {
    static final String LOOP_THREAD_PREFIX = "rtcgate-loop";

    @Inject
    StreamRegistry registry;
    @Inject
    HeapAllocationCounter heapAllocation;

    @Inject
    MediaEventLoops mediaLoops;

    @Inject
    WebRtcGateway webrtc;

    @Inject
    WebRtcMetrics metrics;

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

    /**
     * CPU time and allocated bytes summed over the threads alive now, and the heap bytes the whole process allocated since
     * start (threads that ended included).
     */
    public record AllThreads(int count, long cpuNanos, long allocatedBytes, long heapAllocatedBytes) {
    }

    /**
     * {@code afterLastGcBytes}: what the last collection left in each heap pool, summed (after {@code jcmd PID GC.run},
     * the live heap); -1 before any collection.
     */
    public record Heap(long usedBytes, long afterLastGcBytes, long committedBytes, long maxBytes) {
    }

    /** {@code platformUsedBytes}: Netty's own count of direct memory it reserved (-1 if it does not count). */
    public record Direct(long platformUsedBytes, long defaultAllocatorBytes, long mediaAllocatorBytes) {
    }

    /** {@code counts[i]} latencies fell in {@code [lowerBoundsNanos[i], lowerBoundsNanos[i+1])}; the last is open. */
    public record Latency(long count, long[] lowerBoundsNanos, long[] counts) {
        static final long[] LOWER_BOUNDS = new long[LatencyHistogram.BUCKETS];

        static {
            for (int i = 0; i < LOWER_BOUNDS.length; i++) {
                LOWER_BOUNDS[i] = LatencyHistogram.lowerBoundNanos(i);
            }
        }

        static Latency of(LatencyHistogram histogram) {
            long[] counts = histogram.snapshot();
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return new Latency(total, LOWER_BOUNDS.clone(), counts);
        }
    }

    public record Diagnostics(long inboundPackets, long inboundBytes, long accessUnits, int streams, int onlineStreams,
            int jvmThreads, long heapUsedBytes, long nettyDirectBytes, List<LoopThread> loopThreads, Udp udp,
            AllThreads allThreads, Heap heap, Direct direct, Latency latency) {
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
        long[] ids = threads.getAllThreadIds();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info != null && info.getThreadName().startsWith(LOOP_THREAD_PREFIX)) {
                long id = info.getThreadId();
                loops.add(new LoopThread(info.getThreadName(), threads.getThreadCpuTime(id), threads.getThreadAllocatedBytes(id)));
            }
        }
        long defaultDirect = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        long mediaDirect = mediaLoops.usedDirectMemory();
        MemoryUsage heapUsage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Diagnostics(packets, bytes, units, all.size(), online, threads.getThreadCount(), heapUsage.getUsed(),
                defaultDirect + mediaDirect, loops, udp(), allThreads(threads, ids), heap(heapUsage),
                new Direct(PlatformDependent.usedDirectMemory(), defaultDirect, mediaDirect),
                Latency.of(metrics.latencyHistogram()));
    }

    private AllThreads allThreads(com.sun.management.ThreadMXBean threads, long[] ids) {
        long cpu = 0;
        long allocated = 0;
        long[] allocatedById = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            long threadCpu = threads.getThreadCpuTime(ids[i]);
            cpu += Math.max(0, threadCpu); // -1: the thread ended meanwhile
            allocated += Math.max(0, allocatedById[i]);
        }
        return new AllThreads(ids.length, cpu, allocated, heapAllocation.allocatedBytes());
    }

    private static Heap heap(MemoryUsage heapUsage) {
        long afterGc = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (collected != null) {
                afterGc += collected.getUsed();
                any = true;
            }
        }
        return new Heap(heapUsage.getUsed(), any ? afterGc : -1, heapUsage.getCommitted(), heapUsage.getMax());
    }

    /** Null before the WebRTC port is bound. */
    private Udp udp() {
        UdpSendStats stats = webrtc.sendStats();
        return stats == null ? null : Udp.of(stats, webrtc.gsoActive());
    }
}
