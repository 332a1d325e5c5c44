package io.rtcgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment form of the configuration, read by SmallRye exactly as at start-up. */
class GatewayConfigEnvironmentTest {

    private static GatewayConfig fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "10s" form, as at start-up
                .withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    @Test
    void anEnvironmentVariableDefinesAStream() {
        GatewayConfig config = fromEnvironment(Map.of(
                "RTCGATE_STREAMS_CAM1_SOURCE", "rtsp://user:pw@127.0.0.1:8554/live",
                "RTCGATE_STREAMS_CAM1_TRANSPORT", "tcp",
                "RTCGATE_STREAMS_CAM2_SOURCE", "publisher",
                "RTCGATE_STREAMS_CAM2_ON_DEMAND", "true"));
        assertEquals(2, config.streams().size(), config.streams().keySet().toString());
        assertEquals("rtsp://user:pw@127.0.0.1:8554/live", config.streams().get("cam1").source());
        assertEquals(GatewayConfig.IngestTransport.TCP, config.streams().get("cam1").transport());
        assertFalse(config.streams().get("cam1").onDemand());
        assertEquals("publisher", config.streams().get("cam2").source());
        assertTrue(config.streams().get("cam2").onDemand());
    }

    @Test
    void defaultsAreTheEmbeddedConfiguration() {
        GatewayConfig config = fromEnvironment(Map.of());
        assertTrue(config.streams().isEmpty());
        assertEquals(8554, config.rtsp().port());
        assertTrue(config.rtsp().acceptAnyPath());
        assertEquals(GatewayConfig.PublisherConflict.REFUSE, config.rtsp().secondPublisher());
        assertEquals(8 * 1024 * 1024, config.limits().maxAccessUnitBytes());
        assertEquals(Duration.ofSeconds(3), config.rtsp().udpFallbackAfter());
    }

    @Test
    void scalarKeysHaveAnEnvironmentForm() {
        GatewayConfig config = fromEnvironment(Map.of("RTCGATE_RTSP_PORT", "9554", "RTCGATE_RTSP_SECOND_PUBLISHER", "replace",
                "RTCGATE_RTSP_RECONNECT_MAX_DELAY", "5s"));
        assertEquals(9554, config.rtsp().port());
        assertEquals(GatewayConfig.PublisherConflict.REPLACE, config.rtsp().secondPublisher());
        assertEquals(Duration.ofSeconds(5), config.rtsp().reconnect().maxDelay());
    }

    @Test
    void tuningSwitchesDefaultToTheFastChoiceAndTurnOffByEnvironment() {
        GatewayConfig.Tuning defaults = fromEnvironment(Map.of()).tuning();
        assertTrue(defaults.batching());
        assertTrue(defaults.pooledIngestBuffers());
        assertTrue(defaults.reuseNalBuffer());
        assertTrue(defaults.packetizeOnce());
        GatewayConfig.Tuning off = fromEnvironment(Map.of("RTCGATE_TUNING_BATCHING", "false",
                "RTCGATE_TUNING_POOLED_INGEST_BUFFERS", "false", "RTCGATE_TUNING_REUSE_NAL_BUFFER", "false",
                "RTCGATE_TUNING_PACKETIZE_ONCE", "false")).tuning();
        assertFalse(off.batching());
        assertFalse(off.pooledIngestBuffers());
        assertFalse(off.reuseNalBuffer());
        assertFalse(off.packetizeOnce());
    }
}
