package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rtcgate.tuning.batching}: on, the datagrams written before a flush leave in one send call; off, each one is its
 * own send call (datagrams per send call exactly 1.0), and they still all arrive, in order. The flush reports what was
 * sent since the previous flush either way (the latency recorder depends on it).
 */
class UdpMuxBatchingSwitchTest {
    private static final int COUNT = 24;

    private static UdpSendStats sendCycle(boolean nativeTransport, boolean batching, int[] flushed) throws Exception {
        try (MediaEventLoops loops = new MediaEventLoops(1, nativeTransport);
                UdpMux mux = new UdpMux(loops, "127.0.0.1", 0, (m, socket, packet) -> {
                }, false, batching);
                UdpTestReceiver peer = new UdpTestReceiver()) {
            assertEquals(batching, mux.batching());
            EventLoop loop = loops.next();
            InetSocketAddress to = peer.address();
            flushed[0] = loop.submit(() -> {
                for (int i = 0; i < COUNT; i++) {
                    mux.write(loop, Unpooled.directBuffer(200).writeByte(i).writeZero(199), to);
                }
                return mux.flush(loop);
            }).get();
            List<byte[]> got = peer.receive(COUNT, 2000);
            assertEquals(COUNT, got.size(), "every datagram arrived");
            for (int i = 0; i < COUNT; i++) {
                assertEquals(i, got.get(i)[0], "in order");
            }
            assertEquals(0, (int) loop.submit(() -> mux.flush(loop)).get(), "nothing left for a second flush");
            return mux.stats();
        }
    }

    @ParameterizedTest(name = "native transport {0}")
    @ValueSource(booleans = {true, false})
    void batchingOffSendsEveryDatagramInItsOwnSendCall(boolean nativeTransport) throws Exception {
        int[] flushed = new int[1];
        UdpSendStats stats = sendCycle(nativeTransport, false, flushed);
        assertEquals(COUNT, flushed[0], "the flush reports the datagrams the cycle sent");
        assertEquals(COUNT, stats.datagrams());
        assertEquals(COUNT, stats.sends(), "one send call per datagram");
        assertEquals(1.0, stats.datagramsPerSend());
        assertEquals(COUNT, stats.histogram()[0]);
        assertEquals(0, stats.sendErrors());
    }

    @Test
    void batchingOnSendsTheCycleInOneSendCallWithEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), "sendmmsg batching needs native epoll");
        int[] flushed = new int[1];
        UdpSendStats stats = sendCycle(true, true, flushed);
        assertEquals(COUNT, flushed[0]);
        assertEquals(COUNT, stats.datagrams());
        assertEquals(1, stats.sends(), "one sendmmsg for the cycle");
        assertEquals(COUNT, stats.datagramsPerSend());
        assertEquals(1, stats.histogram()[UdpSendStats.bucketOf(COUNT)]);
        assertEquals(0, stats.histogram()[0]);
    }
}
