package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QueueDatagramTransportTest {
    final List<byte[]> sent = new ArrayList<>();
    final QueueDatagramTransport transport = new QueueDatagramTransport(
            (data, offset, length) -> sent.add(java.util.Arrays.copyOfRange(data, offset, offset + length)), 4);

    @Test
    void offerCopiesTheReadableBytesAndLeavesTheBufferToTheCaller() throws IOException {
        ByteBuf datagram = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            datagram.writeBytes(new byte[] {9, 9, 22, 1, 2, 3});
            datagram.skipBytes(2);
            assertTrue(transport.offer(datagram));
            assertEquals(2, datagram.readerIndex(), "reader index untouched");
            assertEquals(1, datagram.refCnt(), "not released by offer");
            datagram.setByte(2, 99); // later changes do not leak into the queued copy
        } finally {
            datagram.release();
        }
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        assertEquals(4, transport.receive(buf, 0, buf.length, 100));
        assertArrayEquals(new byte[] {22, 1, 2, 3}, java.util.Arrays.copyOf(buf, 4));
        assertEquals(1, transport.datagramsQueued());
    }

    @Test
    void fullQueueDropsAndCounts() {
        byte[] datagram = {22, 0, 0};
        for (int i = 0; i < 4; i++) {
            assertTrue(transport.offer(datagram, 0, datagram.length));
        }
        assertFalse(transport.offer(datagram, 0, datagram.length));
        assertFalse(transport.offer(datagram, 0, datagram.length));
        assertEquals(2, transport.droppedQueueFull());
        assertEquals(4, transport.queuedDatagrams());
    }

    @Test
    void emptyAndOversizedDatagramsAreDropped() {
        assertFalse(transport.offer(new byte[0], 0, 0));
        assertFalse(transport.offer(new byte[QueueDatagramTransport.RECEIVE_LIMIT + 1], 0,
                QueueDatagramTransport.RECEIVE_LIMIT + 1));
        assertTrue(transport.offer(new byte[QueueDatagramTransport.RECEIVE_LIMIT], 0, QueueDatagramTransport.RECEIVE_LIMIT));
        assertEquals(2, transport.droppedInvalidSize());
    }

    @Test
    void badArrayRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> transport.offer(new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> transport.offer(new byte[4], -1, 1));
    }

    @Test
    void receiveTimesOutWithMinusOne() throws IOException {
        long start = System.nanoTime();
        assertEquals(-1, transport.receive(new byte[1500], 0, 1500, 50));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 45);
    }

    @Test
    void closeWakesABlockedReceiveAndRefusesEverythingAfter() throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                transport.receive(new byte[1500], 0, 1500, 0); // 0: wait without limit, as BouncyCastle means it
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(50);
        assertFalse(outcome.isDone());
        transport.close();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof IOException);
        assertFalse(transport.offer(new byte[] {22}, 0, 1));
        assertEquals(1, transport.droppedClosed());
        assertThrows(IOException.class, () -> transport.receive(new byte[1500], 0, 1500, 10));
        transport.send(new byte[] {21, 1}, 0, 2);
        assertTrue(sent.isEmpty());
        assertEquals(1, transport.sendsDroppedClosed());
        transport.close(); // idempotent
    }

    @Test
    void closeWithAFullQueueStillEndsReceive() throws Exception {
        for (int i = 0; i < 4; i++) {
            transport.offer(new byte[] {22}, 0, 1);
        }
        transport.close();
        assertThrows(IOException.class, () -> transport.receive(new byte[1500], 0, 1500, 10));
    }

    @Test
    void sendHandsBytesToTheSenderWithinTheLimit() throws IOException {
        transport.send(new byte[] {0, 22, 7, 0}, 1, 2);
        assertArrayEquals(new byte[] {22, 7}, sent.get(0));
        assertEquals(1, transport.datagramsSent());
        assertThrows(IOException.class, () -> transport.send(new byte[QueueDatagramTransport.SEND_LIMIT + 1], 0,
                QueueDatagramTransport.SEND_LIMIT + 1));
        assertEquals(1200, transport.getSendLimit());
    }

    @Test
    void arrivalListenerRunsForEveryQueuedDatagramOnly() {
        int[] calls = {0};
        transport.setArrivalListener(() -> calls[0]++);
        transport.offer(new byte[] {22}, 0, 1);
        transport.offer(new byte[0], 0, 0); // dropped: no call
        assertEquals(1, calls[0]);
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new QueueDatagramTransport((d, o, l) -> { }, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueDatagramTransport(null, 4));
    }
}
