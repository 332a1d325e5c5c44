package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

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
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().recordMount("in").start();
             GstPublisher publisher = GstPublisher.start(TestClips.shortVideoAnnexB(), server.url("in"), transport)) {
            Thread.sleep(3500);

            int frames = server.receivedFrames("in");
            assertTrue(publisher.isAlive(), PeerProcesses.tailOf(publisher.logFile(), 2000));
            // about 30 fps: at least 2 s worth, and not faster than real time (a 2 s clip, so it looped)
            assertTrue(frames >= 60 && frames <= 3.5 * ClipSpec.FPS + 5, "frames after 3.5 s: " + frames);
        }
    }

    @Test
    void digestCredentialsAreSent() throws Exception {
        try (GstRtspServerProcess server = GstRtspServerProcess.builder().recordMount("in")
                .credentials("pub", "secret").start()) {
            try (GstPublisher publisher = GstPublisher.start(TestClips.shortVideoAnnexB(), server.url("in"),
                    RtspTransport.TCP, "pub", "secret")) {
                Thread.sleep(2500);
                assertTrue(server.receivedFrames("in") >= 30, "frames: " + server.receivedFrames("in"));
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
                Thread.sleep(2000);
                assertFalse(publisher.isAlive(), "publisher kept running with a wrong password");
            } catch (java.io.IOException e) {
                failure = e; // rtspclientsink may fail before PLAYING: also a rejection
            }
            assertEquals(0, server.receivedFrames("in"), String.valueOf(failure));
        }
    }
}
