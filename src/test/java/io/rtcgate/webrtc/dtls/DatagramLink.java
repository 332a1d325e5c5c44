package io.rtcgate.webrtc.dtls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two {@link QueueDatagramTransport}s joined in memory, like a UDP path with a demux at each end: what one side sends is
 * copied into a pooled ByteBuf, offered to the other side, and released. Each direction can drop chosen datagrams and
 * records every datagram sent (dropped or not) for inspection.
 */
final class DatagramLink {

    /** Decides whether to drop the {@code index}-th datagram (0-based) of one direction. */
    @FunctionalInterface
    interface DropPolicy {
        boolean drop(int index, byte[] datagram);

        DropPolicy NONE = (index, datagram) -> false;
        DropPolicy ALL = (index, datagram) -> true;

        static DropPolicy random(double probability, long seed) {
            Random random = new Random(seed);
            return (index, datagram) -> {
                synchronized (random) {
                    return random.nextDouble() < probability;
                }
            };
        }

        /** Drops the first datagram the predicate matches, once. */
        static DropPolicy firstMatching(java.util.function.Predicate<byte[]> predicate) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            return (index, datagram) -> predicate.test(datagram) && done.compareAndSet(false, true);
        }
    }

    /** One direction's log. */
    static final class Direction {
        final List<byte[]> sent = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        final AtomicInteger dropped = new AtomicInteger();

        synchronized List<byte[]> snapshot() {
            return new ArrayList<>(sent);
        }
    }

    final QueueDatagramTransport server;
    final QueueDatagramTransport client;
    final Direction serverToClient = new Direction();
    final Direction clientToServer = new Direction();
    volatile DropPolicy serverToClientDrops = DropPolicy.NONE;
    volatile DropPolicy clientToServerDrops = DropPolicy.NONE;
    /**
     * Sends the client's final flight (Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished) as
     * one datagram, as Chromium does (INTEROP.md: one ~545 B datagram), instead of BouncyCastle's one record per datagram.
     */
    volatile boolean packClientFinalFlight;
    private final java.io.ByteArrayOutputStream pendingFinalFlight = new java.io.ByteArrayOutputStream();

    DatagramLink(DtlsHandshaker handshaker) {
        QueueDatagramTransport[] ends = new QueueDatagramTransport[2];
        ends[0] = handshaker.newTransport((data, offset, length) ->
                deliver(serverToClient, serverToClientDrops, ends[1], data, offset, length));
        ends[1] = new QueueDatagramTransport((data, offset, length) -> {
            if (packClientFinalFlight) {
                byte[] packed = pack(data, offset, length);
                if (packed != null) {
                    deliver(clientToServer, clientToServerDrops, ends[0], packed, 0, packed.length);
                }
                return;
            }
            deliver(clientToServer, clientToServerDrops, ends[0], data, offset, length);
        }, 32);
        server = ends[0];
        client = ends[1];
    }

    /** Holds back the final flight's records until its Finished (the first epoch-1 record); null while holding. */
    private synchronized byte[] pack(byte[] data, int offset, int length) {
        byte[] datagram = java.util.Arrays.copyOfRange(data, offset, offset + length);
        int type = handshakeType(datagram);
        boolean finalFlightPart = type == 11 || type == 16 || type == 15 || contentType(datagram) == 20;
        if (finalFlightPart) {
            pendingFinalFlight.writeBytes(datagram);
            return null;
        }
        if (pendingFinalFlight.size() > 0 && epoch(datagram) == 1) {
            pendingFinalFlight.writeBytes(datagram);
            byte[] packed = pendingFinalFlight.toByteArray();
            pendingFinalFlight.reset();
            return packed;
        }
        return datagram;
    }

    private static void deliver(Direction direction, DropPolicy policy, QueueDatagramTransport target, byte[] data,
            int offset, int length) {
        byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
        int index;
        synchronized (direction) {
            index = direction.sent.size();
            direction.sent.add(copy);
        }
        boolean drop = policy.drop(index, copy);
        synchronized (direction) {
            direction.trace.add(String.format("%6d ms #%d %s%s", (System.nanoTime() - START) / 1_000_000, index,
                    describe(copy), drop ? " DROPPED" : ""));
        }
        if (drop) {
            direction.dropped.incrementAndGet();
            return;
        }
        ByteBuf datagram = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        try {
            datagram.writeBytes(copy);
            target.offer(datagram);
        } finally {
            datagram.release();
        }
    }

    private static final long START = System.nanoTime();

    /** Record type, epoch and (for plaintext handshake records) the message type and fragment. */
    static String describe(byte[] datagram) {
        if (datagram.length < 13) {
            return "short(" + datagram.length + ")";
        }
        String text = "type=" + contentType(datagram) + " epoch=" + epoch(datagram) + " len=" + datagram.length;
        if (handshakeType(datagram) >= 0 && datagram.length >= 25) {
            text += " hs=" + handshakeType(datagram) + " frag=" + fragmentOffset(datagram) + "+" + fragmentLength(datagram);
        }
        return text;
    }

    /** Both directions' traces, for a failure message. */
    String trace() {
        StringBuilder text = new StringBuilder("server->client:\n");
        synchronized (serverToClient) {
            serverToClient.trace.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        text.append("client->server:\n");
        synchronized (clientToServer) {
            clientToServer.trace.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        return text.toString();
    }

    void close() {
        server.close();
        client.close();
    }

    // --- DTLS 1.2 record inspection (RFC 6347 §4.1: type(1) version(2) epoch(2) seq(6) length(2), then the fragment;
    // handshake fragment header §4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3)) ---

    static int contentType(byte[] datagram) {
        return datagram[0] & 0xFF;
    }

    static int epoch(byte[] datagram) {
        return ((datagram[3] & 0xFF) << 8) | (datagram[4] & 0xFF);
    }

    /** Handshake type of the first record, for an unencrypted (epoch 0) handshake record; -1 otherwise. */
    static int handshakeType(byte[] datagram) {
        return contentType(datagram) == 22 && epoch(datagram) == 0 && datagram.length > 13 ? datagram[13] & 0xFF : -1;
    }

    static int fragmentOffset(byte[] datagram) {
        return ((datagram[19] & 0xFF) << 16) | ((datagram[20] & 0xFF) << 8) | (datagram[21] & 0xFF);
    }

    static int fragmentLength(byte[] datagram) {
        return ((datagram[22] & 0xFF) << 16) | ((datagram[23] & 0xFF) << 8) | (datagram[24] & 0xFF);
    }

    static int messageLength(byte[] datagram) {
        return ((datagram[14] & 0xFF) << 16) | ((datagram[15] & 0xFF) << 8) | (datagram[16] & 0xFF);
    }
}
