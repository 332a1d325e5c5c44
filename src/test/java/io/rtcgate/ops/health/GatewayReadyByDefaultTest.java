package io.rtcgate.ops.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** With the default configuration (no cameras, share 0) and the ports bound, every probe is up. */
@QuarkusTest
class GatewayReadyByDefaultTest {

    @Test
    void everyProbeIsUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.draining", equalTo(false))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.webrtcUdpOpen", equalTo(true))
                .body("checks.find { it.name == 'rtcgate-ready' }.data.reason", containsString("ports bound"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
