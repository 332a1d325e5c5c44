package io.rtcgate.ops.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.ops.GatewayDrain;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The probes' content on a gateway of its own (a profile, so the drain at the end cannot reach other tests): one always-on
 * camera that is down (nothing listens on its port), one on-demand camera (never counted), and
 * {@code rtcgate.ready-min-online-share=0.5}, so readiness is down for the camera; then a drain, which keeps liveness up,
 * turns readiness down for that reason too and refuses new WHEP offers with 503 + Retry-After.
 */
@QuarkusTest
@TestProfile(GatewayHealthTest.OfflineCamera.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class GatewayHealthTest {

    public static final class OfflineCamera implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rtcgate.streams.health-cam.source", "rtsp://127.0.0.1:1/nothing-listens",
                    "rtcgate.streams.health-cam.transport", "tcp",
                    "rtcgate.streams.health-ondemand.source", "rtsp://127.0.0.1:1/nothing-either",
                    "rtcgate.streams.health-ondemand.on-demand", "true",
                    "rtcgate.ready-min-online-share", "0.5");
        }
    }

    @Inject
    MediaEventLoops loops;
    @Inject
    RtspPublishServer rtsp;
    @Inject
    WebRtcGateway gateway;
    @Inject
    GatewayDrain drain;

    @Test
    @Order(1)
    void livenessIsUpWithEveryLoopAnsweringAndSocketsOpen() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rtcgate-live' }.data.eventLoops", equalTo(loops.threads()))
                .body("checks.find { it.name == 'rtcgate-live' }.data.eventLoopsAnswering", equalTo(loops.threads()))
                .body("checks.find { it.name == 'rtcgate-live' }.data.webrtcUdpOpen", equalTo(true))
                .body("checks.find { it.name == 'rtcgate-live' }.data.rtspListening", equalTo(true));
    }

    @Test
    @Order(2)
    void startedIsUpWithTheBoundPorts() {
        given().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rtcgate-started' }.data.rtspPort", equalTo(rtsp.boundPort()))
                .body("checks.find { it.name == 'rtcgate-started' }.data.webrtcUdpPort", equalTo(gateway.udpPort()));
    }

    @Test
    @Order(3)
    void readinessIsDownWhileTooFewAlwaysOnStreamsAreOnlineAndSaysWhy() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.alwaysOnStreams", equalTo(1))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.alwaysOnStreamsOnline", equalTo(0))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.streamsConfigured", equalTo(2))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.draining", equalTo(false))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.rtspPort", greaterThan(0))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.reason",
                        containsString("0 of 1 always-on streams online, rtcgate.ready-min-online-share=0.5 asks for 1"));
    }

    @Test
    @Order(4)
    void drainingTurnsReadinessDownKeepsLivenessUpAndRefusesNewOffers() {
        drain.beginDrain(Duration.ofMinutes(10), false);

        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'rtcgate-ready' }.data.draining", equalTo(true))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.reason", containsString("draining for shutdown"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        long refusedBefore = gateway.stats().sessionsRefusedDraining();
        given().contentType("application/sdp").body("v=0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).post("/health-cam/whep").then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body(containsString("shutting down"));
        org.junit.jupiter.api.Assertions.assertEquals(refusedBefore + 1, gateway.stats().sessionsRefusedDraining());
    }
}
