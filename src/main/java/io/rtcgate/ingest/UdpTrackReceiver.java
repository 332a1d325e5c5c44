package io.rtcgate.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.rtcgate.media.SingleWriterCounter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The server side of one track a publisher sends over UDP: an RTP port and, one above it, an RTCP port (RFC 3550 §11: RTP
 * on an even port, RTCP on the next odd one), bound on the stream's event loop so packets arrive on the thread that
 * owns the stream. Only datagrams from the publisher's IP address are passed on; others are counted and dropped.
 *
 * <p>Buffer ownership: the receiver owns each datagram; {@link Sink} methods borrow the payload for the duration of the
 * call and the receiver releases it afterwards.
 */
final class UdpTrackReceiver {
    /** Attempts at finding a free even/odd port pair before giving up. */
    private static final int BIND_ATTEMPTS = 32;
    /** Large enough for any RTP packet on a 1500-byte path, with room for jumbo-ish senders. */
    private static final int MAX_DATAGRAM_BYTES = 2048;
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    /** Where accepted packets go; called on the receiver's event loop. */
    interface Sink {
        void onUdpRtp(int track, ByteBuf packet);

        void onUdpRtcp(int track, ByteBuf packet);
    }

    private final Channel rtp;
    private final Channel rtcp;
    private final SingleWriterCounter foreign;

    private UdpTrackReceiver(Channel rtp, Channel rtcp, SingleWriterCounter foreign) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.foreign = foreign;
    }

    /**
     * Binds an RTP/RTCP port pair on {@code local} for track {@code track}, with channels registered on {@code loop}. The
     * future completes on {@code loop}.
     */
    static Future<UdpTrackReceiver> bind(EventLoop loop, Class<? extends DatagramChannel> channelType, InetAddress local,
            InetAddress publisher, int track, Sink sink) {
        Promise<UdpTrackReceiver> result = loop.newPromise();
        SingleWriterCounter foreign = new SingleWriterCounter();
        Bootstrap rtpBootstrap = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES))
                .handler(new PacketFilter(publisher, track, sink, false, foreign));
        Bootstrap rtcpBootstrap = rtpBootstrap.clone().handler(new PacketFilter(publisher, track, sink, true, foreign));
        loop.execute(() -> attempt(rtpBootstrap, rtcpBootstrap, local, foreign, BIND_ATTEMPTS, result));
        return result;
    }

    private static void attempt(Bootstrap rtpBootstrap, Bootstrap rtcpBootstrap, InetAddress local,
            SingleWriterCounter foreign, int attemptsLeft, Promise<UdpTrackReceiver> result) {
        if (attemptsLeft == 0) {
            result.tryFailure(new java.io.IOException("no free even/odd UDP port pair on " + local.getHostAddress()));
            return;
        }
        rtpBootstrap.bind(local, 0).addListener((ChannelFuture rtpBound) -> {
            if (!rtpBound.isSuccess()) {
                result.tryFailure(rtpBound.cause());
                return;
            }
            Channel rtp = rtpBound.channel();
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if ((port & 1) != 0 || port == 65535) {
                rtp.close();
                attempt(rtpBootstrap, rtcpBootstrap, local, foreign, attemptsLeft - 1, result);
                return;
            }
            rtcpBootstrap.bind(local, port + 1).addListener((ChannelFuture rtcpBound) -> {
                if (!rtcpBound.isSuccess()) {
                    rtp.close();
                    attempt(rtpBootstrap, rtcpBootstrap, local, foreign, attemptsLeft - 1, result);
                    return;
                }
                UdpTrackReceiver receiver = new UdpTrackReceiver(rtp, rtcpBound.channel(), foreign);
                if (!result.trySuccess(receiver)) {
                    receiver.close();
                }
            });
        });
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    /** Datagrams dropped because they came from another address than the publisher's. */
    long foreignPackets() {
        return foreign.get();
    }

    void close() {
        rtp.close();
        rtcp.close();
    }

    /** The handler of the RTP or the RTCP channel of one track (each bootstrap binds one channel at a time). */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class PacketFilter extends ChannelInboundHandlerAdapter {
        private final InetAddress publisher;
        private final int track;
        private final Sink sink;
        private final boolean rtcp;
        private final SingleWriterCounter foreign;

        PacketFilter(InetAddress publisher, int track, Sink sink, boolean rtcp, SingleWriterCounter foreign) {
            this.publisher = publisher;
            this.track = track;
            this.sink = sink;
            this.rtcp = rtcp;
            this.foreign = foreign;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof DatagramPacket packet)) {
                    return;
                }
                if (!publisher.equals(packet.sender().getAddress())) {
                    foreign.increment();
                    return;
                }
                if (rtcp) {
                    sink.onUdpRtcp(track, packet.content());
                } else {
                    sink.onUdpRtp(track, packet.content());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here on connected sockets; the receiver is not connected, so
            // anything arriving is unexpected but not fatal for the session.
        }
    }
}
