package io.rtcgate.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rtcgate.media.Codec;
import io.rtcgate.ingest.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;

/**
 * Any text: {@link WhepOffer#parse} either accepts it with its invariants holding, or throws
 * {@link WhepOfferException} with a printable, bounded reason — nothing else. An accepted offer is then answered for
 * an unknown and a live stream: the answer is either refused with {@link WhepOfferException} or is printable-ASCII
 * SDP with CRLF line ends and as many m-lines as the offer.
 */
class WhepOfferFuzzTest {

    private static final SourceTracks LIVE = SourceTracks.of(SourceTracks.H264Track.of("640028", false),
            new SourceTracks.AudioTrack(Codec.PCMU, 8000, 1));

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        WhepOffer offer;
        try {
            offer = WhepOffer.parse(text);
        } catch (WhepOfferException e) {
            assertPrintableReason(e);
            return;
        }
        assertTrue(offer.media().size() >= 1 && offer.media().size() <= WhepOffer.MAX_MEDIA);
        assertTrue(!offer.bundleMids().isEmpty());
        assertEquals(32, offer.fingerprint().digest().length);
        assertEquals(DtlsFingerprint.SHA_256, offer.fingerprint().algorithm());
        assertTrue(SdpGrammar.isIceChars(offer.iceUfrag(), 4, 256));
        assertTrue(SdpGrammar.isIceChars(offer.icePwd(), 22, 256));
        assertTrue(offer.setup().equals("actpass") || offer.setup().equals("active"));
        assertTrue(offer.candidates().size() <= WhepOffer.MAX_CANDIDATES);
        for (IceCandidate candidate : offer.candidates()) {
            assertNotNull(candidate.ip());
            assertEquals("udp", candidate.transport());
        }
        for (OfferedMedia media : offer.media()) {
            assertTrue(!media.formats().isEmpty());
            for (OfferedCodec codec : media.codecs()) {
                codec.packetizationMode();
                codec.profileLevelId();
                codec.parametersText();
            }
        }
        for (SourceTracks tracks : new SourceTracks[] {SourceTracks.unknown(), LIVE}) {
            WhepAnswer answer;
            try {
                answer = new WhepAnswerer().answer(offer, tracks, WhepAnswererTest.local());
            } catch (WhepOfferException e) {
                assertPrintableReason(e);
                continue;
            }
            String sdp = answer.sdp();
            assertTrue(sdp.endsWith("\r\n"));
            assertTrue(sdp.replace("\r\n", "").chars().allMatch(c -> c >= 0x20 && c < 0x7f), sdp);
            assertEquals(offer.media().size(), SessionDescription.parse(sdp).media().size());
            assertTrue(answer.bundleMids().contains(answer.video().mid()));
        }
    }

    private static void assertPrintableReason(WhepOfferException e) {
        assertNotNull(e.reason());
        assertTrue(!e.reason().isEmpty() && e.reason().length() <= WhepOfferException.MAX_REASON_LENGTH);
        assertTrue(e.reason().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.reason());
    }
}
