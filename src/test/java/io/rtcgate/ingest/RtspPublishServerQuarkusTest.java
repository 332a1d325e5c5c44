package io.rtcgate.ingest;

import static io.restassured.RestAssured.given;
import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole application: ffmpeg publishes a looped H.264 clip over TCP and over UDP to the RTSP server the application
 * started, and {@code GET /v1/streams/{name}} shows each stream online with growing counters.
 */
@QuarkusTest
@Timeout(120)
class RtspPublishServerQuarkusTest {

    @Inject
    RtspPublishServer server;

    @Test
    void ffmpegPublishesOverTcp() throws Exception {
        publishAndCheck("quarkustcp", "tcp");
    }

    @Test
    void ffmpegPublishesOverUdp() throws Exception {
        publishAndCheck("quarkusudp", "udp");
    }

    private void publishAndCheck(String name, String transport) throws Exception {
        String url = "rtsp://127.0.0.1:" + server.boundPort() + "/" + name;
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), url, transport)) {
            assertTrue(await(() -> {
                JsonPath s = streamOrNull(name);
                return s != null && s.getBoolean("online") && s.getLong("keyframes") > 0;
            }, Duration.ofSeconds(20)), () -> "stream did not come online: " + ffmpeg.logTail());
            JsonPath first = streamOrNull(name);
            assertEquals(List.of("H264"), first.getList("tracks"));
            assertEquals("publisher", first.getString("source"));
            assertTrue(first.getString("sourceSession").contains("(" + transport + ")"), first.getString("sourceSession"));
            assertTrue(await(() -> {
                JsonPath now = streamOrNull(name);
                return now != null && now.getLong("inboundPackets") > first.getLong("inboundPackets")
                        && now.getLong("accessUnits") > first.getLong("accessUnits");
            }, Duration.ofSeconds(20)), () -> "packets and access units do not grow from " + first.prettify());
            JsonPath later = streamOrNull(name);
            assertTrue(later.getLong("keyframes") > 0);
            assertEquals(0, later.getLong("inboundMalformed"), later::prettify);
        }
        assertTrue(await(() -> streamOrNull(name) == null, Duration.ofSeconds(10)),
                "the stream a publisher created is removed once it leaves");
    }

    private static JsonPath streamOrNull(String name) {
        var response = given().get("/v1/streams/" + name);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }
}
