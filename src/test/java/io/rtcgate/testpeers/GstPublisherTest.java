package io.rtcgate.testpeers;

import io.rtcgate.testsupport.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The GStreamer publisher, received by the gst-rtsp-server peer in RECORD mode. */
@Tag("peers")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GstPublisherTest {

    @ParameterizedTest
    @EnumSource(RtspTransport.class)
    void serverReceivesFramesInRealTime(RtspTransport transport) throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().recordMount("in").start()) {
            long started = System.nanoTime(); // no frame can have been sent before this
            try (GstPublisher publisher = GstPublisher.start(TestClips.shortVideoAnnexB(), server.url("in"),
                    transport)) {
                // at least 2 s worth (the server reports once a second; a busy machine may take longer to get there)
                await(() -> server.receivedFrames("in") >= 60, () -> "frames: " + server.receivedFrames("in"));
                int frames = server.receivedFrames("in");
                double seconds = (System.nanoTime() - started) / 1e9;
                assertTrue(publisher.isAlive(), PeerProcesses.tailOf(publisher.logFile(), 2000));
                // about 30 fps, not faster than real time (a 2 s clip, so it looped): measured over the time it took
                assertTrue(frames <= seconds * ClipSpec.FPS + 5, frames + " frames in " + seconds + " s");
            }
        }
    }

    @Test
    void digestCredentialsAreSent() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().recordMount("in")
                .credentials("pub", "secret").start()) {
            try (GstPublisher publisher = GstPublisher.start(TestClips.shortVideoAnnexB(), server.url("in"),
                    RtspTransport.TCP, "pub", "secret")) {
                await(() -> server.receivedFrames("in") >= 30, () -> "frames: " + server.receivedFrames("in"));
            }
        }
    }

    @Test
    void wrongPasswordEndsThePublisher() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().recordMount("in")
                .credentials("pub", "secret").start()) {
            Exception failure = null;
            try (GstPublisher publisher = GstPublisher.start(TestClips.shortVideoAnnexB(), server.url("in"),
                    RtspTransport.TCP, "pub", "wrong")) {
                await(() -> !publisher.isAlive(), () -> "publisher kept running with a wrong password");
            } catch (java.io.IOException e) {
                failure = e; // rtspclientsink may fail before PLAYING: also a rejection
            }
            assertEquals(0, server.receivedFrames("in"), String.valueOf(failure));
        }
    }

    /** Polls {@code condition} every 100 ms; fails with {@code message} after 20 s. */
    private static void await(BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        Poll.await(Duration.ofSeconds(20), condition, message);
    }
}
