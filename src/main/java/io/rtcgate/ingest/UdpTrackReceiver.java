package io.rtcgate.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.rtcgate.media.SingleWriterCounter;
import java.net.InetAddress;

/**
 * The server side of one track a publisher sends over UDP: an RTP port and, one above it, an RTCP port (RFC 3550 §11),
 * bound by {@link UdpPortPair} on the stream's event loop so packets arrive on the thread that owns the stream. Only
 * datagrams from the publisher's IP address are passed on; others are counted and dropped.
 *
 * <p>Buffer ownership: the receiver owns each datagram; {@link Sink} methods borrow the payload for the duration of the
 * call and the receiver releases it afterwards.
 */
final class UdpTrackReceiver {

    /** Where accepted packets go; called on the receiver's event loop. */
    interface Sink {
        void onUdpRtp(int track, ByteBuf packet);

        void onUdpRtcp(int track, ByteBuf packet);

        /** The RTP socket's read cycle ended. */
        void onUdpReadComplete();
    }

    private final UdpPortPair ports;
    private final SingleWriterCounter foreign;

    private UdpTrackReceiver(UdpPortPair ports, SingleWriterCounter foreign) {
        this.ports = ports;
        this.foreign = foreign;
    }

    /**
     * Binds an RTP/RTCP port pair on {@code local} for track {@code track}, with channels registered on {@code loop}. The
     * future completes on {@code loop}.
     */
    static Future<UdpTrackReceiver> bind(EventLoop loop, Class<? extends DatagramChannel> channelType, ByteBufAllocator reads,
            InetAddress local, InetAddress publisher, int track, Sink sink) {
        Promise<UdpTrackReceiver> result = loop.newPromise();
        SingleWriterCounter foreign = new SingleWriterCounter();
        UdpPortPair.bind(loop, channelType, reads, local.getHostAddress(),
                new PacketFilter(publisher, track, sink, false, foreign),
                new PacketFilter(publisher, track, sink, true, foreign),
                new UdpPortPair.BindCallback() {
                    @Override
                    public void bound(UdpPortPair pair) {
                        if (!result.trySuccess(new UdpTrackReceiver(pair, foreign))) {
                            pair.close();
                        }
                    }

                    @Override
                    public void failed(Throwable cause) {
                        result.tryFailure(cause);
                    }
                });
        return result;
    }

    int rtpPort() {
        return ports.rtpPort();
    }

    int rtcpPort() {
        return ports.rtcpPort();
    }

    /** Datagrams dropped because they came from another address than the publisher's. */
    long foreignPackets() {
        return foreign.get();
    }

    void close() {
        ports.close();
    }

    /** The handler of the RTP or the RTCP channel of one track; shared by the channels of failed bind attempts. */
    @ChannelHandler.Sharable
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
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!rtcp) {
                sink.onUdpReadComplete();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A datagram socket error (e.g. ICMP feedback) does not end the publisher's session; the RTSP connection does.
        }
    }
}
