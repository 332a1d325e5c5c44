package io.rtcgate.webrtc.dtls;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram link between one viewer's UDP address and BouncyCastle's DTLS engine.
 *
 * <p>Inbound: the UDP demux (RFC 7983: first byte 20-63) calls {@link #offer(ByteBuf)} on the event loop; the datagram is
 * copied into a fresh {@code byte[]} and put on a small bounded queue, which the handshake thread reads through
 * {@link #receive}. DTLS is a handful of datagrams per session, so the copy and the queue's lock are off the media hot path.
 * A full queue, an empty or oversized datagram, or a closed transport drops the datagram and counts it; {@code offer} never
 * blocks.
 *
 * <p>Outbound: {@link #send} hands BouncyCastle's bytes to a {@link DtlsDatagramSender} on the calling (handshake) thread.
 *
 * <p>Buffer ownership: {@code offer(ByteBuf)} only reads the buffer (its reader index is not moved); the caller keeps
 * ownership and releases it.
 *
 * <p>Limits: BouncyCastle fragments its handshake messages to fit {@link #SEND_LIMIT} (1200 B, well under any path MTU;
 * INTEROP: Chromium also sends at most 1200 B). It accepts datagrams up to {@link #RECEIVE_LIMIT} so that a peer sending
 * up to a 1500 B Ethernet MTU is not truncated.
 */
public final class QueueDatagramTransport implements DatagramTransport {
    /** Largest datagram BouncyCastle may send. */
    public static final int SEND_LIMIT = 1200;
    /** Largest datagram accepted: a full UDP payload over IPv4 on a 1500 B MTU. */
    public static final int RECEIVE_LIMIT = 1472;

    /** Put on the queue by {@link #close()} to wake a blocked {@link #receive}. */
    private static final byte[] CLOSED_MARKER = new byte[0];

    private final ArrayBlockingQueue<byte[]> queue;
    private final DtlsDatagramSender sender;
    private volatile boolean closed;
    private volatile Runnable arrivalListener;

    private final AtomicLong datagramsQueued = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong droppedInvalidSize = new AtomicLong();
    private final AtomicLong droppedClosed = new AtomicLong();
    private final AtomicLong datagramsSent = new AtomicLong();
    private final AtomicLong sendsDroppedClosed = new AtomicLong();

    /**
     * @param sender        where outgoing datagrams go
     * @param queueCapacity how many inbound datagrams may wait for the handshake thread (Chromium's largest flight is
     *                      two ClientHello fragments or one final-flight datagram, so a few dozen absorb retransmissions)
     */
    public QueueDatagramTransport(DtlsDatagramSender sender, int queueCapacity) {
        if (sender == null) {
            throw new IllegalArgumentException("sender must not be null");
        }
        if (queueCapacity < 1 || queueCapacity > 4096) {
            throw new IllegalArgumentException("queueCapacity must be 1..4096, was " + queueCapacity);
        }
        this.sender = sender;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /**
     * Queues a copy of the datagram's readable bytes for the DTLS engine. Any thread, never blocks.
     *
     * @return {@code false} if the datagram was dropped (counted): closed transport, empty or larger than
     *         {@link #RECEIVE_LIMIT}, or queue full
     */
    public boolean offer(ByteBuf datagram) {
        int length = datagram.readableBytes();
        if (!acceptable(length)) {
            return false;
        }
        byte[] copy = new byte[length];
        datagram.getBytes(datagram.readerIndex(), copy);
        return enqueue(copy);
    }

    /** Like {@link #offer(ByteBuf)} for bytes in an array (copied). */
    public boolean offer(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside array of " + data.length);
        }
        if (!acceptable(length)) {
            return false;
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        return enqueue(copy);
    }

    private boolean acceptable(int length) {
        if (closed) {
            droppedClosed.incrementAndGet();
            return false;
        }
        if (length == 0 || length > RECEIVE_LIMIT) {
            droppedInvalidSize.incrementAndGet();
            return false;
        }
        return true;
    }

    private boolean enqueue(byte[] copy) {
        if (!queue.offer(copy)) {
            droppedQueueFull.incrementAndGet();
            return false;
        }
        datagramsQueued.incrementAndGet();
        Runnable listener = arrivalListener;
        if (listener != null) {
            listener.run();
        }
        return true;
    }

    /**
     * Sets a callback run (on the offering thread, after queueing) for every queued datagram; {@code null} removes it.
     * The handshaker uses it after the handshake to schedule the post-handshake pump.
     */
    void setArrivalListener(Runnable listener) {
        this.arrivalListener = listener;
    }

    /** Datagrams waiting for the DTLS engine. */
    public int queuedDatagrams() {
        return queue.size();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    /**
     * Takes the next datagram, waiting up to {@code waitMillis} (0 = until one arrives, as BouncyCastle means it).
     *
     * @return its length, or -1 when none arrived in time (BouncyCastle's "timed out")
     * @throws IOException once the transport is closed, so a blocked handshake ends at once
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        try {
            datagram = waitMillis <= 0 ? queue.take() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (closed || datagram == CLOSED_MARKER) {
            throw new IOException("DTLS transport closed");
        }
        if (datagram == null) {
            return -1;
        }
        if (datagram.length > len) {
            // BouncyCastle sizes its buffer from getReceiveLimit(), and offer() refuses anything larger: unreachable
            // unless BouncyCastle changes. A truncated record would fail its checks anyway, so drop it whole.
            droppedInvalidSize.incrementAndGet();
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /** Hands one datagram to the sender; dropped (counted) once the transport is closed. */
    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (len > SEND_LIMIT) {
            throw new IOException("DTLS datagram of " + len + " B exceeds the send limit " + SEND_LIMIT);
        }
        if (closed) {
            sendsDroppedClosed.incrementAndGet();
            return;
        }
        sender.send(buf, off, len);
        datagramsSent.incrementAndGet();
    }

    /** Closes the transport: queued datagrams are discarded, a blocked {@link #receive} throws. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arrivalListener = null;
        queue.clear();
        // If a racing offer() refilled the queue, the receiver wakes on that datagram and sees 'closed' instead.
        queue.offer(CLOSED_MARKER);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Datagrams accepted onto the queue. */
    public long datagramsQueued() {
        return datagramsQueued.get();
    }

    /** Datagrams dropped because the queue was full. */
    public long droppedQueueFull() {
        return droppedQueueFull.get();
    }

    /** Datagrams dropped because they were empty or larger than {@link #RECEIVE_LIMIT}. */
    public long droppedInvalidSize() {
        return droppedInvalidSize.get();
    }

    /** Datagrams offered after close. */
    public long droppedClosed() {
        return droppedClosed.get();
    }

    /** Datagrams handed to the sender. */
    public long datagramsSent() {
        return datagramsSent.get();
    }

    /** Datagrams BouncyCastle sent after close (for example its own alert), not handed on. */
    public long sendsDroppedClosed() {
        return sendsDroppedClosed.get();
    }
}
