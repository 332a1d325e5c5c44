package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rtcgate.testpeers.RtspStreamProbe.DecodeResult;
import io.rtcgate.testpeers.RtspStreamProbe.VideoPacket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The GStreamer RTSP peer, checked with ffmpeg/ffprobe as an independent client. */
@Tag("peers")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GstRtspServerProcessTest {

    private static final Duration READ = Duration.ofSeconds(3);
    /** 90 kHz RTP clock, 30 fps. */
    private static final long FRAME_TICKS = 90_000 / ClipSpec.FPS;

    @ParameterizedTest
    @EnumSource(RtspTransport.class)
    void clientDecodesTheStreamOverEachTransport(RtspTransport transport) throws Exception {
        GstRtspServerProcess.Offered offered = transport == RtspTransport.TCP
                ? GstRtspServerProcess.Offered.TCP : GstRtspServerProcess.Offered.UDP;
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .mount("cam", TestClips.videoAnnexB()).offered(offered).start()) {
            DecodeResult result = RtspStreamProbe.decode(server.url("cam"), transport, READ);

            assertEquals(0, result.exitCode(), result.problems().toString());
            assertTrue(result.frames() >= 80, "frames in 3 s: " + result.frames());
            assertFalse(result.decodeErrors(), result.problems().toString());
            assertFalse(result.packetLoss(), result.problems().toString());
        }
    }

    @Test
    void timestampsKeepIncreasingAcrossLoopsOfTheClip() throws Exception {
        Path twoSecondClip = TestClips.shortVideoAnnexB();
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().mount("loop", twoSecondClip).start()) {
            List<VideoPacket> packets = RtspStreamProbe.videoPackets(server.url("loop"), RtspTransport.TCP,
                    Duration.ofSeconds(5));

            List<Long> pts = packets.stream().map(VideoPacket::pts).filter(t -> t != VideoPacket.UNKNOWN).toList();
            assertTrue(pts.size() >= 130, "packets with a PTS in 5 s: " + pts.size());
            assertTrue(pts.stream().anyMatch(t -> t != 0), "all PTS are 0: RTP timestamps not set");
            for (int i = 1; i < pts.size(); i++) {
                assertEquals(FRAME_TICKS, pts.get(i) - pts.get(i - 1), "PTS step at packet " + i + " of " + pts);
            }
            long span = pts.get(pts.size() - 1) - pts.get(0);
            assertTrue(span > 2 * ClipSpec.VIDEO_SHORT.durationSeconds * 90_000L,
                    "read must cross two loop boundaries, span " + span);
            long keyFrames = packets.stream().filter(VideoPacket::keyFrame).count();
            assertTrue(keyFrames >= 4, "an IDR per second, also after each loop: " + keyFrames);
        }
    }

    @Test
    void digestCredentialsAreRequiredAndChecked() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .mount("cam", TestClips.videoAnnexB()).credentials("alice", "s3cr:t@x").start()) {
            DecodeResult authorized = RtspStreamProbe.decode(server.urlWithCredentials("cam"), RtspTransport.TCP, READ);
            DecodeResult wrongPassword = RtspStreamProbe.decode(
                    RtspUrls.withCredentials(server.url("cam"), "alice", "wrong"), RtspTransport.TCP, READ);
            DecodeResult anonymous = RtspStreamProbe.decode(server.url("cam"), RtspTransport.TCP, READ);

            assertTrue(authorized.frames() >= 80, "frames: " + authorized.frames() + " " + authorized.problems());
            assertUnauthorized(wrongPassword);
            assertUnauthorized(anonymous);
        }
    }

    @Test
    void basicCredentialsWork() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .mount("cam", TestClips.videoAnnexB()).basicCredentials("bob", "pw").start()) {
            assertTrue(RtspStreamProbe.decode(server.urlWithCredentials("cam"), RtspTransport.TCP, READ).frames() >= 80);
            assertUnauthorized(RtspStreamProbe.decode(
                    RtspUrls.withCredentials(server.url("cam"), "bob", "nope"), RtspTransport.TCP, READ));
        }
    }

    @Test
    void countServesNumberedMountsFromOneProcess() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .count(3, TestClips.videoAnnexB()).start()) {
            assertTrue(RtspStreamProbe.decode(server.url("cam2"), RtspTransport.TCP, Duration.ofSeconds(1)).frames() > 0);
            DecodeResult missing = RtspStreamProbe.decode(server.url("cam3"), RtspTransport.TCP, Duration.ofSeconds(1));
            assertEquals(0, missing.frames());
            assertTrue(missing.problems().toString().contains("404"), missing.problems().toString());
        }
    }

    @Test
    void restartServesAgainOnTheSamePort() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .mount("cam", TestClips.videoAnnexB()).start()) {
            URI before = server.url("cam");
            server.stop();
            assertFalse(server.isAlive());
            assertEquals(0, RtspStreamProbe.decode(before, RtspTransport.TCP, Duration.ofSeconds(1)).frames());

            server.restart();

            assertEquals(before, server.url("cam"));
            assertTrue(RtspStreamProbe.decode(before, RtspTransport.TCP, Duration.ofSeconds(1)).frames() > 0);
        }
    }

    @Test
    void stopAfterEndsTheServerByItself() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder()
                .mount("cam", TestClips.videoAnnexB()).stopAfter(Duration.ofMillis(1500)).start()) {
            assertTrue(server.isAlive());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(server.isAlive(), "still running after --stop-after 1.5");
        }
    }

    @Test
    void startFailureReportsTheScriptsError() {
        IOException error = assertThrows(IOException.class, () -> GstRtspServerProcess.builder()
                .mount("cam", Path.of("/nonexistent/clip.264")).start());
        assertTrue(error.getMessage().contains("clip not found"), error.getMessage());
    }

    private static void assertUnauthorized(DecodeResult result) {
        assertEquals(0, result.frames());
        assertNotEquals(0, result.exitCode());
        assertTrue(result.problems().toString().contains("401"), result.problems().toString());
    }
}
