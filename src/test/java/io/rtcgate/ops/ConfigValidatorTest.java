package io.rtcgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each kind of invalid configuration gives one message that names the key (built by SmallRye as at start-up). */
class ConfigValidatorTest {

    private static GatewayConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    private static String failure(Map<String, String> properties) {
        return failure(properties, Optional.empty());
    }

    private static String failure(Map<String, String> properties, Optional<String> httpPort) {
        GatewayConfig config = config(properties);
        var e = assertThrows(ConfigValidator.InvalidConfigurationException.class,
                () -> ConfigValidator.validate(config, httpPort));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().startsWith("invalid rtcgate configuration: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theEmbeddedDefaultsAndATypicalSetupAreValid() {
        assertEquals(List.of(), ConfigValidator.problems(config(Map.of()), Optional.of("8889")));
        assertEquals(List.of(), ConfigValidator.problems(config(Map.of(
                "rtcgate.streams.cam1.source", "rtsp://u:p@192.0.2.10:554/stream1",
                "rtcgate.streams.cam1.read-token", "abc.DEF-123_~+/=",
                "rtcgate.streams.door.source", "publisher",
                "rtcgate.readers.user", "viewer", "rtcgate.readers.password", "secret",
                "rtcgate.rtsp.port", "0", "rtcgate.webrtc.udp-port", "65535")), Optional.of("0")));
    }

    @Test
    void aBadUrlNamesTheStreamSourceKey() {
        String message = failure(Map.of("rtcgate.streams.cam1.source", "http://192.0.2.10/stream"));
        assertTrue(message.contains("rtcgate.streams.cam1.source: "), message);
    }

    @Test
    void anUnknownTransportIsRefusedBySmallRyeNamingTheKey() {
        var e = assertThrows(RuntimeException.class, () -> config(Map.of("rtcgate.streams.cam1.source", "publisher",
                "rtcgate.streams.cam1.transport", "quic")));
        String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(message.contains("rtcgate.streams.cam1.transport"), message);
        assertTrue(message.contains("quic"), message);
    }

    @Test
    void outOfRangePortsNameTheirKeys() {
        assertTrue(failure(Map.of("rtcgate.rtsp.port", "70000")).contains("rtcgate.rtsp.port: 70000 is not a port"));
        assertTrue(failure(Map.of("rtcgate.webrtc.udp-port", "-1")).contains("rtcgate.webrtc.udp-port: -1 is not a port"));
        assertTrue(failure(Map.of(), Optional.of("65536")).contains("quarkus.http.port: 65536 is not a port"));
        assertTrue(failure(Map.of(), Optional.of("http")).contains("quarkus.http.port: 'http' is not a port"));
    }

    @Test
    void namesDifferingOnlyInCaseAreADuplicate() {
        String message = failure(Map.of("rtcgate.streams.Cam1.source", "publisher", "rtcgate.streams.cam1.source", "publisher"));
        assertTrue(message.contains("differ only in case"), message);
        assertTrue(message.contains("rtcgate.streams.cam1") || message.contains("rtcgate.streams.Cam1"), message);
    }

    @Test
    void aReservedOrMalformedStreamNameIsRefused() {
        assertTrue(failure(Map.of("rtcgate.streams.v1.source", "publisher")).contains("rtcgate.streams.v1: "));
    }

    @Test
    void aBadSrtpProfileNameNamesTheKey() {
        String message = failure(Map.of("rtcgate.webrtc.srtp-profiles", "AEAD_AES_128_GCM,NULL_CIPHER"));
        assertTrue(message.contains("rtcgate.webrtc.srtp-profiles: unknown SRTP profile 'NULL_CIPHER'"), message);
    }

    @Test
    void credentialsComeInPairsAndAreNeverEchoed() {
        String message = failure(Map.of("rtcgate.readers.user", "viewer"));
        assertTrue(message.contains("rtcgate.readers.password: missing"), message);
        message = failure(Map.of("rtcgate.streams.cam1.source", "publisher", "rtcgate.streams.cam1.read-password", "hunter2"));
        assertTrue(message.contains("rtcgate.streams.cam1.read-user: missing"), message);
        assertFalse(message.contains("hunter2"), message);
        message = failure(Map.of("rtcgate.readers.token", "has space"));
        assertTrue(message.contains("rtcgate.readers.token: not a bearer token"), message);
        assertFalse(message.contains("has space"), message);
    }

    @Test
    void limitsMustBePositive() {
        assertTrue(failure(Map.of("rtcgate.webrtc.max-sessions", "0")).contains("rtcgate.webrtc.max-sessions: 0 is below 1"));
        assertTrue(failure(Map.of("rtcgate.webrtc.max-offers-per-second-per-client", "-3"))
                .contains("rtcgate.webrtc.max-offers-per-second-per-client: -3 is below 0"));
    }

    @Test
    void theNackWindowFitsTheHistory() {
        assertTrue(failure(Map.of("rtcgate.webrtc.nack-history-packets", "15"))
                .contains("rtcgate.webrtc.nack-history-packets: 15 is below 16"));
        assertTrue(failure(Map.of("rtcgate.webrtc.history-packets", "256", "rtcgate.webrtc.nack-history-packets", "300"))
                .contains("rtcgate.webrtc.nack-history-packets: 300 is above rtcgate.webrtc.history-packets (256)"));
        assertEquals(List.of(), ConfigValidator.problems(config(Map.of("rtcgate.webrtc.history-packets", "256",
                "rtcgate.webrtc.nack-history-packets", "256")), Optional.empty()));
    }

    @Test
    void everyProblemIsListedInTheOneMessage() {
        GatewayConfig config = config(Map.of("rtcgate.rtsp.port", "99999", "rtcgate.streams.cam1.source", "ftp://x/y"));
        var e = assertThrows(ConfigValidator.InvalidConfigurationException.class,
                () -> ConfigValidator.validate(config, Optional.empty()));
        assertEquals(2, e.problems().size(), e.problems().toString());
    }

    @Test
    void environmentFormReachesTheValidatorToo() {
        SmallRyeConfig raw = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(Map.of("RTCGATE_WEBRTC_UDP_PORT", "123456"), 300)).build();
        var e = assertThrows(ConfigValidator.InvalidConfigurationException.class,
                () -> ConfigValidator.validate(raw.getConfigMapping(GatewayConfig.class), Optional.empty()));
        assertTrue(e.getMessage().contains("rtcgate.webrtc.udp-port: 123456"), e.getMessage());
    }
}
