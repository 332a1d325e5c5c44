package io.rtcgate.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtcgate.ingest.rtsp.AuthChallenge;
import io.rtcgate.ingest.rtsp.ClientAuthenticator;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer;
import io.rtcgate.ingest.rtsp.InterleavedFrameListener;
import io.rtcgate.ingest.rtsp.PortRange;
import io.rtcgate.ingest.rtsp.RtspProtocolException;
import io.rtcgate.ingest.rtsp.RtspUrl;
import io.rtcgate.ingest.rtsp.TransportHeader;
import io.rtcgate.ingest.sdp.SdpParseException;
import io.rtcgate.ingest.sdp.SessionDescription;
import io.rtcgate.ingest.sdp.TrackDescription;
import io.rtcgate.ingest.sdp.TrackSelection;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpReceptionStats;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamBusyException;
import io.rtcgate.stream.StreamSource;
import io.rtcgate.transport.MediaEventLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One RTSP client session to a camera (RFC 2326): OPTIONS, DESCRIBE, SETUP per track (TCP interleaved or UDP), PLAY, then
 * keepalives and receiver reports until it ends. It lives on the stream's event loop, like its channels, so packets go
 * straight into the stream with no hand-over. A session is used once: the {@link RtspPullSupervisor} makes a new one to
 * reconnect.
 *
 * <p>Buffers: interleaved frames and UDP datagrams are released here after {@link Stream#onRtp}.
 */
final class RtspClientSession extends ChannelInboundHandlerAdapter implements StreamSource, InterleavedFrameListener {
    private static final Logger LOG = Logger.getLogger(RtspClientSession.class);
    private static final String USER_AGENT = "rtcgate";
    private static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;

    /** How a session ended, for the supervisor. */
    interface Listener {
        /** The first media packet arrived after PLAY: the session works. */
        void mediaFlowing(RtspClientSession session);

        void ended(RtspClientSession session, String reason, boolean retryOverTcp);
    }

    private enum State {
        CONNECTING, OPTIONS, DESCRIBE, SETUP, PLAY, PLAYING, CLOSED
    }

    private final RtspUrl url;
    private final String requestUrl;
    private final Stream stream;
    private final GatewayConfig.Rtsp config;
    private final GatewayConfig.Limits limits;
    private final MediaEventLoops loops;
    private final boolean tcp;
    private final Listener listener;
    private final ClientAuthenticator authenticator;
    private final IngestCounters counters;

    private State state = State.CONNECTING;
    private Channel channel;
    private int cseq;
    private HttpMethod pendingMethod;
    private String pendingUri;
    private int pendingCseq;
    private List<AuthChallenge> challenges = List.of();
    private boolean retriedAuth;
    private String sessionId;
    private int sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT_SECONDS;
    private boolean getParameterSupported;
    private List<TrackDescription> tracks = List.of();
    private List<MediaFormat> formats = List.of();
    private int setupIndex;
    private String aggregateUrl;
    private final int[] channelToTrack = new int[256];
    private UdpPortPair[] udpPairs = new UdpPortPair[0];
    private InetSocketAddress[] serverRtcp = new InetSocketAddress[0];
    private InetAddress serverAddress;
    private RtcpReceiverReports rtcp;
    private ScheduledFuture<?> responseTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private ScheduledFuture<?> reportTimer;
    private ScheduledFuture<?> watchdogTimer;
    private long lastMediaNanos;
    private long playingSinceNanos;
    private boolean attached;
    private boolean firstMediaSeen;

    RtspClientSession(RtspUrl url, Stream stream, GatewayConfig config, MediaEventLoops loops, boolean tcp, Listener listener,
            IngestCounters counters) {
        this.url = url;
        this.requestUrl = url.withoutCredentials().toString();
        this.stream = stream;
        this.config = config.rtsp();
        this.limits = config.limits();
        this.loops = loops;
        this.tcp = tcp;
        this.listener = listener;
        this.counters = counters;
        this.authenticator = url.user() == null ? null : new ClientAuthenticator(url.user(), url.password() == null ? "" : url.password());
        Arrays.fill(channelToTrack, -1);
    }

    boolean tcp() {
        return tcp;
    }

    @Override
    public String describe() {
        return "camera " + url.redacted() + " over " + (tcp ? "TCP" : "UDP");
    }

    // ---- connecting ----

    /** Connects; runs on the stream's loop. */
    void start() {
        Bootstrap bootstrap = new Bootstrap().group(stream.eventLoop()).channel(loops.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.timeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, loops.ingestAllocator())
                .option(ChannelOption.RCVBUF_ALLOCATOR, loops.tcpReads())
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("demux", new InterleavedFrameDemuxer(RtspClientSession.this,
                                limits.maxRtspHeaderBytes(), limits.maxRtspBodyBytes(), InterleavedFrameDemuxer.OversizePolicy.CLOSE));
                        ch.pipeline().addLast("rtsp-decoder", new RtspDecoder());
                        ch.pipeline().addLast("rtsp-aggregator", new HttpObjectAggregator(limits.maxRtspBodyBytes()));
                        ch.pipeline().addLast("rtsp-encoder", new RtspEncoder());
                        ch.pipeline().addLast("session", RtspClientSession.this);
                    }
                });
        ChannelFuture connect = bootstrap.connect(url.host(), url.port());
        channel = connect.channel();
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                end("cannot connect to " + url.host() + ":" + url.port() + ": " + messageOf(f.cause()), false);
                return;
            }
            serverAddress = ((InetSocketAddress) f.channel().remoteAddress()).getAddress();
            state = State.OPTIONS;
            send(RtspMethods.OPTIONS, requestUrl);
        });
    }

    // ---- requests ----

    private void send(HttpMethod method, String uri) {
        send(method, uri, null);
    }

    private void send(HttpMethod method, String uri, String transport) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
        int sequence = ++cseq;
        request.headers().set(RtspHeaderNames.CSEQ, sequence);
        request.headers().set(RtspHeaderNames.USER_AGENT, USER_AGENT);
        if (sessionId != null) {
            request.headers().set(RtspHeaderNames.SESSION, sessionId);
        }
        if (transport != null) {
            request.headers().set(RtspHeaderNames.TRANSPORT, transport);
        }
        if (method == RtspMethods.DESCRIBE) {
            request.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
        }
        if (method == RtspMethods.PLAY) {
            request.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        }
        authorize(request, method.name(), uri);
        if (state != State.PLAYING) {
            pendingMethod = method;
            pendingUri = uri;
            pendingCseq = sequence;
            armResponseTimer(method);
        }
        channel.writeAndFlush(request).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                end("cannot send " + method + ": " + messageOf(f.cause()), false);
            }
        });
    }

    /** Adds Authorization for the challenges the camera sent, if any (RFC 2326 §D, RFC 7616). */
    private void authorize(FullHttpRequest request, String method, String uri) {
        if (authenticator == null || challenges.isEmpty()) {
            return;
        }
        try {
            String authorization = authenticator.authorization(method, uri, challenges);
            if (authorization != null) {
                request.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
            }
        } catch (RtspProtocolException e) {
            LOG.debugf("%s: cannot answer the camera's challenge: %s", describe(), e.getMessage());
        }
    }

    private void resendPending() {
        String transport = null;
        if (pendingMethod == RtspMethods.SETUP) {
            transport = transportFor(setupIndex);
        }
        send(pendingMethod, pendingUri, transport);
    }

    private void armResponseTimer(HttpMethod method) {
        cancel(responseTimer);
        responseTimer = stream.eventLoop().schedule(
                () -> end("no response to " + method + " within " + config.timeout().toMillis() + " ms", false),
                config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- responses ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse response) {
                onResponse(response);
            } else if (msg instanceof FullHttpRequest request) {
                onServerRequest(request);
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (attached) {
            stream.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    private void onServerRequest(FullHttpRequest request) {
        // RFC 2326 §10: a server may send requests too (e.g. SET_PARAMETER, ANNOUNCE); we support none of them.
        if (request.decoderResult().isFailure()) {
            counters.malformedResponses.increment();
            end("malformed RTSP message from the camera: " + messageOf(request.decoderResult().cause()), false);
            return;
        }
        var reply = new io.netty.handler.codec.http.DefaultFullHttpResponse(RtspVersions.RTSP_1_0,
                io.netty.handler.codec.rtsp.RtspResponseStatuses.NOT_IMPLEMENTED);
        reply.headers().set(RtspHeaderNames.CSEQ, request.headers().get(RtspHeaderNames.CSEQ, "0"));
        channel.writeAndFlush(reply);
    }

    private void onResponse(FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            counters.malformedResponses.increment();
            end("malformed RTSP response: " + messageOf(response.decoderResult().cause()), false);
            return;
        }
        int responseCseq = response.headers().getInt(RtspHeaderNames.CSEQ, -1);
        if (state == State.PLAYING || responseCseq != pendingCseq) {
            // keepalive answers, or late answers to something we stopped waiting for
            if (state == State.PLAYING && response.status().code() >= 400 && responseCseq != -1) {
                LOG.debugf("%s: keepalive answered %s", describe(), response.status());
            }
            return;
        }
        cancel(responseTimer);
        int code = response.status().code();
        if (code == 401) {
            onUnauthorized(response);
            return;
        }
        if (code == 461 && state == State.SETUP && !tcp) {
            end("camera refused UDP transport (461 Unsupported Transport)", true);
            return;
        }
        if (code < 200 || code >= 300) {
            end(pendingMethod + " answered " + code + " " + response.status().reasonPhrase(), false);
            return;
        }
        retriedAuth = false;
        try {
            switch (state) {
                case OPTIONS -> onOptions(response);
                case DESCRIBE -> onDescribe(response);
                case SETUP -> onSetup(response);
                case PLAY -> onPlay();
                default -> {
                }
            }
        } catch (SdpParseException e) {
            counters.malformedResponses.increment();
            end("camera sent a malformed SDP: " + e.getMessage(), false);
        } catch (RtspProtocolException e) {
            counters.malformedResponses.increment();
            end("camera sent a malformed " + pendingMethod + " response: " + e.getMessage(), false);
        }
    }

    private void onUnauthorized(FullHttpResponse response) {
        if (authenticator == null) {
            counters.authFailures.increment();
            end("camera requires authentication, and the source URL has no user and password", false);
            return;
        }
        List<AuthChallenge> offered;
        try {
            offered = AuthChallenge.parseAll(response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE));
        } catch (RtspProtocolException e) {
            counters.malformedResponses.increment();
            end("camera sent a malformed WWW-Authenticate: " + e.getMessage(), false);
            return;
        }
        boolean stale = offered.stream().anyMatch(AuthChallenge::stale);
        if (offered.isEmpty() || (retriedAuth && !stale)) {
            counters.authFailures.increment();
            end("camera refused the credentials (401 after authenticating)", false);
            return;
        }
        retriedAuth = true;
        challenges = offered;
        resendPending();
    }

    private void onOptions(FullHttpResponse response) {
        String methods = response.headers().get(RtspHeaderNames.PUBLIC, "");
        getParameterSupported = methods.toUpperCase(Locale.ROOT).contains("GET_PARAMETER");
        state = State.DESCRIBE;
        send(RtspMethods.DESCRIBE, requestUrl);
    }

    private void onDescribe(FullHttpResponse response) throws SdpParseException {
        String sdpText = response.content().toString(StandardCharsets.UTF_8);
        SessionDescription sdp = SessionDescription.parse(sdpText);
        URI base = baseUri(response);
        TrackSelection found = TrackDescription.select(sdp, base);
        for (var skipped : found.skipped()) {
            LOG.infof("stream %s: %s", stream.name(), skipped);
        }
        if (found.tracks().isEmpty()) {
            end("camera offers no supported track (H264, opus, PCMU, PCMA)", false);
            return;
        }
        tracks = found.tracks();
        aggregateUrl = found.aggregateControl().toString();
        List<MediaFormat> list = new ArrayList<>();
        for (TrackDescription t : tracks) {
            list.add(MediaFormats.of(t));
        }
        formats = List.copyOf(list);
        rtcp = new RtcpReceiverReports(ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL, tracks.size());
        udpPairs = new UdpPortPair[tracks.size()];
        serverRtcp = new InetSocketAddress[tracks.size()];
        state = State.SETUP;
        setupIndex = 0;
        setupNext();
    }

    private URI baseUri(FullHttpResponse response) {
        String base = response.headers().get(RtspHeaderNames.CONTENT_BASE);
        if (base == null) {
            base = response.headers().get(RtspHeaderNames.CONTENT_LOCATION);
        }
        try {
            return URI.create(base != null ? base : requestUrl);
        } catch (IllegalArgumentException e) {
            return URI.create(requestUrl);
        }
    }

    private void setupNext() {
        if (tcp) {
            send(RtspMethods.SETUP, tracks.get(setupIndex).control().toString(), transportFor(setupIndex));
            return;
        }
        int track = setupIndex;
        UdpPortPair.bind(stream.eventLoop(), loops.datagramChannelClass(), loops.ingestAllocator(), config.host(), new UdpRtpHandler(track),
                new UdpRtcpHandler(track), new UdpPortPair.BindCallback() {
                    @Override
                    public void bound(UdpPortPair pair) {
                        if (state == State.CLOSED) {
                            pair.close();
                            return;
                        }
                        udpPairs[track] = pair;
                        send(RtspMethods.SETUP, tracks.get(track).control().toString(), transportFor(track));
                    }

                    @Override
                    public void failed(Throwable cause) {
                        end(messageOf(cause), true);
                    }
                });
    }

    private String transportFor(int track) {
        if (tcp) {
            return "RTP/AVP/TCP;unicast;interleaved=" + (2 * track) + "-" + (2 * track + 1);
        }
        UdpPortPair pair = udpPairs[track];
        return "RTP/AVP;unicast;client_port=" + pair.rtpPort() + "-" + pair.rtcpPort();
    }

    private void onSetup(FullHttpResponse response) throws RtspProtocolException {
        String session = response.headers().get(RtspHeaderNames.SESSION);
        if (session != null && sessionId == null) {
            String[] parts = session.split(";");
            sessionId = parts[0].trim();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                    try {
                        sessionTimeoutSeconds = Math.max(5, Math.min(3600, Integer.parseInt(p.substring(8).trim())));
                    } catch (NumberFormatException e) {
                        throw new RtspProtocolException("bad session timeout in '" + session + "'");
                    }
                }
            }
        }
        String transportValue = response.headers().get(RtspHeaderNames.TRANSPORT);
        if (transportValue == null) {
            throw new RtspProtocolException("SETUP response has no Transport header");
        }
        TransportHeader transport = TransportHeader.parse(transportValue);
        if (tcp) {
            PortRange interleaved = transport.interleaved();
            int rtpChannel = interleaved != null ? interleaved.first() : 2 * setupIndex;
            int rtcpChannel = interleaved != null && !interleaved.isSingle() ? interleaved.last() : rtpChannel + 1;
            if (rtpChannel > 255 || rtcpChannel > 255) {
                throw new RtspProtocolException("interleaved channel out of range in '" + transportValue + "'");
            }
            channelToTrack[rtpChannel] = 2 * setupIndex;
            channelToTrack[rtcpChannel] = 2 * setupIndex + 1;
        } else {
            PortRange serverPorts = transport.serverPort();
            if (serverPorts != null) {
                serverRtcp[setupIndex] = new InetSocketAddress(serverAddress,
                        serverPorts.isSingle() ? serverPorts.first() + 1 : serverPorts.last());
            }
        }
        setupIndex++;
        if (setupIndex < tracks.size()) {
            setupNext();
        } else {
            state = State.PLAY;
            send(RtspMethods.PLAY, aggregateUrl());
        }
    }

    private String aggregateUrl() {
        return aggregateUrl != null ? aggregateUrl : requestUrl;
    }

    private void onPlay() {
        try {
            stream.attach(this, formats);
        } catch (StreamBusyException e) {
            end(e.getMessage(), false);
            return;
        }
        attached = true;
        for (int i = 0; i < tracks.size(); i++) {
            String sprop = tracks.get(i).spropParameterSets();
            if (sprop != null) {
                stream.setSpropParameterSets(i, sprop);
            }
        }
        state = State.PLAYING;
        playingSinceNanos = System.nanoTime();
        lastMediaNanos = playingSinceNanos;
        long keepaliveMillis = Math.max(1000, sessionTimeoutSeconds * 1000L / 2);
        keepaliveTimer = stream.eventLoop().scheduleAtFixedRate(this::keepalive, keepaliveMillis, keepaliveMillis, TimeUnit.MILLISECONDS);
        long reportMillis = config.receiverReportInterval().toMillis();
        reportTimer = stream.eventLoop().scheduleAtFixedRate(this::sendReceiverReports, reportMillis, reportMillis, TimeUnit.MILLISECONDS);
        watchdogTimer = stream.eventLoop().scheduleAtFixedRate(this::watchdog, 250, 250, TimeUnit.MILLISECONDS);
    }

    // ---- while playing ----

    private void keepalive() {
        send(getParameterSupported ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS, requestUrl);
    }

    private void watchdog() {
        long silentNanos = System.nanoTime() - lastMediaNanos;
        if (!tcp && !firstMediaSeen && config.udpFallbackAfter().toNanos() <= silentNanos && fallbackAllowed) {
            end("no UDP packet within " + config.udpFallbackAfter().toMillis() + " ms of PLAY", true);
        } else if (silentNanos >= config.timeout().toNanos()) {
            end("no media for " + config.timeout().toMillis() + " ms", false);
        }
    }

    private boolean fallbackAllowed = true;

    /** With transport {@code udp} (no {@code auto}) silence is a plain failure, not a reason to try TCP. */
    void disallowTcpFallback() {
        fallbackAllowed = false;
    }

    private void sendReceiverReports() {
        long now = System.nanoTime();
        for (int i = 0; i < tracks.size(); i++) {
            RtpReceptionStats reception = stream.reception(i);
            if (reception == null || reception.received() == 0) {
                continue;
            }
            ByteBuf report = rtcp.receiverReport(channel.alloc(), i, reception, 0, now);
            if (tcp) {
                int rtcpChannel = indexOf(channelToTrack, 2 * i + 1);
                ByteBuf frame = channel.alloc().buffer(4 + report.readableBytes());
                frame.writeByte('$').writeByte(rtcpChannel).writeShort(report.readableBytes()).writeBytes(report);
                report.release();
                channel.writeAndFlush(frame, channel.voidPromise());
            } else if (serverRtcp[i] != null && udpPairs[i] != null) {
                udpPairs[i].rtcp.writeAndFlush(new DatagramPacket(report, serverRtcp[i]), udpPairs[i].rtcp.voidPromise());
            } else {
                report.release();
            }
        }
    }

    private static int indexOf(int[] array, int value) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onInterleavedFrame(int channelNumber, ByteBuf frame) {
        try {
            int mapped = channelToTrack[channelNumber & 0xFF];
            if (state != State.PLAYING || mapped < 0) {
                counters.unexpectedFrames.increment();
                return;
            }
            onMedia(mapped, frame);
        } finally {
            frame.release();
        }
    }

    /** {@code mapped} is 2*track for RTP and 2*track+1 for RTCP. */
    private void onMedia(int mapped, ByteBuf packet) {
        long now = System.nanoTime();
        if ((mapped & 1) == 0) {
            lastMediaNanos = now;
            if (!firstMediaSeen) {
                firstMediaSeen = true;
                listener.mediaFlowing(this);
            }
            stream.onRtp(mapped >> 1, packet);
        } else {
            rtcp.onRtcp(mapped >> 1, packet, now);
        }
    }

    @ChannelHandler.Sharable
    private final class UdpRtpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int track;

        UdpRtpHandler(int track) {
            this.track = track;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (state != State.PLAYING || !packet.sender().getAddress().equals(serverAddress)) {
                counters.unexpectedFrames.increment();
                return;
            }
            onMedia(2 * track, packet.content());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (attached) {
                stream.readComplete();
            }
        }
    }

    @ChannelHandler.Sharable
    private final class UdpRtcpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int track;

        UdpRtcpHandler(int track) {
            this.track = track;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (state == State.PLAYING && packet.sender().getAddress().equals(serverAddress)) {
                onMedia(2 * track + 1, packet.content());
            }
        }
    }

    // ---- ending ----

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(state == State.PLAYING ? "camera closed the connection" : "connection closed during " + state, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.malformedResponses.increment();
        end("connection error: " + messageOf(cause), false);
    }

    /** Asked to stop (shutdown, on-demand idle, replaced): TEARDOWN, then close. */
    @Override
    public void close(String reason) {
        if (stream.eventLoop().inEventLoop()) {
            stop(reason);
        } else {
            stream.eventLoop().execute(() -> stop(reason));
        }
    }

    private void stop(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (sessionId != null && channel != null && channel.isActive()) {
            FullHttpRequest teardown = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, RtspMethods.TEARDOWN, aggregateUrl(),
                    Unpooled.EMPTY_BUFFER);
            teardown.headers().set(RtspHeaderNames.CSEQ, ++cseq).set(RtspHeaderNames.SESSION, sessionId)
                    .set(RtspHeaderNames.USER_AGENT, USER_AGENT);
            authorize(teardown, "TEARDOWN", aggregateUrl());
            channel.writeAndFlush(teardown);
        }
        end("stopped: " + reason, false);
    }

    private void end(String reason, boolean retryOverTcp) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancel(responseTimer);
        cancel(keepaliveTimer);
        cancel(reportTimer);
        cancel(watchdogTimer);
        for (UdpPortPair pair : udpPairs) {
            if (pair != null) {
                pair.close();
            }
        }
        if (channel != null) {
            channel.close();
        }
        if (attached) {
            stream.detach(this);
        }
        listener.ended(this, reason, retryOverTcp);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static String messageOf(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
