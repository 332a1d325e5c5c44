package io.rtcgate.webrtc.sdp;

import static io.rtcgate.webrtc.sdp.TestOffers.load;
import static io.rtcgate.webrtc.sdp.TestOffers.replaceOnce;
import static io.rtcgate.webrtc.sdp.TestOffers.withoutLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhepOfferTest {

    @Test
    void chromiumVideoAudioOffer() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO_AUDIO));
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertEquals("AKSQ", offer.iceUfrag());
        assertEquals("BE7ogTO/6xWZTa2arpMErN5L", offer.icePwd());
        assertEquals("actpass", offer.setup());
        assertEquals("sha-256", offer.fingerprint().algorithm());
        assertEquals("CD:A1:A4:D1:FB:6E:A5:46:BD:C9:43:BE:A6:05:ED:30:B8:FE:9F:41:42:48:B3:5A:B6:7D:F4:01:E9:23:C0:E8",
                offer.fingerprint().hex());
        assertEquals(0xcd, offer.fingerprint().digest()[0] & 0xff);
        assertEquals(List.of(), offer.candidates()); // gathered with mDNS on: Chromium put no candidate in the offer

        OfferedMedia video = offer.media().get(0);
        assertEquals("video", video.kind());
        assertEquals("0", video.mid());
        assertEquals("recvonly", video.direction());
        assertTrue(video.rtcpMux() && video.rtcpRsize() && !video.disabled() && video.isWebRtcRtp());
        assertEquals(34, video.codecs().size());
        OfferedCodec h264 = codec(video, 108);
        assertTrue(h264.isH264());
        assertEquals(1, h264.packetizationMode());
        assertEquals("42e01f", h264.profileLevelId().toString());
        assertEquals(Map.of("level-asymmetry-allowed", "1", "packetization-mode", "1", "profile-level-id", "42e01f"),
                h264.parameters());
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", h264.parametersText());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), h264.feedback());
        assertEquals(0, codec(video, 104).packetizationMode());
        assertEquals("rtx", codec(video, 109).encodingName());
        assertEquals(Map.of("apt", "108"), codec(video, 109).parameters());

        OfferedMedia audio = offer.media().get(1);
        assertEquals("audio", audio.kind());
        assertEquals("1", audio.mid());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        OfferedCodec opus = codec(audio, 111);
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), opus.parameters());
        assertEquals("PCMU", codec(audio, 0).encodingName());
        assertEquals(8000, codec(audio, 8).clockRate());
    }

    @Test
    void chromiumVideoOnlyOffer() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO));
        assertEquals(List.of("0"), offer.bundleMids());
        assertEquals(1, offer.media().size());
        assertEquals("nocQ", offer.iceUfrag());
    }

    @Test
    void chromiumHostCandidatesComeFromTheBundleTagOnly() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO_AUDIO_HOST));
        assertEquals(2, offer.candidates().size());
        IceCandidate v4 = offer.candidates().get(0);
        assertEquals("1208129372", v4.foundation());
        assertEquals(1, v4.component());
        assertEquals("udp", v4.transport());
        assertEquals(2113937151L, v4.priority());
        assertEquals(InetAddress.getByName("192.0.2.2"), v4.ip());
        assertEquals(45802, v4.port()); // the audio m-line's own port 37616 (bundle policy balanced) is not used
        assertEquals("host", v4.type());
        assertEquals(InetAddress.getByName("fd00::2"), offer.candidates().get(1).ip());
        assertEquals(0, offer.ignoredCandidates());
    }

    @Test
    void firefoxStyleOfferWithSessionLevelFingerprintAndMdnsCandidates() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.FIREFOX_STYLE));
        assertEquals("7A:1C:45:9E:04:3B:E9:58:2D:6F:A0:11:C8:90:3E:57:B2:64:DD:0F:81:9A:35:E7:4C:22:BF:06:91:D3:6A:EC",
                offer.fingerprint().hex());
        assertEquals("9e3b7c1a", offer.iceUfrag());
        assertEquals("recvonly", offer.media().get(0).direction()); // media level beats session-level a=sendrecv
        assertEquals(1, offer.candidates().size()); // the srflx one; .local (UDP) and TCP are skipped
        assertEquals("srflx", offer.candidates().get(0).type());
        assertEquals(2, offer.ignoredCandidates());
        assertEquals(0, codec(offer.media().get(0), 97).packetizationMode());
        assertEquals(1, codec(offer.media().get(0), 126).packetizationMode());
        assertFalse(offer.media().get(1).rtcpRsize());
    }

    @Test
    void gstreamerStyleOffer() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.GSTREAMER_STYLE));
        assertEquals(List.of("video0", "audio1"), offer.bundleMids());
        assertEquals("OPUS", offer.media().get(1).codecs().get(0).encodingName());
        assertEquals(1, offer.candidates().size());
        assertEquals(51124, offer.candidates().get(0).port());
        assertEquals(1, offer.ignoredCandidates());
    }

    @Test
    void setupActiveAndAbsentAreAccepted() throws Exception {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        assertEquals("active", WhepOffer.parse(chromium.replace("a=setup:actpass", "a=setup:active")).setup());
        assertEquals("active", WhepOffer.parse(withoutLines(chromium, "a=setup:")).setup()); // RFC 4145 §4 default
    }

    @Test
    void sessionLevelIceCredentialsAreUsedWhenTheMediaHasNone() throws Exception {
        String chromium = withoutLines(withoutLines(load(TestOffers.CHROMIUM_VIDEO), "a=ice-ufrag:"), "a=ice-pwd:");
        String offer = replaceOnce(chromium, "t=0 0\r\n", "t=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:0123456789abcdefghijkl\r\n");
        assertEquals("sess", WhepOffer.parse(offer).iceUfrag());
    }

    @Test
    void severalFingerprintsPickSha256() throws Exception {
        String offer = replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "a=fingerprint:sha-256",
                "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33\r\na=fingerprint:SHA-256");
        assertEquals(0x2f, WhepOffer.parse(offer).fingerprint().digest()[0] & 0xff);
    }

    @Test
    void bundleOnlyMlineWithPortZeroIsActive() throws Exception {
        String offer = replaceOnce(load(TestOffers.GSTREAMER_STYLE), "m=audio 9 ", "m=audio 0 ");
        offer = replaceOnce(offer, "a=mid:audio1", "a=mid:audio1\r\na=bundle-only");
        OfferedMedia audio = WhepOffer.parse(offer).media().get(1);
        assertFalse(audio.disabled());
    }

    @Test
    void disabledMlineNeedsNoMidNorBundle() throws Exception {
        String offer = load(TestOffers.CHROMIUM_VIDEO) + "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                + "c=IN IP4 0.0.0.0\r\n";
        OfferedMedia application = WhepOffer.parse(offer).media().get(1);
        assertTrue(application.disabled());
        assertEquals(List.of("webrtc-datachannel"), application.formats());
    }

    @Test
    void fmtpValuesThatCannotBeEchoedSafelyAreDropped() throws Exception {
        String offer = replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "a=fmtp:108 level-asymmetry-allowed=1;",
                "a=fmtp:108 x-evil=a\rb=c;level-asymmetry-allowed=1;");
        OfferedCodec h264 = codec(WhepOffer.parse(offer).media().get(0), 108);
        assertFalse(h264.parameters().containsKey("x-evil"));
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", h264.parametersText());
    }

    // ---- rejections ----

    @Test
    void rejectsWhatIsNotSdp() {
        assertRejected(null, "offer is empty");
        assertRejected("", "offer is empty");
        assertRejected("hello world", "offer is not valid SDP");
        assertRejected("{\"type\":\"offer\"}", "offer is not valid SDP");
        assertRejected("v=1\r\n", "offer is not valid SDP");
        byte[] binary = new byte[512];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37);
        }
        assertRejected(new String(binary, StandardCharsets.ISO_8859_1), "offer is not valid SDP");
        assertRejected("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "offer has no m-lines");
    }

    @Test
    void enforcesSizeAndMediaLimits() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        assertRejected(chromium + "a=x-pad:" + "x".repeat(WhepOffer.MAX_LENGTH), "limit is 65536");
        StringBuilder many = new StringBuilder(chromium);
        for (int i = 0; i < 1000; i++) {
            many.append("m=audio 0 RTP/AVP 0\r\n");
        }
        assertRejected(many.toString().substring(0, Math.min(many.length(), WhepOffer.MAX_LENGTH)),
                "m-lines, limit is 16");
        StringBuilder seventeen = new StringBuilder("v=0\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 17; i++) {
            seventeen.append("m=audio 0 RTP/AVP 0\r\n");
        }
        assertRejected(seventeen.toString(), "offer has 17 m-lines, limit is 16");
        StringBuilder sixteen = new StringBuilder(chromium);
        for (int i = 1; i < 16; i++) {
            sixteen.append("m=audio 0 RTP/AVP 0\r\n");
        }
        assertThrowsNothing(sixteen.toString());
    }

    @Test
    void rejectsMissingIceCredentials() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        assertRejected(withoutLines(chromium, "a=ice-ufrag:"), "no a=ice-ufrag");
        assertRejected(withoutLines(chromium, "a=ice-pwd:"), "no a=ice-pwd");
        assertRejected(chromium.replace("a=ice-ufrag:nocQ", "a=ice-ufrag:no"), "a=ice-ufrag must be 4 to 256");
        assertRejected(chromium.replace("a=ice-ufrag:nocQ", "a=ice-ufrag:no c"), "a=ice-ufrag must be 4 to 256");
        assertRejected(chromium.replace("a=ice-pwd:tyIq3sNdj29ICq2KAENwHTDS", "a=ice-pwd:short"),
                "a=ice-pwd must be 22 to 256");
    }

    @Test
    void rejectsMissingOrBadFingerprint() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        String line = "a=fingerprint:sha-256 2F:55:4A:19:56:23:DD:1A:7D:4E:BA:67:76:1A:DF:CD:C5:51:AD:DA:69:E9:13:16:66:28:"
                + "CC:5C:7C:EF:8E:22";
        assertRejected(withoutLines(chromium, "a=fingerprint:"), "no a=fingerprint");
        assertRejected(chromium.replace(line, "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33"),
                "no sha-256 a=fingerprint (has sha-1)");
        assertRejected(chromium.replace(line, line.substring(0, line.length() - 3)), "must be 32 hex pairs");
        assertRejected(chromium.replace(line, line + ":00"), "must be 32 hex pairs");
        assertRejected(chromium.replace(line, line.replace("2F:55", "2G:55")), "is not hex pairs");
        assertRejected(chromium.replace(line, line.replace("2F:55", "2F-55")), "is not hex pairs");
        assertRejected(chromium.replace(line, "a=fingerprint:sha-256"), "needs '<hash-func> <hex:hex:...>'");
    }

    @Test
    void rejectsSetupThatWouldMakeUsTheDtlsClient() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        assertRejected(chromium.replace("a=setup:actpass", "a=setup:passive"), "a=setup:passive is not accepted");
        assertRejected(chromium.replace("a=setup:actpass", "a=setup:holdconn"), "a=setup:holdconn is not accepted");
    }

    @Test
    void rejectsOffersThatAreNotBundled() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO_AUDIO);
        assertRejected(withoutLines(chromium, "a=group:BUNDLE"), "no a=group:BUNDLE");
        assertRejected(chromium.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"),
                "m-line 1 (audio) with mid 1 is not in the BUNDLE group");
        assertRejected(chromium.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2"), "names mid 2");
        assertRejected(chromium.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE"), "lists no mid");
        assertRejected(chromium.replace("a=mid:1", "a=mid:0"), "repeats a=mid:0");
        assertRejected(withoutLines(chromium, "a=mid:"), "has no a=mid");
        assertRejected(chromium.replace("a=mid:1", "a=mid:" + "x".repeat(33)), "invalid a=mid");
    }

    @Test
    void rejectsMissingRtcpMux() {
        assertRejected(withoutLines(load(TestOffers.CHROMIUM_VIDEO_AUDIO), "a=rtcp-mux"),
                "m-line 0 (video) has no a=rtcp-mux");
    }

    @Test
    void rejectsIceLiteOffer() {
        assertRejected(replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n"),
                "offer is ICE-lite");
    }

    @Test
    void rejectsControlCharactersThatWouldBeEchoed() {
        String chromium = load(TestOffers.CHROMIUM_VIDEO);
        assertRejected(chromium.replace("m=video 9", "m=vid\u0001eo 9"), "invalid media type");
        assertRejected(chromium.replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 9 UDP/TLS/RTP/SAVPF\r"),
                "invalid");
    }

    @Test
    void malformedCandidatesAreIgnoredOneByOne() throws Exception {
        String offer = replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "a=mid:0\r\n", "a=mid:0\r\n"
                + "a=candidate:garbage\r\n"
                + "a=candidate:1 1 udp 99999999999 192.0.2.1 5000 typ host\r\n"
                + "a=candidate:1 1 udp 100 192.0.2.300 5000 typ host\r\n"
                + "a=candidate:1 2 udp 100 192.0.2.1 5001 typ host\r\n"
                + "a=candidate:1 1 udp 100 192.0.2.1 5000 typ host\r\n");
        WhepOffer parsed = WhepOffer.parse(offer);
        assertEquals(1, parsed.candidates().size());
        assertEquals(4, parsed.ignoredCandidates());
    }

    @Test
    void reasonsArePrintableAsciiAndBounded() {
        WhepOfferException e = assertThrows(WhepOfferException.class,
                () -> WhepOffer.parse("v=0\r\n\u0000\u00ff\u2028" + "\u0007".repeat(1000) + "\r\n"));
        assertTrue(e.reason().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.reason());
        assertTrue(e.reason().length() <= WhepOfferException.MAX_REASON_LENGTH);
    }

    static OfferedCodec codec(OfferedMedia media, int payloadType) {
        return media.codecs().stream().filter(c -> c.payloadType() == payloadType).findFirst()
                .orElseThrow(() -> new AssertionError("no payload type " + payloadType));
    }

    private static void assertThrowsNothing(String sdp) {
        try {
            WhepOffer.parse(sdp);
        } catch (WhepOfferException e) {
            throw new AssertionError("unexpected rejection: " + e.getMessage(), e);
        }
    }

    private static void assertRejected(String sdp, String reasonPart) {
        WhepOfferException e = assertThrows(WhepOfferException.class, () -> WhepOffer.parse(sdp));
        assertTrue(e.reason().contains(reasonPart), () -> "reason \"" + e.reason() + "\" lacks \"" + reasonPart + "\"");
        assertTrue(e.reason().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.reason());
    }
}
