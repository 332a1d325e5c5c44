package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtcgate.media.Codec;
import io.rtcgate.stream.Stream;
import io.rtcgate.testpeers.PeerProcesses;
import io.rtcgate.testpeers.TestClips;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/** GStreamer's {@code rtspclientsink} (RTSP RECORD client) publishes an H.264 clip over TCP and over UDP. */
@Timeout(90)
class GstreamerPublishTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void rtspclientsinkPublishes(String protocol) throws Exception {
        assumeTrue(hasRtspClientSink(), "gst-inspect-1.0 rtspclientsink: GStreamer's RTSP RECORD client is not installed");
        try (PublishServerFixture fixture = new PublishServerFixture();
                FfmpegPublisher gst = FfmpegPublisher.start(List.of("gst-launch-1.0", "-q",
                        "filesrc", "location=" + TestClips.videoMkv(), "!", "matroskademux", "!", "h264parse", "!",
                        "rtspclientsink", "location=" + fixture.url("gst"), "protocols=" + protocol), "gst-publish")) {
            assertTrue(await(() -> fixture.flowing("gst"), Duration.ofSeconds(20)), gst::logTail);
            Stream stream = fixture.stream("gst").orElseThrow();
            assertEquals(Codec.H264, stream.formats().get(0).codec());
            assertTrue(stream.sourceDescription().endsWith("(" + protocol + ")"), stream.sourceDescription());
            long units = stream.stats().accessUnits();
            assertTrue(await(() -> stream.stats().accessUnits() > units + 10, Duration.ofSeconds(5)), gst::logTail);
            assertEquals(0, stream.stats().malformedPackets());
        }
    }

    private static boolean hasRtspClientSink() {
        try {
            return PeerProcesses.run(List.of("gst-inspect-1.0", "rtspclientsink"), Duration.ofSeconds(20)).exitCode() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
