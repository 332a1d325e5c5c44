package io.rtcgate.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The fixed, small set of event loop threads that carry all media I/O: native epoll where Netty's transport loads,
 * plain NIO otherwise (with a log line saying so). A stream and everything that touches its packets is pinned to one loop,
 * so the hot path needs no lock; the thread count does not grow with streams or viewers. Media channels and streams
 * allocate their buffers from {@link #allocator()} and size TCP reads with {@link #tcpReads()} (see {@link MediaBuffers});
 * ingest sockets (RTSP connections, RTP/RTCP over UDP) read into {@link #ingestAllocator()}'s buffers: the same pooled
 * allocator, or with {@code rtcgate.tuning.pooled-ingest-buffers=false} an unpooled direct one (a new buffer per read, the
 * benchmark's "before" of pooled ingest buffers).
 */
public final class MediaEventLoops implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MediaEventLoops.class);

    private final EventLoopGroup group;
    private final boolean epoll;
    private final int threads;
    private final PooledByteBufAllocator allocator;
    private final ByteBufAllocator ingestAllocator;
    private final RecvByteBufAllocator tcpReads = MediaBuffers.tcpReads();

    /** Native epoll where it loads. */
    public MediaEventLoops(int requestedThreads) {
        this(requestedThreads, true);
    }

    /**
     * @param requestedThreads event loop threads; 0 or less means one per core
     * @param allowNative      false forces plain NIO even where epoll loads ({@code rtcgate.transport.native=false})
     */
    public MediaEventLoops(int requestedThreads, boolean allowNative) {
        this(requestedThreads, allowNative, true);
    }

    /**
     * @param requestedThreads    event loop threads; 0 or less means one per core
     * @param allowNative         false forces plain NIO even where epoll loads ({@code rtcgate.transport.native=false})
     * @param pooledIngestBuffers false makes {@link #ingestAllocator()} unpooled ({@code rtcgate.tuning.pooled-ingest-buffers})
     */
    public MediaEventLoops(int requestedThreads, boolean allowNative, boolean pooledIngestBuffers) {
        this.threads = requestedThreads > 0 ? requestedThreads : Runtime.getRuntime().availableProcessors();
        this.allocator = MediaBuffers.newAllocator(threads);
        if (pooledIngestBuffers) {
            this.ingestAllocator = allocator;
        } else {
            this.ingestAllocator = new UnpooledByteBufAllocator(true);
            LOG.warnf("pooled ingest buffers off (rtcgate.tuning.pooled-ingest-buffers=false): RTSP/RTP reads get a new "
                    + "unpooled direct buffer each");
        }
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("rtcgate-loop", true);
        if (allowNative && Epoll.isAvailable()) {
            this.group = new EpollEventLoopGroup(threads, threadFactory);
            this.epoll = true;
            LOG.infof("media I/O on %d native epoll event loop(s)", threads);
        } else {
            this.group = new NioEventLoopGroup(threads, threadFactory);
            this.epoll = false;
            if (allowNative) {
                LOG.warnf(Epoll.unavailabilityCause(), "native epoll unavailable, media I/O falls back to NIO on %d event "
                        + "loop(s): no sendmmsg batching, no GSO, no SO_REUSEPORT", threads);
            } else {
                LOG.warnf("native transport disabled (rtcgate.transport.native=false), media I/O on NIO on %d event loop(s): "
                        + "no sendmmsg batching, no GSO, no SO_REUSEPORT", threads);
            }
        }
    }

    public EventLoopGroup group() {
        return group;
    }

    public EventLoop next() {
        return group.next();
    }

    public boolean isEpoll() {
        return epoll;
    }

    public int threads() {
        return threads;
    }

    /** The allocator of media buffers: set it as {@code ChannelOption.ALLOCATOR} on media channels. */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /**
     * The allocator of ingest socket reads: set it as {@code ChannelOption.ALLOCATOR} on RTSP connections and RTP/RTCP
     * sockets. {@link #allocator()} unless {@code rtcgate.tuning.pooled-ingest-buffers=false}.
     */
    public ByteBufAllocator ingestAllocator() {
        return ingestAllocator;
    }

    /** Direct memory held by {@link #allocator()}'s arenas. */
    public long usedDirectMemory() {
        return allocator.metric().usedDirectMemory();
    }

    /** Read sizing for media TCP connections: set it as {@code ChannelOption.RCVBUF_ALLOCATOR}. */
    public RecvByteBufAllocator tcpReads() {
        return tcpReads;
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverSocketChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelClass() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
