package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine without the player page: a bare RTCPeerConnection in headless Chromium does the WHEP exchange by script,
 * against a stream ffmpeg publishes, and must decode frames over AES-GCM SRTP.
 */
@QuarkusTest
@Timeout(180)
class WhepEngineSmokeTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    @Inject
    WebRtcGateway gateway;

    @Test
    void chromiumDecodesAPublishedStream() throws Exception {
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/smoke");
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), publish, RtspTransport.TCP);
                HeadlessChromium chromium = HeadlessChromium.launch()) {
            // the WHEP POST needs the stream, which exists once ffmpeg has announced it: wait for its first keyframe
            // rather than a fixed time, which a busy machine can overrun
            URI api = URI.create(base.toString());
            WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(api, "smoke").path("keyframes").asLong(0) > 0,
                    Duration.ofSeconds(20), () -> "no keyframe from ffmpeg; log " + ffmpeg.logFile());
            HeadlessChromium.Tab tab = chromium.open(URI.create(base.toString() + "v1/streams"));
            String whep = base.toString() + "smoke/whep";
            tab.evaluate("""
                    (async () => {
                      const pc = new RTCPeerConnection();
                      window.pc = pc;
                      pc.addTransceiver('video', {direction: 'recvonly'});
                      pc.addTransceiver('audio', {direction: 'recvonly'});
                      await pc.setLocalDescription(await pc.createOffer());
                      await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 1000); });
                      const res = await fetch('%s', {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
                      window.whepStatus = res.status;
                      await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});
                      return res.status;
                    })()""".formatted(whep));
            JsonNode stats = null;
            long frames = 0;
            for (int i = 0; i < 100 && frames < 30; i++) {
                Thread.sleep(200);
                stats = tab.evaluate("""
                        (async () => { const out = {}; (await pc.getStats()).forEach(s => {
                          if (s.type === 'inbound-rtp' && s.kind === 'video') { out.framesDecoded = s.framesDecoded; out.packetsReceived = s.packetsReceived; out.keyFramesDecoded = s.keyFramesDecoded; }
                          if (s.type === 'transport') { out.srtpCipher = s.srtpCipher; out.dtlsState = s.dtlsState; out.tlsVersion = s.tlsVersion; }
                        }); out.ice = pc.iceConnectionState; out.status = window.whepStatus; return out; })()""");
                frames = stats.path("framesDecoded").asLong(0);
            }
            assertTrue(frames >= 30, "frames decoded: " + stats + "; gateway " + gateway.stats().playing() + " playing, dtls failed "
                    + gateway.stats().dtlsFailed() + ", ice " + gateway.iceAgent().stats() + "; chromium: " + chromium.stderrTail());
            assertTrue(stats.path("srtpCipher").asText().contains("AES_128_GCM"), stats.toString());
        }
    }
}
