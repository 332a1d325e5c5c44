package io.rtcgate.webrtc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Every {@code rtcgate.tuning.*} switch off, and UDP GSO too: the benchmark's "before" of the cost strategies at once
 * (with GSO a run of datagrams would still leave in one send call).
 */
public class AllStrategiesOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtcgate.tuning.batching", "false",
                "rtcgate.tuning.pooled-ingest-buffers", "false",
                "rtcgate.tuning.reuse-nal-buffer", "false",
                "rtcgate.tuning.packetize-once", "false",
                "rtcgate.webrtc.gso", "false");
    }
}
