package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.stream.Stream;
import io.rtcgate.testpeers.TestClips;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A second publisher to a live stream: refused with 455 by default, or it replaces the first with policy REPLACE. */
@Timeout(120)
class SecondPublisherTest {

    @Test
    void secondPublisherIsRefusedAndTheFirstKeepsStreaming() throws Exception {
        try (PublishServerFixture fixture = new PublishServerFixture();
                FfmpegPublisher first = FfmpegPublisher.start(TestClips.videoMkv(), fixture.url("cam"), "tcp")) {
            assertTrue(await(() -> fixture.flowing("cam"), Duration.ofSeconds(20)), first::logTail);
            try (FfmpegPublisher second = FfmpegPublisher.start(TestClips.videoMkv(), fixture.url("cam"), "udp")) {
                Integer exit = second.awaitExit(Duration.ofSeconds(15));
                assertNotNull(exit, "the refused ffmpeg gives up");
                assertNotEquals(0, exit);
                assertTrue(second.logTail().contains("455"), second::logTail);
            }
            assertEquals(1, fixture.stats().publishersRefused());
            Stream cam = fixture.stream("cam").orElseThrow();
            long packets = cam.stats().inboundPackets();
            assertTrue(await(() -> cam.stats().inboundPackets() > packets, Duration.ofSeconds(5)));
            assertEquals(1, cam.stats().sourceSessions());
            assertTrue(cam.sourceDescription().endsWith("(tcp)"));
        }
    }

    @Test
    void withReplacePolicyTheSecondPublisherTakesOver() throws Exception {
        try (PublishServerFixture fixture = new PublishServerFixture(Map.of("rtcgate.rtsp.second-publisher", "replace"),
                RtspPublishServer.DEFAULT_SESSION_TIMEOUT_SECONDS);
                FfmpegPublisher first = FfmpegPublisher.start(TestClips.videoMkv(), fixture.url("cam"), "tcp")) {
            assertTrue(await(() -> fixture.flowing("cam"), Duration.ofSeconds(20)), first::logTail);
            Stream cam = fixture.stream("cam").orElseThrow();
            try (FfmpegPublisher second = FfmpegPublisher.start(TestClips.videoMkv(), fixture.url("cam"), "udp")) {
                assertTrue(await(() -> cam.stats().sourceSessions() == 2 && cam.online(), Duration.ofSeconds(20)),
                        second::logTail);
                assertTrue(cam.sourceDescription().endsWith("(udp)"), cam.sourceDescription());
                assertNotNull(first.awaitExit(Duration.ofSeconds(15)), "the replaced ffmpeg's connection was closed");
                long keyframes = cam.stats().keyframes();
                assertTrue(await(() -> cam.stats().keyframes() > keyframes, Duration.ofSeconds(5)), second::logTail);
                assertEquals(0, fixture.stats().publishersRefused());
            }
        }
    }
}
