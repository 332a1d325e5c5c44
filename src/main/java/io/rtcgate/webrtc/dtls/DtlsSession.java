package io.rtcgate.webrtc.dtls;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.jboss.logging.Logger;

/**
 * One viewer's DTLS session, from the queued handshake to close. Created by {@link DtlsHandshaker#start}.
 *
 * <h2>The post-handshake pump (bc-java #1489, INTEROP.md)</h2>
 * The server sends the last flight (ChangeCipherSpec + Finished). If it is lost, the client retransmits its own final
 * flight, and BouncyCastle resends the server's flight only from inside {@link DTLSTransport#receive}; it also handles
 * close_notify there. So after {@code accept()} something must keep calling {@code receive}.
 *
 * <p>Choice: the pump is <em>event-driven</em>, not a thread per session. Once established, every datagram the demux
 * offers to the session's {@link QueueDatagramTransport} schedules (at most one queued or running at a time) a short
 * task on the handshake executor that calls {@code receive(buf, 0, len, 1)} until the queue is empty. Thread cost: no
 * thread is held between datagrams; each post-handshake DTLS datagram costs one task of about a millisecond (the 1 ms wait
 * after the queue empties). In WebRTC without data channels nothing arrives after the handshake except retransmitted
 * final flights and close_notify, so the pump runs a few times per session at most and lasts the session's whole life
 * (no "stop after N seconds" cut-off, so a late retransmission is still answered). A pump task refused by a full executor
 * queue is counted and retried on the next datagram (the client retransmits with backoff). Application data is counted
 * and dropped.
 *
 * <p>Thread-safety: {@link #close()} and the state accessors are safe from any thread; BouncyCastle's objects are touched
 * only by the one handshake or pump task running at a time.
 */
public final class DtlsSession {
    private static final Logger LOG = Logger.getLogger(DtlsSession.class);

    /** Lifecycle of a session. */
    public enum State { QUEUED, HANDSHAKING, ESTABLISHED, FAILED, CLOSED }

    private final QueueDatagramTransport transport;
    private final Executor executor;
    private final DtlsSessionListener listener;
    private final DtlsHandshaker.Counters counters;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private final AtomicLong applicationDataDropped = new AtomicLong();
    private final AtomicLong pumpRuns = new AtomicLong();
    private final Runnable pumpTask = this::pump;

    private volatile State state = State.QUEUED;
    private volatile boolean closeRequested;
    private volatile DtlsSrtpKeys keys;
    /** Written by the handshake task before the first pump task is scheduled; read only by pump tasks. */
    private DTLSTransport dtls;
    private DtlsServer server;

    DtlsSession(QueueDatagramTransport transport, Executor executor, DtlsSessionListener listener,
            DtlsHandshaker.Counters counters) {
        this.transport = transport;
        this.executor = executor;
        this.listener = listener;
        this.counters = counters;
    }

    /** The transport the demux feeds with this viewer's DTLS datagrams. */
    public QueueDatagramTransport transport() {
        return transport;
    }

    public State state() {
        return state;
    }

    /** The keys, once established; {@code null} before. */
    public DtlsSrtpKeys keys() {
        return keys;
    }

    /** Application-data records received after the handshake and dropped (WebRTC here has no data channels). */
    public long applicationDataDropped() {
        return applicationDataDropped.get();
    }

    /** Post-handshake pump tasks run. */
    public long pumpRuns() {
        return pumpRuns.get();
    }

    /**
     * Ends the session. Before the handshake completes it closes the transport, so the handshake fails at once (reported
     * as {@link DtlsHandshakeFailure.Kind#CLOSED}); once established it sends close_notify from a pump task. Idempotent.
     */
    public void close() {
        closeRequested = true;
        State current = state;
        if (current == State.QUEUED || current == State.HANDSHAKING) {
            transport.close();
            return;
        }
        if (current == State.ESTABLISHED && !schedulePump()) {
            transport.close();
        }
    }

    /** Runs the handshake; called on a handshake thread. */
    void runHandshake(DtlsServer dtlsServer) {
        if (closeRequested) {
            finishFailed(DtlsHandshakeFailure.of(new IOException("closed while queued"), true));
            return;
        }
        state = State.HANDSHAKING;
        long startNanos = System.nanoTime();
        DtlsSrtpKeys negotiated;
        try {
            DTLSTransport established = new DTLSServerProtocol().accept(dtlsServer, transport);
            negotiated = dtlsServer.srtpKeys();
            if (negotiated == null) {
                throw new IOException("handshake completed without SRTP keys");
            }
            this.dtls = established;
            this.server = dtlsServer;
        } catch (IOException | RuntimeException e) {
            boolean closedLocally = closeRequested || transport.isClosed();
            transport.close();
            finishFailed(DtlsHandshakeFailure.of(e, closedLocally));
            return;
        }
        counters.succeeded.incrementAndGet();
        counters.lastHandshakeMicros.set((System.nanoTime() - startNanos) / 1000);
        keys = negotiated;
        state = State.ESTABLISHED;
        notifySucceeded(negotiated);
        transport.setArrivalListener(this::schedulePump);
        // Picks up datagrams that arrived before the listener was set, and a close() that raced with the handshake.
        if (transport.queuedDatagrams() > 0 || closeRequested) {
            if (!schedulePump() && closeRequested) {
                transport.close();
            }
        }
    }

    /** Reports a handshake that will never run (the handshaker shut down while it was queued). */
    void abandon(String reason) {
        transport.close();
        finishFailed(DtlsHandshakeFailure.of(new IOException(reason), true));
    }

    private void finishFailed(DtlsHandshakeFailure failure) {
        LOG.debugf("DTLS handshake failed: %s", failure.message());
        state = State.FAILED;
        counters.failed.incrementAndGet();
        if (failure.kind() == DtlsHandshakeFailure.Kind.TIMEOUT) {
            counters.timedOut.incrementAndGet();
        }
        try {
            listener.onHandshakeFailed(this, failure);
        } catch (RuntimeException e) {
            LOG.warn("DTLS session listener threw on failure", e);
        }
    }

    private void notifySucceeded(DtlsSrtpKeys negotiated) {
        try {
            listener.onHandshakeSucceeded(this, negotiated);
        } catch (RuntimeException e) {
            LOG.warn("DTLS session listener threw on success", e);
        }
    }

    /** @return {@code true} if a pump task is queued or running after this call */
    private boolean schedulePump() {
        if (!pumpScheduled.compareAndSet(false, true)) {
            return true;
        }
        try {
            executor.execute(pumpTask);
            return true;
        } catch (RejectedExecutionException e) {
            pumpScheduled.set(false);
            counters.pumpsRejected.incrementAndGet();
            return false;
        }
    }

    private void pump() {
        pumpRuns.incrementAndGet();
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        do {
            if (state != State.ESTABLISHED) {
                pumpScheduled.set(false);
                return;
            }
            if (closeRequested) {
                closeEstablished("closed locally");
                pumpScheduled.set(false);
                return;
            }
            try {
                while (transport.queuedDatagrams() > 0 && !closeRequested && !transport.isClosed()) {
                    int received = dtls.receive(buf, 0, buf.length, 1);
                    if (received > 0) {
                        applicationDataDropped.incrementAndGet();
                        counters.applicationDataDropped.incrementAndGet();
                    }
                }
            } catch (IOException | RuntimeException e) {
                String reason = server.closeReason() != null ? server.closeReason()
                        : "DTLS error: " + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
                finishClosed(reason);
                pumpScheduled.set(false);
                return;
            }
            if (transport.isClosed() && !closeRequested) {
                finishClosed(server.closeReason() != null ? server.closeReason() : "transport closed");
                pumpScheduled.set(false);
                return;
            }
            pumpScheduled.set(false);
            // Continue only if more work arrived and no other task was scheduled for it in the meantime.
        } while ((transport.queuedDatagrams() > 0 || closeRequested) && pumpScheduled.compareAndSet(false, true));
    }

    private void closeEstablished(String reason) {
        try {
            dtls.close(); // sends close_notify, then closes the transport
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing DTLS transport: %s", e);
        }
        transport.close();
        finishClosed(reason);
    }

    private void finishClosed(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        transport.close();
        state = State.CLOSED;
        try {
            listener.onSessionClosed(this, reason);
        } catch (RuntimeException e) {
            LOG.warn("DTLS session listener threw on close", e);
        }
    }
}
