package io.rtcgate.webrtc.dtls;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jboss.logging.Logger;

/**
 * Runs the gateway's DTLS server handshakes off the event loops: {@code DTLSServerProtocol.accept} blocks for the whole
 * handshake, so it runs on a small fixed pool ({@link DtlsSettings#handshakeThreads()}) with a bounded queue
 * ({@link DtlsSettings#handshakeQueueBound()}). When the queue is full a new session is refused at once
 * ({@link DtlsHandshakeRefusedException}, counted) rather than queued without limit. The same pool runs the short
 * post-handshake pump tasks described in {@link DtlsSession}. Thread count never grows with viewers.
 *
 * <p>One certificate and one {@link BcTlsCrypto} serve every session.
 *
 * <p>Known BouncyCastle 1.84 limitation (see {@code DtlsRetransmissionTest}): its record layer switches to the new read
 * epoch as soon as a ChangeCipherSpec arrives, so a client that sends its final flight one record per datagram and loses
 * only the CertificateVerify cannot complete (timeout). Browsers send the whole final flight in one datagram, so this
 * needs reordering to bite (not tested against Chromium; INTEROP.md lists netem reordering as untested).
 */
public final class DtlsHandshaker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DtlsHandshaker.class);

    /** Counters shared by all sessions of one handshaker. */
    static final class Counters {
        final AtomicLong started = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();
        final AtomicLong pumpsRejected = new AtomicLong();
        final AtomicLong applicationDataDropped = new AtomicLong();
        final AtomicLong lastHandshakeMicros = new AtomicLong();
    }

    private final DtlsCertificate certificate;
    private final DtlsSettings settings;
    private final BcTlsCrypto crypto;
    private final ThreadPoolExecutor executor;
    private final Counters counters = new Counters();

    public DtlsHandshaker(DtlsCertificate certificate, DtlsSettings settings) {
        this.certificate = certificate;
        this.settings = settings;
        this.crypto = new TableFreeGcmCrypto(new SecureRandom());
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.handshakeThreads(), settings.handshakeThreads(),
                0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.handshakeQueueBound()), runnable -> {
                    Thread thread = new Thread(runnable, "rtcgate-dtls-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    public DtlsSettings settings() {
        return settings;
    }

    /** A transport for a new session, with the configured queue capacity; feed it with {@link QueueDatagramTransport#offer(ByteBuf)}. */
    public QueueDatagramTransport newTransport(DtlsDatagramSender sender) {
        return new QueueDatagramTransport(sender, settings.datagramQueueCapacity());
    }

    /**
     * Queues the server handshake of a new session. Returns at once; the outcome goes to {@code listener} on a handshake
     * thread.
     *
     * @param expectedClientFingerprint SHA-256 (32 bytes) from the offer's {@code a=fingerprint:sha-256}
     * @throws DtlsHandshakeRefusedException if the handshake queue is full or the handshaker is closed; the transport is
     *                                       then closed
     */
    public DtlsSession start(QueueDatagramTransport transport, byte[] expectedClientFingerprint,
            DtlsSessionListener listener) throws DtlsHandshakeRefusedException {
        DtlsServer server = new DtlsServer(crypto, certificate, expectedClientFingerprint, settings);
        DtlsSession session = new DtlsSession(transport, executor, listener, counters);
        try {
            executor.execute(new HandshakeTask(session, server));
        } catch (RejectedExecutionException e) {
            counters.refused.incrementAndGet();
            transport.close();
            throw new DtlsHandshakeRefusedException(executor.isShutdown() ? "DTLS handshaker is shut down"
                    : "DTLS handshake queue full (" + settings.handshakeQueueBound() + " waiting, "
                            + settings.handshakeThreads() + " threads busy)");
        }
        counters.started.incrementAndGet();
        return session;
    }

    /**
     * Runs one complete handshake in memory against BouncyCastle's DTLS client, so that class loading, JIT and the
     * crypto's first use happen at startup and not during a viewer's first handshake (INTEROP: a cold first handshake
     * takes 160-300 ms, enough for Chromium to retransmit). Blocks until done.
     *
     * @return the handshake's wall time in milliseconds
     * @throws IOException if the in-memory handshake fails or the two sides disagree on the keys
     */
    public long warmUp() throws IOException {
        long startNanos = System.nanoTime();
        QueueDatagramTransport[] ends = new QueueDatagramTransport[2];
        ends[0] = newTransport((data, offset, length) -> ends[1].offer(data, offset, length));
        ends[1] = new QueueDatagramTransport((data, offset, length) -> ends[0].offer(data, offset, length),
                settings.datagramQueueCapacity());
        CompletableFuture<DtlsSrtpKeys> serverKeys = new CompletableFuture<>();
        DtlsSession session;
        try {
            session = start(ends[0], certificate.sha256FingerprintBytes(), new DtlsSessionListener() {
                @Override
                public void onHandshakeSucceeded(DtlsSession s, DtlsSrtpKeys keys) {
                    serverKeys.complete(keys);
                }

                @Override
                public void onHandshakeFailed(DtlsSession s, DtlsHandshakeFailure failure) {
                    serverKeys.completeExceptionally(new IOException("warm-up server: " + failure.message(),
                            failure.cause()));
                }
            });
        } catch (DtlsHandshakeRefusedException e) {
            throw new IOException("warm-up refused: " + e.getMessage(), e);
        }
        try {
            LoopbackDtlsClient client = new LoopbackDtlsClient(crypto, certificate, settings.srtpProfileOrder());
            DTLSTransport clientTransport = new DTLSClientProtocol().connect(client, ends[1]);
            byte[] clientMaterial = client.exportedSrtpKeyingMaterial();
            DtlsSrtpKeys keys = serverKeys.get(settings.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
            if (!java.util.Arrays.equals(clientMaterial, keys.keyingMaterial())) {
                throw new IOException("warm-up: client and server exported different SRTP keying material");
            }
            clientTransport.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("warm-up interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("warm-up: server handshake did not report in time", e);
        } finally {
            session.close();
            ends[1].close();
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.debugf("DTLS warm-up handshake took %d ms", millis);
        return millis;
    }

    /** Handshakes queued since start. */
    public long handshakesStarted() {
        return counters.started.get();
    }

    /** Sessions refused because the handshake queue was full. */
    public long handshakesRefused() {
        return counters.refused.get();
    }

    public long handshakesSucceeded() {
        return counters.succeeded.get();
    }

    /** Failed handshakes of any kind, timeouts included. */
    public long handshakesFailed() {
        return counters.failed.get();
    }

    public long handshakesTimedOut() {
        return counters.timedOut.get();
    }

    /** Post-handshake pump tasks the full executor refused (retried on the next datagram). */
    public long pumpsRejected() {
        return counters.pumpsRejected.get();
    }

    public long applicationDataDropped() {
        return counters.applicationDataDropped.get();
    }

    /** Duration of the last successful server handshake, from the task's start to accept() returning. */
    public long lastHandshakeMicros() {
        return counters.lastHandshakeMicros.get();
    }

    /** Handshakes waiting for a thread. */
    public int queuedHandshakes() {
        return executor.getQueue().size();
    }

    /** A queued handshake, kept recognisable so that {@link #close()} can report the ones that never ran. */
    private record HandshakeTask(DtlsSession session, DtlsServer server) implements Runnable {
        @Override
        public void run() {
            session.runHandshake(server);
        }
    }

    /**
     * Stops the threads: running handshakes are interrupted, queued ones never start; both are reported to their
     * listeners as {@link DtlsHandshakeFailure.Kind#CLOSED}. Established sessions get no further pump tasks.
     */
    @Override
    public void close() {
        for (Runnable neverRun : executor.shutdownNow()) {
            if (neverRun instanceof HandshakeTask task) {
                task.session().abandon("DTLS handshaker shut down");
            }
        }
        try {
            if (!executor.awaitTermination(settings.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("DTLS handshake threads did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
