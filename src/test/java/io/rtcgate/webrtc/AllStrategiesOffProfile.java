package io.rtcgate.webrtc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Every {@code rtcgate.tuning.*} switch off: the benchmark's "before" of all four cost strategies at once. */
public class AllStrategiesOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtcgate.tuning.batching", "false",
                "rtcgate.tuning.pooled-ingest-buffers", "false",
                "rtcgate.tuning.reuse-nal-buffer", "false",
                "rtcgate.tuning.packetize-once", "false");
    }
}
