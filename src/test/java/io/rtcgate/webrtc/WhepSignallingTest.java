package io.rtcgate.webrtc;

import static io.rtcgate.webrtc.WhepTestPeers.HTTP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import io.rtcgate.webrtc.dtls.DtlsCertificate;
import io.rtcgate.webrtc.ice.IceCredentials;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WHEP signalling against the real HTTP stack: every refusal has its status and a plain-text reason, the per-stream
 * limit answers 503 with Retry-After and frees up again, DELETE/PATCH/OPTIONS behave, and a viewer of a configured but
 * offline stream is accepted and starts playing once a publisher comes.
 */
@QuarkusTest
@TestProfile(WhepRobustnessProfile.class)
@Timeout(120)
class WhepSignallingTest {
    private static final String OFFLINE = WhepRobustnessProfile.OFFLINE_STREAM;

    @TestHTTPResource("/")
    URL base;

    @Inject
    WebRtcGateway gateway;

    @Inject
    RtspPublishServer rtsp;

    private final List<JavaWhepViewer> viewers = new ArrayList<>();

    @BeforeEach
    void noSessionsLeftFromEarlierTests() throws Exception {
        WhepTestPeers.awaitNoSessions(gateway);
    }

    @AfterEach
    void leaveAndCheckEverythingIsFreed() throws Exception {
        for (JavaWhepViewer v : viewers) {
            v.delete();
            v.close();
        }
        WhepTestPeers.await(() -> gateway.sessions().isEmpty(), Duration.ofSeconds(10),
                () -> "sessions left: " + gateway.sessions().stream().map(s -> s.id).toList());
        WhepTestPeers.await(() -> WhepTestPeers.readers(uri(""), OFFLINE) == 0, Duration.ofSeconds(5),
                () -> "readers of " + OFFLINE + " left");
    }

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String validOffer() {
        return JavaWhepViewer.chromiumOffer(IceCredentials.random(),
                DtlsCertificate.generate(new SecureRandom()).sha256Fingerprint());
    }

    /** Chromium's offer with only VP8 (and its RTX) left in the video section. */
    private static String vp8OnlyOffer() {
        String offer = validOffer();
        return offer.lines().map(line -> {
            if (line.startsWith("m=video")) {
                return "m=video 9 UDP/TLS/RTP/SAVPF 96 97";
            }
            return line;
        }).filter(line -> !line.matches("a=(rtpmap|fmtp|rtcp-fb):(\\d+) .*")
                || line.matches("a=(rtpmap|fmtp|rtcp-fb):(96|97|111|63|9|0|8|13|110|126) .*"))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    private static void assertPlainText(HttpResponse<String> response, int status, String reasonPart) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                "content type " + response.headers().firstValue("Content-Type"));
        assertTrue(response.body().toLowerCase().contains(reasonPart.toLowerCase()),
                "reason should mention '" + reasonPart + "': " + response.body());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "errors carry CORS headers so a page can read the reason");
    }

    @Test
    void unknownStreamIs404() throws Exception {
        assertPlainText(post("nosuchstream/whep", "application/sdp", validOffer()), 404, "nosuchstream");
    }

    @Test
    void offerThatIsNotSdpIs415() throws Exception {
        assertPlainText(post(OFFLINE + "/whep", "text/plain", validOffer()), 415, "application/sdp");
        assertPlainText(post(OFFLINE + "/whep", null, validOffer()), 415, "application/sdp");
        assertTrue(gateway.sessions().isEmpty());
    }

    @Test
    void malformedOfferIs400WithTheParserReason() throws Exception {
        long rejected = gateway.stats().offersRejected();
        assertPlainText(post(OFFLINE + "/whep", "application/sdp", "hello, this is not SDP"), 400, "sdp");
        assertPlainText(post(OFFLINE + "/whep", "application/sdp", validOffer().replaceAll("(?m)^a=ice-pwd:.*\r\n", "")),
                400, "ice-pwd");
        assertPlainText(post(OFFLINE + "/whep", "application/sdp", ""), 400, "empty");
        assertTrue(gateway.stats().offersRejected() >= rejected + 2, "parser refusals are counted");
        assertTrue(gateway.sessions().isEmpty());
    }

    @Test
    void offerWithoutH264Is400NoCodecInCommon() throws Exception {
        String vp8 = vp8OnlyOffer();
        assertFalse(vp8.contains("H264"), vp8);
        assertPlainText(post(OFFLINE + "/whep", "application/sdp", vp8), 400, "no codec in common");
        assertTrue(gateway.sessions().isEmpty());
    }

    @Test
    void perStreamLimitIs503WithRetryAfterAndFreesOnDelete() throws Exception {
        // viewers that play (ICE, DTLS, consent checks) hold their slots: a session that only made an offer expires
        // after the profile's consent timeout, which a slow machine can reach before the limit is checked
        for (int i = 0; i < WhepRobustnessProfile.MAX_VIEWERS_PER_STREAM; i++) {
            viewers.add(JavaWhepViewer.play(uri(OFFLINE + "/whep"), Duration.ofSeconds(10)));
        }
        long refused = gateway.stats().sessionsRefusedLimit();
        HttpResponse<String> full = post(OFFLINE + "/whep", "application/sdp", validOffer());
        assertPlainText(full, 503, "max-sessions-per-stream");
        int retryAfter = Integer.parseInt(full.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(refused + 1, gateway.stats().sessionsRefusedLimit());
        assertEquals(WhepRobustnessProfile.MAX_VIEWERS_PER_STREAM, WhepTestPeers.readers(uri(""), OFFLINE));

        JavaWhepViewer leaving = viewers.remove(0);
        assertEquals(200, leaving.delete());
        leaving.close();
        WhepTestPeers.await(() -> !WhepTestPeers.hasSession(gateway, leaving.sessionId()), Duration.ofSeconds(5),
                () -> "deleted session still there");
        viewers.add(JavaWhepViewer.offer(uri(OFFLINE + "/whep")));
    }

    @Test
    void sessionThatNeverConnectsIsFreedByTheConsentTimeout() throws Exception {
        JavaWhepViewer silent = JavaWhepViewer.offer(uri(OFFLINE + "/whep"));
        long expired = gateway.stats().consentExpired();
        assertTrue(WhepTestPeers.hasSession(gateway, silent.sessionId()));
        assertEquals(1, WhepTestPeers.readers(uri(""), OFFLINE));
        WhepTestPeers.await(() -> !WhepTestPeers.hasSession(gateway, silent.sessionId()), Duration.ofSeconds(20),
                () -> "a session without a single ICE check outlives the 5 s consent timeout");
        assertEquals(expired + 1, gateway.stats().consentExpired());
        assertEquals(0, WhepTestPeers.readers(uri(""), OFFLINE));
        assertEquals(404, silent.delete(), "the expired session's resource is gone");
        silent.close();
    }

    @Test
    void deleteOfAnUnknownSessionIs404() throws Exception {
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(uri(OFFLINE + "/whep/" + UUID.randomUUID()))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertPlainText(unknown, 404, "no such session");

        JavaWhepViewer viewer = JavaWhepViewer.offer(uri(OFFLINE + "/whep"));
        viewers.add(viewer);
        HttpResponse<String> wrongStream = HTTP.send(HttpRequest.newBuilder(uri("otherstream/whep/" + viewer.sessionId()))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertPlainText(wrongStream, 404, "no such session");
        assertTrue(WhepTestPeers.hasSession(gateway, viewer.sessionId()), "a DELETE under another stream ends nothing");
    }

    @Test
    void patchWithATrickleFragmentIs204() throws Exception {
        JavaWhepViewer viewer = JavaWhepViewer.offer(uri(OFFLINE + "/whep"));
        viewers.add(viewer);
        String fragment = "a=ice-ufrag:" + viewer.localIce().ufrag() + "\r\na=ice-pwd:" + viewer.localIce().pwd()
                + "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\n";
        HttpResponse<String> patched = HTTP.send(HttpRequest.newBuilder(viewer.location())
                .header("Content-Type", "application/trickle-ice-sdpfrag")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(fragment)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, patched.statusCode(), patched.body());
        assertEquals("*", patched.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(viewer.location())
                .header("Content-Type", "application/sdp")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(fragment)).build(), HttpResponse.BodyHandlers.ofString());
        assertPlainText(wrongType, 415, "trickle-ice-sdpfrag");

        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(uri(OFFLINE + "/whep/" + UUID.randomUUID()))
                .header("Content-Type", "application/trickle-ice-sdpfrag")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(fragment)).build(), HttpResponse.BodyHandlers.ofString());
        assertPlainText(unknown, 404, "no such session");
    }

    @Test
    void preflightAnswersWithCorsHeaders() throws Exception {
        for (String path : List.of(OFFLINE + "/whep", OFFLINE + "/whep/" + UUID.randomUUID())) {
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(uri(path))
                    .header("Origin", "http://player.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(preflight.statusCode() == 204 || preflight.statusCode() == 200, path + ": " + preflight.statusCode());
            String origin = preflight.headers().firstValue("Access-Control-Allow-Origin").orElse("");
            assertTrue(origin.equals("*") || origin.equals("http://player.example"), path + " allow-origin " + origin);
            String methods = preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("");
            for (String method : List.of("POST", "DELETE", "PATCH")) {
                assertTrue(methods.contains(method), path + " allow-methods " + methods);
            }
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()
                    .contains("content-type"), path + " " + preflight.headers().map());
            assertTrue(preflight.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Location"),
                    path + " " + preflight.headers().map());
        }
    }

    @Test
    void viewerOfAnOfflineStreamPlaysWhenThePublisherComes() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            HeadlessChromium.Tab tab = chromium.open(uri("v1/streams"));
            assertFalse(WhepTestPeers.stream(uri(""), OFFLINE).path("online").asBoolean(true));
            assertEquals(201, WhepTestPeers.startChromiumViewer(tab, uri(OFFLINE + "/whep").toString()));
            String id = WhepTestPeers.idOf(WhepTestPeers.chromiumStats(tab).path("location").asText());
            WhepTestPeers.await(() -> "connected".equals(WhepTestPeers.chromiumStats(tab).path("dtlsState").asText()),
                    Duration.ofSeconds(10), () -> "DTLS with an offline stream's viewer");
            Thread.sleep(1500);
            assertEquals(0, WhepTestPeers.framesDecoded(tab));
            assertTrue(WhepTestPeers.hasSession(gateway, id), "the viewer waits (its consent checks keep it) while offline");

            URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/" + OFFLINE);
            try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), publish, RtspTransport.TCP)) {
                WhepTestPeers.awaitFrames(tab, 30, Duration.ofSeconds(20));
            }
            tab.evaluate("fetch(window.whepLocation, {method: 'DELETE'}).then(r => r.status)");
            WhepTestPeers.await(() -> !WhepTestPeers.hasSession(gateway, id), Duration.ofSeconds(5),
                    () -> "session after the page's DELETE");
        }
    }
}
