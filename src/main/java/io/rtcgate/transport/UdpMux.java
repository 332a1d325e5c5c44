package io.rtcgate.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one WebRTC UDP port shared by every viewer. With native epoll there is one {@code SO_REUSEPORT} socket per event loop,
 * all on the same port, so each loop reads and sends on its own socket; without epoll there is a single NIO socket.
 * Incoming datagrams go to a {@link UdpReceiver} on the loop that read them; outgoing ones are written with
 * {@link #write} on the sender's loop and flushed once per read cycle by {@link #flush}, which lets Netty's epoll transport
 * hand many datagrams to one {@code sendmmsg} call.
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

    private final Map<EventLoop, Channel> socketsByLoop = new IdentityHashMap<>();
    private final List<Channel> sockets = new ArrayList<>();
    private final int port;
    private final UdpSendStats stats = new UdpSendStats();
    /** Datagrams written on this loop since the last flush. */
    private final FastThreadLocal<int[]> pending = new FastThreadLocal<>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    public UdpMux(MediaEventLoops loops, String host, int requestedPort, UdpReceiver receiver) {
        int boundPort = requestedPort;
        if (loops.isEpoll()) {
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
            LOG.infof("WebRTC UDP on %s:%d: %d SO_REUSEPORT epoll socket(s), batched sends (sendmmsg)", host, boundPort, sockets.size());
        } else {
            EventLoop loop = loops.next();
            Channel ch = bootstrap(loops, loop, receiver).bind(host, boundPort).syncUninterruptibly().channel();
            boundPort = ((InetSocketAddress) ch.localAddress()).getPort();
            sockets.add(ch);
            LOG.warnf("WebRTC UDP on %s:%d: one NIO socket, one datagram per send (no epoll)", host, boundPort);
        }
        this.port = boundPort;
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
        ch.write(new DatagramPacket(content, to), ch.voidPromise());
        pending.get()[0]++;
    }

    /** Sends everything queued on this loop with as few syscalls as the transport allows. */
    public void flush(EventLoop loop) {
        int[] count = pending.get();
        if (count[0] == 0) {
            return;
        }
        stats.recordFlush(count[0]);
        count[0] = 0;
        socketFor(loop).flush();
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
            stats.sendErrors.increment();
            LOG.debugf("UDP socket error: %s", cause.toString());
        }
    }
}
