package io.rtcgate.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The one WebRTC UDP port shared by every viewer. With native epoll there is one {@code SO_REUSEPORT} socket per event loop,
 * all on the same port, so each loop reads and sends on its own socket; without epoll there is a single NIO socket.
 * Incoming datagrams go to a {@link UdpReceiver} on the loop that read them; outgoing ones are written with
 * {@link #write} on the sender's loop and flushed once per read cycle by {@link #flush}, which lets Netty's epoll transport
 * hand every datagram of the cycle to one {@code sendmmsg} call. No timer or linger: what a cycle wrote leaves at its end.
 *
 * <p>UDP GSO ({@link #gsoActive()}, asked for with {@code rtcgate.webrtc.gso}, needs epoll and a kernel with
 * {@code UDP_SEGMENT}): a sender keeps a {@link UdpSegmentRun} per destination, which writes runs of equal-size datagrams
 * back to back into one buffer; the run goes to the socket as one {@link SegmentedDatagramPacket} — one entry of the
 * {@code sendmmsg} vector that the kernel cuts into the datagrams. {@link #flush} first ends every run still open on the
 * loop.
 *
 * <p>Batching off ({@code rtcgate.tuning.batching=false}, the "before" of the batching strategy, for benchmarks):
 * {@link #write} and {@link #writeSegmented} flush at once, so every datagram (or GSO run) is its own send call;
 * {@link #flush} then only reports what the cycle sent.
 *
 * <p>Ownership: {@link #write} and {@link #writeSegmented} take the buffer; Netty releases it once sent (or failed).
 * {@link #write} on the socket's own loop wraps it in a {@link ReusedDatagramPacket}, an envelope the loop reuses.
 */
public final class UdpMux implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpMux.class);
    private static final int SOCKET_BUFFER = 4 << 20;

    /** Receives datagrams; does not own the packet (it is released after the call). */
    public interface UdpReceiver {
        void onDatagram(UdpMux mux, Channel socket, DatagramPacket packet);

        /** The socket's read cycle ended: flush what the receiver wrote. */
        default void onReadComplete(UdpMux mux, Channel socket) {
        }
    }

    /** What one loop has written since its last flush (that loop only). */
    static final class LoopSendState {
        /** Queued, waiting for the flush. */
        int datagrams;
        /** Already sent on their own since the last flush (batching off). */
        int sentUnbatched;
        UdpSegmentRun[] openRuns = new UdpSegmentRun[16];
        int openRunCount;

        void register(UdpSegmentRun run) {
            if (openRunCount == openRuns.length) {
                openRuns = Arrays.copyOf(openRuns, openRuns.length * 2);
            }
            openRuns[openRunCount++] = run;
        }
    }

    private final Map<EventLoop, Channel> socketsByLoop = new IdentityHashMap<>();
    private final List<Channel> sockets = new ArrayList<>();
    private final int port;
    private final boolean epoll;
    private final boolean gso;
    private final boolean batching;
    private final UdpSendStats stats = new UdpSendStats();
    private final FastThreadLocal<LoopSendState> sendState = new FastThreadLocal<>() {
        @Override
        protected LoopSendState initialValue() {
            return new LoopSendState();
        }
    };
    private volatile boolean firstErrorLogged;
    private volatile boolean gsoRefused;
    /** errno EIO (Linux asm-generic/errno-base.h). */
    private static final int EIO = 5;
    /** Gets the gateway latency (ingest read to sendmmsg) of each flush that sent something; see {@link #flush(EventLoop, long)}. */
    private volatile LongConsumer flushLatencyNanos = nanos -> {
    };

    /** Without GSO. */
    public UdpMux(MediaEventLoops loops, String host, int requestedPort, UdpReceiver receiver) {
        this(loops, host, requestedPort, receiver, false);
    }

    /**
     * @param gsoRequested use UDP GSO where the transport and the kernel support it ({@code rtcgate.webrtc.gso})
     */
    public UdpMux(MediaEventLoops loops, String host, int requestedPort, UdpReceiver receiver, boolean gsoRequested) {
        this(loops, host, requestedPort, receiver, gsoRequested, true);
    }

    /**
     * @param gsoRequested use UDP GSO where the transport and the kernel support it ({@code rtcgate.webrtc.gso})
     * @param batching     flush once per read cycle ({@code rtcgate.tuning.batching}); false sends every datagram on its own
     */
    public UdpMux(MediaEventLoops loops, String host, int requestedPort, UdpReceiver receiver, boolean gsoRequested,
            boolean batching) {
        this.epoll = loops.isEpoll();
        this.batching = batching;
        int boundPort = requestedPort;
        if (epoll) {
            for (int i = 0; i < loops.threads(); i++) {
                EventLoop loop = loops.next();
                if (socketsByLoop.containsKey(loop)) {
                    continue;
                }
                Channel ch = bootstrap(loops, loop, receiver).option(EpollChannelOption.SO_REUSEPORT, true)
                        .bind(host, boundPort).syncUninterruptibly().channel();
                boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
                socketsByLoop.put(loop, ch);
                sockets.add(ch);
            }
            LOG.infof("WebRTC UDP on %s:%d: %d SO_REUSEPORT epoll socket(s), %s", host, boundPort, sockets.size(),
                    batching ? "batched sends (sendmmsg)" : "one send call per datagram (batching off)");
        } else {
            EventLoop loop = loops.next();
            Channel ch = bootstrap(loops, loop, receiver).bind(host, boundPort).syncUninterruptibly().channel();
            boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
            sockets.add(ch);
            LOG.warnf("WebRTC UDP on %s:%d: one NIO socket, one datagram per send (no epoll)", host, boundPort);
        }
        this.port = boundPort;
        if (!batching) {
            LOG.warnf("UDP batching off (rtcgate.tuning.batching=false): one send call per datagram");
        }
        this.gso = gsoRequested && epoll && SegmentedDatagramPacket.isSupported();
        if (gso) {
            LOG.infof("UDP GSO active: runs of equal-size packets to one viewer go out as one segmented send "
                    + "(up to %d segments, %d bytes)", UdpSegmentRun.MAX_SEGMENTS, UdpSegmentRun.MAX_RUN_BYTES);
        } else if (gsoRequested) {
            LOG.warnf("UDP GSO requested (rtcgate.webrtc.gso=true) but unsupported: %s; one datagram per sendmmsg entry",
                    epoll ? "the kernel or Netty's native library lacks UDP_SEGMENT" : "no native epoll transport");
        } else {
            LOG.infof("UDP GSO off (rtcgate.webrtc.gso=false)");
        }
    }

    private Bootstrap bootstrap(MediaEventLoops loops, EventLoop loop, UdpReceiver receiver) {
        return new Bootstrap().group(loop).channel(loops.datagramChannelClass())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(new Inbound(receiver));
    }

    public int port() {
        return port;
    }

    public UdpSendStats stats() {
        return stats;
    }

    /** Native epoll sockets: a flush is one {@code sendmmsg}. */
    public boolean isEpoll() {
        return epoll;
    }

    /** Whether datagrams wait for {@link #flush} ({@code rtcgate.tuning.batching}). */
    public boolean batching() {
        return batching;
    }

    /** Whether senders should use {@link #newSegmentRun} (GSO asked for and supported). */
    public boolean gsoActive() {
        return gso;
    }

    /** A run writer for one destination, used on {@code loop} only; requires {@link #gsoActive()}. */
    public UdpSegmentRun newSegmentRun(EventLoop loop) {
        if (!gso) {
            throw new IllegalStateException("UDP GSO is not active on this port");
        }
        return new UdpSegmentRun(this, loop);
    }

    /** The socket to send from on {@code loop}: its own with epoll, else the single one. */
    public Channel socketFor(EventLoop loop) {
        Channel ch = socketsByLoop.get(loop);
        return ch != null ? ch : sockets.get(0);
    }

    /**
     * Queues one datagram on the current loop's socket; takes ownership of {@code content}. Must be called on an event loop
     * of this mux; {@link #flush} sends what was queued.
     */
    public void write(EventLoop loop, ByteBuf content, InetSocketAddress to) {
        Channel ch = socketFor(loop);
        // On the socket's own loop the envelope is reused (Netty releases it on this thread once sent): no allocation.
        DatagramPacket packet = ch.eventLoop().inEventLoop() ? ReusedDatagramPacket.of(content, to) : new DatagramPacket(content, to);
        if (batching) {
            ch.write(packet, ch.voidPromise());
            sendState.get().datagrams++;
        } else {
            ch.writeAndFlush(packet, ch.voidPromise());
            stats.recordSend(1);
            sendState.get().sentUnbatched++;
        }
    }

    /**
     * Queues {@code segments} datagrams of {@code segmentSize} bytes (the last may be shorter) lying back to back in
     * {@code content}'s readable bytes as one GSO send; takes ownership of {@code content}. Used by {@link UdpSegmentRun}.
     */
    void writeSegmented(EventLoop loop, ByteBuf content, int segmentSize, int segments, InetSocketAddress to) {
        if (gsoRefused) {
            writeSegmentsOneByOne(loop, content, segmentSize, to);
            return;
        }
        Channel ch = socketFor(loop);
        if (batching) {
            ch.write(new SegmentedDatagramPacket(content, segmentSize, to), ch.voidPromise());
            sendState.get().datagrams += segments;
        } else {
            ch.writeAndFlush(new SegmentedDatagramPacket(content, segmentSize, to), ch.voidPromise());
            stats.recordSend(segments);
            sendState.get().sentUnbatched += segments;
        }
        stats.recordGsoRun(segments);
    }

    /** A run after the kernel refused GSO: each segment as its own datagram, slices of the run's buffer (no copy). */
    private void writeSegmentsOneByOne(EventLoop loop, ByteBuf content, int segmentSize, InetSocketAddress to) {
        try {
            while (content.isReadable()) {
                write(loop, content.readRetainedSlice(Math.min(segmentSize, content.readableBytes())), to);
            }
        } finally {
            content.release();
        }
    }

    /**
     * True once the kernel refused a GSO send with EIO. Linux does that when the route's device cannot checksum-offload
     * (or the route goes through IPsec): {@code udp_send_skb} only segments CHECKSUM_PARTIAL packets. From then on runs
     * go out one datagram per {@code sendmmsg} entry; the datagrams of the refused send are lost (NACK recovers them).
     */
    public boolean gsoRefused() {
        return gsoRefused;
    }

    /** See {@link #gsoRefused()}; public for the test that cannot provoke EIO on loopback. */
    public void onSendError(Throwable cause) {
        stats.recordSendError();
        if (gso && !gsoRefused && cause instanceof Errors.NativeIoException e && e.expectedErr() == -EIO) {
            gsoRefused = true;
            LOG.warnf("UDP GSO refused by the kernel (%s: no checksum offload on the route?); sending each datagram on its "
                    + "own from now on. Set rtcgate.webrtc.gso=false to silence this.", cause.toString());
            return;
        }
        if (!firstErrorLogged) {
            firstErrorLogged = true;
            LOG.warnf("UDP socket error (further ones at DEBUG, all counted as send errors): %s", cause.toString());
        } else {
            LOG.debugf("UDP socket error: %s", cause.toString());
        }
    }

    LoopSendState sendState() {
        return sendState.get();
    }

    /**
     * Where {@link #flush(EventLoop, long)} reports latencies, in nanoseconds, on the flushing loop. The consumer must not
     * allocate or block (it runs once per flush).
     */
    public void flushLatencyRecorder(LongConsumer recorder) {
        flushLatencyNanos = recorder == null ? nanos -> {
        } : recorder;
    }

    /**
     * {@link #flush(EventLoop)} for the end of an ingest read cycle that began at {@code cycleStartNanos}
     * ({@link System#nanoTime()}, 0 if unknown): if the flush handed datagrams to the socket, reports the time from the
     * cycle's start until now to the {@link #flushLatencyRecorder latency recorder}. With epoll the flush is the
     * {@code sendmmsg} call itself, so "now" is when the kernel has the datagrams.
     */
    public void flush(EventLoop loop, long cycleStartNanos) {
        if (flush(loop) > 0 && cycleStartNanos != 0) {
            flushLatencyNanos.accept(System.nanoTime() - cycleStartNanos);
        }
    }

    /**
     * Ends the loop's open GSO runs, then sends everything queued on this loop with as few syscalls as the transport allows.
     *
     * @return the datagrams handed to the socket since the last flush, including those that batching off sent at once (0 if
     *         nothing was written)
     */
    public int flush(EventLoop loop) {
        LoopSendState state = sendState.get();
        if (state.openRunCount > 0) {
            UdpSegmentRun[] runs = state.openRuns;
            for (int i = 0; i < state.openRunCount; i++) {
                runs[i].finishFromFlush();
                runs[i] = null;
            }
            state.openRunCount = 0;
        }
        int datagrams = state.datagrams;
        if (datagrams == 0) {
            int sent = state.sentUnbatched;
            state.sentUnbatched = 0;
            return sent;
        }
        if (epoll) {
            stats.recordSend(datagrams);
        } else {
            stats.recordSingleSends(datagrams);
        }
        state.datagrams = 0;
        socketFor(loop).flush();
        return datagrams;
    }

    /** Whether every socket of the port is still open (a closed one means viewers on its loop get nothing). */
    public boolean isOpen() {
        for (Channel ch : sockets) {
            if (!ch.isOpen()) {
                return false;
            }
        }
        return !sockets.isEmpty();
    }

    @Override
    public void close() {
        for (Channel ch : sockets) {
            ch.close().syncUninterruptibly();
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final UdpReceiver receiver;

        Inbound(UdpReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            receiver.onDatagram(UdpMux.this, ctx.channel(), packet);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            receiver.onReadComplete(UdpMux.this, ctx.channel());
            flush(ctx.channel().eventLoop());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            onSendError(cause);
        }
    }
}
