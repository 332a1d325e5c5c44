package io.rtcgate.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.media.Codec;
import io.rtcgate.media.H264Depacketizer;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.transport.UdpMux;
import io.rtcgate.webrtc.dtls.DtlsCertificate;
import io.rtcgate.webrtc.dtls.DtlsHandshaker;
import io.rtcgate.webrtc.dtls.DtlsSettings;
import io.rtcgate.webrtc.ice.IceCredentials;
import io.rtcgate.webrtc.ice.IceLiteAgent;
import io.rtcgate.webrtc.ice.IceSession;
import io.rtcgate.webrtc.sdp.HostCandidate;
import io.rtcgate.webrtc.sdp.LocalEndpoint;
import io.rtcgate.webrtc.sdp.SourceTracks;
import io.rtcgate.webrtc.sdp.WhepAnswer;
import io.rtcgate.webrtc.sdp.WhepAnswerer;
import io.rtcgate.webrtc.sdp.WhepOffer;
import io.rtcgate.webrtc.sdp.WhepOfferException;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The WebRTC egress: one UDP port for every viewer (RFC 7983 first-byte demux into STUN, DTLS and SRTCP), ICE-lite,
 * a DTLS server per viewer on a bounded pool, and a {@link StreamEgress} per stream that packetizes once and fans out.
 */
@ApplicationScoped
public class WebRtcGateway implements UdpMux.UdpReceiver {
    private static final Logger LOG = Logger.getLogger(WebRtcGateway.class);

    @Inject
    GatewayConfig config;
    @Inject
    StreamRegistry registry;
    @Inject
    MediaEventLoops loops;

    private final Map<Stream, StreamEgress> egresses = new ConcurrentHashMap<>();
    private final Map<String, ViewerSession> sessionsById = new ConcurrentHashMap<>();
    private final Map<String, ViewerSession> sessionsByUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, ViewerSession> sessionsByAddress = new ConcurrentHashMap<>();
    private final WebRtcStats stats = new WebRtcStats();
    private final IceLiteAgent agent = new IceLiteAgent("rtcgate");
    private final WhepAnswerer answerer = new WhepAnswerer();
    private UdpMux mux;
    private DtlsCertificate certificate;
    private DtlsHandshaker handshaker;
    private List<HostCandidate> candidates;
    private long pliMinIntervalNanos;
    private volatile boolean draining;
    /** Told when a session starts playing (its SRTP profile known) and when any session ends; see {@link #watchSessions}. */
    private final List<Consumer<ViewerSession>> playingWatchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<ViewerSession>> endWatchers = new CopyOnWriteArrayList<>();

    void onStart(@Observes StartupEvent event) throws IOException {
        GatewayConfig.WebRtc web = config.webrtc();
        List<Integer> profileOrder = new ArrayList<>();
        for (String name : web.srtpProfiles()) {
            try {
                profileOrder.add(SrtpProfile.parse(name.trim()).id());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("invalid rtcgate.webrtc.srtp-profiles: " + e.getMessage(), e);
            }
        }
        pliMinIntervalNanos = web.pliMinInterval().toNanos();
        certificate = DtlsCertificate.generate(new SecureRandom());
        DtlsSettings settings = DtlsSettings.defaults().withSrtpProfileOrder(profileOrder)
                .withHandshakeTimeoutMillis((int) web.dtlsTimeout().toMillis())
                .withHandshakeThreads(web.dtlsThreads(), 64);
        handshaker = new DtlsHandshaker(certificate, settings);
        long warm = handshaker.warmUp();
        mux = new UdpMux(loops, web.udpHost(), web.udpPort(), this, web.gso(), config.tuning().batching());
        candidates = hostCandidates(web, mux.port());
        if (!config.tuning().packetizeOnce()) {
            LOG.warnf("packetize-once off (rtcgate.tuning.packetize-once=false): every viewer gets its own copy of each "
                    + "video packet");
        }
        registry.watchCreations(this::egressFor);
        registry.watchRemovals(this::onStreamRemoved);
        registry.all().forEach(this::egressFor);
        EventLoop housekeeping = loops.next();
        housekeeping.scheduleAtFixedRate(this::expireConsent, 1, 1, TimeUnit.SECONDS);
        LOG.infof("WebRTC: WHEP at /{name}/whep, UDP %d, candidates %s, SRTP order %s, DTLS warm-up %d ms", mux.port(),
                candidates.stream().map(HostCandidate::addressText).toList(), web.srtpProfiles(), warm);
    }

    /** Before the streams close (priority 200): sessions end with BYE, histories are released, on their loops. */
    void onStop(@Observes @jakarta.annotation.Priority(100) ShutdownEvent event) {
        for (ViewerSession s : List.copyOf(sessionsById.values())) {
            s.loop().submit(() -> s.close("shutdown")).awaitUninterruptibly(2000);
        }
        for (StreamEgress egress : List.copyOf(egresses.values())) {
            egress.stream().eventLoop().submit(egress::close).awaitUninterruptibly(2000);
        }
        egresses.clear();
        if (handshaker != null) {
            handshaker.close();
        }
        if (mux != null) {
            mux.close();
        }
    }

    private StreamEgress egressFor(Stream stream) {
        return egresses.computeIfAbsent(stream, s -> new StreamEgress(s, mux, loops.allocator(), config.webrtc().maxPayload(),
                config.webrtc().historyPackets(), config.webrtc().historyBytes(), config.webrtc().nackHistoryPackets(),
                config.tuning().packetizeOnce()));
    }

    /** The stream's egress, or null if it has none (yet). */
    StreamEgress egressOf(Stream stream) {
        return egresses.get(stream);
    }

    private void onStreamRemoved(Stream stream) {
        StreamEgress egress = egresses.remove(stream);
        if (egress != null) {
            stream.eventLoop().execute(egress::close);
        }
    }

    // ---- signalling ----

    /** A new viewer from a WHEP offer: its id and SDP answer. */
    public record Created(String id, String answerSdp) {
    }

    /** Thrown when a session limit is reached: answer 503 with Retry-After. */
    public static final class SessionLimitException extends Exception {
        public SessionLimitException(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown while the gateway drains for shutdown: answer 503 with Retry-After (another instance takes the viewer). */
    public static final class DrainingException extends Exception {
        public DrainingException(String message) {
            super(message, null, false, false);
        }
    }

    /** From now on every new WHEP offer is refused with {@link DrainingException}; existing sessions keep playing. */
    public void refuseNewSessions() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public Created createSession(Stream stream, String offerSdp)
            throws WhepOfferException, SessionLimitException, DrainingException {
        stats.offers.increment();
        if (draining) {
            stats.sessionsRefusedDraining.increment();
            throw new DrainingException("the gateway is shutting down; try again (another instance will answer)");
        }
        GatewayConfig.WebRtc web = config.webrtc();
        if (sessionsById.size() >= web.maxSessions()) {
            stats.sessionsRefusedLimit.increment();
            throw new SessionLimitException("session limit reached (rtcgate.webrtc.max-sessions=" + web.maxSessions() + ")");
        }
        StreamEgress egress = egressFor(stream);
        long perStream = sessionsById.values().stream().filter(s -> s.egress == egress).count();
        if (perStream >= web.maxSessionsPerStream()) {
            stats.sessionsRefusedLimit.increment();
            throw new SessionLimitException("stream '" + stream.name() + "' has " + perStream
                    + " viewers (rtcgate.webrtc.max-sessions-per-stream=" + web.maxSessionsPerStream() + ")");
        }
        WhepOffer offer;
        WhepAnswer answer;
        IceCredentials local = IceCredentials.random();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long videoSsrc = random.nextInt() & 0xFFFFFFFFL;
        long audioSsrc = (videoSsrc + 1) & 0xFFFFFFFFL;
        String cname = "rtcgate-" + Long.toHexString(random.nextLong());
        try {
            offer = WhepOffer.parse(offerSdp);
            LocalEndpoint endpoint = LocalEndpoint.of(local.ufrag(), local.pwd(), certificate.sha256Fingerprint(), candidates,
                    videoSsrc, audioSsrc, cname, "rtcgate", "video0", "audio0");
            answer = answerer.answer(offer, sourceTracks(stream), endpoint);
        } catch (WhepOfferException e) {
            stats.offersRejected.increment();
            throw e;
        }
        IceSession ice = new IceSession(local, new IceCredentials(answer.remoteIceUfrag(), answer.remoteIcePwd()), System.nanoTime());
        String id = UUID.randomUUID().toString();
        ViewerSession session = new ViewerSession(id, this, egress, ice, answer.remoteFingerprint().digest(), answer.video(),
                answer.audio().orElse(null), cname);
        sessionsById.put(id, session);
        sessionsByUfrag.put(local.ufrag(), session);
        agent.register(ice);
        session.armDtlsDeadline(web.consentTimeout().plus(web.dtlsTimeout()));
        LOG.infof("viewer %s of %s: offer accepted (%s)", id, stream.name(), answer.video());
        return new Created(id, answer.sdp());
    }

    /** What the stream carries now, for choosing codecs; unknown while offline. */
    private static SourceTracks sourceTracks(Stream stream) {
        List<MediaFormat> formats = stream.formats();
        SourceTracks.H264Track video = null;
        SourceTracks.AudioTrack audio = null;
        for (int i = 0; i < formats.size(); i++) {
            MediaFormat f = formats.get(i);
            if (f.isVideo() && video == null) {
                H264Depacketizer depacketizer = stream.depacketizer(i);
                String profile = depacketizer != null && depacketizer.parameterSets().complete()
                        ? depacketizer.parameterSets().profileLevelId() : f.fmtp().get("profile-level-id");
                if (profile == null || !profile.matches("[0-9a-fA-F]{6}")) {
                    profile = "42e01f";
                }
                video = SourceTracks.H264Track.of(profile, stream.hasBFrames());
            } else if (!f.isVideo() && audio == null) {
                audio = new SourceTracks.AudioTrack(f.codec(), f.clockRate(), Math.max(1, f.channels()));
            }
        }
        return video == null ? SourceTracks.unknown() : SourceTracks.of(video, audio);
    }

    /** Ends a session (WHEP DELETE); false if unknown. */
    public boolean closeSession(String streamName, String id) {
        ViewerSession s = sessionsById.get(id);
        if (s == null || !s.egress.stream().name().equals(streamName)) {
            return false;
        }
        s.loop().execute(() -> s.close("viewer left (DELETE)"));
        return true;
    }

    /** The media pool (see {@link io.rtcgate.transport.MediaBuffers}) for packets the sessions write. */
    io.netty.buffer.ByteBufAllocator allocator() {
        return loops.allocator();
    }

    /** Called by a session as it closes. */
    void forget(ViewerSession session) {
        sessionsById.remove(session.id, session);
        sessionsByUfrag.remove(session.ice.localUfrag(), session);
        agent.unregister(session.ice);
        sessionsByAddress.values().removeIf(s -> s == session);
        stats.closed.increment();
        endWatchers.forEach(w -> w.accept(session));
    }

    /** Called by a session once DTLS is done and media flows (on its loop). */
    void sessionPlaying(ViewerSession session) {
        playingWatchers.forEach(w -> w.accept(session));
    }

    /**
     * Watches sessions: {@code playing} when one starts playing, {@code ended} when any session (playing or not) ends; both
     * on the session's loop, once per session, so they must be quick.
     */
    void watchSessions(Consumer<ViewerSession> playing, Consumer<ViewerSession> ended) {
        playingWatchers.add(playing);
        endWatchers.add(ended);
    }

    private void expireConsent() {
        long now = System.nanoTime();
        for (IceSession expired : agent.expireStale(now, config.webrtc().consentTimeout())) {
            ViewerSession s = sessionsByUfrag.get(expired.localUfrag());
            if (s != null) {
                stats.consentExpired.increment();
                s.loop().execute(() -> s.close("no ICE consent for " + config.webrtc().consentTimeout().toSeconds() + " s"));
            }
        }
    }

    // ---- the UDP port ----

    @Override
    public void onDatagram(UdpMux udp, Channel socket, DatagramPacket packet) {
        ByteBuf content = packet.content();
        if (!content.isReadable()) {
            stats.unknownDatagrams.increment();
            return;
        }
        int first = content.getUnsignedByte(content.readerIndex());
        InetSocketAddress sender = packet.sender();
        if (first <= 3) {
            onStun(socket.eventLoop(), content, sender);
        } else if (first >= 20 && first <= 63) {
            ViewerSession s = sessionsByAddress.get(sender);
            if (s == null) {
                stats.dtlsFromUnknown.increment();
                return;
            }
            s.onDtlsDatagram(content, sender);
        } else if (first >= 128 && first <= 191) {
            ViewerSession s = sessionsByAddress.get(sender);
            if (s == null || content.readableBytes() < 8) {
                stats.unknownDatagrams.increment();
                return;
            }
            int type = content.getUnsignedByte(content.readerIndex() + 1);
            if (type >= 192 && type <= 223) { // RTCP (RFC 5761 §4)
                ByteBuf copy = PooledByteBufAllocator.DEFAULT.heapBuffer(content.readableBytes()).writeBytes(content,
                        content.readerIndex(), content.readableBytes());
                try {
                    s.loop().execute(() -> s.onSrtcp(copy)); // onSrtcp releases the copy
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    copy.release(); // the loop is shutting down
                }
            } else {
                stats.rtpFromViewers.increment();
            }
        } else {
            stats.unknownDatagrams.increment();
        }
    }

    private void onStun(EventLoop loop, ByteBuf content, InetSocketAddress sender) {
        IceLiteAgent.Result result = agent.onStunPacket(content, sender, System.nanoTime(), PooledByteBufAllocator.DEFAULT);
        if (result.hasResponse()) {
            mux.write(loop, result.response(), sender);
        }
        if (result.outcome() == IceLiteAgent.Outcome.BINDING_SUCCESS && result.session() != null) {
            ViewerSession s = sessionsByUfrag.get(result.session().localUfrag());
            if (s != null) {
                sessionsByAddress.put(sender, s);
                InetSocketAddress selected = result.session().selectedAddress();
                if (selected != null) {
                    s.remoteAddress(selected);
                }
            }
        }
    }

    // ---- for sessions and the API ----

    UdpMux mux() {
        return mux;
    }

    DtlsHandshaker handshaker() {
        return handshaker;
    }

    long pliMinIntervalNanos() {
        return pliMinIntervalNanos;
    }

    public WebRtcStats stats() {
        return stats;
    }

    public IceLiteAgent iceAgent() {
        return agent;
    }

    public int udpPort() {
        return mux.port();
    }

    /** Whether the WebRTC UDP sockets are bound and open (false before start-up and after shutdown). */
    public boolean udpOpen() {
        UdpMux m = mux;
        return m != null && m.isOpen();
    }

    public Collection<ViewerSession> sessions() {
        return Collections.unmodifiableCollection(sessionsById.values());
    }

    /** Send counters of the UDP port; null before it is bound. */
    public io.rtcgate.transport.UdpSendStats sendStats() {
        UdpMux m = mux;
        return m == null ? null : m.stats();
    }

    /** Whether video runs go out as UDP GSO sends ({@code rtcgate.webrtc.gso} and supported). */
    public boolean gsoActive() {
        UdpMux m = mux;
        return m != null && m.gsoActive();
    }

    /** Host candidates: the configured addresses, else the machine's IPv4 interface addresses (loopback last). */
    private static List<HostCandidate> hostCandidates(GatewayConfig.WebRtc web, int port) {
        List<HostCandidate> list = new ArrayList<>();
        if (web.hosts().isPresent() && !web.hosts().get().isEmpty()) {
            for (String host : web.hosts().get()) {
                try {
                    list.add(new HostCandidate(InetAddress.getByName(host.trim()), port));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("rtcgate.webrtc.hosts: cannot resolve '" + host + "'", e);
                }
            }
            return list;
        }
        String bind = web.udpHost();
        try {
            InetAddress bound = InetAddress.getByName(bind);
            if (!bound.isAnyLocalAddress()) {
                return List.of(new HostCandidate(bound, port));
            }
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && list.size() < LocalEndpoint.MAX_HOST_CANDIDATES - 1) {
                        list.add(new HostCandidate(a, port));
                    }
                }
            }
            list.add(new HostCandidate(InetAddress.getLoopbackAddress(), port));
        } catch (SocketException | UnknownHostException e) {
            LOG.warnf("cannot list network interfaces (%s); advertising 127.0.0.1 only", e.getMessage());
            list.add(new HostCandidate(InetAddress.getLoopbackAddress(), port));
        }
        return list;
    }

}
