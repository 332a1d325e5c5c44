package io.rtcgate.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcgate.media.Codec;
import io.rtcgate.testpeers.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop: a real headless Chromium creates its own recvonly offer, {@link WhepOffer} / {@link WhepAnswerer} answer
 * it, and Chromium's {@code setRemoteDescription(answer)} must accept the answer and negotiate what the answerer
 * reports. Needs Debian's {@code chromium} package (or {@code -Drtcgate.chromium=/path}); without it the test fails
 * with that reason rather than being skipped. Offers and answers are written to {@code target/whep-chromium/}.
 */
class ChromiumAcceptsWhepAnswerTest {

    private static final Path OUT = Path.of("target", "whep-chromium");
    private static HeadlessChromium chromium;
    private static HeadlessChromium.Tab page;
    private final WhepAnswerer answerer = new WhepAnswerer();

    @BeforeAll
    static void startChromium() throws Exception {
        chromium = HeadlessChromium.launch();
        page = chromium.openBlank();
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void videoAndAudioHighStreamWithoutBframesAndOpus() throws Exception {
        SourceTracks tracks = SourceTracks.of(SourceTracks.H264Track.of("640028", false),
                new SourceTracks.AudioTrack(Codec.OPUS, 48000, 2));
        Result result = negotiate("video_audio_high_opus", "{}", List.of("video", "audio"), tracks);
        assertEquals("stable", result.state().path("signalingState").asText(), result.describe());
        JsonNode video = transceiver(result, "0");
        assertEquals("recvonly", video.path("currentDirection").asText(), result.describe());
        assertRemoteMediaLine(result, "video", result.answer().video().payloadType(), "profile-level-id=42e01f");
        JsonNode audio = transceiver(result, "1");
        assertEquals("recvonly", audio.path("currentDirection").asText(), result.describe());
        assertRemoteMediaLine(result, "audio", 111, null);
        assertTrue(result.remoteSdp().contains("a=ice-lite"), result.describe());
    }

    @Test
    void videoOnlyUnknownStreamWithMaxBundle() throws Exception {
        Result result = negotiate("video_only_unknown_max_bundle", "{bundlePolicy: 'max-bundle'}", List.of("video"),
                SourceTracks.unknown());
        assertEquals("stable", result.state().path("signalingState").asText(), result.describe());
        JsonNode video = transceiver(result, "0");
        assertEquals("recvonly", video.path("currentDirection").asText(), result.describe());
        assertRemoteMediaLine(result, "video", result.answer().video().payloadType(), "packetization-mode=1");
    }

    @Test
    void mainStreamWithPcma() throws Exception {
        SourceTracks tracks = SourceTracks.of(SourceTracks.H264Track.of("4d401f", false),
                new SourceTracks.AudioTrack(Codec.PCMA, 8000, 1));
        Result result = negotiate("video_audio_main_pcma", "{}", List.of("video", "audio"), tracks);
        assertEquals("recvonly", transceiver(result, "1").path("currentDirection").asText(), result.describe());
        assertRemoteMediaLine(result, "video", result.answer().video().payloadType(), "profile-level-id=4d001f");
        assertRemoteMediaLine(result, "audio", 8, null);
    }

    @Test
    void audioRejectedWhenTheStreamHasNone() throws Exception {
        SourceTracks tracks = SourceTracks.of(SourceTracks.H264Track.of("42e01f", false), null);
        Result result = negotiate("video_audio_no_audio", "{}", List.of("video", "audio"), tracks);
        assertEquals("stable", result.state().path("signalingState").asText(), result.describe());
        assertEquals("recvonly", transceiver(result, "0").path("currentDirection").asText(), result.describe());
        assertStoppedOrRemoved(result, "1");
        assertTrue(result.remoteSdp().contains("\r\nm=audio 0 "), result.describe());
    }

    @Test
    void audioFirstWithoutAudioKeepsTheBundleTagInactive() throws Exception {
        SourceTracks tracks = SourceTracks.of(SourceTracks.H264Track.of("42e01f", false), null);
        Result result = negotiate("audio_first_no_audio", "{bundlePolicy: 'max-bundle'}", List.of("audio", "video"),
                tracks);
        assertEquals(List.of("0", "1"), result.answer().bundleMids());
        assertEquals("stable", result.state().path("signalingState").asText(), result.describe());
        assertEquals("inactive", transceiver(result, "0").path("currentDirection").asText(), result.describe());
        assertEquals("recvonly", transceiver(result, "1").path("currentDirection").asText(), result.describe());
        assertRemoteMediaLine(result, "video", result.answer().video().payloadType(), "profile-level-id=42e01f");
    }

    /** One offer/answer round: the page's own offer, our answer, what Chromium made of it. */
    private record Result(String name, String offer, WhepAnswer answer, JsonNode state) {
        String remoteSdp() {
            return state.path("remoteSdp").asText();
        }

        String describe() {
            return name + ": " + state + "\n--- answer ---\n" + answer.sdp();
        }
    }

    private Result negotiate(String name, String configuration, List<String> kinds, SourceTracks tracks)
            throws Exception {
        String kindsJs = chromium.json().writeValueAsString(kinds);
        String offerSdp = page.evaluate("(async () => {"
                + "  window.pcs = window.pcs || {};"
                + "  const pc = new RTCPeerConnection(" + configuration + ");"
                + "  for (const kind of " + kindsJs + ") pc.addTransceiver(kind, {direction: 'recvonly'});"
                + "  await pc.setLocalDescription(await pc.createOffer());"
                + "  await new Promise(done => {"
                + "    if (pc.iceGatheringState === 'complete') return done();"
                + "    pc.addEventListener('icegatheringstatechange', () => {"
                + "      if (pc.iceGatheringState === 'complete') done(); });"
                + "    setTimeout(done, 3000); });"
                + "  window.pcs['" + name + "'] = pc;"
                + "  return pc.localDescription.sdp; })()").asText();
        Files.writeString(OUT.resolve(name + ".offer.sdp"), offerSdp, StandardCharsets.UTF_8);

        WhepAnswer answer = answerer.answer(WhepOffer.parse(offerSdp), tracks, WhepAnswererTest.local());
        Files.writeString(OUT.resolve(name + ".answer.sdp"), answer.sdp(), StandardCharsets.UTF_8);

        JsonNode state;
        try {
            state = page.evaluate("(async () => {"
                    + "  const pc = window.pcs['" + name + "'];"
                    + "  await pc.setRemoteDescription({type: 'answer', sdp: "
                    + chromium.json().writeValueAsString(answer.sdp()) + "});"
                    + "  return { signalingState: pc.signalingState, remoteSdp: pc.remoteDescription.sdp,"
                    + "    transceivers: pc.getTransceivers().map(t => ({ mid: t.mid,"
                    + "      currentDirection: t.currentDirection,"
                    + "      codecs: t.receiver.getParameters().codecs.map(c => ({ mimeType: c.mimeType,"
                    + "        payloadType: c.payloadType, sdpFmtpLine: c.sdpFmtpLine || '' })) })) }; })()");
        } catch (IllegalStateException e) {
            throw new AssertionError("Chromium refused the answer for " + name + ": " + e.getMessage()
                    + "\n--- answer ---\n" + answer.sdp(), e);
        }
        Files.writeString(OUT.resolve(name + ".chromium.json"), state.toPrettyString(), StandardCharsets.UTF_8);
        return new Result(name, offerSdp, answer, state);
    }

    private static JsonNode transceiver(Result result, String mid) {
        for (JsonNode transceiver : result.state().path("transceivers")) {
            if (mid.equals(transceiver.path("mid").asText())) {
                return transceiver;
            }
        }
        throw new AssertionError("no transceiver with mid " + mid + ": " + result.describe());
    }

    private static void assertStoppedOrRemoved(Result result, String mid) {
        for (JsonNode transceiver : result.state().path("transceivers")) {
            if (mid.equals(transceiver.path("mid").asText())) {
                assertEquals("stopped", transceiver.path("currentDirection").asText(), result.describe());
            }
        }
    }

    /**
     * Chromium's own serialization of the remote description it applied ({@code pc.remoteDescription.sdp} is
     * re-generated from what it parsed: it adds {@code generation 0} to candidates, writes {@code ::1} compressed):
     * the m-line has exactly our payload type, the fmtp part when given, and our two candidates.
     */
    private static void assertRemoteMediaLine(Result result, String kind, int payloadType, String fmtpPart) {
        String remote = result.remoteSdp();
        int start = remote.indexOf("\r\nm=" + kind + " ");
        assertTrue(start > 0, result.describe());
        int end = remote.indexOf("\r\nm=", start + 2);
        String section = remote.substring(start, end < 0 ? remote.length() : end);
        assertTrue(section.matches("(?s)\r\nm=" + kind + " \\d+ UDP/TLS/RTP/SAVPF " + payloadType + "\r\n.*"),
                result.describe());
        if (fmtpPart != null) {
            assertTrue(section.contains("a=fmtp:" + payloadType + " ") && section.contains(fmtpPart), section);
        }
        assertTrue(section.contains("a=sendonly"), section);
        assertTrue(section.contains(" 127.0.0.1 40000 typ host generation 0") && section.contains(" ::1 40000 typ host"),
                section);
    }
}
