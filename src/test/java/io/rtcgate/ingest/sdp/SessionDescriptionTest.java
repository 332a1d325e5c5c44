package io.rtcgate.ingest.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    /** A typical IP camera DESCRIBE answer (H.264 + G.711 A-law), CRLF line ends. */
    static final String CAMERA_SDP = String.join("\r\n",
            "v=0",
            "o=- 1109162014219182 1109162014219192 IN IP4 192.0.2.10",
            "s=Media Presentation",
            "e=NONE",
            "b=AS:5050",
            "t=0 0",
            "a=control:rtsp://192.0.2.10/Streaming/Channels/101/",
            "a=range:npt=now-",
            "m=video 0 RTP/AVP 96",
            "c=IN IP4 0.0.0.0",
            "b=AS:5000",
            "a=recvonly",
            "a=x-dimensions:1920,1080",
            "a=control:rtsp://192.0.2.10/Streaming/Channels/101/trackID=1",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; "
                    + "sprop-parameter-sets=Z01AKI2NQDwBE/LCAAAOEAACvyAI,aO44gA==",
            "m=audio 0 RTP/AVP 8",
            "c=IN IP4 0.0.0.0",
            "a=rtpmap:8 PCMA/8000",
            "a=control:rtsp://192.0.2.10/Streaming/Channels/101/trackID=2",
            "") + "\r\n";

    @Test
    void parsesSessionLevelFields() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(CAMERA_SDP);
        assertEquals("- 1109162014219182 1109162014219192 IN IP4 192.0.2.10", sdp.origin());
        assertEquals("Media Presentation", sdp.sessionName());
        assertNull(sdp.connection());
        assertEquals("rtsp://192.0.2.10/Streaming/Channels/101/", sdp.control());
        assertEquals("npt=now-", sdp.range());
        assertEquals(2, sdp.media().size());
    }

    @Test
    void parsesMediaSections() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(CAMERA_SDP);
        MediaDescription video = sdp.media().get(0);
        assertEquals("video", video.type());
        assertEquals(0, video.port());
        assertEquals("RTP/AVP", video.protocol());
        assertEquals(List.of(96), video.payloadTypes());
        assertEquals("rtsp://192.0.2.10/Streaming/Channels/101/trackID=1", video.control());
        assertEquals("recvonly", video.direction());
        assertEquals("IN IP4 0.0.0.0", video.connection());
        assertEquals(new RtpMap(96, "H264", 90000, 1), video.rtpMap(96));
        assertEquals(Map.of("profile-level-id", "420029", "packetization-mode", "1",
                "sprop-parameter-sets", "Z01AKI2NQDwBE/LCAAAOEAACvyAI,aO44gA=="), video.fmtp(96));
        assertEquals("1920,1080", video.attribute("x-dimensions"));
        assertEquals("", video.attribute("recvonly"));
        assertNull(video.attribute("absent"));
        assertEquals(5, video.attributes().size());

        MediaDescription audio = sdp.media().get(1);
        assertEquals("audio", audio.type());
        assertEquals(new RtpMap(8, "PCMA", 8000, 1), audio.rtpMap(8));
        assertEquals(Map.of(), audio.fmtp(8));
        assertEquals("sendrecv", audio.direction());
    }

    @Test
    void acceptsLfOnlyAndMixedLineEnds() throws SdpParseException {
        SessionDescription crlf = SessionDescription.parse(CAMERA_SDP);
        SessionDescription lf = SessionDescription.parse(CAMERA_SDP.replace("\r\n", "\n"));
        assertEquals(crlf.media().get(0).fmtp(96), lf.media().get(0).fmtp(96));
        assertEquals(crlf.control(), lf.control());
        SessionDescription noFinalNewline = SessionDescription.parse("v=0\r\ns=x\nm=audio 0 RTP/AVP 0");
        assertEquals(1, noFinalNewline.media().size());
    }

    @Test
    void staticPayloadTypesWithoutRtpmap() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse("v=0\ns=-\nm=audio 5004 RTP/AVP 0 8 96\n");
        MediaDescription audio = sdp.media().get(0);
        assertEquals(5004, audio.port());
        assertEquals(List.of(0, 8, 96), audio.payloadTypes());
        assertEquals(new RtpMap(0, "PCMU", 8000, 1), audio.rtpMap(0));
        assertEquals(new RtpMap(8, "PCMA", 8000, 1), audio.rtpMap(8));
        assertNull(audio.rtpMap(96));
    }

    @Test
    void explicitRtpmapOverridesStaticAssignment() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse("v=0\nm=audio 0 RTP/AVP 8\na=rtpmap:8 PCMA/16000\n");
        assertEquals(16000, sdp.media().get(0).rtpMap(8).clockRate());
    }

    @Test
    void rtpmapWithChannelsAndFmtpFlagParameters() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(
                "v=0\nm=audio 0 RTP/AVP 111\na=rtpmap:111 opus/48000/2\na=fmtp:111 MinPTime=10;useinbandfec=1; stereo ;"
                        + ";x=a=b\n");
        MediaDescription audio = sdp.media().get(0);
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111));
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1", "stereo", "", "x", "a=b"), audio.fmtp(111));
    }

    @Test
    void sessionLevelDirectionIsInheritedAndMediaLevelWins() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(
                "v=0\na=sendonly\nm=video 0 RTP/AVP 96\nm=audio 0 RTP/AVP 0\na=inactive\n");
        assertEquals("sendonly", sdp.direction());
        assertEquals("sendonly", sdp.media().get(0).direction());
        assertEquals("inactive", sdp.media().get(1).direction());
    }

    @Test
    void unknownLinesAndNonRtpFormatsAreIgnored() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(
                "v=0\nx=whatever\nk=clear:secret\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\n"
                        + "a=fmtp:webrtc-datachannel max-message-size=1\n");
        MediaDescription application = sdp.media().get(0);
        assertEquals(List.of(), application.payloadTypes());
        assertEquals(List.of("webrtc-datachannel"), application.formats());
    }

    @Test
    void attributeValuesListsEveryRepetitionInOrder() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse("v=0\na=group:BUNDLE 0\na=tool:x\na=group:LS 0\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\na=rtcp-fb:96 nack\na=rtpmap:96 H264/90000\na=rtcp-fb:96 nack pli\n"
                + "a=rtcp-mux\n");
        assertEquals(List.of("BUNDLE 0", "LS 0"), sdp.attributeValues("group"));
        assertEquals(List.of(), sdp.attributeValues("fingerprint"));
        MediaDescription video = sdp.media().get(0);
        assertEquals(List.of("96 nack", "96 nack pli"), video.attributeValues("rtcp-fb"));
        assertEquals(List.of(""), video.attributeValues("rtcp-mux"));
        assertEquals(List.of(), video.attributeValues("candidate"));
    }

    @Test
    void portWithCountIsAccepted() throws SdpParseException {
        assertEquals(49170, SessionDescription.parse("v=0\nm=video 49170/2 RTP/AVP 31\n").media().get(0).port());
    }

    @Test
    void rejectsMalformedInputWithLineNumber() {
        assertParseError("", 0, "empty");
        assertParseError("s=no version\n", 1, "first line must be v=0");
        assertParseError("v=1\n", 1, "unsupported SDP version");
        assertParseError("v=0\nthis is not sdp\n", 2, "expected '<letter>=<value>'");
        assertParseError("v=0\r\ns=x\r\nm=video\r\n", 3, "m= needs");
        assertParseError("v=0\nm=video 70000 RTP/AVP 96\n", 2, "port 70000 is outside 0..65535");
        assertParseError("v=0\nm=video x RTP/AVP 96\n", 2, "port \"x\" is not a number");
        assertParseError("v=0\nm=video 0 RTP/AVP 128\n", 2, "payload type 128 is outside 0..127");
        assertParseError("v=0\nm=video 0 RTP/AVP h264\n", 2, "payload type \"h264\" is not a number");
        assertParseError("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96\n", 3, "rtpmap needs");
        assertParseError("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264\n", 3, "rtpmap needs");
        assertParseError("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/0\n", 3, "clock rate 0 is outside");
        assertParseError("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/99999999999\n", 3, "is not a number");
        assertParseError("v=0\nm=audio 0 RTP/AVP 96\na=rtpmap:96 opus/48000/0\n", 3, "channels 0 is outside");
        assertParseError("v=0\nm=audio 0 RTP/AVP 96\na=fmtp:300 a=b\n", 3, "fmtp payload type 300");
        assertParseError("v=0\nm=audio 0 RTP/AVP 96\na=control:has space\n", 3, "a=control is not a valid URI");
        assertParseError("v=0\na=:x\n", 2, "attribute without a name");
        assertParseError("v=0\nv=0\n", 2, "duplicate v= line");
    }

    @Test
    void enforcesLimits() throws SdpParseException {
        SdpParseException tooLong = assertThrows(SdpParseException.class,
                () -> SessionDescription.parse("v=0\n" + "i=" + "x".repeat(SessionDescription.MAX_LENGTH)));
        assertTrue(tooLong.getMessage().contains("limit is 65536"), tooLong.getMessage());

        StringBuilder media = new StringBuilder("v=0\n");
        for (int i = 0; i < SessionDescription.MAX_MEDIA; i++) {
            media.append("m=audio 0 RTP/AVP 0\n");
        }
        assertEquals(SessionDescription.MAX_MEDIA, SessionDescription.parse(media.toString()).media().size());
        media.append("m=audio 0 RTP/AVP 0\n");
        assertParseError(media.toString(), SessionDescription.MAX_MEDIA + 2, "more than 32 media sections");

        StringBuilder attributes = new StringBuilder("v=0\nm=video 0 RTP/AVP 96\n");
        for (int i = 0; i < SessionDescription.MAX_ATTRIBUTES_PER_SECTION; i++) {
            attributes.append("a=x-").append(i).append('\n');
        }
        assertEquals(256, SessionDescription.parse(attributes.toString()).media().get(0).attributes().size());
        attributes.append("a=one-too-many\n");
        assertParseError(attributes.toString(), 259, "more than 256 attributes in media section 0");
    }

    private static void assertParseError(String sdp, int lineNumber, String messagePart) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertEquals(lineNumber, e.lineNumber(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), () -> "message \"" + e.getMessage() + "\" lacks \""
                + messagePart + "\"");
    }
}
