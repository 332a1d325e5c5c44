package io.rtcgate.webrtc.sdp;

import static io.rtcgate.webrtc.sdp.TestOffers.load;
import static io.rtcgate.webrtc.sdp.TestOffers.replaceOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.media.Codec;
import io.rtcgate.ingest.sdp.MediaDescription;
import io.rtcgate.ingest.sdp.SessionDescription;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhepAnswererTest {

    static final String LOCAL_FINGERPRINT =
            "0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9";

    static LocalEndpoint local() throws Exception {
        return LocalEndpoint.of("gw4Ufrag", "gatewayPassword0123456789", LOCAL_FINGERPRINT,
                List.of(new HostCandidate(InetAddress.getByName("127.0.0.1"), 40000),
                        new HostCandidate(InetAddress.getByName("::1"), 40000)),
                0x11223344L, 0xaabbccddL, "rtcgate-cam1", "cam1", "cam1-video", "cam1-audio");
    }

    static final SourceTracks HIGH_NO_B_OPUS = SourceTracks.of(SourceTracks.H264Track.of("640028", false),
            new SourceTracks.AudioTrack(Codec.OPUS, 48000, 2));

    private final WhepAnswerer answerer = new WhepAnswerer(() -> 4242L);

    @Test
    void chromiumOfferHighStreamWithoutBframesIsAnsweredAsConstrainedBaseline() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO_AUDIO));
        WhepAnswer answer = answerer.answer(offer, HIGH_NO_B_OPUS, local());

        NegotiatedVideo video = answer.video();
        assertEquals("0", video.mid());
        assertEquals(108, video.payloadType());
        assertEquals("42e01f", video.profileLevelId().toString());
        assertTrue(video.nack() && video.pli() && video.fir());
        assertEquals(0x11223344L, video.ssrc());
        NegotiatedAudio audio = answer.audio().orElseThrow();
        assertEquals(new NegotiatedAudio("1", 111, Codec.OPUS, 48000, 2, 0xaabbccddL), audio);
        assertEquals(List.of("0", "1"), answer.bundleMids());
        assertEquals("AKSQ", answer.remoteIceUfrag());
        assertEquals("BE7ogTO/6xWZTa2arpMErN5L", answer.remoteIcePwd());
        assertEquals(offer.fingerprint(), answer.remoteFingerprint());

        String expected = String.join("\r\n",
                "v=0",
                "o=rtcgate 4242 2 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1",
                "a=ice-lite",
                "a=msid-semantic: WMS cam1",
                "m=video 9 UDP/TLS/RTP/SAVPF 108",
                "c=IN IP4 0.0.0.0",
                "a=mid:0",
                "a=sendonly",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=ice-ufrag:gw4Ufrag",
                "a=ice-pwd:gatewayPassword0123456789",
                "a=fingerprint:sha-256 " + LOCAL_FINGERPRINT,
                "a=setup:passive",
                "a=rtpmap:108 H264/90000",
                "a=rtcp-fb:108 nack",
                "a=rtcp-fb:108 nack pli",
                "a=rtcp-fb:108 ccm fir",
                "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=ssrc:287454020 cname:rtcgate-cam1",
                "a=msid:cam1 cam1-video",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:2 1 udp 2130706175 0:0:0:0:0:0:0:1 40000 typ host",
                "a=end-of-candidates",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=mid:1",
                "a=sendonly",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=ice-ufrag:gw4Ufrag",
                "a=ice-pwd:gatewayPassword0123456789",
                "a=fingerprint:sha-256 " + LOCAL_FINGERPRINT,
                "a=setup:passive",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ssrc:2864434397 cname:rtcgate-cam1",
                "a=msid:cam1 cam1-audio",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:2 1 udp 2130706175 0:0:0:0:0:0:0:1 40000 typ host",
                "a=end-of-candidates",
                "");
        assertEquals(expected, answer.sdp());
    }

    @Test
    void answerParsesBackWithTheSameMlinesAndNoUnsupportedFeedback() throws Exception {
        for (String name : List.of(TestOffers.CHROMIUM_VIDEO, TestOffers.CHROMIUM_VIDEO_AUDIO,
                TestOffers.CHROMIUM_VIDEO_AUDIO_HOST, TestOffers.FIREFOX_STYLE, TestOffers.GSTREAMER_STYLE)) {
            WhepOffer offer = WhepOffer.parse(load(name));
            WhepAnswer answer = answerer.answer(offer, SourceTracks.unknown(), local());
            SessionDescription parsed = SessionDescription.parse(answer.sdp());
            assertEquals(offer.media().size(), parsed.media().size(), name);
            assertFalse(answer.sdp().contains("transport-cc") || answer.sdp().contains("goog-remb"), name);
            assertFalse(answer.sdp().replace("\r\n", "").contains("\r") || answer.sdp().replace("\r\n", "")
                    .contains("\n"), name);
            for (MediaDescription media : parsed.media()) {
                if (media.port() != 0) {
                    assertEquals("sendonly", media.direction(), name);
                    assertEquals("passive", media.attribute("setup"), name);
                    assertEquals(1, media.payloadTypes().size(), name);
                }
            }
        }
    }

    @Test
    void mainStreamGetsMainWhenOffered() throws Exception {
        WhepAnswer answer = answerer.answer(WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO)),
                SourceTracks.of(SourceTracks.H264Track.of("4d401f", true), null), local());
        assertEquals(116, answer.video().payloadType());
        assertEquals("4d001f", answer.video().profileLevelId().toString());
        assertTrue(answer.sdp().contains("a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;"
                + "profile-level-id=4d001f\r\n"));
    }

    @Test
    void mainStreamFallsBackToConstrainedBaselineWithLevelAsymmetry() throws Exception {
        WhepAnswer answer = answerer.answer(WhepOffer.parse(load(TestOffers.FIREFOX_STYLE)),
                SourceTracks.of(SourceTracks.H264Track.of("4d0028", false), null), local());
        assertEquals(126, answer.video().payloadType()); // 97 is packetization-mode 0
        // Firefox's fmtp order is kept; level-asymmetry-allowed was already 1
        assertTrue(answer.sdp().contains("a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;"
                + "packetization-mode=1\r\n"), answer.sdp());
    }

    @Test
    void levelAsymmetryIsAddedWhenTheOfferLacksItAndTheStreamDiffers() throws Exception {
        String offer = load(TestOffers.GSTREAMER_STYLE).replace(
                "a=fmtp:96 packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1",
                "a=fmtp:96 packetization-mode=1;profile-level-id=42e01f");
        WhepAnswer high = answerer.answer(WhepOffer.parse(offer),
                SourceTracks.of(SourceTracks.H264Track.of("640028", false), null), local());
        assertTrue(high.sdp().contains("a=fmtp:96 packetization-mode=1;profile-level-id=42e01f;"
                + "level-asymmetry-allowed=1\r\n"), high.sdp());
        WhepAnswer same = answerer.answer(WhepOffer.parse(offer),
                SourceTracks.of(SourceTracks.H264Track.of("42e01f", false), null), local());
        assertTrue(same.sdp().contains("a=fmtp:96 packetization-mode=1;profile-level-id=42e01f\r\n"), same.sdp());
    }

    @Test
    void baselineAndConstrainedBaselineStreamsPreferConstrainedBaseline() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO));
        for (String profile : List.of("42e01f", "42001f", "42c028")) {
            WhepAnswer answer = answerer.answer(offer, SourceTracks.of(SourceTracks.H264Track.of(profile, false),
                    null), local());
            assertEquals(108, answer.video().payloadType(), profile);
        }
        String withoutConstrained = load(TestOffers.CHROMIUM_VIDEO).replace("profile-level-id=42e01f",
                "profile-level-id=4d001f");
        WhepAnswer baseline = answerer.answer(WhepOffer.parse(withoutConstrained), SourceTracks.unknown(), local());
        assertEquals(102, baseline.video().payloadType()); // 42001f, packetization-mode 1
    }

    @Test
    void highStreamWithBframesNeedsHighInTheOffer() throws Exception {
        SourceTracks highWithB = SourceTracks.of(SourceTracks.H264Track.of("640028", true),
                new SourceTracks.AudioTrack(Codec.PCMA, 8000, 1));
        WhepOfferException e = assertThrows(WhepOfferException.class,
                () -> answerer.answer(WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO)), highWithB, local()));
        assertEquals("no codec in common: offer has VP8, VP9, H264 42001f/mode 1, H264 42001f/mode 0, "
                + "H264 42e01f/mode 1, H264 42e01f/mode 0, H264 4d001f/mode 1, H264 4d001f/mode 0, H264 f4001f/mode 1, "
                + "H264 f4001f/mode 0, AV1, stream has H.264 HIGH 640028 with B-frames, PCMA", e.reason());

        String withHigh = load(TestOffers.CHROMIUM_VIDEO).replace("profile-level-id=f4001f", "profile-level-id=640032");
        WhepAnswer answer = answerer.answer(WhepOffer.parse(withHigh), highWithB, local());
        assertEquals(41, answer.video().payloadType());
        assertEquals("640032", answer.video().profileLevelId().toString());
    }

    @Test
    void otherProfilesNeedTheSameProfileIdc() throws Exception {
        WhepOffer offer = WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO));
        WhepAnswer answer = answerer.answer(offer, SourceTracks.of(SourceTracks.H264Track.of("f40032", false), null),
                local());
        assertEquals(41, answer.video().payloadType());
        assertThrows(WhepOfferException.class, () -> answerer.answer(offer,
                SourceTracks.of(SourceTracks.H264Track.of("6e001f", false), null), local()));
    }

    @Test
    void packetizationModeZeroOnlyIsNoCodecInCommon() throws Exception {
        String offer = load(TestOffers.GSTREAMER_STYLE).replace("packetization-mode=1", "packetization-mode=0");
        WhepOfferException e = assertThrows(WhepOfferException.class,
                () -> answerer.answer(WhepOffer.parse(offer), SourceTracks.unknown(), local()));
        assertEquals("no codec in common: offer has H264 42e01f/mode 0, stream has unknown tracks (source offline)",
                e.reason());
    }

    @Test
    void unknownStreamPrefersOpusThenPcmuThenPcma() throws Exception {
        String chromium = load(TestOffers.CHROMIUM_VIDEO_AUDIO);
        WhepAnswer opus = answerer.answer(WhepOffer.parse(chromium), SourceTracks.unknown(), local());
        assertEquals(108, opus.video().payloadType());
        assertEquals(Codec.OPUS, opus.audio().orElseThrow().codec());
        String noOpus = chromium.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
                "m=audio 9 UDP/TLS/RTP/SAVPF 63 9 8 0 13 110 126");
        NegotiatedAudio pcmu = answerer.answer(WhepOffer.parse(noOpus), SourceTracks.unknown(), local()).audio()
                .orElseThrow();
        assertEquals(Codec.PCMU, pcmu.codec()); // our preference, although the offer lists PCMA first
        assertEquals(0, pcmu.payloadType());
        assertEquals(1, pcmu.channels());
    }

    @Test
    void audioPassThroughUsesTheStreamCodec() throws Exception {
        WhepAnswer answer = answerer.answer(WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO_AUDIO)),
                SourceTracks.of(SourceTracks.H264Track.of("42e01f", false),
                        new SourceTracks.AudioTrack(Codec.PCMA, 8000, 1)), local());
        assertEquals(new NegotiatedAudio("1", 8, Codec.PCMA, 8000, 1, 0xaabbccddL), answer.audio().orElseThrow());
        assertTrue(answer.sdp().contains("m=audio 9 UDP/TLS/RTP/SAVPF 8\r\n"));
        assertTrue(answer.sdp().contains("a=rtpmap:8 PCMA/8000\r\n"));
    }

    @Test
    void gstreamerUppercaseOpusIsMatched() throws Exception {
        WhepAnswer answer = answerer.answer(WhepOffer.parse(load(TestOffers.GSTREAMER_STYLE)), HIGH_NO_B_OPUS,
                local());
        assertEquals(97, answer.audio().orElseThrow().payloadType());
        assertEquals(List.of("video0", "audio1"), answer.bundleMids());
        assertTrue(answer.sdp().contains("a=rtpmap:97 OPUS/48000/2\r\n"));
    }

    @Test
    void audioWithoutCommonCodecIsRejectedWithPortZero() throws Exception {
        SourceTracks noAudio = SourceTracks.of(SourceTracks.H264Track.of("42e01f", false), null);
        WhepAnswer answer = answerer.answer(WhepOffer.parse(load(TestOffers.CHROMIUM_VIDEO_AUDIO)), noAudio, local());
        assertTrue(answer.audio().isEmpty());
        assertEquals(List.of("0"), answer.bundleMids());
        assertTrue(answer.sdp().contains("a=group:BUNDLE 0\r\n"));
        assertTrue(answer.sdp().endsWith("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"),
                answer.sdp());

        SourceTracks opusStream = HIGH_NO_B_OPUS;
        String pcmOnly = load(TestOffers.FIREFOX_STYLE).replace("m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101",
                "m=audio 9 UDP/TLS/RTP/SAVPF 9 0 8 101");
        assertTrue(answerer.answer(WhepOffer.parse(pcmOnly), opusStream, local()).audio().isEmpty());
    }

    @Test
    void unservedBundleTagStaysInTheGroupAsInactive() throws Exception {
        String gst = load(TestOffers.GSTREAMER_STYLE);
        int audioAt = gst.indexOf("m=audio");
        String audioFirst = gst.substring(0, gst.indexOf("m=video")) + gst.substring(audioAt)
                + gst.substring(gst.indexOf("m=video"), audioAt);
        audioFirst = audioFirst.replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE audio1 video0");
        WhepAnswer answer = answerer.answer(WhepOffer.parse(audioFirst),
                SourceTracks.of(SourceTracks.H264Track.of("42e01f", false), null), local());
        assertTrue(answer.audio().isEmpty());
        assertEquals(List.of("audio1", "video0"), answer.bundleMids());
        String expectedAudio = String.join("\r\n",
                "m=audio 9 UDP/TLS/RTP/SAVPF 97",
                "c=IN IP4 0.0.0.0",
                "a=mid:audio1",
                "a=inactive",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=ice-ufrag:gw4Ufrag",
                "a=ice-pwd:gatewayPassword0123456789",
                "a=fingerprint:sha-256 " + LOCAL_FINGERPRINT,
                "a=setup:passive",
                "a=rtpmap:97 OPUS/48000/2",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:2 1 udp 2130706175 0:0:0:0:0:0:0:1 40000 typ host",
                "a=end-of-candidates",
                "m=video 9 UDP/TLS/RTP/SAVPF 96");
        assertTrue(answer.sdp().contains(expectedAudio), answer.sdp());
    }

    @Test
    void dataChannelAsBundleTagIsRefused() throws Exception {
        String gst = load(TestOffers.GSTREAMER_STYLE);
        String offer = gst.replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE data0 video0 audio1")
                .replace("m=video", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
                        + "a=mid:data0\r\na=ice-ufrag:dataUfrag\r\na=ice-pwd:dataPassword0123456789012\r\n"
                        + "a=fingerprint:sha-256 " + LOCAL_FINGERPRINT + "\r\na=setup:actpass\r\nm=video");
        assertEquals("dataUfrag", WhepOffer.parse(offer).iceUfrag()); // the tag's transport
        WhepOfferException e = assertThrows(WhepOfferException.class,
                () -> answerer.answer(WhepOffer.parse(offer), SourceTracks.unknown(), local()));
        assertTrue(e.reason().startsWith("the offer's first bundled m-line (mid data0, application)"), e.reason());
    }

    @Test
    void extraVideoAndDataChannelMlinesAreRejected() throws Exception {
        String gst = load(TestOffers.GSTREAMER_STYLE);
        String second = gst.substring(gst.indexOf("m=video"), gst.indexOf("m=audio")).replace("video0", "video2");
        String offer = gst.replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE video0 audio1 video2 data3")
                + second + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:data3\r\n"
                + "a=sctp-port:5000\r\n";
        WhepAnswer answer = answerer.answer(WhepOffer.parse(offer), HIGH_NO_B_OPUS, local());
        assertEquals(List.of("video0", "audio1"), answer.bundleMids());
        assertTrue(answer.sdp().contains("m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:video2\r\n"));
        assertTrue(answer.sdp().endsWith("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=mid:data3\r\n"));
    }

    @Test
    void sendonlyVideoIsNotServable() throws Exception {
        String offer = replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "a=recvonly", "a=sendonly");
        WhepOfferException e = assertThrows(WhepOfferException.class,
                () -> answerer.answer(WhepOffer.parse(offer), SourceTracks.unknown(), local()));
        assertTrue(e.reason().startsWith("offer has no video m-line the gateway can send on"), e.reason());
        String sendrecv = replaceOnce(load(TestOffers.CHROMIUM_VIDEO), "a=recvonly", "a=sendrecv");
        assertTrue(answerer.answer(WhepOffer.parse(sendrecv), SourceTracks.unknown(), local()).sdp()
                .contains("a=sendonly\r\n"));
    }

    @Test
    void hostPriorityFollowsRfc8445() {
        assertEquals(2130706431L, WhepAnswerer.hostPriority(0)); // 126 << 24 | 65535 << 8 | 255
        assertEquals(2130706175L, WhepAnswerer.hostPriority(1));
    }

    @Test
    void localEndpointValidation() throws Exception {
        List<HostCandidate> hosts = List.of(new HostCandidate(InetAddress.getByName("192.0.2.1"), 5000));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("ab", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, hosts, 1, 2, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "short",
                LOCAL_FINGERPRINT, hosts, 1, 2, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                "00:11", hosts, 1, 2, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, List.of(), 1, 2, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, hosts, 1, 1, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, hosts, 1L << 32, 2, "c", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, hosts, 1, 2, "c name", "s", "v", "a"));
        assertThrows(IllegalArgumentException.class, () -> LocalEndpoint.of("abcd", "gatewayPassword0123456789",
                LOCAL_FINGERPRINT, hosts, 1, 2, "c", "s\r\n", "v", "a"));
        assertThrows(IllegalArgumentException.class,
                () -> new HostCandidate(InetAddress.getByName("0.0.0.0"), 5000));
        assertThrows(IllegalArgumentException.class,
                () -> new HostCandidate(InetAddress.getByName("192.0.2.1"), 0));
    }
}
