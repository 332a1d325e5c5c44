package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.stream.Stream;
import io.rtcgate.testpeers.TestClips;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Protocol errors from a plain socket each get their status (or a closed connection) and their counter, while a real
 * ffmpeg publisher on the same server keeps streaming.
 */
@Timeout(120)
class RtspPublishServerProtocolTest {
    static final String SDP = """
            v=0\r
            o=- 0 0 IN IP4 127.0.0.1\r
            s=raw\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=video 0 RTP/AVP 96\r
            a=rtpmap:96 H264/90000\r
            a=fmtp:96 packetization-mode=1\r
            a=control:streamid=0\r
            """;

    private static PublishServerFixture fixture;
    private static FfmpegPublisher ffmpeg;

    @BeforeAll
    static void startServerAndPublisher() throws Exception {
        fixture = new PublishServerFixture();
        ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), fixture.url("live"), "tcp");
        assertTrue(await(() -> fixture.flowing("live"), Duration.ofSeconds(20)), () -> "ffmpeg did not publish: " + ffmpeg.logTail());
    }

    @AfterAll
    static void stop() {
        if (ffmpeg != null) {
            ffmpeg.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void optionsListsThePublishMethods() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response r = c.request("OPTIONS", fixture.url("x"), 1, null, null);
            assertEquals(200, r.status());
            assertEquals("1", r.header("CSeq"));
            assertEquals(RtspPublisherSession.PUBLIC_METHODS, r.header("Public"));
        }
        assertStillFlowing();
    }

    @Test
    void garbageIsSkippedAndCountedAndTheConnectionResynchronizes() throws Exception {
        long before = fixture.stats().garbageBytes();
        byte[] garbage = {1, 2, 3, 'h', 'e', 'l', 'l', 'o', '\r', '\n', '\r', '\n'};
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            c.send(garbage);
            assertEquals(200, c.request("OPTIONS", fixture.url("x"), 1, null, null).status());
        }
        assertTrue(await(() -> fixture.stats().garbageBytes() == before + garbage.length, Duration.ofSeconds(5)),
                () -> "garbage bytes: " + fixture.stats().garbageBytes());
        assertStillFlowing();
    }

    @Test
    void malformedRequestLineIsSkippedAsGarbage() throws Exception {
        long before = fixture.stats().garbageBytes();
        String badLine = "OPTIONS\r\nCSeq: 1\r\n\r\n";
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            c.send(badLine);
            RawRtspConnection.Response r = c.request("OPTIONS", fixture.url("x"), 2, null, null);
            assertEquals(200, r.status());
            assertEquals("2", r.header("CSeq"), "the first, malformed request got no answer");
        }
        assertTrue(await(() -> fixture.stats().garbageBytes() == before + badLine.length(), Duration.ofSeconds(5)));
        assertStillFlowing();
    }

    @Test
    void malformedHeaderIs400AndClosed() throws Exception {
        long before = fixture.stats().malformedRequests();
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            c.send("OPTIONS " + fixture.url("x") + " RTSP/1.0\r\nCSeq: 1\r\nthis is no header\r\n\r\n");
            assertEquals(400, c.readResponse().status());
            assertTrue(c.closedByServer(), "RtspDecoder cannot continue after a bad message, so the connection ends");
        }
        assertTrue(await(() -> fixture.stats().malformedRequests() == before + 1, Duration.ofSeconds(5)));
        assertStillFlowing();
    }

    @Test
    void missingCSeqIs400() throws Exception {
        long before = fixture.stats().malformedRequests();
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            c.send("OPTIONS " + fixture.url("x") + " RTSP/1.0\r\n\r\n");
            assertEquals(400, c.readResponse().status());
        }
        assertEquals(before + 1, fixture.stats().malformedRequests());
    }

    @Test
    void setupOrRecordBeforeAnnounceIs455() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response setup = c.request("SETUP", fixture.url("early/streamid=0"), 1,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n", null);
            assertEquals(455, setup.status());
            assertEquals("1", setup.header("CSeq"));
            assertEquals(455, c.request("RECORD", fixture.url("early"), 2, null, null).status());
            assertEquals(455, c.request("TEARDOWN", fixture.url("early"), 3, null, null).status());
        }
        assertStillFlowing();
    }

    @Test
    void unknownMethodIs501() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response r = c.request("FROBNICATE", fixture.url("x"), 7, null, null);
            assertEquals(501, r.status());
            assertEquals("7", r.header("CSeq"));
            // The connection stays usable.
            assertEquals(200, c.request("OPTIONS", fixture.url("x"), 8, null, null).status());
        }
        assertStillFlowing();
    }

    @Test
    void announceWithGarbageSdpIs400() throws Exception {
        long malformed = fixture.stats().malformedRequests();
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response r = c.request("ANNOUNCE", fixture.url("garbage"), 1,
                    "Content-Type: application/sdp\r\n", "this is not\nan SDP\u0000 at all");
            assertEquals(400, r.status());
        }
        assertEquals(malformed + 1, fixture.stats().malformedRequests());
        assertTrue(fixture.stream("garbage").isEmpty(), "no stream is created for a refused ANNOUNCE");
        assertStillFlowing();
    }

    @Test
    void announceWithoutSupportedTrackIs415() throws Exception {
        long refused = fixture.stats().publishersRefused();
        String h265 = SDP.replace("H264/90000", "H265/90000");
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response r = c.request("ANNOUNCE", fixture.url("hevc"), 1,
                    "Content-Type: application/sdp\r\n", h265);
            assertEquals(415, r.status());
        }
        assertEquals(refused + 1, fixture.stats().publishersRefused());
    }

    @Test
    void oversizedHeaderClosesTheConnection() throws Exception {
        long before = fixture.stats().malformedRequests();
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            StringBuilder sb = new StringBuilder("OPTIONS " + fixture.url("x") + " RTSP/1.0\r\nCSeq: 1\r\n");
            String filler = "X-Filler: " + "a".repeat(1000) + "\r\n";
            while (sb.length() < 20_000) {
                sb.append(filler);
            }
            try {
                c.send(sb.append("\r\n").toString());
            } catch (IOException e) {
                // the server may close while we are still writing
            }
            assertTrue(c.closedByServer(), "a header block over rtcgate.limits.max-rtsp-header-bytes ends the connection");
        }
        assertTrue(await(() -> fixture.stats().malformedRequests() == before + 1, Duration.ofSeconds(5)));
        assertStillFlowing();
    }

    @Test
    void truncatedInterleavedFrameAtCloseLeavesNothingBehind() throws Exception {
        int openBefore = fixture.stats().openConnections();
        long truncatedBefore = fixture.stats().truncatedBytes();
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            String session = announceAndRecordOverTcp(c, "truncated");
            assertNotNull(session);
            assertTrue(fixture.stream("truncated").map(Stream::online).orElse(false));
            // A frame header announcing 1500 bytes followed by only 10, then close.
            byte[] partial = new byte[14];
            partial[0] = '$';
            partial[1] = 0;
            partial[2] = (byte) (1500 >> 8);
            partial[3] = (byte) (1500 & 0xff);
            c.send(partial);
        }
        assertTrue(await(() -> fixture.stream("truncated").isEmpty(), Duration.ofSeconds(5)),
                "the stream of a publisher that left is removed");
        assertTrue(await(() -> fixture.stats().openConnections() == openBefore, Duration.ofSeconds(5)));
        assertTrue(await(() -> fixture.stats().truncatedBytes() == truncatedBefore + 14, Duration.ofSeconds(5)),
                () -> "truncated bytes: " + fixture.stats().truncatedBytes());
        assertStillFlowing();
    }

    @Test
    void wrongSessionIs454AndSecondAnnounceIs455() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            String session = announceAndRecordOverTcp(c, "sessioncheck");
            assertEquals(454, c.request("GET_PARAMETER", fixture.url("sessioncheck"), 10, "Session: nope\r\n", null).status());
            assertEquals(200, c.request("GET_PARAMETER", fixture.url("sessioncheck"), 11, "Session: " + session + "\r\n", null)
                    .status());
            assertEquals(455, c.request("ANNOUNCE", fixture.url("other"), 12, "Content-Type: application/sdp\r\n", SDP).status());
            assertEquals(200, c.request("TEARDOWN", fixture.url("sessioncheck"), 13, "Session: " + session + "\r\n", null)
                    .status());
        }
        assertTrue(await(() -> fixture.stream("sessioncheck").isEmpty(), Duration.ofSeconds(5)));
    }

    @Test
    void interleavedRtpReachesTheStream() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            announceAndRecordOverTcp(c, "rawrtp");
            Stream stream = fixture.stream("rawrtp").orElseThrow();
            byte[] rtp = new byte[12 + 4];
            rtp[0] = (byte) 0x80;
            rtp[1] = (byte) (0x80 | 96); // marker, PT 96
            rtp[3] = 1;
            rtp[12] = 0x09; // access unit delimiter NAL
            rtp[13] = (byte) 0xf0;
            byte[] frame = new byte[4 + rtp.length];
            frame[0] = '$';
            frame[3] = (byte) rtp.length;
            System.arraycopy(rtp, 0, frame, 4, rtp.length);
            c.send(frame);
            // RTCP on channel 1 is counted by the session, not the stream.
            frame[1] = 1;
            c.send(frame);
            assertTrue(await(() -> stream.stats().inboundPackets() == 1, Duration.ofSeconds(5)),
                    () -> "packets: " + stream.stats().inboundPackets());
        }
    }

    /** ANNOUNCE, SETUP (TCP interleaved 0-1) and RECORD; returns the session id. */
    static String announceAndRecordOverTcp(RawRtspConnection c, String name) throws IOException {
        return announceAndRecordOverTcp(c, name, 60);
    }

    static String announceAndRecordOverTcp(RawRtspConnection c, String name, int timeoutSeconds) throws IOException {
        String url = "rtsp://127.0.0.1:" + c.socket.getPort() + "/" + name;
        RawRtspConnection.Response announce = c.request("ANNOUNCE", url, 1, "Content-Type: application/sdp\r\n", SDP);
        assertEquals(200, announce.status(), announce::toString);
        RawRtspConnection.Response setup = c.request("SETUP", url + "/streamid=0", 2,
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n", null);
        assertEquals(200, setup.status(), setup::toString);
        assertEquals("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", setup.header("Transport").replace("RECORD", "record"));
        String session = setup.header("Session").split(";")[0];
        assertTrue(setup.header("Session").endsWith(";timeout=" + timeoutSeconds), setup.header("Session"));
        RawRtspConnection.Response record = c.request("RECORD", url, 3, "Session: " + session + "\r\n", null);
        assertEquals(200, record.status(), record::toString);
        return session;
    }

    private static void assertStillFlowing() throws InterruptedException {
        Stream live = fixture.stream("live").orElseThrow();
        long packets = live.stats().inboundPackets();
        assertTrue(await(() -> live.stats().inboundPackets() > packets, Duration.ofSeconds(5)),
                () -> "ffmpeg stream stopped: " + ffmpeg.logTail());
        assertTrue(live.online());
        assertEquals(1, live.stats().sourceSessions());
        assertFalse(live.hasBFrames());
    }
}
