package io.rtcgate.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamListener;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opus, PCMU and PCMA published by ffmpeg next to H.264: the audio track is kept and its RTP passed through as received. */
@QuarkusTest
@Timeout(120)
class PublishedAudioTest {

    @Inject
    RtspPublishServer server;

    @Inject
    StreamRegistry registry;

    @ParameterizedTest
    @CsvSource({"opus, opus, 48000", "pcmu, PCMU, 8000", "pcma, PCMA, 8000"})
    void audioIsPassedThrough(String clip, String trackName, int clockRate) throws Exception {
        Path mkv = switch (clip) {
            case "opus" -> TestClips.opusMkv();
            case "pcmu" -> TestClips.pcmuMkv();
            default -> TestClips.pcmaMkv();
        };
        String name = "audio" + clip;
        URI url = URI.create("rtsp://127.0.0.1:" + server.boundPort() + "/" + name);
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(mkv, url, RtspTransport.TCP)) {
            assertTrue(PublishServerFixture.await(() -> registry.find(name).filter(Stream::online).isPresent(),
                    java.time.Duration.ofSeconds(20)), () -> "stream did not come online: " + ffmpeg.logFile());
            Stream stream = registry.find(name).orElseThrow();
            AtomicLong audioPackets = new AtomicLong();
            AtomicLong wrongClock = new AtomicLong();
            StreamListener listener = new StreamListener() {
                @Override
                public void onAudioPacket(Stream s, int track, RtpPacket packet) {
                    audioPackets.incrementAndGet();
                    if (s.formats().get(track).clockRate() != clockRate) {
                        wrongClock.incrementAndGet();
                    }
                }
            };
            stream.addListener(listener);
            try {
                assertTrue(PublishServerFixture.await(() -> audioPackets.get() > 20, java.time.Duration.ofSeconds(10)),
                        "audio packets reach the stream's listeners");
            } finally {
                stream.removeListener(listener);
            }
            assertEquals(0, wrongClock.get());
            List<String> tracks = given().get("/v1/streams/" + name).then().statusCode(200).extract().jsonPath().getList("tracks");
            assertEquals(List.of("H264", trackName), tracks);
        }
    }
}
