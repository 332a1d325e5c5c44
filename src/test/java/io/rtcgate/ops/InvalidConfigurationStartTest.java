package io.rtcgate.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real start with an out-of-range port stops with exit code 1 and one message naming the key. */
@QuarkusMainTest
@TestProfile(InvalidConfigurationStartTest.PortOutOfRange.class)
class InvalidConfigurationStartTest {

    public static class PortOutOfRange implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtcgate.rtsp.port", "70000");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startUpStopsNamingTheKey(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertTrue(output.contains("invalid rtcgate configuration: rtcgate.rtsp.port: 70000 is not a port"), output);
        // checked before any of rtcgate's sockets bind
        assertFalse(output.contains("RTSP publish server listening"), output);
        assertFalse(output.contains("WebRTC UDP on"), output);
    }
}
