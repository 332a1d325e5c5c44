package io.rtcgate.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How media buffers are allocated: one pooled allocator for everything on the media event loops (socket reads,
 * depacketizer assembly, packetized RTP), configured here rather than inherited from process-wide defaults, and the
 * read sizes of media TCP connections.
 *
 * <p>Why not {@link PooledByteBufAllocator#DEFAULT}: Quarkus sets {@code io.netty.allocator.maxOrder=3} for the whole
 * process, i.e. 64 KiB chunks (Netty's own default is 4 MiB). Buffers above the thread caches' limit (32 KiB,
 * {@code io.netty.allocator.maxCachedBufferCapacity}) then go to the arena, where a 32–64 KiB buffer needs a chunk of
 * its own: a new {@code PoolChunk} with its run queues, maps and a {@code DirectByteBuffer} and Cleaner is made for it and
 * destroyed again when it is released. A camera connection's socket reads grow to 64 KiB under load (the adaptive read
 * size follows bursts such as keyframes), so each such read cost about 1.5 KB of Java objects on the event loop: measured
 * 13.5 bytes per RTP packet with 1 in 8 reads at 64 KiB ({@code IngestAllocationTest}), 16 bytes per packet over a real
 * epoll connection in bursts ({@code EpollIngestAllocationTest}), 75 bytes per packet on the event loops in
 * {@code bench/ingest-cost.sh} (16 cameras). With 4 MiB chunks many buffers share a chunk, which stays, and the same
 * path allocates nothing per packet (the benchmark's remaining 1.4 bytes per packet are not from the packet path, which
 * the probes show allocation-free; the sessions' periodic work, keepalives and receiver reports, is the likely source).
 *
 * <p>Reads are additionally capped at {@value #MAX_TCP_READ_BYTES} bytes so that every read buffer is served by the
 * loop's lock-free thread cache, not the arena; 16 such reads per readiness event are far more than any camera sends
 * between two event loop turns.
 */
public final class MediaBuffers {
    /** 8 KiB pages, Netty's default. */
    public static final int PAGE_SIZE = 8192;
    /** Chunks of {@code PAGE_SIZE << MAX_ORDER} = 4 MiB, Netty's default (Quarkus lowers it to 64 KiB). */
    public static final int MAX_ORDER = 9;
    /** Largest socket read of a media TCP connection: the largest size the allocator's thread caches keep. */
    public static final int MAX_TCP_READ_BYTES = 32 * 1024;
    private static final int MIN_TCP_READ_BYTES = 64;
    private static final int INITIAL_TCP_READ_BYTES = 2048;

    private MediaBuffers() {
    }

    /**
     * A new pooled allocator for media, preferring direct buffers, with one direct arena per event loop thread (each loop
     * allocates from its own arena without contention) and thread caches on every thread. No heap arenas: the only heap
     * buffers taken from it are RTCP scratch buffers (about one per viewer and second), and a pooled heap arena would
     * keep a 4 MiB {@code byte[]} chunk per loop on the Java heap for them — most of the live heap at 64 viewers.
     * Without heap arenas {@code heapBuffer()} returns unpooled heap buffers, which the young generation collects.
     */
    public static PooledByteBufAllocator newAllocator(int loopThreads) {
        if (loopThreads < 1) {
            throw new IllegalArgumentException("loopThreads must be >= 1, got " + loopThreads);
        }
        return new PooledByteBufAllocator(true, 0, loopThreads, PAGE_SIZE, MAX_ORDER,
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(), true);
    }

    /** Read sizing for media TCP connections: adaptive, between 64 bytes and {@value #MAX_TCP_READ_BYTES}. */
    public static RecvByteBufAllocator tcpReads() {
        return new AdaptiveRecvByteBufAllocator(MIN_TCP_READ_BYTES, INITIAL_TCP_READ_BYTES, MAX_TCP_READ_BYTES);
    }
}
