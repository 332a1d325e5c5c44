package io.rtcgate.ingest;

import io.netty.util.concurrent.ScheduledFuture;
import io.rtcgate.ingest.rtsp.RtspUrl;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.ops.GatewayConfig.IngestTransport;
import io.rtcgate.stream.Stream;
import io.rtcgate.transport.MediaEventLoops;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps one pulled stream connected to its camera: starts a session, and when it ends for any reason starts another after
 * an exponential backoff with jitter, until stopped. With transport {@code auto} it tries UDP first and stays on TCP
 * interleaved once UDP failed (no packets within {@code rtcgate.rtsp.udp-fallback-after}, or 461). All of its state lives on
 * the stream's event loop.
 */
public final class RtspPullSupervisor implements RtspClientSession.Listener {
    private static final Logger LOG = Logger.getLogger(RtspPullSupervisor.class);

    private final Stream stream;
    private final RtspUrl url;
    private final GatewayConfig config;
    private final MediaEventLoops loops;
    private final IngestTransport transport;
    private final IngestCounters counters;
    private final ReconnectBackoff backoff;

    private boolean running;
    private boolean preferTcp;
    private RtspClientSession session;
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> lingerTimer;
    private volatile String lastError;

    public RtspPullSupervisor(Stream stream, RtspUrl url, IngestTransport transport, GatewayConfig config, MediaEventLoops loops,
            IngestCounters counters) {
        this.stream = stream;
        this.url = url;
        this.transport = transport;
        this.config = config;
        this.loops = loops;
        this.counters = counters;
        this.preferTcp = transport == IngestTransport.TCP;
        var reconnect = config.rtsp().reconnect();
        this.backoff = new ReconnectBackoff(reconnect.initialDelay(), reconnect.maxDelay(), reconnect.jitter());
    }

    public Stream stream() {
        return stream;
    }

    /** The reason the last session ended, or null. */
    public String lastError() {
        return lastError;
    }

    /** Starts pulling (idempotent); any thread. */
    public void start() {
        stream.eventLoop().execute(() -> {
            cancelLinger();
            if (!running) {
                running = true;
                connect();
            }
        });
    }

    /** Stops pulling after {@code lingerMillis} unless {@link #start()} comes first; any thread. */
    public void stopAfter(long lingerMillis) {
        stream.eventLoop().execute(() -> {
            cancelLinger();
            lingerTimer = stream.eventLoop().schedule(() -> stopNow("no readers"), lingerMillis, TimeUnit.MILLISECONDS);
        });
    }

    /** Stops pulling now (TEARDOWN); any thread. */
    public void stop(String reason) {
        stream.eventLoop().execute(() -> stopNow(reason));
    }

    private void stopNow(String reason) {
        cancelLinger();
        running = false;
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        if (session != null) {
            RtspClientSession s = session;
            session = null;
            s.close(reason);
        }
    }

    private void connect() {
        retryTimer = null;
        if (!running) {
            return;
        }
        counters.connectAttempts.increment();
        boolean tcp = preferTcp || transport == IngestTransport.TCP;
        session = new RtspClientSession(url, stream, config, loops, tcp, this, counters);
        if (transport == IngestTransport.UDP) {
            session.disallowTcpFallback();
        }
        LOG.debugf("stream %s: connecting to %s", stream.name(), session.describe());
        session.start();
    }

    @Override
    public void mediaFlowing(RtspClientSession s) {
        if (s == session) {
            if (backoff.failures() > 0) {
                LOG.infof("stream %s: %s is back", stream.name(), s.describe());
            }
            backoff.reset();
        }
    }

    @Override
    public void ended(RtspClientSession s, String reason, boolean retryOverTcp) {
        if (s != session) {
            return; // an old session, stopped on purpose
        }
        session = null;
        lastError = reason;
        if (!running) {
            return;
        }
        counters.sessionsFailed.increment();
        if (retryOverTcp && transport == IngestTransport.AUTO && !preferTcp) {
            preferTcp = true;
            counters.udpFallbacks.increment();
            LOG.infof("stream %s: %s; switching to TCP interleaved", stream.name(), reason);
            connect();
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.warnf("stream %s: %s (%s); reconnecting in %d ms", stream.name(), reason, url.redacted(), delay);
        retryTimer = stream.eventLoop().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelLinger() {
        if (lingerTimer != null) {
            lingerTimer.cancel(false);
            lingerTimer = null;
        }
    }
}
