package io.rtcgate.webrtc;

import io.rtcgate.testsupport.Poll;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import io.rtcgate.testpeers.ClipSpec;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.PeerProcesses;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Shared steps of the end-to-end playback tests: the gateway's view of a stream ({@code GET /v1/streams/{name}}), and
 * the player page's view ({@code window.rtcgate} in a Chromium tab). Waits are bounded (a failure says what was seen),
 * never asserted on: the machine is shared.
 */
final class PlaybackChecks {

    static final Duration WAIT = Duration.ofSeconds(30);

    private PlaybackChecks() {
    }

    /** The stream as the API shows it, or null while it does not exist. */
    static JsonPath stream(String name) {
        var response = given().get("/v1/streams/" + name);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }

    /** Waits until the published stream is online with at least one keyframe received. */
    static void awaitOnline(String name, FfmpegPublisher ffmpeg) throws InterruptedException {
        assertTrue(await(() -> {
            JsonPath s = stream(name);
            return s != null && s.getBoolean("online") && s.getLong("keyframes") > 0;
        }), () -> "stream " + name + " did not come online; ffmpeg: " + PeerProcesses.tailOf(ffmpeg.logFile(), 2000));
    }

    /** Waits until the stream's {@code readers} equals {@code expected}. */
    static void awaitReaders(String name, int expected, Supplier<String> context) throws InterruptedException {
        assertTrue(await(() -> {
            JsonPath s = stream(name);
            return s != null && s.getInt("readers") == expected;
        }), () -> "readers of " + name + " did not become " + expected + ": " + describe(name) + "; " + context.get());
    }

    static String describe(String name) {
        JsonPath s = stream(name);
        return s == null ? "(no stream " + name + ")" : s.prettify();
    }

    /** Awaits the player's first decoded frame (bounded) and returns its stats then. */
    static JsonNode awaitFirstFrame(HeadlessChromium.Tab player) throws IOException {
        try {
            player.evaluate("Promise.race([rtcgate.firstFrame, new Promise((_, reject) => setTimeout(() => "
                    + "reject(new Error('no frame decoded; state ' + rtcgate.state + ', error ' + rtcgate.error)), "
                    + WAIT.toMillis() + "))])");
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nstats: " + player.playerStats() + "\nconsole:\n"
                    + player.consoleTail(), e);
        }
        return player.playerStats();
    }

    /** Waits until the player has decoded more than {@code frames} frames; returns the stats then. */
    static JsonNode awaitFramesBeyond(HeadlessChromium.Tab player, long frames) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode stats = player.playerStats();
        while (stats.path("framesDecoded").asLong() <= frames && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stats = player.playerStats();
        }
        assertTrue(stats.path("framesDecoded").asLong() > frames, "decoded frames did not grow past " + frames + ": "
                + stats + "\nconsole:\n" + player.consoleTail());
        return stats;
    }

    /**
     * What every healthy playback shows: frames of the clip's size, keyframes decoded, DTLS 1.2 with the browser as
     * DTLS client (the gateway answers {@code a=setup:passive}).
     */
    static void assertHealthyVideo(JsonNode stats, int width, int height) {
        assertEquals("playing", stats.path("state").asText(), stats.toString());
        assertTrue(stats.path("keyFramesDecoded").asLong() > 0, stats.toString());
        assertEquals(width, stats.path("frameWidth").asInt(), stats.toString());
        assertEquals(height, stats.path("frameHeight").asInt(), stats.toString());
        assertEquals("connected", stats.path("dtlsState").asText(), stats.toString());
        assertEquals("FEFD", stats.path("tlsVersion").asText(), "DTLS 1.2: " + stats);
        assertEquals("client", stats.path("dtlsRole").asText(), "the gateway answers a=setup:passive: " + stats);
    }

    /**
     * From {@code from} on, two more GOPs decode with at most 5% of the frames dropped and a new keyframe among them.
     * Measured after the join on purpose: the cached GOP a joining viewer gets arrives as a burst, and on a busy
     * machine Chromium may drop part of it as late (seen: 24 of 64); steady-state drops mean decode trouble.
     */
    static JsonNode assertSteadyDecoding(HeadlessChromium.Tab player, JsonNode from) throws Exception {
        JsonNode to = awaitFramesBeyond(player, from.path("framesDecoded").asLong() + 2L * ClipSpec.GOP_FRAMES);
        long decoded = to.path("framesDecoded").asLong() - from.path("framesDecoded").asLong();
        long dropped = to.path("framesDropped").asLong() - from.path("framesDropped").asLong();
        assertTrue(dropped * 20 <= decoded, "more than 5% of frames dropped in steady state: " + dropped + " of "
                + decoded + "\nfrom: " + from + "\nto: " + to);
        assertTrue(to.path("keyFramesDecoded").asLong() > from.path("keyFramesDecoded").asLong(),
                "the source's keyframes reach the viewer: " + to);
        return to;
    }

    static boolean await(BooleanSupplier condition) throws InterruptedException {
        return Poll.within(WAIT, condition);
    }
}
