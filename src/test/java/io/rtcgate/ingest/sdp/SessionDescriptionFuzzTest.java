package io.rtcgate.ingest.sdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Any text: parse either succeeds with the limits respected, or throws {@link SdpParseException}; nothing else. */
class SessionDescriptionFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isEmpty());
            return;
        }
        assertTrue(sdp.media().size() <= SessionDescription.MAX_MEDIA);
        assertTrue(sdp.attributes().size() <= SessionDescription.MAX_ATTRIBUTES_PER_SECTION);
        for (MediaDescription media : sdp.media()) {
            assertTrue(media.attributes().size() <= SessionDescription.MAX_ATTRIBUTES_PER_SECTION);
            assertTrue(media.port() >= 0 && media.port() <= 65535);
            for (int payloadType : media.payloadTypes()) {
                assertTrue(payloadType >= 0 && payloadType <= 127);
                media.rtpMap(payloadType);
                assertNotNull(media.fmtp(payloadType));
            }
            assertNotNull(media.direction());
        }
        TrackSelection selection = TrackDescription.select(sdp, URI.create("rtsp://cam.example/stream"));
        assertTrue(selection.tracks().size() + selection.skipped().size() == sdp.media().size());
        for (TrackDescription track : selection.tracks()) {
            assertNotNull(track.control());
            track.packetizationMode();
        }
    }
}
