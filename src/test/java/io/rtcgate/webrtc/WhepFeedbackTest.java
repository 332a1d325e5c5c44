package io.rtcgate.webrtc;

import io.rtcgate.testsupport.Poll;
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
        Poll.await(what, Duration.ofSeconds(20), condition);
    }

    /** This viewer's session in {@code GET /v1/sessions}, which may list an earlier test's viewer too. */
    private static JsonPath session(JavaWhepViewer viewer) {
        return given().get("/v1/sessions").then().statusCode(200).extract().jsonPath()
                .setRootPath("find { it.id == '" + viewer.sessionId() + "' }");
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
                assertTrue(viewer.ttffNanos() > 0, "a whole keyframe arrived: " + viewer);
                // loopback loses a datagram only when this viewer's socket buffer is full (a busy machine): any other
                // gap in the sequence numbers is the gateway's
                long lost = viewer.videoSequence().lost() + viewer.audioSequence().lost();
                long dropped = viewer.socketDrops() + viewer.earlyMediaDropped();
                assertTrue(lost <= dropped, "gaps beyond the " + dropped + " datagrams the viewer dropped: " + viewer);
                assertEquals(0, viewer.videoSequence().duplicates(), viewer.toString());
                assertTrue(viewer.audioSequence().unique() > 20, viewer.toString());

                viewer.send(viewer.protectRtcp(viewer.receiverReport()));
                await("receiver report counted", () -> session(viewer).getLong("rtcpReceived") >= 1);
                assertEquals(0.0, session(viewer).getDouble("lossFraction"));

                long replays = session(viewer).getLong("gopReplays");
                viewer.send(viewer.protectRtcp(viewer.pictureLossIndication()));
                await("PLI answered from the GOP cache", () -> session(viewer).getLong("plis") == 1
                        && session(viewer).getLong("gopReplays") > replays);

                // NACK a live packet, not one of the replayed GOP's: wait until a few live ones followed the replay
                int afterReplay = viewer.highestVideoSequence();
                await("live video after the replay", () -> ((viewer.highestVideoSequence() - afterReplay) & 0xFFFF) >= 10);
                int missing = (viewer.highestVideoSequence() - 3) & 0xFFFF;
                viewer.send(viewer.protectRtcp(viewer.genericNack(missing)));
                await("NACK served from the shared history", () -> session(viewer).getLong("nacksServed") >= 1);
                await("the resent packet, received before, is a replay here", () -> viewer.srtpReplayed() >= 1);
                assertEquals(0, session(viewer).getLong("nackMisses"));
                assertTrue(session(viewer).getString("srtpProfile").contains("GCM"));
            }
        }
    }
}
