package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link ReusedDatagramPacket}: the envelope owns its content, goes back to its thread's free list only once the content
 * is freed and only on that thread; and through a real {@link UdpMux} (epoll where available, else NIO) datagrams
 * arrive intact while the loop stops making envelopes after the first flush.
 */
class ReusedDatagramPacketTest {
    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 9);

    private static ByteBuf content(int length) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(length).writeZero(length);
    }

    @Test
    void releasingTheEnvelopeReleasesTheContentAndReusesTheEnvelope() {
        ByteBuf first = content(100);
        ReusedDatagramPacket packet = ReusedDatagramPacket.of(first, TO);
        assertSame(first, packet.content());
        assertEquals(TO, packet.recipient());
        assertEquals(1, packet.refCnt());
        assertTrue(packet.release());
        assertEquals(0, first.refCnt());
        assertEquals(0, packet.refCnt());
        assertThrows(IllegalStateException.class, packet::content);

        ByteBuf second = content(50);
        ReusedDatagramPacket again = ReusedDatagramPacket.of(second, TO);
        assertSame(packet, again, "the freed envelope is reused by its thread");
        assertSame(second, again.content());
        again.release();
    }

    @Test
    void aRetainedEnvelopeIsReusedOnlyAfterTheLastRelease() {
        ByteBuf buf = content(10);
        ReusedDatagramPacket packet = ReusedDatagramPacket.of(buf, TO);
        packet.retain();
        assertEquals(2, buf.refCnt());
        assertFalse(packet.release());
        ReusedDatagramPacket other = ReusedDatagramPacket.of(content(10), TO);
        assertNotSame(packet, other, "a live envelope is not handed out again");
        assertTrue(packet.release());
        assertTrue(other.release());
    }

    @Test
    void anEnvelopeReleasedOnAnotherThreadIsNotReused() throws Exception {
        ReusedDatagramPacket packet = ReusedDatagramPacket.of(content(10), TO);
        int before = ReusedDatagramPacket.freeList().available();
        assertTrue(CompletableFuture.supplyAsync(packet::release).get());
        assertEquals(before, ReusedDatagramPacket.freeList().available());
        ReusedDatagramPacket next = ReusedDatagramPacket.of(content(10), TO);
        assertNotSame(packet, next);
        next.release();
    }

    @Test
    void copiesArePlainPackets() {
        ReusedDatagramPacket packet = ReusedDatagramPacket.of(content(8), TO);
        var copy = packet.copy();
        assertFalse(copy instanceof ReusedDatagramPacket);
        assertEquals(TO, copy.recipient());
        assertEquals(8, copy.content().readableBytes());
        copy.release();
        packet.release();
    }

    @Test
    void datagramsFlowThroughTheMuxAndEnvelopesAreReusedAcrossFlushes() throws Exception {
        MediaEventLoops loops = new MediaEventLoops(1);
        UdpMux mux = new UdpMux(loops, "127.0.0.1", 0, (m, socket, p) -> {
        });
        EventLoop loop = loops.next();
        UdpTestReceiver receiver = new UdpTestReceiver();
        try {
            int perFlush = 20;
            int rounds = 5;
            List<byte[]> sent = new ArrayList<>();
            long createdAfterFirst = -1;
            for (int round = 0; round < rounds; round++) {
                int r = round;
                long created = loop.submit(() -> {
                    for (int i = 0; i < perFlush; i++) {
                        byte[] d = new byte[100 + i];
                        d[0] = (byte) r;
                        d[1] = (byte) i;
                        synchronized (sent) {
                            sent.add(d);
                        }
                        mux.write(loop, PooledByteBufAllocator.DEFAULT.directBuffer(d.length).writeBytes(d),
                                receiver.address());
                    }
                    mux.flush(loop);
                    return ReusedDatagramPacket.freeList().created();
                }).get();
                List<byte[]> got = receiver.receive(perFlush, 2000);
                assertEquals(perFlush, got.size(), "round " + round);
                for (int i = 0; i < perFlush; i++) {
                    assertArrayEquals(sent.get(round * perFlush + i), got.get(i));
                }
                if (round == 0) {
                    createdAfterFirst = created;
                    assertTrue(created > 0 && created <= perFlush, "envelopes made in the first flush: " + created);
                } else {
                    assertEquals(createdAfterFirst, created, "no new envelope after the first flush (round " + round + ")");
                }
            }
        } finally {
            mux.close();
            loops.close();
            receiver.close();
        }
    }
}
