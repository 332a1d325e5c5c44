package io.rtcgate.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcgate.testpeers.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the WHEP robustness tests share: a bare RTCPeerConnection viewer in a Chromium tab (the WHEP exchange by script,
 * as in {@link WhepEngineSmokeTest}), its decoder counters, the stream API, and bounded polling.
 */
final class WhepTestPeers {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WhepTestPeers() {
    }

    /**
     * Makes {@code tab} a WHEP viewer of {@code whep}: offer (video + audio, receive only), POST, answer. Returns the
     * POST's status; the page keeps {@code window.pc}, {@code window.whepStatus} and {@code window.whepLocation}.
     */
    static int startChromiumViewer(HeadlessChromium.Tab tab, String whep) throws IOException {
        return tab.evaluate("""
                (async () => {
                  const pc = new RTCPeerConnection();
                  window.pc = pc;
                  pc.addTransceiver('video', {direction: 'recvonly'});
                  pc.addTransceiver('audio', {direction: 'recvonly'});
                  await pc.setLocalDescription(await pc.createOffer());
                  await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 1000); });
                  const res = await fetch('%s', {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
                  window.whepStatus = res.status;
                  window.whepLocation = res.headers.get('Location');
                  const body = await res.text();
                  if (res.status !== 201) { window.whepError = body; return res.status; }
                  await pc.setRemoteDescription({type: 'answer', sdp: body});
                  return res.status;
                })()""".formatted(whep)).asInt();
    }

    /** Decoder and transport counters of the tab's viewer. */
    static JsonNode chromiumStats(HeadlessChromium.Tab tab) throws IOException {
        return tab.evaluate("""
                (async () => { const out = {framesDecoded: 0}; (await pc.getStats()).forEach(s => {
                  if (s.type === 'inbound-rtp' && s.kind === 'video') { out.framesDecoded = s.framesDecoded || 0; out.packetsReceived = s.packetsReceived; out.keyFramesDecoded = s.keyFramesDecoded; out.pliCount = s.pliCount; out.nackCount = s.nackCount; out.packetsLost = s.packetsLost; }
                  if (s.type === 'transport') { out.srtpCipher = s.srtpCipher; out.dtlsState = s.dtlsState; }
                }); out.ice = pc.iceConnectionState; out.status = window.whepStatus; out.location = window.whepLocation; return out; })()""");
    }

    static long framesDecoded(HeadlessChromium.Tab tab) throws IOException {
        return chromiumStats(tab).path("framesDecoded").asLong(0);
    }

    /** Waits until the tab has decoded at least {@code frames} frames; fails with its stats otherwise. */
    static long awaitFrames(HeadlessChromium.Tab tab, long frames, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode stats = chromiumStats(tab);
        while (stats.path("framesDecoded").asLong(0) < frames) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + frames + " decoded frames within " + timeout + ": " + stats
                        + "\nconsole: " + tab.consoleTail());
            }
            Thread.sleep(100);
            stats = chromiumStats(tab);
        }
        return stats.path("framesDecoded").asLong();
    }

    /** The stream as {@code GET /v1/streams/{name}} shows it. */
    static JsonNode stream(URI base, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("v1/streams/" + name))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /v1/streams/" + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** As {@link #stream}, or a missing node while no stream has that name (a publisher has not come yet). */
    static JsonNode streamIfExists(URI base, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("v1/streams/" + name))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? JSON.missingNode() : JSON.readTree(response.body());
    }

    static int readers(URI base, String name) throws IOException, InterruptedException {
        return stream(base, name).path("readers").asInt(-1);
    }

    static long keyframes(URI base, String name) throws IOException, InterruptedException {
        return stream(base, name).path("keyframes").asLong(-1);
    }

    /** A check that may throw, for {@link #await}. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 50 ms until it holds; fails with {@code message} after {@code timeout}. */
    static void await(Check check, Duration timeout, Supplier<String> message) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + message.get());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until the gateway has no sessions: the test classes share one gateway, and a viewer a test abandoned
     * (closed tab, vanished peer) lasts until its consent expires.
     */
    static void awaitNoSessions(WebRtcGateway gateway) throws Exception {
        await(() -> gateway.sessions().isEmpty(), Duration.ofSeconds(20),
                () -> "sessions left by an earlier test: " + gateway.sessions().stream().map(s -> s.id + " " + s.state()).toList());
    }

    /** Whether the gateway still has a session with this id. */
    static boolean hasSession(WebRtcGateway gateway, String id) {
        return gateway.sessions().stream().anyMatch(s -> s.id.equals(id));
    }

    /** The session id at the end of a WHEP Location ({@code /{name}/whep/{id}}). */
    static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
