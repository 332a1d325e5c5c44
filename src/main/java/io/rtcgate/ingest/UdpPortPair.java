package io.rtcgate.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An RTP/RTCP pair of UDP sockets on consecutive ports, RTP on the even one (RFC 3550 §11), both bound on one event loop:
 * the loop of the stream they feed. Their reads come from the given allocator (the media event loops' ingest allocator).
 */
final class UdpPortPair {
    private static final int ATTEMPTS = 64;
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 60000;
    private static final int RECEIVE_BUFFER = 1 << 20;

    final Channel rtp;
    final Channel rtcp;

    private UdpPortPair(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    /** Where a bind attempt ends: with a bound pair, or with the reason none could be bound. */
    interface BindCallback {
        void bound(UdpPortPair pair);

        void failed(Throwable cause);
    }

    /**
     * Binds an even/odd pair on {@code host}, asynchronously (it may be called on the loop itself), trying random even ports
     * until both of a pair bind; the callback runs on {@code loop}.
     */
    static void bind(EventLoop loop, Class<? extends DatagramChannel> channelClass, ByteBufAllocator reads, String host,
            ChannelHandler rtpHandler, ChannelHandler rtcpHandler, BindCallback callback) {
        attempt(new Binding(loop, channelClass, reads, host, rtpHandler, rtcpHandler, callback), 0, null);
    }

    /** What every attempt of one bind needs. */
    private record Binding(EventLoop loop, Class<? extends DatagramChannel> channelClass, ByteBufAllocator reads, String host,
            ChannelHandler rtpHandler, ChannelHandler rtcpHandler, BindCallback callback) {
        Bootstrap bootstrap(ChannelHandler handler) {
            return new Bootstrap().group(loop).channel(channelClass).option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                    .option(ChannelOption.ALLOCATOR, reads).handler(handler);
        }
    }

    private static void attempt(Binding b, int attempt, Throwable last) {
        String host = b.host();
        BindCallback callback = b.callback();
        if (attempt >= ATTEMPTS) {
            callback.failed(new IllegalStateException("no free UDP port pair on " + host + " after " + ATTEMPTS + " attempts", last));
            return;
        }
        int port = LOWEST + 2 * ThreadLocalRandom.current().nextInt((HIGHEST - LOWEST) / 2);
        b.bootstrap(b.rtpHandler()).bind(host, port).addListener((ChannelFuture rtpFuture) -> {
            if (!rtpFuture.isSuccess()) {
                attempt(b, attempt + 1, rtpFuture.cause());
                return;
            }
            b.bootstrap(b.rtcpHandler()).bind(host, port + 1).addListener((ChannelFuture rtcpFuture) -> {
                if (!rtcpFuture.isSuccess()) {
                    rtpFuture.channel().close();
                    attempt(b, attempt + 1, rtcpFuture.cause());
                    return;
                }
                callback.bound(new UdpPortPair(rtpFuture.channel(), rtcpFuture.channel()));
            });
        });
    }

    void close() {
        rtp.close();
        rtcp.close();
    }
}
