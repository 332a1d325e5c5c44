package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.rtcgate.testpeers.RtspStreamProbe.DecodeResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ffmpeg publisher, received by an independent ffmpeg RTSP listener. */
@Tag("peers")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FfmpegPublisherTest {

    @ParameterizedTest
    @EnumSource(RtspTransport.class)
    void listenerDecodesWhatIsPublished(RtspTransport transport) throws Exception {
        assertReceived(TestClips.videoMkv(), transport);
    }

    @ParameterizedTest
    @EnumSource(value = ClipSpec.class, names = {"OPUS", "PCMU", "PCMA"})
    void clipsWithAudioArePublishedToo(ClipSpec spec) throws Exception {
        assertReceived(TestClips.mkvOf(spec), RtspTransport.TCP);
    }

    @Test
    void publishesPastTheClipEndAndStopsOnRequest() throws Exception {
        try (FfmpegRecordReceiver receiver = FfmpegRecordReceiver.listen("live", RtspTransport.TCP, Duration.ofSeconds(4))
                .awaitListening(Duration.ofSeconds(5));
             FfmpegPublisher publisher = FfmpegPublisher.start(TestClips.shortVideoMkv(), receiver.url(),
                     RtspTransport.TCP)) {
            DecodeResult result = receiver.await(Duration.ofSeconds(20));

            // a 2 s clip looped: 4 s of video means it crossed a loop boundary without stopping
            assertTrue(result.frames() >= 110, "frames: " + result.frames() + " " + result.problems());
            assertFalse(result.decodeErrors(), result.problems().toString());
            publisher.stop();
            assertFalse(publisher.isAlive());
        }
    }

    private static void assertReceived(Path clip, RtspTransport transport) throws Exception {
        try (FfmpegRecordReceiver receiver = FfmpegRecordReceiver.listen("in", transport, Duration.ofSeconds(3))
                .awaitListening(Duration.ofSeconds(5));
             FfmpegPublisher publisher = FfmpegPublisher.start(clip, receiver.url(), transport)) {
            assertTrue(publisher.isAlive(), publisher.toString());

            DecodeResult result = receiver.await(Duration.ofSeconds(20));

            assertTrue(result.frames() >= 80, "frames: " + result.frames() + " " + result.problems()
                    + " publisher log: " + PeerProcesses.tailOf(publisher.logFile(), 1000));
            assertFalse(result.decodeErrors(), result.problems().toString());
        }
    }
}
