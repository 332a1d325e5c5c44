package io.rtcgate.webrtc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Java WHEP viewer (real ICE, BouncyCastle DTLS, SRTP tags checked) on a stream with H.264 and Opus: audio is passed
 * through, sender reports arrive every second, and its RTCP is acted on — receiver reports fill the session's stats,
 * a PLI is answered from the GOP cache, a generic NACK from the shared history.
 */
@QuarkusTest
@Timeout(120)
class WhepFeedbackTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static JsonPath session() {
        return given().get("/v1/sessions").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void audioPassesAndRtcpIsAnswered() throws Exception {
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/feedback");
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.opusMkv(), publish, RtspTransport.TCP)) {
            await("stream online", () -> given().get("/v1/streams/feedback").statusCode() == 200
                    && given().get("/v1/streams/feedback").jsonPath().getBoolean("online"));
            try (JavaWhepViewer viewer = JavaWhepViewer.play(URI.create(base + "feedback/whep"), Duration.ofSeconds(10))) {
                await("video and opus arrive", () -> viewer.videoPackets() > 100 && viewer.audioPackets() > 20);
                await("a sender report every second", () -> viewer.senderReports() >= 2);
                assertEquals(0, viewer.srtpRejected(), "every SRTP packet authenticates");

                viewer.send(viewer.protectRtcp(viewer.receiverReport()));
                await("receiver report counted", () -> session().getLong("[0].rtcpReceived") >= 1);
                assertEquals(0.0, session().getDouble("[0].lossFraction"));

                long replays = session().getLong("[0].gopReplays");
                viewer.send(viewer.protectRtcp(viewer.pictureLossIndication()));
                await("PLI answered from the GOP cache", () -> session().getLong("[0].plis") == 1
                        && session().getLong("[0].gopReplays") > replays);

                // NACKs are answered only for packets sent live since the replay: wait until the viewer has everything
                // the gateway had sent by the end of the replay and a few live packets more, then ask for a live one.
                long sentByReplay = session().getLong("[0].packetsSent");
                await("live packets after the replay", () -> viewer.videoPackets() + viewer.audioPackets() >= sentByReplay + 5);
                int missing = (viewer.highestVideoSequence() - 3) & 0xFFFF;
                viewer.send(viewer.protectRtcp(viewer.genericNack(missing)));
                await("NACK served from the shared history", () -> session().getLong("[0].nacksServed") >= 1);
                assertEquals(0, session().getLong("[0].nackMisses"));
                assertTrue(session().getString("[0].srtpProfile").contains("GCM"));
            }
        }
    }
}
