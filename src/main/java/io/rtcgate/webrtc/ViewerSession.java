package io.rtcgate.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.PacketHistory;
import io.rtcgate.stream.Reader;
import io.rtcgate.transport.UdpSegmentRun;
import io.rtcgate.webrtc.dtls.DtlsHandshakeFailure;
import io.rtcgate.webrtc.dtls.DtlsSession;
import io.rtcgate.webrtc.dtls.DtlsSessionListener;
import io.rtcgate.webrtc.dtls.DtlsSrtpKeys;
import io.rtcgate.webrtc.dtls.QueueDatagramTransport;
import io.rtcgate.webrtc.ice.IceSession;
import io.rtcgate.webrtc.rtcp.RtcpFeedbackHandler;
import io.rtcgate.webrtc.rtcp.RtcpReader;
import io.rtcgate.webrtc.rtcp.RtcpWriter;
import io.rtcgate.webrtc.sdp.NegotiatedAudio;
import io.rtcgate.webrtc.sdp.NegotiatedVideo;
import io.rtcgate.webrtc.srtp.SrtpKeyMaterial;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import io.rtcgate.webrtc.srtp.SrtpReceiver;
import io.rtcgate.webrtc.srtp.SrtpSender;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One WHEP viewer. Its media state lives on the stream's event loop; ICE and DTLS events arrive on other threads and are
 * handed over. Life: ICE (the gateway answers checks and latches the viewer's address) → DTLS handshake on the bounded
 * handshake pool → SRTP keys → playing: the cached GOP goes out at once, then every shared packet is re-headed and
 * encrypted for this viewer ({@link SrtpSender#protectRtp}), the one copy on the egress path.
 *
 * <p>Sequence numbers and timestamps: a viewer's video sequence number is the shared packet's plus {@code seqOffset}, its
 * timestamp the shared one plus {@code tsOffset}, both random at the start. A GOP replay (at join, or answering PLI/FIR)
 * sends the cached frames with fresh sequence numbers and timestamps squeezed into the gap before the next live frame, so
 * the picture appears at once and live latency does not grow; the offset then moves on, and NACKs are answered only for
 * packets sent live since then (re-encrypting a live packet gives the very same bytes).
 *
 * <p>UDP GSO (when the port has it active): the FU-A fragments of a NAL unit are all full size but the last, so they are
 * encrypted straight into one {@link UdpSegmentRun} buffer and leave as one segmented send; the run ends with the access
 * unit (or earlier, when a packet cannot join it), and at the latest at the loop's flush.
 */
final class ViewerSession implements DtlsSessionListener, RtcpFeedbackHandler, VideoPacketTarget {
    private static final Logger LOG = Logger.getLogger(ViewerSession.class);
    private static final int SRTP_OVERHEAD = 16 + 16; // tag (GCM 16, CM 10) plus slack
    private static final long SENDER_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    enum State {
        WAITING_FOR_DTLS, HANDSHAKING, PLAYING, CLOSED
    }

    final String id;
    final StreamEgress egress;
    final IceSession ice;
    private final WebRtcGateway gateway;
    private final EventLoop loop;
    private final Reader reader;
    private final byte[] remoteFingerprint;
    private final NegotiatedVideo video;
    private final NegotiatedAudio audio;
    private final String cname;
    private final ByteBufAllocator alloc;
    private final ViewerStats stats = new ViewerStats();
    /** Equal-size video packets to this viewer as one GSO send; null without GSO. Loop only. */
    private final UdpSegmentRun videoRun;

    private volatile State state = State.WAITING_FOR_DTLS;
    private volatile InetSocketAddress remote;
    private volatile String closeReason;
    private QueueDatagramTransport dtlsTransport;
    private DtlsSession dtls;

    // ---- loop only ----
    private SrtpSender videoSender;
    private SrtpSender audioSender;
    private SrtpReceiver rtcpReceiver;
    private int seqOffset;
    private long tsOffset;
    private int nextSeq;
    private long lastSentTs;
    private long lastSentNanos;
    private boolean anyVideoSent;
    /** First viewer sequence number of the current live mapping; NACKs before it are not answered. */
    private int liveSince;
    private boolean waitingForKeyframe;
    private boolean replayPending;
    private long lastReplayNanos;
    private int audioSeqOffset;
    private long audioTsOffset;
    private long audioLastTs;
    private long videoPackets;
    private long videoOctets;
    private long audioPackets;
    private long audioOctets;
    private ScheduledFuture<?> reportTimer;
    private ScheduledFuture<?> dtlsDeadline;

    ViewerSession(String id, WebRtcGateway gateway, StreamEgress egress, IceSession ice, byte[] remoteFingerprint,
            NegotiatedVideo video, NegotiatedAudio audio, String cname) {
        this.id = id;
        this.gateway = gateway;
        this.alloc = gateway.allocator();
        this.egress = egress;
        this.loop = egress.stream().eventLoop();
        this.ice = ice;
        this.remoteFingerprint = remoteFingerprint;
        this.video = video;
        this.audio = audio;
        this.cname = cname;
        this.reader = egress.stream().addReader();
        this.videoRun = egress.mux().gsoActive() ? egress.mux().newSegmentRun(loop) : null;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.nextSeq = random.nextInt(0x10000);
        this.tsOffset = random.nextInt() & 0xFFFFFFFFL;
        this.audioSeqOffset = random.nextInt(0x10000);
        this.audioTsOffset = random.nextInt() & 0xFFFFFFFFL;
    }

    State state() {
        return state;
    }

    ViewerStats stats() {
        return stats;
    }

    String closeReason() {
        return closeReason;
    }

    InetSocketAddress remote() {
        return remote;
    }

    SrtpProfile profile() {
        SrtpSender s = videoSender;
        return s == null ? null : s.profile();
    }

    EventLoop loop() {
        return loop;
    }

    /** ICE latched (or moved) the viewer's address; any thread. */
    void remoteAddress(InetSocketAddress address) {
        remote = address;
    }

    /**
     * Closes the session if no DTLS handshake has started {@code timeout} after the offer: consent checks alone would
     * otherwise keep a peer that never starts DTLS (and its viewer slot and reader) for ever. Any thread.
     */
    void armDtlsDeadline(java.time.Duration timeout) {
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            if (state == State.WAITING_FOR_DTLS) {
                gateway.stats().dtlsNotStarted.increment();
                close("no DTLS handshake within " + timeout.toSeconds() + " s of the offer");
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        loop.execute(() -> {
            if (state == State.CLOSED) {
                deadline.cancel(false);
            } else {
                dtlsDeadline = deadline;
            }
        });
    }

    // ---- DTLS (any thread) ----

    /** A DTLS datagram from the viewer's address; the first one starts the handshake. Does not take the buffer. */
    void onDtlsDatagram(ByteBuf datagram, InetSocketAddress sender) {
        if (state == State.CLOSED) {
            return;
        }
        synchronized (this) {
            if (state == State.CLOSED) {
                return; // close() ran (it sets CLOSED before taking this lock): start no handshake it cannot stop
            }
            if (dtlsTransport == null) {
                remote = sender;
                dtlsTransport = gateway.handshaker().newTransport(this::sendDtls);
                try {
                    dtls = gateway.handshaker().start(dtlsTransport, remoteFingerprint, this);
                    state = State.HANDSHAKING;
                } catch (Exception e) {
                    gateway.stats().dtlsRefused.increment();
                    loop.execute(() -> close("DTLS refused: " + e.getMessage()));
                    return;
                }
            }
        }
        ice.latchAuthenticatedSource(sender);
        dtlsTransport.offer(datagram);
    }

    /** BouncyCastle sends a record (handshake thread): copy it and send it from the stream's loop. */
    private void sendDtls(byte[] data, int offset, int length) {
        InetSocketAddress to = remote;
        if (to == null || state == State.CLOSED) {
            return;
        }
        ByteBuf copy = alloc.directBuffer(length).writeBytes(data, offset, length);
        try {
            loop.execute(() -> {
                gateway.mux().write(loop, copy, to);
                gateway.mux().flush(loop);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            copy.release(); // the loop is shutting down: nobody else will
        }
    }

    @Override
    public void onHandshakeSucceeded(DtlsSession session, DtlsSrtpKeys keys) {
        loop.execute(() -> startMedia(keys));
    }

    @Override
    public void onHandshakeFailed(DtlsSession session, DtlsHandshakeFailure failure) {
        gateway.stats().dtlsFailed.increment();
        loop.execute(() -> close("DTLS handshake failed: " + failure));
    }

    @Override
    public void onSessionClosed(DtlsSession session, String reason) {
        loop.execute(() -> close("DTLS closed: " + reason));
    }

    // ---- media (loop only) ----

    private void startMedia(DtlsSrtpKeys keys) {
        if (state == State.CLOSED) {
            return;
        }
        SrtpProfile profile = SrtpProfile.fromId(keys.profileId());
        SrtpKeyMaterial material = SrtpKeyMaterial.fromDtlsExport(profile, keys.keyingMaterial());
        videoSender = SrtpSender.forLocal(material);
        audioSender = SrtpSender.forLocal(material);
        rtcpReceiver = SrtpReceiver.forRemote(material);
        state = State.PLAYING;
        gateway.stats().playing.increment();
        gateway.stats().countProfile(profile);
        gateway.sessionPlaying(this);
        LOG.infof("viewer %s of %s playing from %s (%s)", id, egress.stream().name(), remote, profile.webrtcStatsName());
        egress.add(this);
        replayGop(true);
        gateway.mux().flush(loop);
        reportTimer = loop.scheduleAtFixedRate(this::sendReports, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
        if (waitingForKeyframe) {
            if (!keyframeStart) {
                return;
            }
            waitingForKeyframe = false;
            seqOffset = nextSeq - sequence;
            liveSince = nextSeq;
        }
        int viewerSeq = (sequence + seqOffset) & 0xFFFF;
        long ts = (packet.getUnsignedInt(packet.readerIndex() + 4) + tsOffset) & 0xFFFFFFFFL;
        if (sendVideo(packet, viewerSeq, ts, false, last)) {
            nextSeq = (viewerSeq + 1) & 0xFFFF;
            lastSentTs = ts;
            lastSentNanos = System.nanoTime();
            anyVideoSent = true;
        }
        if (last && replayPending) {
            replayPending = false;
            replayGop(false);
        }
    }

    /**
     * Encrypts one shared packet for this viewer and queues it. With GSO, a fragment that has more of its size to follow
     * starts a run, and packets that can join the open run are encrypted into it; {@code endOfFrame} ends the run.
     */
    private boolean sendVideo(ByteBuf packet, int viewerSeq, long ts, boolean retransmission, boolean endOfFrame) {
        InetSocketAddress to = remote;
        boolean marker = (packet.getByte(packet.readerIndex() + 1) & 0x80) != 0;
        int room = packet.readableBytes() + SRTP_OVERHEAD;
        UdpSegmentRun run = videoRun;
        boolean inRun = false;
        if (run != null && to != null && !retransmission) {
            int length = packet.readableBytes() + videoSender.profile().rtpTagLength();
            inRun = run.accepts(to, length, room) || H264Packetizer.isFragmentWithMoreToFollow(packet);
            if (!inRun) {
                run.finish(); // keeps this viewer's packets in order
            }
        }
        ByteBuf out = inRun
                ? run.append(to, packet.readableBytes() + videoSender.profile().rtpTagLength(), room)
                : alloc.directBuffer(room);
        int before = out.writerIndex();
        boolean ok = retransmission
                ? videoSender.retransmitRtp(packet, (int) video.ssrc(), viewerSeq, ts, video.payloadType(), marker, out)
                : videoSender.protectRtp(packet, (int) video.ssrc(), viewerSeq, ts, video.payloadType(), marker, out);
        int written = out.writerIndex() - before;
        if (inRun) {
            run.commit(); // nothing written on failure: the run is unchanged
        }
        if (!ok || to == null) {
            if (!inRun) {
                out.release();
            }
            stats.srtpErrors.increment();
            return false;
        }
        stats.packetsSent.increment();
        stats.bytesSent.add(written);
        videoPackets++;
        videoOctets += packet.readableBytes() - 12;
        if (inRun) {
            if (endOfFrame) {
                run.finish();
            }
        } else {
            gateway.mux().write(loop, out, to);
        }
        return true;
    }

    /**
     * Sends the cached GOP from its keyframe with fresh sequence numbers. At join ({@code join}) the frames get
     * timestamps just below the newest one so live continues right after; answering PLI/FIR they go just after the
     * last timestamp sent, inside the gap before the next live frame.
     */
    private void replayGop(boolean join) {
        PacketHistory history = egress.history();
        int keyframe = history.keyframeStartSequence();
        if (keyframe < 0) {
            waitingForKeyframe = true;
            return;
        }
        int[] frames = new int[1];
        long[] previousTs = {-1};
        history.forEachSinceKeyframe((p, seq, ts, key, marker) -> {
            if (ts != previousTs[0]) {
                frames[0]++;
                previousTs[0] = ts;
            }
        });
        long newestTs = (history.timestampOf(history.newestSequence()) + tsOffset) & 0xFFFFFFFFL;
        long base = join || !anyVideoSent ? newestTs - (frames[0] - 1) : lastSentTs + 1;
        if (!join && frames[0] >= 2900) {
            waitingForKeyframe = true; // no room before the next live frame: wait for the source's keyframe instead
            return;
        }
        int[] frame = {-1};
        previousTs[0] = -1;
        long[] sentTs = {lastSentTs};
        history.forEachSinceKeyframe((p, seq, ts, key, marker) -> {
            if (ts != previousTs[0]) {
                frame[0]++;
                previousTs[0] = ts;
            }
            long replayTs = (base + frame[0]) & 0xFFFFFFFFL;
            if (sendVideo(p, nextSeq, replayTs, false, marker)) {
                nextSeq = (nextSeq + 1) & 0xFFFF;
                sentTs[0] = replayTs;
            }
        });
        stats.gopReplays.increment();
        anyVideoSent = true;
        lastSentTs = sentTs[0];
        lastSentNanos = System.nanoTime();
        waitingForKeyframe = false;
        seqOffset = nextSeq - ((history.newestSequence() + 1) & 0xFFFF);
        liveSince = nextSeq;
        lastReplayNanos = System.nanoTime();
    }

    void onAudioPacket(RtpPacket packet) {
        if (audio == null || audioSender == null || remote == null) {
            return;
        }
        ByteBuf source = packet.buffer();
        ByteBuf out = alloc.directBuffer(source.readableBytes() + SRTP_OVERHEAD);
        long ts = (packet.timestamp() + audioTsOffset) & 0xFFFFFFFFL;
        if (!audioSender.protectRtp(source, (int) audio.ssrc(), (packet.sequenceNumber() + audioSeqOffset) & 0xFFFF, ts,
                audio.payloadType(), packet.marker(), out)) {
            out.release();
            stats.srtpErrors.increment();
            return;
        }
        audioLastTs = ts;
        audioPackets++;
        audioOctets += packet.payloadLength();
        stats.packetsSent.increment();
        stats.bytesSent.add(out.readableBytes());
        gateway.mux().write(loop, out, remote);
    }

    /** Sender reports (RFC 3550 §6.4.1) once a second, with SDES CNAME, as one SRTCP compound packet. */
    private void sendReports() {
        InetSocketAddress to = remote;
        if (state != State.PLAYING || to == null) {
            return;
        }
        long nowNanos = System.nanoTime();
        long ntp = RtcpWriter.ntpTimestamp(System.currentTimeMillis());
        ByteBuf plain = alloc.heapBuffer(128);
        try {
            long videoTs = lastSentTs + (anyVideoSent ? (nowNanos - lastSentNanos) * 90_000 / 1_000_000_000L : 0);
            RtcpWriter.senderReport(plain, video.ssrc(), ntp, videoTs & 0xFFFFFFFFL, videoPackets, videoOctets);
            if (audio != null && audioPackets > 0) {
                RtcpWriter.senderReport(plain, audio.ssrc(), ntp, audioLastTs, audioPackets, audioOctets);
            }
            RtcpWriter.sdesCname(plain, video.ssrc(), cname);
            ByteBuf out = alloc.directBuffer(plain.readableBytes() + 32);
            if (videoSender.protectRtcp(plain, out)) {
                gateway.mux().write(loop, out, to);
                gateway.mux().flush(loop);
                stats.reportsSent.increment();
            } else {
                out.release();
            }
        } finally {
            plain.release();
        }
    }

    /** An SRTCP packet from the viewer (a copy this method owns), on the loop. */
    void onSrtcp(ByteBuf srtcp) {
        try {
            if (state != State.PLAYING) {
                return;
            }
            ByteBuf plain = alloc.heapBuffer(srtcp.readableBytes());
            try {
                if (!rtcpReceiver.unprotectRtcp(srtcp, plain)) {
                    stats.srtcpRejected.increment();
                    gateway.stats().srtcpRejected.increment();
                    return;
                }
                stats.rtcpReceived.increment();
                if (RtcpReader.read(plain, this) < 0) {
                    stats.rtcpMalformed.increment();
                }
            } finally {
                plain.release();
            }
            gateway.mux().flush(loop);
        } finally {
            srtcp.release();
        }
    }

    @Override
    public void onReceiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
            long lastSr, long delaySinceLastSr) {
        if (mediaSsrc != video.ssrc()) {
            return;
        }
        stats.fractionLost.set(fractionLost);
        stats.cumulativeLost.set(cumulativeLost);
        stats.jitter.set(jitter);
        if (lastSr != 0) {
            long now = RtcpWriter.middle32(RtcpWriter.ntpTimestamp(System.currentTimeMillis()));
            long rtt = (now - lastSr - delaySinceLastSr) & 0xFFFFFFFFL;
            if (rtt < 65536L * 10) { // under 10 s: a sane value in 1/65536 s
                stats.rttMicros.set(rtt * 1_000_000 / 65536);
            }
        }
    }

    @Override
    public void onKeyframeRequest(long mediaSsrc, boolean fir) {
        if (mediaSsrc != video.ssrc() && mediaSsrc != 0) {
            return;
        }
        (fir ? stats.firs : stats.plis).increment();
        long now = System.nanoTime();
        if (now - lastReplayNanos < gateway.pliMinIntervalNanos()) {
            stats.keyframeRequestsIgnored.increment();
            return;
        }
        lastReplayNanos = now;
        replayPending = true;
    }

    @Override
    public void onNack(long mediaSsrc, int pid, int blp) {
        if (mediaSsrc != video.ssrc()) {
            return;
        }
        resend(pid);
        for (int bit = 0; bit < 16; bit++) {
            if ((blp & (1 << bit)) != 0) {
                resend((pid + bit + 1) & 0xFFFF);
            }
        }
    }

    private void resend(int viewerSeq) {
        stats.nacks.increment();
        int sinceLive = (viewerSeq - liveSince) & 0xFFFF;
        int beforeNext = (nextSeq - viewerSeq) & 0xFFFF;
        if (sinceLive >= 0x8000 || beforeNext == 0 || beforeNext >= 0x8000) {
            stats.nackMisses.increment();
            return;
        }
        int streamSeq = (viewerSeq - seqOffset) & 0xFFFF;
        ByteBuf packet = egress.history().find(streamSeq);
        if (packet == null) {
            stats.nackMisses.increment();
            return;
        }
        long ts = (packet.getUnsignedInt(packet.readerIndex() + 4) + tsOffset) & 0xFFFFFFFFL;
        if (sendVideo(packet, viewerSeq, ts, true, true)) {
            stats.nacksServed.increment();
        }
    }

    // ---- ending ----

    /** Ends the session: RTCP BYE if playing, DTLS close_notify, everything freed. Loop only; idempotent. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasPlaying = state == State.PLAYING;
        state = State.CLOSED;
        closeReason = reason;
        if (reportTimer != null) {
            reportTimer.cancel(false);
        }
        if (dtlsDeadline != null) {
            dtlsDeadline.cancel(false);
        }
        egress.remove(this);
        if (videoRun != null) {
            videoRun.close();
        }
        InetSocketAddress to = remote;
        if (wasPlaying && to != null) {
            ByteBuf plain = alloc.heapBuffer(16);
            RtcpWriter.bye(plain, video.ssrc());
            ByteBuf out = alloc.directBuffer(64);
            if (videoSender.protectRtcp(plain, out)) {
                gateway.mux().write(loop, out, to);
                gateway.mux().flush(loop);
            } else {
                out.release();
            }
            plain.release();
        }
        synchronized (this) {
            if (dtls != null) {
                dtls.close();
            } else if (dtlsTransport != null) {
                dtlsTransport.close();
            }
        }
        reader.close();
        gateway.forget(this);
        LOG.infof("viewer %s of %s closed: %s", id, egress.stream().name(), reason);
    }
}
