package io.rtcgate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A start in the prod profile: JSON logs, GCM-first SRTP, native batching, conservative limits, no debug endpoints. */
@QuarkusTest
@TestProfile(ProductionProfileTest.Production.class)
class ProductionProfileTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return DeploymentProfileOverrides.localSockets();
        }
    }

    @Test
    void productionLogsJson() {
        var config = ConfigProvider.getConfig();
        assertTrue(config.getValue("quarkus.log.console.json.enabled", Boolean.class));
        assertEquals("INFO", config.getValue("quarkus.log.category.\"io.rtcgate\".level", String.class));
        assertTrue(DeploymentProfileOverrides.consoleLogsAreJson(), "no JSON formatter on the console handler");
    }

    @Test
    void productionPrefersGcmBatchesAndLimitsConservatively() {
        var config = ConfigProvider.getConfig();
        assertEquals(List.of("AEAD_AES_128_GCM", "AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_80"),
                config.getValues("rtcgate.webrtc.srtp-profiles", String.class));
        assertTrue(config.getValue("rtcgate.transport.native", Boolean.class));
        assertEquals(500, config.getValue("rtcgate.webrtc.max-sessions", Integer.class));
        assertEquals(200, config.getValue("rtcgate.webrtc.max-sessions-per-stream", Integer.class));
        assertEquals(2, config.getValue("rtcgate.webrtc.max-offers-per-second-per-client", Integer.class));
        assertEquals(128, config.getValue("rtcgate.limits.max-rtsp-connections", Integer.class));
    }

    @Test
    void productionHasNoDebugEndpoints() {
        given().get("/v1/diagnostics").then().statusCode(404);
        given().get("/v1/sessions").then().statusCode(404);
        given().get("/v1/streams").then().statusCode(200);
    }
}
