package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import io.rtcgate.webrtc.ice.IceStats;
import io.rtcgate.webrtc.ice.StunClass;
import io.rtcgate.webrtc.ice.StunMessage;
import io.rtcgate.webrtc.ice.StunMessageWriter;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile datagrams on the gateway's one UDP port while a headless Chromium viewer plays: forged STUN, random bytes of
 * every RFC 7983 first-byte class, truncated and garbage DTLS (from nowhere, and on a session whose ICE a real check
 * completed), and forged and replayed SRTCP from a viewer that holds real keys (a {@link JavaWhepViewer}). Each
 * rejection must be counted where the gateway counts it, and after each test the Chromium viewer must still be the same
 * PLAYING session and still decoding.
 */
@QuarkusTest
@TestProfile(WhepRobustnessProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HostileUdpTest {
    private static final String STREAM = "hostile";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL base;

    @Inject
    WebRtcGateway gateway;

    @Inject
    RtspPublishServer rtsp;

    private FfmpegPublisher ffmpeg;
    private HeadlessChromium chromium;
    private HeadlessChromium.Tab tab;
    private ViewerSession chromiumSession;
    private InetSocketAddress chromiumAddress;
    private InetSocketAddress gatewayUdp;
    private DatagramSocket attacker;
    private final Random random = new Random(7983);

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    @BeforeAll
    void startAChromiumViewer() throws Exception {
        WhepTestPeers.awaitNoSessions(gateway);
        ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/" + STREAM),
                RtspTransport.TCP);
        WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(uri(""), STREAM).path("keyframes").asLong(0) > 0, TIMEOUT,
                () -> "no keyframe from " + ffmpeg.logFile());
        chromium = HeadlessChromium.launch();
        tab = chromium.open(uri("v1/streams"));
        assertEquals(201, WhepTestPeers.startChromiumViewer(tab, uri(STREAM + "/whep").toString()));
        WhepTestPeers.awaitFrames(tab, 30, TIMEOUT);
        String id = WhepTestPeers.idOf(WhepTestPeers.chromiumStats(tab).path("location").asText());
        chromiumSession = gateway.sessions().stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow();
        chromiumAddress = chromiumSession.remote();
        gatewayUdp = new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.udpPort());
    }

    @AfterAll
    void stopTheViewer() {
        if (chromium != null) {
            chromium.close();
        }
        if (ffmpeg != null) {
            ffmpeg.close();
        }
    }

    @BeforeEach
    void openAttackerSocket() throws Exception {
        attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        attacker.setSoTimeout(300);
    }

    @AfterEach
    void chromiumStillPlays() throws Exception {
        attacker.close();
        long frames = WhepTestPeers.framesDecoded(tab);
        WhepTestPeers.awaitFrames(tab, frames + 30, TIMEOUT);
        assertEquals(ViewerSession.State.PLAYING, chromiumSession.state(), chromiumSession.closeReason());
        assertTrue(gateway.sessions().contains(chromiumSession));
        assertEquals(chromiumAddress, chromiumSession.remote(), "hostile traffic moved the viewer's address");
        assertEquals(0, chromiumSession.stats().srtcpRejected.get(), "Chromium's own SRTCP is all accepted");
        WhepTestPeers.await(() -> gateway.sessions().size() == 1 && WhepTestPeers.readers(uri(""), STREAM) == 1,
                Duration.ofSeconds(10), () -> "the test's other sessions are not all gone: " + gateway.sessions().size());
    }

    private void sendFromAttacker(byte[] datagram) throws IOException {
        attacker.send(new DatagramPacket(datagram, datagram.length, gatewayUdp));
    }

    /** The next datagram the attacker receives, or null if none comes within 300 ms. */
    private byte[] receiveOnAttacker() throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            attacker.receive(packet);
            return Arrays.copyOf(buffer, packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** An answer the gateway owes the attacker: waited for up to {@link #TIMEOUT}, as a busy machine may need. */
    private byte[] answerOnAttacker() throws IOException {
        attacker.setSoTimeout((int) TIMEOUT.toMillis());
        try {
            byte[] answer = receiveOnAttacker();
            assertNotNull(answer, "no answer within " + TIMEOUT);
            return answer;
        } finally {
            attacker.setSoTimeout(300);
        }
    }

    private static void awaitIncrease(LongSupplier counter, long from, long by, String what) throws Exception {
        WhepTestPeers.await(() -> counter.getAsLong() >= from + by, TIMEOUT,
                () -> what + ": " + counter.getAsLong() + ", expected " + (from + by));
        Thread.sleep(200); // anything counted late would show now
        assertEquals(from + by, counter.getAsLong(), what);
    }

    private static byte[] transactionId(Random random) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        return id;
    }

    private static StunMessage parseStun(byte[] datagram) throws Exception {
        return StunMessage.parse(Unpooled.wrappedBuffer(datagram));
    }

    // ---- STUN ----

    @Test
    void forgedStunIsAnswered401AndCountedWithoutTouchingTheSession() throws Exception {
        IceStats ice = gateway.iceAgent().stats();
        String realUsername = chromiumSession.ice.localUfrag() + ":" + chromiumSession.ice.remoteUfrag();

        long badIntegrity = ice.badIntegrity();
        byte[] wrongKey = transactionId(random);
        sendFromAttacker(JavaWhepViewer.bindingRequest(wrongKey, realUsername, "not-the-session-password-at-all", 1, true));
        StunMessage answer = parseStun(answerOnAttacker());
        assertEquals(StunClass.ERROR_RESPONSE, answer.stunClass());
        assertEquals(401, answer.errorCode());
        assertArrayEquals(wrongKey, answer.transactionId());
        assertFalse(answer.hasMessageIntegrity(), "a 401 to an unauthenticated request must not carry MESSAGE-INTEGRITY");
        assertEquals(badIntegrity + 1, ice.badIntegrity());

        long unknownUser = ice.unknownUser();
        byte[] nobody = transactionId(random);
        sendFromAttacker(JavaWhepViewer.bindingRequest(nobody, "nobody42:someone", "whatever-password-of-22c", 1, true));
        answer = parseStun(answerOnAttacker());
        assertEquals(401, answer.errorCode());
        assertArrayEquals(nobody, answer.transactionId());
        assertEquals(unknownUser + 1, ice.unknownUser());

        // right ufrag, but the remote half of USERNAME is not the offer's
        byte[] wrongRemote = transactionId(random);
        sendFromAttacker(JavaWhepViewer.bindingRequest(wrongRemote, chromiumSession.ice.localUfrag() + ":evil",
                "not-the-session-password-at-all", 1, true));
        assertEquals(401, parseStun(answerOnAttacker()).errorCode());

        // no MESSAGE-INTEGRITY at all: dropped (a 400 would make the gateway a reflector), counted
        long badRequests = ice.badRequests();
        io.netty.buffer.ByteBuf plain = Unpooled.buffer(64);
        new StunMessageWriter().begin(plain, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST),
                transactionId(random)).username(realUsername).fingerprint();
        byte[] unauthenticated = new byte[plain.readableBytes()];
        plain.readBytes(unauthenticated);
        sendFromAttacker(unauthenticated);
        assertNull(receiveOnAttacker(), "no answer to a Binding request without MESSAGE-INTEGRITY");
        // (no answer to wait for, so the count is awaited: the gateway's loop may not have got to the request yet)
        awaitIncrease(ice::badRequests, badRequests, 1, "Binding request without MESSAGE-INTEGRITY counted");

        // a STUN-looking datagram with a wrong FINGERPRINT: dropped as malformed
        long malformed = ice.malformed();
        byte[] broken = JavaWhepViewer.bindingRequest(transactionId(random), realUsername, "x".repeat(22), 1, false);
        broken[broken.length - 1] ^= 0x01;
        sendFromAttacker(broken);
        assertNull(receiveOnAttacker());
        awaitIncrease(ice::malformed, malformed, 1, "STUN with a wrong FINGERPRINT counted as malformed");
    }

    // ---- random bytes ----

    @Test
    void randomBytesOfEveryFirstByteClassAreDroppedAndCounted() throws Exception {
        IceStats ice = gateway.iceAgent().stats();
        WebRtcStats stats = gateway.stats();
        long malformedBefore = ice.malformed();
        long dtlsUnknownBefore = stats.dtlsFromUnknown();
        long unknownBefore = stats.unknownDatagrams();
        LongSupplier counted = () -> ice.malformed() - malformedBefore + stats.dtlsFromUnknown() - dtlsUnknownBefore
                + stats.unknownDatagrams() - unknownBefore;
        // RFC 7983 §7: 0-3 STUN, 4-19 (ZRTP 16-19), 20-63 DTLS, 64-79 TURN channel, 80-127, 128-191 RTP/RTCP, 192-255
        int[][] classes = {{0, 3}, {4, 19}, {20, 63}, {64, 79}, {80, 127}, {128, 191}, {192, 255}};
        int perClass = 40;
        int stunClass = 0;
        int dtlsClass = 0;
        int other = 0;
        for (int[] range : classes) {
            for (int i = 0; i < perClass; i++) {
                byte[] datagram = new byte[1 + random.nextInt(i % 4 == 0 ? 24 : 1300)];
                random.nextBytes(datagram);
                datagram[0] = (byte) (range[0] + random.nextInt(range[1] - range[0] + 1));
                sendFromAttacker(datagram);
                if (range[0] == 0) {
                    stunClass++;
                } else if (range[0] == 20) {
                    dtlsClass++;
                } else {
                    other++;
                }
                if (i % 8 == 7) {
                    // pace: this is about parsing, not about overflowing a socket buffer, so let the gateway count what
                    // was sent before sending more (a fixed pause is not enough when its loop is slowed down)
                    long sent = stunClass + dtlsClass + other;
                    WhepTestPeers.await(() -> counted.getAsLong() >= sent, TIMEOUT,
                            () -> counted.getAsLong() + " of " + sent + " garbage datagrams counted");
                }
            }
        }
        sendFromAttacker(new byte[0]);
        other++;
        awaitIncrease(ice::malformed, malformedBefore, stunClass, "STUN-class garbage counted as malformed STUN");
        awaitIncrease(stats::dtlsFromUnknown, dtlsUnknownBefore, dtlsClass, "DTLS-class datagrams from no session");
        awaitIncrease(stats::unknownDatagrams, unknownBefore, other, "datagrams of no protocol, or RTP/RTCP from no session");
        assertNull(receiveOnAttacker(), "garbage gets no answer");
    }

    // ---- DTLS ----

    /** A DTLS 1.2 handshake record header (RFC 6347 §4.1) claiming {@code claimed} bytes, followed by fewer. */
    private byte[] truncatedDtlsRecord(int claimed, int present) {
        byte[] record = new byte[13 + present];
        random.nextBytes(record);
        record[0] = 22; // handshake
        record[1] = (byte) 0xfe;
        record[2] = (byte) 0xfd;
        record[3] = 0;
        record[4] = 0; // epoch 0
        record[11] = (byte) (claimed >>> 8);
        record[12] = (byte) claimed;
        if (present > 0) {
            record[13] = 1; // ClientHello
        }
        return record;
    }

    @Test
    void truncatedDtlsFromAnAddressWithoutASessionIsCountedAndIgnored() throws Exception {
        long before = gateway.stats().dtlsFromUnknown();
        int sessions = gateway.sessions().size();
        for (int i = 0; i < 20; i++) {
            sendFromAttacker(truncatedDtlsRecord(200 + i, i));
        }
        awaitIncrease(gateway.stats()::dtlsFromUnknown, before, 20, "dtlsFromUnknown");
        assertNull(receiveOnAttacker());
        assertEquals(sessions, gateway.sessions().size());
    }

    @Test
    void garbageDtlsOnAnIceAuthenticatedSessionFailsTheHandshakeCleanly() throws Exception {
        long failed = gateway.stats().dtlsFailed();
        long playing = gateway.stats().playing();
        try (JavaWhepViewer viewer = JavaWhepViewer.offer(uri(STREAM + "/whep"))) {
            viewer.completeIce(Duration.ofSeconds(5));
            viewer.startConsentChecks(Duration.ofSeconds(1)); // only DTLS may end it
            ViewerSession session = gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow();
            assertEquals(2, WhepTestPeers.readers(uri(""), STREAM));
            for (int i = 0; i < 10; i++) {
                viewer.send(truncatedDtlsRecord(300, 5 + i));
            }
            byte[] noise = new byte[600];
            random.nextBytes(noise);
            noise[0] = 22;
            viewer.send(noise);
            WhepTestPeers.await(() -> session.state() == ViewerSession.State.CLOSED, Duration.ofSeconds(10),
                    () -> "garbage DTLS: session still " + session.state());
            assertTrue(session.closeReason().startsWith("DTLS"), session.closeReason());
            assertEquals(failed + 1, gateway.stats().dtlsFailed(), "the failed handshake is counted once");
            assertEquals(playing, gateway.stats().playing());
            // the state turns CLOSED on the session's loop; the registry forgets it right after, not atomically with it
            WhepTestPeers.await(() -> !gateway.sessions().contains(session), Duration.ofSeconds(5),
                    () -> "closed session still registered");
            WhepTestPeers.await(() -> WhepTestPeers.readers(uri(""), STREAM) == 1, Duration.ofSeconds(5),
                    () -> "reader of the failed session not released");
            System.out.println("garbage DTLS closed the session: " + session.closeReason());
        }
    }

    @Test
    void aPeerThatKeepsIceAliveButNeverStartsDtlsDoesNotHoldASessionForever() throws Exception {
        long notStarted = gateway.stats().dtlsNotStarted();
        try (JavaWhepViewer viewer = JavaWhepViewer.offer(uri(STREAM + "/whep"))) {
            viewer.completeIce(Duration.ofSeconds(5));
            viewer.startConsentChecks(Duration.ofSeconds(1)); // consent alone would keep it for ever
            ViewerSession session = gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow();
            assertEquals(2, WhepTestPeers.readers(uri(""), STREAM));
            // consent timeout + DTLS timeout (5 s + 3 s in the profile) is the most a browser could need
            WhepTestPeers.await(() -> session.state() == ViewerSession.State.CLOSED, Duration.ofSeconds(20),
                    () -> "an ICE-only session holds a viewer slot: " + session.state());
            assertTrue(session.closeReason().contains("DTLS"), session.closeReason());
            assertEquals(notStarted + 1, gateway.stats().dtlsNotStarted());
            // the state turns CLOSED on the session's loop; the registry forgets it right after, not atomically with it
            WhepTestPeers.await(() -> !gateway.sessions().contains(session), Duration.ofSeconds(5),
                    () -> "closed session still registered");
            WhepTestPeers.await(() -> WhepTestPeers.readers(uri(""), STREAM) == 1, Duration.ofSeconds(5),
                    () -> "reader of the ICE-only session not released");
            System.out.println("ICE-only session closed: " + session.closeReason());
        }
    }

    /** A DTLS record (RFC 6347 §4.1) of {@code contentType} in {@code epoch} carrying {@code fragment}. */
    private static byte[] dtlsRecord(int contentType, int epoch, long sequence, byte[] fragment) {
        byte[] record = new byte[13 + fragment.length];
        record[0] = (byte) contentType;
        record[1] = (byte) 0xfe;
        record[2] = (byte) 0xfd;
        record[3] = (byte) (epoch >>> 8);
        record[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            record[5 + i] = (byte) (sequence >>> (8 * (5 - i)));
        }
        record[11] = (byte) (fragment.length >>> 8);
        record[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, record, 13, fragment.length);
        return record;
    }

    @Test
    void dtlsGarbageFromAPlayingViewersAddressDoesNotEndItsSession() throws Exception {
        try (JavaWhepViewer viewer = JavaWhepViewer.play(uri(STREAM + "/whep"), Duration.ofSeconds(10))) {
            ViewerSession session = gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow();
            WhepTestPeers.await(() -> viewer.videoFrames() >= 10, TIMEOUT, viewer::toString);
            long failed = gateway.stats().dtlsFailed();
            // what a spoofer of the viewer's address could send: truncated records, a new ClientHello, plaintext
            // fatal alerts and close_notify in epoch 0, and records in the current epoch that cannot authenticate
            for (int i = 0; i < 5; i++) {
                viewer.send(truncatedDtlsRecord(400, i * 7));
            }
            byte[] hello = new byte[120];
            random.nextBytes(hello);
            hello[0] = 1;
            viewer.send(dtlsRecord(22, 0, 100, hello));
            viewer.send(dtlsRecord(21, 0, 101, new byte[] {2, 40})); // fatal handshake_failure
            viewer.send(dtlsRecord(21, 0, 102, new byte[] {1, 0})); // close_notify
            for (int i = 0; i < 10; i++) {
                byte[] sealed = new byte[24 + random.nextInt(100)];
                random.nextBytes(sealed);
                viewer.send(dtlsRecord(i % 2 == 0 ? 23 : 21, 1, 1000 + i, sealed));
            }
            long packets = viewer.videoPackets();
            WhepTestPeers.await(() -> viewer.videoPackets() > packets + 100, TIMEOUT,
                    () -> "video stopped after DTLS garbage: " + session.state() + " " + session.closeReason());
            assertEquals(ViewerSession.State.PLAYING, session.state(), session.closeReason());
            assertEquals(failed, gateway.stats().dtlsFailed());
            assertEquals(0, viewer.byes(), "the gateway said BYE");
            assertEquals(200, viewer.delete());
        }
    }

    // ---- SRTCP ----

    @Test
    void javaViewerDecryptsVideoAndForgedOrReplayedSrtcpIsRejectedAndCounted() throws Exception {
        WebRtcStats stats = gateway.stats();
        try (JavaWhepViewer viewer = JavaWhepViewer.play(uri(STREAM + "/whep"), Duration.ofSeconds(10))) {
            ViewerSession session = gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow();
            WhepTestPeers.await(() -> viewer.videoFrames() >= 30 && viewer.senderReports() >= 1, TIMEOUT, viewer::toString);
            assertEquals(SrtpProfile.AEAD_AES_128_GCM, viewer.profile(), "the gateway's first choice");
            assertEquals(0, viewer.srtpRejected(), viewer.toString());
            assertTrue(viewer.videoKeyframes() >= 1, "the GOP replay starts with a keyframe: " + viewer);
            assertEquals(ViewerSession.State.PLAYING, session.state());

            // a valid receiver report is accepted
            long received = session.stats().rtcpReceived.get();
            byte[] report = viewer.protectRtcp(viewer.receiverReport());
            viewer.send(report);
            WhepTestPeers.await(() -> session.stats().rtcpReceived.get() == received + 1, TIMEOUT,
                    () -> "valid SRTCP not accepted: " + session.stats().srtcpRejected.get() + " rejected");

            // the very same datagram again is a replay
            long rejected = session.stats().srtcpRejected.get();
            long rejectedGateway = stats.srtcpRejected();
            viewer.send(report);
            awaitIncrease(session.stats().srtcpRejected::get, rejected, 1, "replayed SRTCP rejected (viewer)");
            // (the gateway's count goes up just after the session's, on the session's loop)
            awaitIncrease(stats::srtcpRejected, rejectedGateway, 1, "replayed SRTCP rejected (gateway)");

            // a fresh report with one flipped tag byte (RFC 7714 §9: the tag precedes the 4-byte E+index for GCM)
            byte[] forged = viewer.protectRtcp(viewer.receiverReport());
            forged[viewer.profile().isAead() ? forged.length - 5 : forged.length - 1] ^= 0x40;
            viewer.send(forged);
            awaitIncrease(session.stats().srtcpRejected::get, rejected, 2, "SRTCP with a bad tag rejected (viewer)");
            awaitIncrease(stats::srtcpRejected, rejectedGateway, 2, "SRTCP with a bad tag rejected (gateway)");
            assertEquals(received + 1, session.stats().rtcpReceived.get(), "nothing forged got through");

            // random RTCP-class bytes from the viewer's own (authenticated) address
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[8 + random.nextInt(200)];
                random.nextBytes(junk);
                junk[0] = (byte) (0x80 | (junk[0] & 0x3F));
                junk[1] = (byte) (200 + random.nextInt(7));
                viewer.send(junk);
            }
            awaitIncrease(session.stats().srtcpRejected::get, rejected, 22, "random SRTCP from the viewer's address");
            awaitIncrease(stats::srtcpRejected, rejectedGateway, 22, "random SRTCP, gateway count");

            // and a valid PLI still works after all that: the index moved past the forged ones
            long plis = session.stats().plis.get();
            viewer.send(viewer.protectRtcp(viewer.pictureLossIndication()));
            awaitIncrease(session.stats().plis::get, plis, 1, "PLI after the garbage");

            long packets = viewer.videoPackets();
            WhepTestPeers.await(() -> viewer.videoPackets() > packets + 100, TIMEOUT, viewer::toString);
            assertEquals(0, viewer.srtpRejected(), viewer.toString());
            assertEquals(ViewerSession.State.PLAYING, session.state());
            assertSame(session, gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow());
            assertEquals(200, viewer.delete());
            WhepTestPeers.await(() -> session.state() == ViewerSession.State.CLOSED, Duration.ofSeconds(5),
                    () -> "DELETE did not close the Java viewer");
            WhepTestPeers.await(() -> viewer.byes() >= 1, Duration.ofSeconds(5), () -> "no RTCP BYE: " + viewer);
        }
    }
}
