package io.rtcgate.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.rtcgate.ingest.rtsp.InterleavedFrameDemuxer;
import io.rtcgate.ingest.rtsp.InterleavedFrameListener;
import io.rtcgate.ingest.rtsp.PortRange;
import io.rtcgate.ingest.rtsp.RtspProtocolException;
import io.rtcgate.ingest.rtsp.ServerAuthenticator;
import io.rtcgate.ingest.rtsp.TransportHeader;
import io.rtcgate.ingest.sdp.SdpParseException;
import io.rtcgate.ingest.sdp.SessionDescription;
import io.rtcgate.ingest.sdp.SkippedTrack;
import io.rtcgate.ingest.sdp.TrackDescription;
import io.rtcgate.ingest.sdp.TrackSelection;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamBusyException;
import io.rtcgate.stream.StreamRefusedException;
import io.rtcgate.stream.StreamSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One publisher's RTSP connection and session (RFC 2326 §10, record direction): OPTIONS, ANNOUNCE, SETUP per track,
 * RECORD, then RTP interleaved on the connection ({@code $ ch len}, §10.12) or over UDP to server ports, until TEARDOWN
 * or close. One session per connection.
 *
 * <pre>
 *   INIT --ANNOUNCE--> ANNOUNCED --SETUP--> READY --SETUP*--> READY --RECORD--> RECORDING
 *     ^                                                                             |
 *     +------------------------------ TEARDOWN ----------------------------------+
 * </pre>
 *
 * <p>Threads: the connection is accepted on any media loop; when ANNOUNCE names a stream the channel is moved to
 * {@link Stream#eventLoop()} ({@link ChannelLoopMover}) before the 200 is sent, so every later request, every
 * interleaved frame and every UDP packet of this session runs on the stream's thread and reaches
 * {@link Stream#onRtp} without a hand-over. {@link #close(String)} is called on that thread too.
 *
 * <p>Buffer ownership: RTSP requests (FullHttpRequest) are released here after handling. Interleaved frames come from
 * the demuxer as retained slices that this session owns and releases after {@link Stream#onRtp} (which only borrows
 * them). UDP datagrams are owned and released by {@link UdpTrackReceiver}.
 *
 * <p>Statuses: 455 for a request in the wrong state, and (with reason phrase "Stream Already Published") for a second
 * publisher to a live stream under {@code rtcgate.rtsp.second-publisher=refuse} — the stream resource is in a state
 * (recording by someone else) in which ANNOUNCE/RECORD is not valid. 454 for a wrong Session, 461 for a transport we do
 * not speak, 415 for SDP without any supported track, 400 for malformed requests or SDP, 501 for other methods.
 */
final class RtspPublisherSession extends ChannelInboundHandlerAdapter
        implements InterleavedFrameListener, UdpTrackReceiver.Sink, StreamSource {
    private static final Logger LOG = Logger.getLogger(RtspPublisherSession.class);

    static final String PUBLIC_METHODS = "OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    static final HttpResponseStatus STREAM_ALREADY_PUBLISHED = new HttpResponseStatus(455, "Stream Already Published");
    private static final String SERVER = "rtcgate";
    private static final int MAX_INTERLEAVED_CHANNELS = 256;
    private static final SecureRandom SESSION_IDS = new SecureRandom();

    private enum State {
        INIT, ANNOUNCED, READY, RECORDING
    }

    private final PublishServerContext context;
    private Channel channel;
    private String peer = "?";

    private State state = State.INIT;
    private String sessionId;
    private Stream stream;
    private String streamName;
    private final List<PublishedTrack> tracks = new ArrayList<>();
    /** Interleaved channel to {@code trackIndex * 2 + (rtcp ? 1 : 0)}, or -1. */
    private final short[] channelSlots = new short[MAX_INTERLEAVED_CHANNELS];
    private boolean recording;
    private boolean usesUdp;

    /** Requests and packets seen; the idle check compares it with its last look. */
    private long activity;
    private long activityAtLastCheck = -1;
    private long lastActiveNanos;
    private long rtcpPackets;
    private long framesNotForwarded;
    private boolean closingOnError;

    RtspPublisherSession(PublishServerContext context) {
        this.context = context;
        Arrays.fill(channelSlots, (short) -1);
    }

    // ---- connection lifecycle ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress remote) {
            peer = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        }
        lastActiveNanos = System.nanoTime();
        scheduleIdleCheck();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.INIT) {
            LOG.debugf("publisher %s disconnected (stream %s)", peer, streamName);
        }
        endSession();
        // The demuxer (earlier in the pipeline) has seen the end of input by now, so its totals are final.
        InterleavedFrameDemuxer demuxer = ctx.pipeline().get(InterleavedFrameDemuxer.class);
        if (demuxer != null) {
            context.stats().garbageBytes.add(demuxer.garbageBytes());
            context.stats().truncatedBytes.add(demuxer.truncatedBytes());
            context.stats().malformedRequests.add(demuxer.malformedMessages());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Decoder failures (oversized header, malformed interleaved framing) and I/O errors end the connection. A decoder
        // may report the same broken input again when the connection closes; it is counted once.
        if (closingOnError) {
            return;
        }
        closingOnError = true;
        if (cause instanceof io.netty.handler.codec.DecoderException) {
            context.stats().malformedRequests.increment();
            LOG.infof("publisher %s: closing connection after a malformed message: %s", peer, rootMessage(cause));
        } else if (!(cause instanceof java.io.IOException)) {
            LOG.warnf(cause, "publisher %s: closing connection", peer);
        }
        ctx.close();
    }

    // ---- RTSP requests ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            activity++;
            if (msg instanceof FullHttpRequest request) {
                onRequest(ctx, request);
            } else {
                // A response or anything else from a publisher is a protocol error but harmless: count and drop.
                context.stats().malformedRequests.increment();
                LOG.debugf("publisher %s: ignoring unexpected %s", peer, msg.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            context.stats().malformedRequests.increment();
            LOG.infof("publisher %s: malformed request (%s); closing", peer, rootMessage(request.decoderResult().cause()));
            FullHttpResponse response = response(RtspResponseStatuses.BAD_REQUEST, null);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (cseq == null || !isCSeq(cseq)) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, null), "missing or malformed CSeq");
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(RtspMethods.OPTIONS)) {
            FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
            reply(ctx, response, null);
        } else if (method.equals(RtspMethods.ANNOUNCE)) {
            announce(ctx, request, cseq);
        } else if (method.equals(RtspMethods.SETUP)) {
            setup(ctx, request, cseq);
        } else if (method.equals(RtspMethods.RECORD)) {
            record(ctx, request, cseq);
        } else if (method.equals(RtspMethods.TEARDOWN)) {
            teardown(ctx, request, cseq);
        } else if (method.equals(RtspMethods.GET_PARAMETER) || method.equals(RtspMethods.SET_PARAMETER)) {
            if (checkSession(ctx, request, cseq)) {
                reply(ctx, response(RtspResponseStatuses.OK, cseq), null);
            }
        } else {
            FullHttpResponse response = response(RtspResponseStatuses.NOT_IMPLEMENTED, cseq);
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
            reply(ctx, response, "method " + printable(method.name()) + " not implemented");
        }
    }

    private void announce(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        if (state != State.INIT) {
            reply(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq), "ANNOUNCE in state " + state);
            return;
        }
        RequestTarget target = RequestTarget.parse(request.uri());
        if (target == null) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq), "unusable request URL");
            return;
        }
        if (!authorized(ctx, request, cseq)) {
            return;
        }
        String contentType = request.headers().get(RtspHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            context.stats().publishersRefused.increment();
            reply(ctx, response(RtspResponseStatuses.UNSUPPORTED_MEDIA_TYPE, cseq),
                    "ANNOUNCE body is " + (contentType == null ? "untyped" : printable(contentType)) + ", not application/sdp");
            return;
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(request.content().toString(StandardCharsets.UTF_8));
        } catch (SdpParseException e) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq), "malformed SDP: " + e.getMessage());
            return;
        }
        TrackSelection selection = TrackDescription.select(sdp, target.contentBase());
        for (SkippedTrack skipped : selection.skipped()) {
            LOG.infof("publisher %s: %s", peer, skipped);
        }
        if (selection.tracks().isEmpty()) {
            context.stats().publishersRefused.increment();
            reply(ctx, response(RtspResponseStatuses.UNSUPPORTED_MEDIA_TYPE, cseq),
                    "no supported track (H264, opus, PCMU, PCMA) in " + selection.skipped());
            return;
        }
        String name = target.streamName();
        Stream target0;
        try {
            target0 = context.registry().publisherStream(name);
        } catch (StreamRefusedException e) {
            context.stats().publishersRefused.increment();
            reply(ctx, response(RtspResponseStatuses.FORBIDDEN, cseq), e.getMessage());
            return;
        }
        if (target0.online() && context.conflictPolicy() == PublisherConflict.REFUSE) {
            context.stats().publishersRefused.increment();
            reply(ctx, response(STREAM_ALREADY_PUBLISHED, cseq),
                    "stream " + name + " already has a source (" + target0.sourceDescription() + ")");
            context.registry().releaseIfUnused(target0);
            return;
        }
        for (TrackDescription track : selection.tracks()) {
            String control = RequestTarget.pathAndQueryOf(track.control());
            tracks.add(new PublishedTrack(track, MediaFormats.of(track), control));
        }
        stream = target0;
        streamName = name;
        state = State.ANNOUNCED;
        LOG.debugf("publisher %s announced %s with %d track(s)", peer, name, tracks.size());
        // Serve the rest of this connection on the stream's loop; answer once there, so the next request arrives there.
        ChannelLoopMover.move(ctx.channel(), target0.eventLoop()).addListener(moved -> {
            if (moved.isSuccess()) {
                reply(ctx, response(RtspResponseStatuses.OK, cseq), null);
            } else {
                LOG.warnf(moved.cause(), "publisher %s: could not move the connection to the stream's event loop", peer);
            }
        });
    }

    private void setup(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        if (state != State.ANNOUNCED && state != State.READY) {
            reply(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq), "SETUP in state " + state);
            return;
        }
        if (sessionId != null && !checkSession(ctx, request, cseq)) {
            return;
        }
        RequestTarget target = RequestTarget.parse(request.uri());
        if (target == null) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq), "unusable request URL");
            return;
        }
        if (!authorized(ctx, request, cseq)) {
            return;
        }
        PublishedTrack track = trackFor(target);
        if (track == null) {
            reply(ctx, response(RtspResponseStatuses.NOT_FOUND, cseq),
                    "SETUP " + printable(target.pathAndQuery()) + " names no announced track");
            return;
        }
        if (track.setUp) {
            reply(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq), "track set up twice");
            return;
        }
        String transportValue = request.headers().get(RtspHeaderNames.TRANSPORT);
        if (transportValue == null) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq), "SETUP without Transport");
            return;
        }
        List<TransportHeader> offered;
        try {
            offered = TransportHeader.parseAll(transportValue);
        } catch (RtspProtocolException e) {
            context.stats().malformedRequests.increment();
            reply(ctx, response(RtspResponseStatuses.BAD_REQUEST, cseq), "malformed Transport: " + e.getMessage());
            return;
        }
        for (TransportHeader transport : offered) {
            if (!transport.isRtpAvp() || transport.multicast() || transport.mode() == TransportHeader.Mode.PLAY) {
                continue;
            }
            if (transport.isTcp() && setupInterleaved(ctx, cseq, track, transport)) {
                return;
            }
            if (!transport.isTcp() && transport.clientPort() != null) {
                setupUdp(ctx, cseq, track, transport);
                return;
            }
        }
        reply(ctx, response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq),
                "no acceptable transport in " + printable(transportValue));
    }

    /** Accepts {@code RTP/AVP/TCP;interleaved=a-b}; false when the channels are out of range or taken. */
    private boolean setupInterleaved(ChannelHandlerContext ctx, String cseq, PublishedTrack track, TransportHeader transport) {
        PortRange channels = transport.interleaved();
        int rtpChannel = channels == null ? nextFreeChannelPair() : channels.first();
        int rtcpChannel = channels == null || channels.isSingle() ? rtpChannel + 1 : channels.last();
        if (rtpChannel < 0 || rtcpChannel >= MAX_INTERLEAVED_CHANNELS || rtcpChannel != rtpChannel + 1
                || channelSlots[rtpChannel] != -1 || channelSlots[rtcpChannel] != -1) {
            return false;
        }
        int index = tracks.indexOf(track);
        channelSlots[rtpChannel] = (short) (index * 2);
        channelSlots[rtcpChannel] = (short) (index * 2 + 1);
        track.interleavedRtpChannel = rtpChannel;
        track.setUp = true;
        TransportHeader answer = TransportHeader.builder()
                .lowerTransport(TransportHeader.LowerTransport.TCP)
                .interleaved(new PortRange(rtpChannel, rtcpChannel))
                .mode(TransportHeader.Mode.RECORD)
                .build();
        answerSetup(ctx, cseq, answer);
        return true;
    }

    private int nextFreeChannelPair() {
        for (int ch = 0; ch + 1 < MAX_INTERLEAVED_CHANNELS; ch += 2) {
            if (channelSlots[ch] == -1 && channelSlots[ch + 1] == -1) {
                return ch;
            }
        }
        return -1;
    }

    /** Binds server RTP/RTCP ports on the stream's loop, then answers with {@code server_port}. */
    private void setupUdp(ChannelHandlerContext ctx, String cseq, PublishedTrack track, TransportHeader transport) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        int index = tracks.indexOf(track);
        // Hold further requests until the ports are bound, so responses keep the order of requests.
        ctx.channel().config().setAutoRead(false);
        Future<UdpTrackReceiver> bound = UdpTrackReceiver.bind(stream.eventLoop(), context.loops().datagramChannelClass(),
                context.loops().ingestAllocator(), local.getAddress(), remote.getAddress(), index, this);
        bound.addListener(done -> ctx.executor().execute(() -> {
            ctx.channel().config().setAutoRead(true);
            if (!done.isSuccess()) {
                LOG.warnf("publisher %s: cannot bind UDP ports for track %d: %s", peer, index, done.cause().toString());
                reply(ctx, response(RtspResponseStatuses.INTERNAL_SERVER_ERROR, cseq), "no UDP ports");
                return;
            }
            UdpTrackReceiver receiver = bound.getNow();
            if (state != State.ANNOUNCED && state != State.READY || !tracks.contains(track)) {
                receiver.close(); // the session ended while the ports were being bound
                return;
            }
            track.udp = receiver;
            track.setUp = true;
            usesUdp = true;
            TransportHeader answer = TransportHeader.builder()
                    .lowerTransport(TransportHeader.LowerTransport.UDP)
                    .clientPort(transport.clientPort())
                    .serverPort(new PortRange(receiver.rtpPort(), receiver.rtcpPort()))
                    .mode(TransportHeader.Mode.RECORD)
                    .build();
            answerSetup(ctx, cseq, answer);
        }));
    }

    private void answerSetup(ChannelHandlerContext ctx, String cseq, TransportHeader answer) {
        if (sessionId == null) {
            byte[] id = new byte[8];
            SESSION_IDS.nextBytes(id);
            sessionId = HexFormat.of().formatHex(id);
        }
        state = State.READY;
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, answer.format());
        reply(ctx, response, null);
    }

    private void record(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        if (state != State.READY) {
            reply(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq), "RECORD in state " + state);
            return;
        }
        if (!checkSession(ctx, request, cseq) || !authorized(ctx, request, cseq)) {
            return;
        }
        // After ANNOUNCE this connection runs on the stream's loop, where attach must run.
        if (!stream.eventLoop().inEventLoop()) {
            reply(ctx, response(RtspResponseStatuses.INTERNAL_SERVER_ERROR, cseq), "connection not on the stream's loop");
            return;
        }
        List<MediaFormat> formats = new ArrayList<>();
        for (PublishedTrack track : tracks) {
            track.streamTrack = track.setUp ? formats.size() : -1;
            if (track.setUp) {
                formats.add(track.format);
            }
        }
        try {
            stream.attach(this, formats);
        } catch (StreamBusyException e) {
            context.stats().publishersRefused.increment();
            reply(ctx, response(STREAM_ALREADY_PUBLISHED, cseq), e.getMessage());
            return;
        }
        if (context.registry().find(streamName).orElse(null) != stream) {
            // The stream was removed (its last user left) between ANNOUNCE and RECORD; the publisher should retry.
            stream.detach(this);
            reply(ctx, response(RtspResponseStatuses.SERVICE_UNAVAILABLE, cseq), "stream was removed meanwhile");
            return;
        }
        for (PublishedTrack track : tracks) {
            String sprop = track.description.spropParameterSets();
            if (track.streamTrack >= 0 && track.format.isVideo() && sprop != null) {
                stream.setSpropParameterSets(track.streamTrack, sprop);
            }
        }
        recording = true;
        state = State.RECORDING;
        LOG.infof("publisher %s recording to %s over %s", peer, streamName, usesUdp ? "UDP" : "TCP");
        reply(ctx, response(RtspResponseStatuses.OK, cseq), null);
    }

    private void teardown(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        if (state == State.INIT) {
            reply(ctx, response(RtspResponseStatuses.METHOD_NOT_VALID, cseq), "TEARDOWN without a session");
            return;
        }
        if (sessionId != null && !checkSession(ctx, request, cseq)) {
            return;
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        LOG.debugf("publisher %s: TEARDOWN of %s", peer, streamName);
        endSession();
        reply(ctx, response, null);
    }

    // ---- media ----

    @Override
    public void onInterleavedFrame(int channelNumber, ByteBuf frame) {
        try {
            activity++;
            int slot = channelNumber >= 0 && channelNumber < MAX_INTERLEAVED_CHANNELS ? channelSlots[channelNumber] : -1;
            if (slot < 0) {
                framesNotForwarded++;
            } else if ((slot & 1) != 0) {
                rtcpPackets++;
            } else {
                forwardRtp(tracks.get(slot >> 1), frame);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onUdpRtp(int track, ByteBuf packet) {
        activity++;
        if (track < tracks.size()) {
            forwardRtp(tracks.get(track), packet);
        }
    }

    @Override
    public void onUdpRtcp(int track, ByteBuf packet) {
        activity++;
        rtcpPackets++;
    }

    @Override
    public void onUdpReadComplete() {
        if (recording && stream != null) {
            stream.readComplete();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (recording && stream != null) {
            stream.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    private void forwardRtp(PublishedTrack track, ByteBuf packet) {
        if (!recording || track.streamTrack < 0) {
            framesNotForwarded++;
            return;
        }
        stream.onRtp(track.streamTrack, packet);
    }

    // ---- StreamSource ----

    @Override
    public String describe() {
        return "rtsp publisher " + peer + (usesUdp ? " (udp)" : " (tcp)");
    }

    @Override
    public void close(String reason) {
        LOG.infof("publisher %s on %s: closing (%s)", peer, streamName, reason);
        if (channel != null) {
            channel.close();
        }
    }

    // ---- helpers ----

    /** Ends the session: UDP ports closed, the stream detached and released; the connection may start over. */
    private void endSession() {
        Stream leaving = stream;
        long foreign = 0;
        for (PublishedTrack track : tracks) {
            if (track.udp != null) {
                foreign += track.udp.foreignPackets();
            }
            track.closeTransport();
        }
        if (leaving != null) {
            LOG.debugf("publisher %s session on %s ended: %d RTCP packets, %d RTP packets not forwarded (before RECORD or on "
                    + "an unknown channel), %d UDP packets from other addresses dropped", peer, streamName, rtcpPackets,
                    framesNotForwarded, foreign);
        }
        tracks.clear();
        Arrays.fill(channelSlots, (short) -1);
        recording = false;
        usesUdp = false;
        stream = null;
        streamName = null;
        sessionId = null;
        state = State.INIT;
        if (leaving != null) {
            Runnable release = () -> {
                leaving.detach(this);
                context.registry().releaseIfUnused(leaving);
            };
            if (leaving.eventLoop().inEventLoop()) {
                release.run();
            } else {
                leaving.eventLoop().execute(release);
            }
        }
    }

    private PublishedTrack trackFor(RequestTarget target) {
        for (PublishedTrack track : tracks) {
            if (target.pathAndQuery().equals(track.controlPath)) {
                return track;
            }
        }
        return null;
    }

    /** True when the request carries this session's id (or when no session exists yet and none is given). */
    private boolean checkSession(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        String given = request.headers().get(RtspHeaderNames.SESSION);
        String id = given == null ? null : given.split(";", 2)[0].trim();
        if (sessionId == null ? id == null : sessionId.equals(id)) {
            return true;
        }
        reply(ctx, response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq), "unknown session");
        return false;
    }

    /**
     * Checks credentials when publishing needs them; answers 401 with challenges and returns false when they are
     * missing or wrong. Only presented-but-rejected credentials count as auth failures: every client's first try
     * comes without any.
     */
    private boolean authorized(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        ServerAuthenticator authenticator = context.authenticator();
        if (authenticator == null) {
            return true;
        }
        ServerAuthenticator.Result result = authenticator.verify(request.method().name(),
                request.headers().get(RtspHeaderNames.AUTHORIZATION));
        if (result.ok()) {
            if (LOG.isDebugEnabled()) {
                String header = request.headers().get(RtspHeaderNames.AUTHORIZATION);
                LOG.debugf("publisher %s: %s authenticated (%s)", peer, request.method().name(),
                        header.substring(0, Math.max(0, header.indexOf(' '))));
            }
            return true;
        }
        FullHttpResponse response = response(RtspResponseStatuses.UNAUTHORIZED, cseq);
        boolean stale = result.status() == ServerAuthenticator.Status.STALE;
        for (String challenge : authenticator.challenges(stale)) {
            response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        if (result.status() == ServerAuthenticator.Status.BAD_CREDENTIALS
                || result.status() == ServerAuthenticator.Status.MALFORMED) {
            context.stats().authFailures.increment();
            reply(ctx, response, request.method().name() + " refused: " + result.reason());
        } else {
            reply(ctx, response, null);
        }
        return false;
    }

    private FullHttpResponse response(HttpResponseStatus status, String cseq) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, Unpooled.EMPTY_BUFFER);
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        if (sessionId != null) {
            response.headers().set(RtspHeaderNames.SESSION, sessionId + ";timeout=" + context.sessionTimeoutSeconds());
        }
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private void reply(ChannelHandlerContext ctx, FullHttpResponse response, String problem) {
        if (problem != null) {
            LOG.infof("publisher %s: %d %s: %s", peer, response.status().code(), response.status().reasonPhrase(), problem);
        }
        ctx.writeAndFlush(response);
    }

    private void scheduleIdleCheck() {
        long period = Math.max(1, context.sessionTimeoutSeconds() * 1000L / 4);
        channel.eventLoop().schedule(this::checkIdle, period, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection when nothing (request, RTP, RTCP) arrived within the session timeout. */
    private void checkIdle() {
        if (!channel.isActive()) {
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(this::checkIdle); // the connection moved loops since this was scheduled
            return;
        }
        long now = System.nanoTime();
        if (activity != activityAtLastCheck) {
            activityAtLastCheck = activity;
            lastActiveNanos = now;
        } else if (now - lastActiveNanos >= TimeUnit.SECONDS.toNanos(context.sessionTimeoutSeconds())) {
            context.stats().idleTimeouts.increment();
            LOG.infof("publisher %s: no request or packet for %d s, closing", peer, context.sessionTimeoutSeconds());
            channel.close();
            return;
        }
        scheduleIdleCheck();
    }

    private static boolean isCSeq(String value) {
        if (value.isEmpty() || value.length() > 10) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String rootMessage(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** For logs: a client's text without control characters, at most 120 characters. */
    private static String printable(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
