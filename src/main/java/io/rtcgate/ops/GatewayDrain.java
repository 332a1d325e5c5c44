package io.rtcgate.ops;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Drain on SIGTERM. The first SIGTERM sets readiness down and makes new WHEP offers fail with 503 + Retry-After at once;
 * viewers and RTSP publishers already connected keep flowing until none is left or {@code rtcgate.drain-timeout} has passed
 * (a second SIGTERM ends the wait at once). Then the application stops normally — the ShutdownEvent observers close every
 * viewer with RTCP BYE ({@code WebRtcGateway}), stop the camera pulls with TEARDOWN ({@code IngestService}) and close the
 * publisher connections ({@code RtspPublishServer}) — and the process exits 0.
 *
 * <p>Why our own SIGTERM handler rather than Quarkus' {@code quarkus.shutdown.delay}: the platform's delay runs inside the
 * JVM shutdown hook, is a fixed sleep (it cannot end early when the last viewer leaves), ignores a second SIGTERM (the JVM
 * blocks further {@code exit} calls while hooks run), and the JVM then exits 143. Handling SIGTERM ourselves keeps the whole
 * HTTP API up during the drain (so the probe answers DOWN with its reasons and WHEP answers 503 with Retry-After instead of a
 * bare refusal), ends as soon as nothing is left, and exits through {@link Quarkus#asyncExit(int)} with 0. Shutdowns not
 * started by SIGTERM (SIGINT, {@code Quarkus.asyncExit}) skip the drain and close sessions the same clean way.
 */
@ApplicationScoped
public class GatewayDrain {
    private static final Logger LOG = Logger.getLogger(GatewayDrain.class);
    private static final long POLL_MILLIS = 100;

    @Inject
    GatewayConfig config;
    @Inject
    WebRtcGateway gateway;
    @Inject
    RtspPublishServer rtspServer;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final CountDownLatch endNow = new CountDownLatch(1);
    private volatile String endReason = "second SIGTERM";
    /** The application is already stopping (ShutdownEvent): the drain must not ask for another exit. */
    private volatile boolean stopping;
    private volatile long drainStartedMillis;

    void onStart(@Observes StartupEvent event) {
        double share = config.readyMinOnlineShare();
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalStateException("invalid rtcgate.ready-min-online-share=" + share + ": must be between 0 and 1");
        }
        if (config.drainTimeout().isNegative()) {
            throw new IllegalStateException("invalid rtcgate.drain-timeout=" + config.drainTimeout() + ": must not be negative");
        }
        if (!config.drainOnSigterm()) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> onSigterm());
        } catch (IllegalArgumentException e) {
            LOG.warnf("cannot handle SIGTERM (%s): it stops the gateway without a drain", e.getMessage());
        }
    }

    private void onSigterm() {
        if (draining.get()) {
            LOG.info("second SIGTERM: ending the drain now");
            endReason = "second SIGTERM";
            endNow.countDown();
            return;
        }
        LOG.infof("SIGTERM: draining for at most %s (readiness down, new WHEP offers refused); a second SIGTERM ends it",
                config.drainTimeout());
        beginDrain(config.drainTimeout(), true);
    }

    /**
     * Starts draining (idempotent): readiness down, new offers refused; a thread waits for viewers and publishers to leave
     * or for {@code timeout}, then, if {@code exitAfter}, stops the application with exit code 0.
     */
    public void beginDrain(Duration timeout, boolean exitAfter) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        drainStartedMillis = System.currentTimeMillis();
        gateway.refuseNewSessions();
        Thread waiter = new Thread(() -> awaitDrained(timeout, exitAfter), "rtcgate-drain");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void awaitDrained(Duration timeout, boolean exitAfter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String why = "drain timeout " + timeout + " passed";
        try {
            while (System.nanoTime() < deadline) {
                if (viewers() == 0 && publishers() == 0) {
                    why = "no viewer or publisher left";
                    break;
                }
                if (endNow.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    why = endReason;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        LOG.infof("drain over after %d ms (%s): closing %d viewer(s) and %d publisher connection(s)",
                System.currentTimeMillis() - drainStartedMillis, why, viewers(), publishers());
        if (exitAfter && !stopping) {
            Quarkus.asyncExit(0);
        }
    }

    /** The application stops for another reason while a drain waits (SIGINT, a test ending): stop waiting. */
    void onStop(@Observes @jakarta.annotation.Priority(1) ShutdownEvent event) {
        stopping = true;
        endReason = "application stopping";
        endNow.countDown();
    }

    public boolean draining() {
        return draining.get();
    }

    /** Milliseconds since the drain began, or -1 when not draining. */
    public long drainingForMillis() {
        return draining.get() ? System.currentTimeMillis() - drainStartedMillis : -1;
    }

    private int viewers() {
        return gateway.sessions().size();
    }

    private int publishers() {
        return rtspServer.stats().openConnections();
    }
}
