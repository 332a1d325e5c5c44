package io.rtcgate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The running gateway answers the paths the Kubernetes probes in {@code deploy/} call ({@link ProbeEndpoints}, which
 * {@link DeployManifestsTest} holds the manifests to), in SmallRye Health's JSON form.
 */
@QuarkusTest
class ProbeEndpointsQuarkusTest {

    @Test
    void everyProbePathAnswersWithAHealthStatus() {
        for (String path : ProbeEndpoints.BY_PROBE.values()) {
            Response response = given().get(path);
            assertTrue(Set.of(200, 503).contains(response.statusCode()), path + " answered " + response.statusCode());
            String status = response.jsonPath().getString("status");
            assertTrue(Set.of("UP", "DOWN").contains(status), path + " status " + status);
        }
        // A started gateway with its sockets bound is alive and started; readiness depends on streams and draining.
        assertEquals(200, given().get(ProbeEndpoints.LIVENESS).statusCode(), ProbeEndpoints.LIVENESS);
        assertEquals(200, given().get(ProbeEndpoints.STARTUP).statusCode(), ProbeEndpoints.STARTUP);
    }
}
