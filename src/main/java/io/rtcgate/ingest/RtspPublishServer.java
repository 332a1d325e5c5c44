package io.rtcgate.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.ingest.rtsp.DigestAlgorithm;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer.OversizePolicy;
import io.rtcgate.ingest.rtsp.ServerAuthenticator;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.jboss.logging.Logger;

/**
 * The RTSP server publishers push to (ffmpeg {@code -f rtsp}, GStreamer {@code rtspclientsink}): listens on
 * {@code rtcgate.rtsp.host:port}, serves each connection with a {@link RtspPublisherSession} on the media event loops,
 * and refuses connections beyond {@code rtcgate.limits.max-rtsp-connections}.
 *
 * <p>Pipeline per connection:
 * <pre>
 *   InterleavedFrameDemuxer  '$' frames -> session.onInterleavedFrame; whole RTSP text messages on; garbage skipped
 *                            (and counted), an oversized header or body closes the connection
 *   RtspDecoder              text -> HttpRequest + content
 *   RtspEncoder              (outbound) responses -> text, placed here so the aggregator's own responses are encoded
 *   RtspBodyAggregator       -> FullHttpRequest, body at most rtcgate.limits.max-rtsp-body-bytes
 *   RtspPublisherSession
 * </pre>
 *
 * A second publisher to a live stream gets {@code 455 Stream Already Published} unless
 * {@code rtcgate.rtsp.second-publisher=replace}; see {@link RtspPublisherSession} for all statuses.
 */
@ApplicationScoped
public class RtspPublishServer {
    private static final Logger LOG = Logger.getLogger(RtspPublishServer.class);
    /** RFC 2326 §12.37 default; announced in every Session header. */
    static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;
    private static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** How long a Digest nonce stays valid; a publisher keeps its connection, so this only bounds replays. */
    private static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

    private final StreamRegistry registry;
    private final MediaEventLoops loops;
    private final GatewayConfig config;
    private final RtspServerStats stats = new RtspServerStats();
    private final ChannelGroup connections = new DefaultChannelGroup("rtsp-publishers", GlobalEventExecutor.INSTANCE);
    private final int sessionTimeoutSeconds;
    private volatile Channel listener;

    @Inject
    public RtspPublishServer(StreamRegistry registry, MediaEventLoops loops, GatewayConfig config) {
        this(registry, loops, config, DEFAULT_SESSION_TIMEOUT_SECONDS);
    }

    /** For tests: a shorter session timeout. */
    RtspPublishServer(StreamRegistry registry, MediaEventLoops loops, GatewayConfig config, int sessionTimeoutSeconds) {
        this.registry = registry;
        this.loops = loops;
        this.config = config;
        this.sessionTimeoutSeconds = sessionTimeoutSeconds;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Binds the listening socket; blocks until bound. Throws IllegalStateException when the port cannot be bound. */
    public synchronized void start() {
        if (listener != null) {
            return;
        }
        GatewayConfig.Limits limits = config.limits();
        ServerAuthenticator authenticator = authenticator(config.rtsp());
        PublishServerContext context = new PublishServerContext(registry, loops, stats, config.rtsp().secondPublisher(),
                authenticator, sessionTimeoutSeconds);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverSocketChannelClass())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, loops.ingestAllocator())
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, loops.tcpReads())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (stats.openConnections.incrementAndGet() > limits.maxRtspConnections()) {
                            stats.openConnections.decrementAndGet();
                            stats.refusedConnections.increment();
                            LOG.warnf("refusing RTSP connection from %s: %d connections open (rtcgate.limits.max-rtsp-connections)",
                                    ch.remoteAddress(), limits.maxRtspConnections());
                            ch.close();
                            return;
                        }
                        stats.connections.increment();
                        ch.closeFuture().addListener(closed -> stats.openConnections.decrementAndGet());
                        connections.add(ch);
                        RtspPublisherSession session = new RtspPublisherSession(context);
                        ch.pipeline().addLast("interleaved", new InterleavedFrameDemuxer(session,
                                limits.maxRtspHeaderBytes(), limits.maxRtspBodyBytes(), OversizePolicy.CLOSE));
                        ch.pipeline().addLast("rtsp-decoder", new RtspDecoder(MAX_REQUEST_LINE_BYTES,
                                limits.maxRtspHeaderBytes(), limits.maxRtspBodyBytes()));
                        ch.pipeline().addLast("rtsp-encoder", new RtspEncoder());
                        ch.pipeline().addLast("aggregator", new RtspBodyAggregator(limits.maxRtspBodyBytes(), stats));
                        ch.pipeline().addLast("session", session);
                    }
                });
        String host = config.rtsp().host();
        try {
            listener = bootstrap.bind(host, config.rtsp().port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen for RTSP on " + host + ":" + config.rtsp().port() + ": " + e, e);
        }
        LOG.infof("RTSP publish server listening on %s:%d%s", host, boundPort(),
                authenticator == null ? "" : " (publishers must authenticate)");
    }

    /** Closes the listening socket and every publisher connection. */
    public synchronized void stop() {
        Channel l = listener;
        if (l == null) {
            return;
        }
        listener = null;
        l.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        LOG.infof("RTSP publish server stopped: %s", stats);
    }

    /** The port actually bound (useful with port 0), or -1 when not started. */
    public int boundPort() {
        Channel l = listener;
        return l == null ? -1 : ((InetSocketAddress) l.localAddress()).getPort();
    }

    /** Whether the listening socket is bound and open. */
    public boolean listening() {
        Channel l = listener;
        return l != null && l.isActive();
    }

    public RtspServerStats stats() {
        return stats;
    }

    private static ServerAuthenticator authenticator(GatewayConfig.Rtsp rtsp) {
        if (rtsp.publishUser().isEmpty() && rtsp.publishPassword().isEmpty()) {
            return null;
        }
        if (rtsp.publishUser().isEmpty() || rtsp.publishPassword().isEmpty()) {
            throw new IllegalStateException("set both rtcgate.rtsp.publish-user and rtcgate.rtsp.publish-password, or neither");
        }
        return new ServerAuthenticator("rtcgate", rtsp.publishUser().get(), rtsp.publishPassword().get(),
                EnumSet.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), true, Clock.systemUTC(), NONCE_LIFETIME);
    }
}
