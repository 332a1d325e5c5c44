package io.rtcgate.webrtc;

import io.rtcgate.testsupport.Poll;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.transport.UdpSendStats;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway with every {@code rtcgate.tuning.*} switch off still works: two Java WHEP viewers (real ICE, DTLS, SRTP
 * tags checked) of one published stream get every frame, a NACK is served from the shared history, and each switch is
 * seen in effect — one datagram per send call, unpooled ingest reads, per-viewer packet copies.
 */
@QuarkusTest
@TestProfile(AllStrategiesOffProfile.class)
@Timeout(120)
class WhepAllStrategiesOffTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    @Inject
    WebRtcGateway gateway;

    @Inject
    StreamRegistry registry;

    @Inject
    MediaEventLoops loops;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Poll.await(what, Duration.ofSeconds(20), condition);
    }

    private static JsonPath sessions() {
        return given().get("/v1/sessions").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void viewersPlayAndNacksAreServedWithEveryStrategyOff() throws Exception {
        assertTrue(loops.ingestAllocator() instanceof io.netty.buffer.UnpooledByteBufAllocator, "unpooled ingest reads");
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/before");
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.opusMkv(), publish, RtspTransport.TCP)) {
            await("stream online", () -> registry.find("before").map(Stream::online).orElse(false));
            URI whep = URI.create(base + "before/whep");
            try (JavaWhepViewer a = JavaWhepViewer.play(whep, Duration.ofSeconds(10));
                    JavaWhepViewer b = JavaWhepViewer.play(whep, Duration.ofSeconds(10))) {
                await("both viewers get frames", () -> a.videoFrames() > 30 && b.videoFrames() > 30
                        && a.videoKeyframes() > 0 && b.videoKeyframes() > 0);
                assertEquals(0, a.srtpRejected());
                assertEquals(0, b.srtpRejected());

                int missing = (a.highestVideoSequence() - 3) & 0xFFFF;
                a.send(a.protectRtcp(a.genericNack(missing)));
                await("NACK served from the shared history", () -> sessions().getList("nacksServed", Integer.class)
                        .stream().mapToInt(Integer::intValue).sum() >= 1);

                Stream stream = registry.find("before").orElseThrow();
                StreamEgress egress = gateway.egressOf(stream);
                long copies = stream.eventLoop().submit(egress::perViewerCopies).get();
                assertTrue(copies > 0, "per-viewer copies made: " + copies);

                UdpSendStats send = gateway.sendStats();
                assertTrue(send.datagrams() > 100, "datagrams sent: " + send.datagrams());
                // the viewers keep being sent to while the two counters are read one after the other, so they are read
                // until a pair comes out equal; a send of several datagrams would part them for good
                await("one send call per datagram (batching off; first read " + send.datagrams() + " datagrams, "
                        + send.sends() + " sends)", () -> send.datagrams() == send.sends());
            }
        }
    }
}
