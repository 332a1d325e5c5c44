package io.rtcgate.webrtc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rtcgate.webrtc.gso=true}: headless Chromium must still decode an ffmpeg-published stream when each viewer's
 * FU-A fragments leave as UDP GSO runs, and {@code GET /v1/diagnostics} must show the runs under {@code udp}.
 */
@QuarkusTest
@TestProfile(WhepGsoSmokeTest.GsoOn.class)
@Timeout(180)
class WhepGsoSmokeTest {

    public static final class GsoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtcgate.webrtc.gso", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    @Inject
    WebRtcGateway gateway;

    @Test
    void chromiumDecodesGsoRunsAndDiagnosticsCountThem() throws Exception {
        boolean gsoPossible = Epoll.isAvailable() && SegmentedDatagramPacket.isSupported();
        assertEquals(gsoPossible, gateway.gsoActive(), "GSO is on exactly where epoll and UDP_SEGMENT are");
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/gso");
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), publish, RtspTransport.TCP);
                HeadlessChromium chromium = HeadlessChromium.launch()) {
            // the WHEP POST needs the stream, which exists once ffmpeg has announced it: wait for its first keyframe
            // rather than a fixed time, which a busy machine can overrun
            URI api = URI.create(base.toString());
            WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(api, "gso").path("keyframes").asLong(0) > 0,
                    Duration.ofSeconds(20), () -> "no keyframe from ffmpeg; log " + ffmpeg.logFile());
            HeadlessChromium.Tab tab = chromium.open(URI.create(base.toString() + "v1/streams"));
            tab.evaluate("""
                    (async () => {
                      const pc = new RTCPeerConnection();
                      window.pc = pc;
                      pc.addTransceiver('video', {direction: 'recvonly'});
                      await pc.setLocalDescription(await pc.createOffer());
                      await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 1000); });
                      const res = await fetch('%s', {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
                      await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});
                      return res.status;
                    })()""".formatted(base.toString() + "gso/whep"));
            JsonNode stats = null;
            long frames = 0;
            for (int i = 0; i < 100 && frames < 30; i++) {
                Thread.sleep(200);
                stats = tab.evaluate("""
                        (async () => { const out = {}; (await pc.getStats()).forEach(s => {
                          if (s.type === 'inbound-rtp' && s.kind === 'video') { out.framesDecoded = s.framesDecoded; out.packetsReceived = s.packetsReceived; out.packetsLost = s.packetsLost; out.nackCount = s.nackCount; }
                        }); out.ice = pc.iceConnectionState; return out; })()""");
                frames = stats.path("framesDecoded").asLong(0);
            }
            assertTrue(frames >= 30, "frames decoded with GSO: " + stats + "; chromium: " + chromium.stderrTail());
        }
        // the histogram and the send count are read one after the other while the closing session may still send, so
        // read until a snapshot where no send fell between the two (bounded); a send outside every bucket never settles
        JsonPath udp = null;
        for (int i = 0; i < 25; i++) {
            udp = given().get("/v1/diagnostics").then().statusCode(200).extract().jsonPath().setRootPath("udp");
            if (bucketSum(udp) == udp.getLong("sends")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(gsoPossible, udp.getBoolean("gsoActive"));
        long datagrams = udp.getLong("datagrams");
        long sends = udp.getLong("sends");
        assertTrue(datagrams > 0 && sends > 0 && sends <= datagrams, "udp " + udp.prettify());
        assertEquals(7, udp.getMap("datagramsPerSend").size(), "histogram buckets");
        assertEquals(sends, bucketSum(udp), "every send in one bucket");
        assertEquals(0, udp.getLong("sendErrors"));
        if (gsoPossible) {
            long runs = udp.getLong("gsoSends");
            long segments = udp.getLong("gsoSegments");
            assertTrue(runs > 0 && segments >= 2 * runs, "GSO runs of at least two segments: " + udp.prettify());
            System.out.printf("GSO smoke: %d datagrams in %d sends (%.1f per send), %d GSO runs carrying %d segments%n",
                    datagrams, sends, udp.getDouble("meanDatagramsPerSend"), runs, segments);
        }
    }

    private static long bucketSum(JsonPath udp) {
        Map<String, Integer> histogram = udp.getMap("datagramsPerSend");
        return histogram.values().stream().mapToLong(Integer::longValue).sum();
    }
}
