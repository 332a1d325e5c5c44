package io.rtcgate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A start in the staging profile: verbose per-stream logs, plain text, diagnostics endpoints on. */
@QuarkusTest
@TestProfile(StagingProfileTest.Staging.class)
class StagingProfileTest {

    public static class Staging implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "staging";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return DeploymentProfileOverrides.localSockets();
        }
    }

    @Test
    void stagingLogsVerboselyInPlainText() {
        var config = ConfigProvider.getConfig();
        assertEquals("DEBUG", config.getValue("quarkus.log.category.\"io.rtcgate\".level", String.class));
        assertFalse(config.getValue("quarkus.log.console.json.enabled", Boolean.class));
        assertFalse(DeploymentProfileOverrides.consoleLogsAreJson());
        assertEquals(5, config.getValue("rtcgate.webrtc.max-offers-per-second-per-client", Integer.class));
    }

    @Test
    void stagingServesTheDiagnosticsEndpoints() {
        given().get("/v1/diagnostics").then().statusCode(200);
        given().get("/v1/sessions").then().statusCode(200);
    }
}
