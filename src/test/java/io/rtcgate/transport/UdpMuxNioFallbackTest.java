package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code rtcgate.transport.native=false} (or no epoll): plain NIO, one socket, one datagram per send, no GSO even when
 * asked for — datagrams still flow both ways, and the log says so.
 */
class UdpMuxNioFallbackTest {

    /** Collects the formatted log lines of the transport package. */
    static final class LogLines extends Handler implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("io.rtcgate.transport");

        LogLines() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length > 0 && message.contains("%")) {
                message = String.format(message, parameters);
            } else if (parameters != null && parameters.length > 0) {
                message = java.text.MessageFormat.format(message, parameters);
            }
            lines.add(message);
        }

        boolean any(String fragment) {
            return lines.stream().anyMatch(l -> l.contains(fragment));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void nioCarriesDatagramsOnePerSendWithoutGsoAndSaysSo() throws Exception {
        CountDownLatch inbound = new CountDownLatch(1);
        byte[][] received = new byte[1][];
        try (LogLines log = new LogLines();
                MediaEventLoops loops = new MediaEventLoops(1, false);
                UdpMux mux = new UdpMux(loops, "127.0.0.1", 0, (m, socket, packet) -> {
                    received[0] = ByteBufUtil.getBytes(packet.content());
                    inbound.countDown();
                }, true);
                UdpTestReceiver peer = new UdpTestReceiver()) {
            assertFalse(loops.isEpoll());
            assertFalse(mux.isEpoll());
            assertEquals(NioDatagramChannel.class, loops.datagramChannelClass());
            assertFalse(mux.gsoActive(), "GSO needs epoll");
            EventLoop loop = loops.next();
            assertThrows(IllegalStateException.class, () -> mux.newSegmentRun(loop));
            assertTrue(log.any("native transport disabled (rtcgate.transport.native=false), media I/O on NIO"), log.lines.toString());
            assertTrue(log.any("one NIO socket, one datagram per send (no epoll)"), log.lines.toString());
            assertTrue(log.any("UDP GSO requested (rtcgate.webrtc.gso=true) but unsupported: no native epoll transport"),
                    log.lines.toString());

            InetSocketAddress to = peer.address();
            int count = 20;
            loop.submit(() -> {
                for (int i = 0; i < count; i++) {
                    mux.write(loop, Unpooled.directBuffer(100).writeByte(i).writeZero(99), to);
                }
                mux.flush(loop);
            }).get();
            List<byte[]> got = peer.receive(count, 2000);
            assertEquals(count, got.size());
            for (int i = 0; i < count; i++) {
                assertEquals(100, got.get(i).length);
                assertEquals(i, got.get(i)[0]);
            }
            UdpSendStats stats = mux.stats();
            assertEquals(count, stats.datagrams());
            assertEquals(count, stats.sends(), "NIO: one send call per datagram");
            assertEquals(count, stats.histogram()[0]);
            assertEquals(0, stats.gsoSends());

            peer.send(new byte[] {1, 2, 3}, new InetSocketAddress("127.0.0.1", mux.port()));
            assertTrue(inbound.await(2, TimeUnit.SECONDS), "inbound datagram reached the receiver");
            assertArrayEquals(new byte[] {1, 2, 3}, received[0]);
        }
    }
}
