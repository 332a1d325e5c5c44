package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.testpeers.TestClips;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With publish credentials set, ffmpeg publishes with the right ones (Digest) and is refused with wrong ones. */
@Timeout(120)
class PublishAuthenticationTest {
    private static final String PASSWORD = "s3cret-Pa55";
    private static PublishServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new PublishServerFixture(Map.of("rtcgate.rtsp.publish-user", "pub", "rtcgate.rtsp.publish-password", PASSWORD),
                RtspPublishServer.DEFAULT_SESSION_TIMEOUT_SECONDS);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void rightCredentialsPublish() throws Exception {
        String url = "rtsp://pub:" + PASSWORD + "@127.0.0.1:" + fixture.port() + "/authed";
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), url, "tcp")) {
            assertTrue(await(() -> fixture.flowing("authed"), Duration.ofSeconds(20)), ffmpeg::logTail);
            assertFalse(Files.readString(ffmpeg.log).contains("401"), "no failed attempt: " + ffmpeg.logTail());
        }
    }

    @Test
    void wrongCredentialsAreRefusedAndCounted() throws Exception {
        long before = fixture.stats().authFailures();
        String url = "rtsp://pub:wrong@127.0.0.1:" + fixture.port() + "/intruder";
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), url, "tcp")) {
            Integer exit = ffmpeg.awaitExit(Duration.ofSeconds(15));
            assertNotNull(exit, "ffmpeg gives up");
            assertNotEquals(0, exit);
            assertTrue(ffmpeg.logTail().contains("401"), ffmpeg::logTail);
        }
        assertTrue(fixture.stats().authFailures() > before);
        assertTrue(fixture.stream("intruder").isEmpty());
    }

    @Test
    void withoutCredentialsAnnounceIsChallengedWithDigestAndBasic() throws Exception {
        try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            RawRtspConnection.Response r = c.request("ANNOUNCE", fixture.url("nocreds"), 1,
                    "Content-Type: application/sdp\r\n", RtspPublishServerProtocolTest.SDP);
            assertEquals(401, r.status());
            String challenges = r.header("WWW-Authenticate");
            assertTrue(challenges.contains("Digest"), challenges);
            assertTrue(challenges.contains("Basic"), challenges);
            String basic = Base64.getEncoder().encodeToString(("pub:" + PASSWORD).getBytes());
            RawRtspConnection.Response ok = c.request("ANNOUNCE", fixture.url("nocreds"), 2,
                    "Content-Type: application/sdp\r\nAuthorization: Basic " + basic + "\r\n", RtspPublishServerProtocolTest.SDP);
            assertEquals(200, ok.status());
            // OPTIONS needs no credentials.
            assertEquals(200, c.request("OPTIONS", fixture.url("nocreds"), 3, null, null).status());
        }
    }
}
