package io.rtcgate.webrtc;

import static io.rtcgate.webrtc.PlaybackChecks.assertHealthyVideo;
import static io.rtcgate.webrtc.PlaybackChecks.awaitFirstFrame;
import static io.rtcgate.webrtc.PlaybackChecks.awaitFramesBeyond;
import static io.rtcgate.webrtc.PlaybackChecks.assertSteadyDecoding;
import static io.rtcgate.webrtc.PlaybackChecks.awaitReaders;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.ClipSpec;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WhepPlaybackTest}'s first viewer with the SRTP preference turned around
 * ({@code rtcgate.webrtc.srtp-profiles=AES_CM_128_HMAC_SHA1_80,AEAD_AES_128_GCM}): Chromium offers both, the gateway
 * as DTLS server picks, so the player must end on AES-CM with HMAC-SHA1-80 and still decode.
 */
@QuarkusTest
@TestProfile(WhepPlaybackCmFirstTest.CmFirst.class)
@Timeout(180)
class WhepPlaybackCmFirstTest {
    private static final Logger LOG = Logger.getLogger(WhepPlaybackCmFirstTest.class);
    private static final String NAME = "whep-playback-cm";
    static final Set<String> CM_NAMES = Set.of("SRTP_AES128_CM_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_80");

    /** AES-CM first, GCM second. */
    public static final class CmFirst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtcgate.webrtc.srtp-profiles", "AES_CM_128_HMAC_SHA1_80,AEAD_AES_128_GCM");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    @Test
    void playerDecodesOverAesCmWhenTheGatewayPrefersIt() throws Exception {
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/" + NAME);
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), publish, RtspTransport.TCP);
                HeadlessChromium chromium = HeadlessChromium.launch()) {
            PlaybackChecks.awaitOnline(NAME, ffmpeg);
            HeadlessChromium.Tab viewer = chromium.open(URI.create(base.toString()).resolve("/" + NAME + "/"));
            JsonNode first = awaitFirstFrame(viewer);
            JsonNode later = awaitFramesBeyond(viewer, first.path("framesDecoded").asLong() + ClipSpec.FPS);
            JsonNode steady = assertSteadyDecoding(viewer, later);
            LOG.infof("viewer at first frame: %s%nlater: %s%nsteady: %s", first, later, steady);

            assertTrue(CM_NAMES.contains(steady.path("srtpCipher").asText()), "AES-CM SRTP: " + steady);
            assertHealthyVideo(steady, ClipSpec.WIDTH, ClipSpec.HEIGHT);
            viewer.close();
            awaitReaders(NAME, 0, () -> "after the tab closed");
        }
    }
}
