package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.unix.Errors;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpSegmentRun} through a real epoll {@link UdpMux} with GSO to JDK sockets on 127.0.0.1: the kernel cuts each
 * segmented send into separate datagrams, which must arrive whole, in order, with the run boundaries the kernel rule
 * allows (equal segments, only the last shorter).
 */
class UdpSegmentRunTest {
    private static final int SLACK = 32;

    private MediaEventLoops loops;
    private UdpMux mux;
    private EventLoop loop;
    private UdpTestReceiver a;
    private UdpTestReceiver b;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(),
                "UDP GSO needs native epoll and UDP_SEGMENT; UdpMuxNioFallbackTest covers the other case");
        loops = new MediaEventLoops(1);
        mux = new UdpMux(loops, "127.0.0.1", 0, (m, socket, packet) -> {
        }, true);
        loop = loops.next();
        a = new UdpTestReceiver();
        b = new UdpTestReceiver();
    }

    @AfterEach
    void stop() {
        if (mux != null) {
            mux.close();
            loops.close();
            a.close();
            b.close();
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get();
    }

    /** Datagram {@code id}: its id in the first byte, then a pattern of it. */
    private static byte[] datagram(int id, int length) {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (id * 7 + i);
        }
        d[0] = (byte) id;
        return d;
    }

    private static void append(UdpSegmentRun run, InetSocketAddress to, byte[] datagram) {
        ByteBuf buf = run.append(to, datagram.length, datagram.length + SLACK);
        buf.writeBytes(datagram);
        run.commit();
    }

    private static void assertArrived(List<byte[]> expected, List<byte[]> received) {
        assertEquals(expected.size(), received.size(), "datagrams received");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), received.get(i), "datagram " + i);
        }
    }

    @Test
    void equalSizesWithAShorterTailLeaveAsOneGsoSendAndArriveAsSeparateDatagrams() throws Exception {
        List<byte[]> sent = List.of(datagram(1, 1216), datagram(2, 1216), datagram(3, 1216), datagram(4, 1216),
                datagram(5, 1216), datagram(6, 700));
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            for (byte[] d : sent) {
                append(run, a.address(), d);
            }
            assertEquals(6, run.segments());
            run.finish();
            mux.flush(loop);
            return null;
        });
        assertArrived(sent, a.receive(sent.size(), 2000));
        UdpSendStats stats = mux.stats();
        assertEquals(1, stats.gsoSends());
        assertEquals(6, stats.gsoSegments());
        assertEquals(6, stats.datagrams());
        assertEquals(1, stats.sends());
        assertEquals(1, stats.histogram()[UdpSendStats.bucketOf(6)]);
    }

    @Test
    void afterTheKernelRefusesGsoWithEioRunsLeaveOneDatagramEach() throws Exception {
        // loopback always checksums, so the EIO a device without checksum offload gives is handed in as Netty would
        mux.onSendError(Errors.newIOException("sendmmsg", -5));
        assertTrue(mux.gsoRefused());
        assertEquals(1, mux.stats().sendErrors(), "the refused send is counted");
        List<byte[]> sent = List.of(datagram(1, 1216), datagram(2, 1216), datagram(3, 1216), datagram(4, 500));
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            for (byte[] d : sent) {
                append(run, a.address(), d);
            }
            run.finish();
            mux.flush(loop);
            return null;
        });
        assertArrived(sent, a.receive(sent.size(), 2000));
        UdpSendStats stats = mux.stats();
        assertEquals(0, stats.gsoSends(), "no GSO send after the refusal");
        assertEquals(4, stats.datagrams());
        assertEquals(1, stats.sends(), "still one sendmmsg for the cycle");
    }

    @Test
    void otherSendErrorsLeaveGsoOn() {
        mux.onSendError(Errors.newIOException("sendmmsg", -111)); // ECONNREFUSED from an ICMP port unreachable
        mux.onSendError(new java.io.IOException("Input/output error"));
        assertFalse(mux.gsoRefused());
        assertEquals(2, mux.stats().sendErrors());
    }

    @Test
    void aLongerDatagramStartsANewRunAShorterOneEndsItAnotherAddressEndsIt() throws Exception {
        List<byte[]> toA = List.of(datagram(1, 300), datagram(2, 300), datagram(3, 400), datagram(4, 400),
                datagram(5, 100), datagram(6, 100));
        byte[] toB = datagram(7, 300);
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            append(run, a.address(), toA.get(0));
            append(run, a.address(), toA.get(1));
            assertFalse(run.accepts(a.address(), 400, 400 + SLACK), "longer than the segment size");
            append(run, a.address(), toA.get(2)); // run [300, 300] sent, new run
            append(run, a.address(), toA.get(3));
            append(run, a.address(), toA.get(4)); // shorter: joins as the last segment
            assertFalse(run.accepts(a.address(), 100, 100 + SLACK), "a shorter segment ended the run");
            append(run, a.address(), toA.get(5)); // run [400, 400, 100] sent, new run of one
            assertFalse(run.accepts(b.address(), 100, 100 + SLACK), "another address");
            append(run, b.address(), toB); // [100] sent as a plain datagram, new run
            run.finish(); // [300] to b, plain
            mux.flush(loop);
            return null;
        });
        assertArrived(toA, a.receive(toA.size(), 2000));
        assertArrived(List.of(toB), b.receive(1, 2000));
        UdpSendStats stats = mux.stats();
        assertEquals(2, stats.gsoSends());
        assertEquals(5, stats.gsoSegments());
        assertEquals(7, stats.datagrams());
        assertEquals(1, stats.sends());
    }

    @Test
    void theFlushEndsRunsLeftOpen() throws Exception {
        List<byte[]> sent = List.of(datagram(1, 500), datagram(2, 500), datagram(3, 500));
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            for (byte[] d : sent) {
                append(run, a.address(), d);
            }
            mux.flush(loop);
            assertEquals(0, run.segments(), "the flush sent the run");
            return null;
        });
        assertArrived(sent, a.receive(sent.size(), 2000));
        assertEquals(1, mux.stats().gsoSends());
        // the run registers again for the next flush
        List<byte[]> next = List.of(datagram(4, 500), datagram(5, 500));
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            for (byte[] d : next) {
                append(run, a.address(), d);
            }
            mux.flush(loop);
            return null;
        });
        assertArrived(next, a.receive(next.size(), 2000));
        assertEquals(2, mux.stats().gsoSends());
    }

    @Test
    void runsAreCutAtTheSegmentAndByteLimits() throws Exception {
        int small = 70;
        int large = 40;
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            for (int i = 0; i < small; i++) {
                append(run, a.address(), datagram(i, 200));
            }
            run.finish();
            for (int i = 0; i < large; i++) {
                append(run, b.address(), datagram(i, 1200));
            }
            run.finish();
            mux.flush(loop);
            return null;
        });
        List<byte[]> atA = a.receive(small, 2000);
        List<byte[]> atB = b.receive(large, 2000);
        assertEquals(small, atA.size());
        assertEquals(large, atB.size());
        for (int i = 0; i < small; i++) {
            assertArrayEquals(datagram(i, 200), atA.get(i));
        }
        for (int i = 0; i < large; i++) {
            assertArrayEquals(datagram(i, 1200), atB.get(i));
        }
        // 70 = 64 + 6 segments; 40 x 1200 bytes do not fit one 32 KiB run: 27 + 13
        assertEquals(4, mux.stats().gsoSends());
        assertEquals(small + large, mux.stats().gsoSegments());
    }

    @Test
    void nothingWrittenLeavesTheRunAsItWasAndAWrongLengthIsRefused() throws Exception {
        onLoop(() -> {
            UdpSegmentRun run = mux.newSegmentRun(loop);
            run.append(a.address(), 100, 132);
            run.commit(); // a failed encryption writes nothing
            assertEquals(0, run.segments());
            append(run, a.address(), datagram(1, 100));
            run.append(a.address(), 100, 132);
            run.commit();
            assertEquals(1, run.segments());
            ByteBuf buf = run.append(a.address(), 100, 132);
            buf.writeZero(90);
            assertThrows(IllegalStateException.class, run::commit);
            assertEquals(1, run.segments());
            assertThrows(IllegalArgumentException.class, () -> run.append(a.address(), 0, 10));
            run.close(); // releases the unsent run
            assertEquals(0, run.segments());
            mux.flush(loop);
            return null;
        });
        assertTrue(a.receive(1, 300).isEmpty(), "a closed run is not sent");
        assertEquals(0, mux.stats().datagrams());
    }
}
