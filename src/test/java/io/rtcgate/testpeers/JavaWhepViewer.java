package io.rtcgate.testpeers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rtcgate.webrtc.dtls.DtlsCertificate;
import io.rtcgate.webrtc.dtls.QueueDatagramTransport;
import io.rtcgate.webrtc.ice.IceCredentials;
import io.rtcgate.webrtc.ice.StunClass;
import io.rtcgate.webrtc.ice.StunMessage;
import io.rtcgate.webrtc.ice.StunMessageWriter;
import io.rtcgate.webrtc.ice.StunParseException;
import io.rtcgate.webrtc.srtp.SrtpError;
import io.rtcgate.webrtc.srtp.SrtpKeyMaterial;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import io.rtcgate.webrtc.srtp.SrtpReceiver;
import io.rtcgate.webrtc.srtp.SrtpSender;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;

/**
 * A WHEP viewer in plain Java, for tests and the benchmark: the peer a browser would be, built from independent parts
 * where they exist. It POSTs a real Chromium receive-only offer (with its own ICE credentials and certificate
 * fingerprint) over HTTP, completes ICE with one authenticated STUN Binding request carrying USE-CANDIDATE (RFC 8445
 * §7.2.4), runs BouncyCastle's own {@link DTLSClientProtocol} as the DTLS client ({@code a=setup:actpass} in the offer,
 * the gateway answers passive), checks the server certificate against the answer's {@code a=fingerprint}, and derives
 * SRTP keys with {@link SrtpKeyMaterial#fromDtlsExportAsClient}. A receive thread then decrypts the gateway's SRTP and
 * SRTCP; a keep-alive thread sends consent checks (RFC 7675) once a second.
 *
 * <p>Every packet that authenticates goes through an {@link RtpSequenceTracker} of its source (the answer's video and
 * audio SSRC; packets of any other SSRC are only counted), so loss, late and duplicate packets can be read at any time
 * with {@link #videoSequence()} and {@link #audioSequence()}. {@link #ttffNanos()} is the time from just before the
 * offer's POST to the first keyframe received whole ({@link WholeKeyframeDetector}). SRTP that arrives before this
 * side's keys are ready is kept and handled afterwards, and the socket asks for a 1 MiB receive buffer, so that what is
 * counted is what the gateway sent, not how quickly this viewer's threads got to it.
 *
 * <p>Stages can be run one by one ({@link #offer}, {@link #completeIce}, {@link #handshake}) so a test can stop after
 * ICE and misbehave on a session the gateway has authenticated. {@link #close()} vanishes without a DELETE or a DTLS
 * close_notify, as a crashed browser would; {@link #delete()} leaves politely.
 *
 * <p>Everything binds to 127.0.0.1. Buffers are unpooled heap wrappers of arrays this class owns, so nothing needs
 * releasing.
 */
public final class JavaWhepViewer implements AutoCloseable {
    private static final String OFFER_RESOURCE = "/io/rtcgate/webrtc/sdp/chromium156_recvonly_video_audio.sdp";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DATAGRAM = 2048;
    private static final int MAX_EARLY_PACKETS = 256;
    /**
     * Room for the GOP a gateway sends at once when a viewer joins (about 1 s of 1 Mbit/s video, each datagram costing
     * the kernel about twice its size) while this viewer's thread is still slow: Linux's default 208 KiB is not, and a
     * full buffer would show up as loss the gateway did not cause. The kernel caps it at net.core.rmem_max.
     */
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private final URI endpoint;
    private final DatagramSocket socket;
    private final IceCredentials localIce;
    private final DtlsCertificate certificate;
    private final String offerSdp;
    private final String answerSdp;
    private final URI location;
    private final IceCredentials gatewayIce;
    private final InetSocketAddress gatewayAddress;
    private final byte[] gatewayFingerprint;
    private final long videoSsrc;
    private final long offerStartNanos;
    private final long localSsrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    private final Thread receiveThread;
    private final BlockingQueue<StunMessage> stunResponses = new ArrayBlockingQueue<>(64);
    private final AtomicReference<QueueDatagramTransport> dtlsInbound = new AtomicReference<>();
    private ScheduledExecutorService keepAlive;
    private volatile DTLSTransport dtls;
    private volatile boolean closed;

    // written by the handshake, read by the receive thread
    private volatile SrtpReceiver srtpReceiver;
    private volatile SrtpSender srtcpSender;
    private volatile SrtpProfile profile;

    // counters (receive thread writes)
    private final AtomicLong stunSuccesses = new AtomicLong();
    private final AtomicLong stunErrors = new AtomicLong();
    private final AtomicLong videoPackets = new AtomicLong();
    private final AtomicLong videoFrames = new AtomicLong();
    private final AtomicLong videoKeyframes = new AtomicLong();
    private final AtomicLong audioPackets = new AtomicLong();
    private final AtomicLong srtpRejected = new AtomicLong();
    private final AtomicLong srtpReplayed = new AtomicLong();
    private final AtomicLong srtpTooOld = new AtomicLong();
    private final AtomicLong srtcpReceived = new AtomicLong();
    private final AtomicLong srtcpRejected = new AtomicLong();
    private final AtomicLong senderReports = new AtomicLong();
    private final AtomicLong byes = new AtomicLong();
    private final AtomicLong earlyMedia = new AtomicLong();
    private final AtomicLong earlyMediaDropped = new AtomicLong();
    /** SRTP/SRTCP that arrived before this side's keys (receive thread only); handled once they are there. */
    private final ArrayDeque<byte[]> earlyPackets = new ArrayDeque<>();
    private final AtomicLong otherSsrcPackets = new AtomicLong();
    private volatile int highestVideoSeq = -1;
    private final RtpSequenceTracker videoSequence = new RtpSequenceTracker();
    private final RtpSequenceTracker audioSequence = new RtpSequenceTracker();
    /** The answer's audio SSRC, or the first non-video SSRC seen when it names none; -1 until known. */
    private volatile long audioSsrc;

    // keyframes and time to first frame: receive thread only, but ttffNanos is read by anyone
    private final WholeKeyframeDetector firstKeyframe = new WholeKeyframeDetector();
    private long keyframeCountedTimestamp = -1;
    private volatile long ttffNanos = -1;

    private JavaWhepViewer(URI endpoint, DatagramSocket socket, IceCredentials localIce, DtlsCertificate certificate,
            String offerSdp, String answerSdp, URI location, long offerStartNanos) {
        this.endpoint = endpoint;
        this.offerStartNanos = offerStartNanos;
        this.socket = socket;
        this.localIce = localIce;
        this.certificate = certificate;
        this.offerSdp = offerSdp;
        this.answerSdp = answerSdp;
        this.location = location;
        this.gatewayIce = new IceCredentials(attribute(answerSdp, "ice-ufrag"), attribute(answerSdp, "ice-pwd"));
        this.gatewayAddress = loopbackCandidate(answerSdp);
        this.gatewayFingerprint = fingerprint(answerSdp);
        this.videoSsrc = videoSsrc(answerSdp);
        this.audioSsrc = sectionSsrc(answerSdp, "m=audio");
        this.receiveThread = new Thread(this::receiveLoop, "java-whep-viewer-rx-" + localIce.ufrag());
        receiveThread.setDaemon(true);
        receiveThread.start();
    }

    /** POST, ICE, DTLS and consent keep-alive: a viewer receiving media, or an exception saying which step failed. */
    public static JavaWhepViewer play(URI whepEndpoint, Duration timeout) throws IOException, InterruptedException {
        JavaWhepViewer viewer = offer(whepEndpoint);
        try {
            viewer.completeIce(timeout);
            viewer.handshake(timeout);
            viewer.startConsentChecks(Duration.ofSeconds(1));
            return viewer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            viewer.close();
            throw e;
        }
    }

    /**
     * POSTs an offer to {@code whepEndpoint} ({@code http://host/{name}/whep}); throws {@link WhepRefusedException} with
     * the status and plain-text body unless the gateway answers 201.
     */
    public static JavaWhepViewer offer(URI whepEndpoint) throws IOException, InterruptedException {
        IceCredentials ice = IceCredentials.random();
        DtlsCertificate certificate = DtlsCertificate.generate(new SecureRandom());
        String offer = chromiumOffer(ice, certificate.sha256Fingerprint());
        long offerStartNanos = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(whepEndpoint).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new WhepRefusedException(response.statusCode(), response.body());
        }
        URI location = whepEndpoint.resolve(response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("201 without Location")));
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try {
            socket.setSoTimeout(200);
            socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            return new JavaWhepViewer(whepEndpoint, socket, ice, certificate, offer, response.body(), location,
                    offerStartNanos);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The WHEP endpoint refused the offer. */
    public static final class WhepRefusedException extends IOException {
        public final int status;
        public final String body;

        WhepRefusedException(int status, String body) {
            super("WHEP answered " + status + ": " + body.strip());
            this.status = status;
            this.body = body;
        }
    }

    /** A Chromium 156 receive-only offer (video + audio) with {@code ice} and {@code fingerprint} put in. */
    public static String chromiumOffer(IceCredentials ice, String fingerprint) {
        try (InputStream in = JavaWhepViewer.class.getResourceAsStream(OFFER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OFFER_RESOURCE + " is not on the test class path");
            }
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sdp.replaceAll("(?m)^a=ice-ufrag:.*$", "a=ice-ufrag:" + ice.ufrag())
                    .replaceAll("(?m)^a=ice-pwd:.*$", "a=ice-pwd:" + ice.pwd())
                    .replaceAll("(?m)^a=fingerprint:sha-256 .*$", "a=fingerprint:sha-256 " + fingerprint)
                    .replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- ICE ----

    /** Sends authenticated Binding requests with USE-CANDIDATE until one succeeds. */
    public void completeIce(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] transaction = sendBindingRequest(true);
            long retry = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
            while (System.nanoTime() < Math.min(retry, deadline)) {
                StunMessage response = stunResponses.poll(50, TimeUnit.MILLISECONDS);
                if (response != null && Arrays.equals(response.transactionId(), transaction)) {
                    if (response.stunClass() == StunClass.SUCCESS_RESPONSE) {
                        return;
                    }
                    throw new IOException("ICE check refused: " + response.errorCode() + " " + response.errorReason());
                }
            }
        }
        throw new IOException("no answer to ICE checks within " + timeout);
    }

    /** One Binding request as Chromium sends it (USERNAME gateway:viewer, PRIORITY, ICE-CONTROLLING); its transaction id. */
    public byte[] sendBindingRequest(boolean useCandidate) throws IOException {
        byte[] transaction = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(transaction);
        send(bindingRequest(transaction, gatewayIce.ufrag() + ":" + localIce.ufrag(), gatewayIce.pwd(), tieBreaker,
                useCandidate));
        return transaction;
    }

    /** A Binding request with USERNAME {@code username}, MESSAGE-INTEGRITY keyed with {@code password}, FINGERPRINT. */
    public static byte[] bindingRequest(byte[] transaction, String username, String password, long tieBreaker,
            boolean useCandidate) {
        ByteBuf buf = Unpooled.buffer(128);
        StunMessageWriter writer = new StunMessageWriter().begin(buf,
                StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), transaction)
                .username(username).priority(0x6E7F1EFFL).iceControlling(tieBreaker);
        if (useCandidate) {
            writer.useCandidate();
        }
        writer.messageIntegrity(password).fingerprint();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Sends a consent check every {@code interval} (Chromium does every 2.5 s or less on a working pair). */
    public synchronized void startConsentChecks(Duration interval) {
        if (keepAlive != null) {
            return;
        }
        keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "java-whep-viewer-consent-" + localIce.ufrag());
            t.setDaemon(true);
            return t;
        });
        keepAlive.scheduleAtFixedRate(() -> {
            try {
                sendBindingRequest(false);
            } catch (IOException e) {
                // the socket is closed: the viewer is gone, which is what close() wants
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sending consent checks (the gateway must then expire the session). */
    public synchronized void stopConsentChecks() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
            keepAlive = null;
        }
    }

    // ---- DTLS ----

    /** Runs the DTLS client handshake; afterwards SRTP from the gateway is decrypted and {@link #protectRtcp} works. */
    public void handshake(Duration timeout) throws IOException {
        QueueDatagramTransport transport = new QueueDatagramTransport(this::sendDtls, 64);
        dtlsInbound.set(transport);
        WhepDtlsClient client = new WhepDtlsClient(certificate, gatewayFingerprint, (int) timeout.toMillis());
        dtls = new DTLSClientProtocol().connect(client, transport);
        SrtpProfile negotiated = SrtpProfile.fromId(client.selectedProfile());
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromDtlsExportAsClient(negotiated, client.exportedKeyingMaterial());
        srtcpSender = SrtpSender.forLocal(keys);
        profile = negotiated;
        srtpReceiver = SrtpReceiver.forRemote(keys);
    }

    private void sendDtls(byte[] data, int offset, int length) throws IOException {
        socket.send(new DatagramPacket(data, offset, length, gatewayAddress));
    }

    // ---- receiving ----

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                if (!earlyPackets.isEmpty() && srtpReceiver != null) {
                    handleEarlyPackets();
                }
                continue;
            } catch (IOException e) {
                return; // closed
            }
            int length = packet.getLength();
            if (length == 0) {
                continue;
            }
            int first = buffer[0] & 0xFF;
            if (first <= 3) {
                onStun(buffer, length);
            } else if (first >= 20 && first <= 63) {
                QueueDatagramTransport dtls = dtlsInbound.get();
                if (dtls != null) {
                    dtls.offer(buffer, 0, length);
                }
            } else if (first >= 128 && first <= 191 && length >= 2) {
                if (srtpReceiver == null) {
                    holdEarly(buffer, length);
                    continue;
                }
                if (!earlyPackets.isEmpty()) {
                    handleEarlyPackets();
                }
                onSrtpOrSrtcp(buffer, length);
            }
        }
    }

    /**
     * The gateway starts sending as soon as its side of the handshake is done, which can be before this side's
     * {@link #handshake} has its keys: such packets are kept (up to {@value #MAX_EARLY_PACKETS}) rather than dropped,
     * so what the viewer counts is what the gateway sent, not how fast this class's threads are.
     */
    private void holdEarly(byte[] buffer, int length) {
        earlyMedia.incrementAndGet();
        if (earlyPackets.size() < MAX_EARLY_PACKETS) {
            earlyPackets.add(Arrays.copyOf(buffer, length));
        } else {
            earlyMediaDropped.incrementAndGet();
        }
    }

    private void handleEarlyPackets() {
        byte[] early;
        while ((early = earlyPackets.poll()) != null) {
            onSrtpOrSrtcp(early, early.length);
        }
    }

    /** RFC 5761 §4: RTCP packet types 192-223 in the second byte, else RTP. */
    private void onSrtpOrSrtcp(byte[] buffer, int length) {
        int type = buffer[1] & 0xFF;
        if (type >= 192 && type <= 223) {
            onSrtcp(buffer, length);
        } else {
            onSrtp(buffer, length);
        }
    }

    private void onStun(byte[] buffer, int length) {
        try {
            StunMessage message = StunMessage.parse(Unpooled.wrappedBuffer(Arrays.copyOf(buffer, length)));
            if (message.stunClass() == StunClass.SUCCESS_RESPONSE) {
                stunSuccesses.incrementAndGet();
            } else if (message.stunClass() == StunClass.ERROR_RESPONSE) {
                stunErrors.incrementAndGet();
            }
            stunResponses.offer(message);
        } catch (StunParseException e) {
            stunErrors.incrementAndGet();
        }
    }

    private void onSrtp(byte[] buffer, int length) {
        SrtpReceiver receiver = srtpReceiver;
        ByteBuf out = Unpooled.buffer(length);
        if (!receiver.unprotectRtp(Unpooled.wrappedBuffer(buffer, 0, length), out)) {
            srtpRejected.incrementAndGet();
            SrtpError why = receiver.lastError();
            if (why == SrtpError.REPLAYED) {
                srtpReplayed.incrementAndGet();
            } else if (why == SrtpError.TOO_OLD) {
                srtpTooOld.incrementAndGet();
            }
            return;
        }
        long ssrc = out.getUnsignedInt(8);
        int seq = out.getUnsignedShort(2);
        if (ssrc != videoSsrc) {
            long audio = audioSsrc;
            if (audio == -1) {
                audioSsrc = audio = ssrc;
            }
            if (ssrc == audio) {
                audioPackets.incrementAndGet();
                audioSequence.onPacket(seq);
            } else {
                otherSsrcPackets.incrementAndGet();
            }
            return;
        }
        videoPackets.incrementAndGet();
        videoSequence.onPacket(seq);
        highestVideoSeq = seq;
        boolean marker = (out.getByte(1) & 0x80) != 0;
        if (marker) {
            videoFrames.incrementAndGet();
        }
        long timestamp = out.getUnsignedInt(4);
        int payload = rtpPayloadOffset(out);
        boolean startsKeyframe = payload > 0 && payload + 1 < out.writerIndex() && startsKeyframe(out, payload);
        if (startsKeyframe && timestamp != keyframeCountedTimestamp) { // SPS and IDR of one access unit count once
            keyframeCountedTimestamp = timestamp;
            videoKeyframes.incrementAndGet();
        }
        if (!firstKeyframe.done() && firstKeyframe.onPacket(seq, timestamp, marker, startsKeyframe,
                payload > 0 && payload + 1 < out.writerIndex() && carriesIdr(out, payload))) {
            ttffNanos = System.nanoTime() - offerStartNanos;
        }
    }

    /** RFC 6184: an IDR slice as a single NAL unit, in an FU-A (any fragment) or in a STAP-A. */
    private static boolean carriesIdr(ByteBuf rtp, int payload) {
        int nalType = rtp.getByte(payload) & 0x1F;
        if (nalType == 5) {
            return true;
        }
        if (nalType == 28) {
            return (rtp.getByte(payload + 1) & 0x1F) == 5;
        }
        if (nalType == 24) {
            int at = payload + 1;
            while (at + 2 < rtp.writerIndex()) {
                if ((rtp.getByte(at + 2) & 0x1F) == 5) {
                    return true;
                }
                at += 2 + rtp.getUnsignedShort(at);
            }
        }
        return false;
    }

    /** RFC 6184: an IDR slice as a single NAL unit, the first fragment of an FU-A, or a STAP-A holding SPS or IDR. */
    private static boolean startsKeyframe(ByteBuf rtp, int payload) {
        int nalType = rtp.getByte(payload) & 0x1F;
        if (nalType == 5) {
            return true;
        }
        if (nalType == 28) { // FU-A: start bit and the fragmented NAL's type
            int fuHeader = rtp.getByte(payload + 1);
            return (fuHeader & 0x80) != 0 && (fuHeader & 0x1F) == 5;
        }
        if (nalType == 24) { // STAP-A: 16-bit size then NAL unit, repeated
            int at = payload + 1;
            while (at + 2 < rtp.writerIndex()) {
                int size = rtp.getUnsignedShort(at);
                int type = rtp.getByte(at + 2) & 0x1F;
                if (type == 5 || type == 7) {
                    return true;
                }
                at += 2 + size;
            }
        }
        return false;
    }

    private static int rtpPayloadOffset(ByteBuf rtp) {
        int b0 = rtp.getUnsignedByte(0);
        int offset = 12 + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (offset + 4 > rtp.writerIndex()) {
                return -1;
            }
            offset += 4 + 4 * rtp.getUnsignedShort(offset + 2);
        }
        return offset < rtp.writerIndex() ? offset : -1;
    }

    private void onSrtcp(byte[] buffer, int length) {
        SrtpReceiver receiver = srtpReceiver;
        ByteBuf out = Unpooled.buffer(length);
        if (!receiver.unprotectRtcp(Unpooled.wrappedBuffer(buffer, 0, length), out)) {
            srtcpRejected.incrementAndGet();
            return;
        }
        srtcpReceived.incrementAndGet();
        int at = 0;
        while (at + 4 <= out.writerIndex()) { // walk the compound packet (RFC 3550 §6.1)
            int type = out.getUnsignedByte(at + 1);
            if (type == 200) {
                senderReports.incrementAndGet();
            } else if (type == 203) {
                byes.incrementAndGet();
            }
            at += 4 + 4 * out.getUnsignedShort(at + 2);
        }
    }

    // ---- sending RTCP ----

    /**
     * A receiver report (RFC 3550 §6.4.2) from this viewer about the gateway's video: one report block, nothing lost,
     * the highest sequence number received so far.
     */
    public byte[] receiverReport() {
        ByteBuf rr = Unpooled.buffer(32);
        rr.writeByte(0x81).writeByte(201).writeShort(7).writeInt((int) localSsrc);
        rr.writeInt((int) videoSsrc).writeInt(0).writeInt(Math.max(0, highestVideoSeq)).writeInt(0).writeInt(0).writeInt(0);
        return Arrays.copyOf(rr.array(), rr.writerIndex());
    }

    /** The highest video sequence number received, or -1. */
    public int highestVideoSequence() {
        return highestVideoSeq;
    }

    /** A generic NACK (RFC 4585 §6.2.1) asking the gateway to resend video packet {@code sequence}. */
    public byte[] genericNack(int sequence) {
        ByteBuf nack = Unpooled.buffer(16);
        nack.writeByte(0x81).writeByte(205).writeShort(3).writeInt((int) localSsrc).writeInt((int) videoSsrc)
                .writeShort(sequence).writeShort(0);
        return Arrays.copyOf(nack.array(), nack.writerIndex());
    }

    /** A picture loss indication (RFC 4585 §6.3.1) for the gateway's video. */
    public byte[] pictureLossIndication() {
        ByteBuf pli = Unpooled.buffer(12);
        pli.writeByte(0x81).writeByte(206).writeShort(2).writeInt((int) localSsrc).writeInt((int) videoSsrc);
        return Arrays.copyOf(pli.array(), pli.writerIndex());
    }

    /** Protects an RTCP compound packet with this viewer's SRTCP keys and the next index (after {@link #handshake}). */
    public byte[] protectRtcp(byte[] plainRtcp) {
        SrtpSender sender = srtcpSender;
        if (sender == null) {
            throw new IllegalStateException("no SRTP keys before the DTLS handshake");
        }
        ByteBuf out = Unpooled.buffer(plainRtcp.length + 64);
        synchronized (sender) {
            if (!sender.protectRtcp(Unpooled.wrappedBuffer(plainRtcp), out)) {
                throw new IllegalStateException("SRTCP protect failed: " + sender.lastError());
            }
        }
        return Arrays.copyOf(out.array(), out.writerIndex());
    }

    /** Sends one datagram to the gateway's candidate from this viewer's socket. */
    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, gatewayAddress));
    }

    // ---- leaving ----

    /** WHEP DELETE of this session's resource; the HTTP status. */
    public int delete() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(location).timeout(HTTP_TIMEOUT).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends a DTLS close_notify (RFC 5246 §7.2.1), as a browser closing its peer connection does. */
    public void sendCloseNotify() throws IOException {
        DTLSTransport transport = dtls;
        if (transport == null) {
            throw new IllegalStateException("no DTLS association yet");
        }
        transport.close();
    }

    /** Vanishes: stops the threads and closes the socket, telling the gateway nothing. */
    @Override
    public void close() {
        closed = true;
        stopConsentChecks();
        QueueDatagramTransport dtls = dtlsInbound.get();
        if (dtls != null) {
            dtls.close();
        }
        socket.close();
        try {
            receiveThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what a test looks at ----

    public URI endpoint() {
        return endpoint;
    }

    public URI location() {
        return location;
    }

    /** The session id: the last segment of {@link #location()}. */
    public String sessionId() {
        String path = location.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public String offerSdp() {
        return offerSdp;
    }

    public String answerSdp() {
        return answerSdp;
    }

    public IceCredentials localIce() {
        return localIce;
    }

    public IceCredentials gatewayIce() {
        return gatewayIce;
    }

    public InetSocketAddress gatewayAddress() {
        return gatewayAddress;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public long videoSsrc() {
        return videoSsrc;
    }

    /** The SRTP profile the gateway chose; null before the handshake. */
    public SrtpProfile profile() {
        return profile;
    }

    public long stunSuccesses() {
        return stunSuccesses.get();
    }

    public long stunErrors() {
        return stunErrors.get();
    }

    /** Video SRTP packets that authenticated and decrypted. */
    public long videoPackets() {
        return videoPackets.get();
    }

    /** Decrypted video packets with the marker bit: the last packet of a frame. */
    public long videoFrames() {
        return videoFrames.get();
    }

    /**
     * Keyframes: access units (RTP timestamps) with a decrypted packet that starts an IDR or carries the SPS before one.
     */
    public long videoKeyframes() {
        return videoKeyframes.get();
    }

    public long audioPackets() {
        return audioPackets.get();
    }

    /** Sequence accounting of the video packets that authenticated. */
    public RtpSequenceTracker.Snapshot videoSequence() {
        return videoSequence.snapshot();
    }

    /** Sequence accounting of the audio packets that authenticated. */
    public RtpSequenceTracker.Snapshot audioSequence() {
        return audioSequence.snapshot();
    }

    /** Authenticated RTP packets of an SSRC that is neither the answer's video nor its audio. */
    public long otherSsrcPackets() {
        return otherSsrcPackets.get();
    }

    /**
     * Nanoseconds from just before the offer's POST to the last packet of the first keyframe received whole; -1 until
     * then.
     */
    public long ttffNanos() {
        return ttffNanos;
    }

    /** SRTP packets that failed authentication or replay checks here. */
    public long srtpRejected() {
        return srtpRejected.get();
    }

    /**
     * Of {@link #srtpRejected()}: packets whose index was already received (RFC 3711 §3.3.2), refused before their
     * tag is checked; on a working path these are duplicates (e.g. a retransmission of a packet that did arrive).
     */
    public long srtpReplayed() {
        return srtpReplayed.get();
    }

    /** Of {@link #srtpRejected()}: packets behind the SRTP replay window, refused before their tag is checked. */
    public long srtpTooOld() {
        return srtpTooOld.get();
    }

    /** SRTP and SRTCP that came before this side's keys and found the early buffer full: dropped here, not lost. */
    public long earlyMediaDropped() {
        return earlyMediaDropped.get();
    }

    /**
     * Datagrams the kernel dropped for this viewer's socket because its receive buffer was full (the {@code drops}
     * column of {@code /proc/net/udp6}, where the JDK's dual-stack socket is listed, or {@code /proc/net/udp}); 0 where
     * that cannot be read. On a busy machine these are the only datagrams loopback loses, so a test can tell them from
     * a gap the gateway made.
     */
    public long socketDrops() {
        String localPort = String.format(Locale.ROOT, ":%04X", socket.getLocalPort());
        for (String table : new String[] {"/proc/net/udp6", "/proc/net/udp"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length >= 13 && fields[1].endsWith(localPort)) {
                        return Long.parseLong(fields[fields.length - 1]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not Linux, no IPv6, or a layout this does not know: no drops seen there
            }
        }
        return 0;
    }

    public long srtcpReceived() {
        return srtcpReceived.get();
    }

    public long srtcpRejected() {
        return srtcpRejected.get();
    }

    public long senderReports() {
        return senderReports.get();
    }

    public long byes() {
        return byes.get();
    }

    @Override
    public String toString() {
        return "JavaWhepViewer[" + location + " profile=" + profile + " video=" + videoPackets() + " pkts/" + videoFrames()
                + " frames/" + videoKeyframes() + " key, audio=" + audioPackets() + ", srtpRejected=" + srtpRejected()
                + ", srtcp=" + srtcpReceived() + " (SR " + senderReports() + ", BYE " + byes() + ", rejected "
                + srtcpRejected() + "), stun ok/err=" + stunSuccesses() + "/" + stunErrors() + ", early=" + earlyMedia.get()
                + " (dropped " + earlyMediaDropped.get() + ")"
                + ", videoSeq=" + videoSequence() + ", audioSeq=" + audioSequence() + ", ttffNanos=" + ttffNanos() + "]";
    }

    // ---- answer SDP ----

    private static String attribute(String sdp, String name) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=" + name + ":")) {
                return line.substring(name.length() + 3).trim();
            }
        }
        throw new IllegalArgumentException("answer has no a=" + name + ":\n" + sdp);
    }

    /** The answer's UDP host candidate on 127.0.0.1 (the test profile binds there), else its first IPv4 UDP one. */
    private static InetSocketAddress loopbackCandidate(String sdp) {
        InetSocketAddress first = null;
        for (String line : sdp.split("\r?\n")) {
            if (!line.startsWith("a=candidate:")) {
                continue;
            }
            String[] f = line.substring("a=candidate:".length()).trim().split(" ");
            if (f.length < 6 || !f[2].equalsIgnoreCase("udp") || f[4].contains(":")) {
                continue;
            }
            InetSocketAddress address = new InetSocketAddress(f[4], Integer.parseInt(f[5]));
            if (address.getAddress().isLoopbackAddress()) {
                return address;
            }
            if (first == null) {
                first = address;
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("answer has no IPv4 UDP candidate:\n" + sdp);
        }
        return first;
    }

    private static byte[] fingerprint(String sdp) {
        String value = attribute(sdp, "fingerprint");
        if (!value.regionMatches(true, 0, "sha-256 ", 0, 8)) {
            throw new IllegalArgumentException("answer fingerprint is not sha-256: " + value);
        }
        return java.util.HexFormat.ofDelimiter(":").parseHex(value.substring(8).trim().toLowerCase());
    }

    private static long videoSsrc(String sdp) {
        long ssrc = sectionSsrc(sdp, "m=video");
        if (ssrc == -1) {
            throw new IllegalArgumentException("answer has no a=ssrc in its video section:\n" + sdp);
        }
        return ssrc;
    }

    /** The first {@code a=ssrc} of the media section whose m= line starts with {@code mLine}, or -1. */
    private static long sectionSsrc(String sdp, String mLine) {
        boolean inSection = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                inSection = line.startsWith(mLine);
            } else if (inSection && line.startsWith("a=ssrc:")) {
                return Long.parseLong(line.substring(7, line.indexOf(' ')));
            }
        }
        return -1;
    }
}
