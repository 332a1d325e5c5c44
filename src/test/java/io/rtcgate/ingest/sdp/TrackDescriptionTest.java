package io.rtcgate.ingest.sdp;

import io.rtcgate.media.Codec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackDescriptionTest {

    private static final URI BASE = URI.create("rtsp://192.0.2.10/stream");

    @Test
    void selectsSupportedCodecsFromCameraSdp() throws SdpParseException {
        TrackSelection selection = TrackDescription.select(
                SessionDescription.parse(SessionDescriptionTest.CAMERA_SDP), BASE);
        assertEquals(List.of(), selection.skipped());
        assertEquals(URI.create("rtsp://192.0.2.10/Streaming/Channels/101/"), selection.aggregateControl());
        TrackDescription video = selection.tracks().get(0);
        assertEquals(Codec.H264, video.codec());
        assertEquals(96, video.payloadType());
        assertEquals(90000, video.clockRate());
        assertEquals(1, video.packetizationMode());
        assertEquals("420029", video.profileLevelId());
        assertEquals("Z01AKI2NQDwBE/LCAAAOEAACvyAI,aO44gA==", video.spropParameterSets());
        assertEquals(URI.create("rtsp://192.0.2.10/Streaming/Channels/101/trackID=1"), video.control());
        TrackDescription audio = selection.tracks().get(1);
        assertEquals(Codec.PCMA, audio.codec());
        assertEquals(8, audio.payloadType());
        assertEquals(8000, audio.clockRate());
        assertEquals(1, audio.channels());
        assertEquals(1, audio.index());
    }

    @Test
    void picksFirstSupportedPayloadTypeAndSkipsUnsupportedSections() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(String.join("\n",
                "v=0",
                "m=video 0 RTP/AVP 97",
                "a=rtpmap:97 H265/90000",
                "a=control:trackID=0",
                "m=audio 0 RTP/AVP 98 111 0",
                "a=rtpmap:98 MPEG4-GENERIC/44100/2",
                "a=rtpmap:111 OPUS/48000/2",
                "a=fmtp:111 useinbandfec=1",
                "a=control:trackID=1",
                "m=video 0 RTP/AVP 96",
                "a=rtpmap:96 h264/90000",
                "a=control:trackID=2",
                "m=audio 0 RTP/AVP 96",
                "m=application 0 RTP/AVP 107",
                "a=rtpmap:107 vnd.onvif.metadata/90000",
                ""));
        TrackSelection selection = TrackDescription.select(sdp, BASE);
        assertEquals(2, selection.tracks().size());
        TrackDescription opus = selection.tracks().get(0);
        assertEquals(Codec.OPUS, opus.codec());
        assertEquals(111, opus.payloadType());
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals("1", opus.fmtp().get("useinbandfec"));
        assertEquals(URI.create("rtsp://192.0.2.10/stream/trackID=1"), opus.control());
        TrackDescription h264 = selection.tracks().get(1);
        assertEquals(Codec.H264, h264.codec());
        assertEquals(2, h264.index());
        assertEquals(0, h264.packetizationMode());
        assertNull(h264.spropParameterSets());

        assertEquals(3, selection.skipped().size());
        assertEquals("track 0 (video/H265/90000) skipped: unsupported codec", selection.skipped().get(0).toString());
        assertEquals("track 3 (audio/pt 96) skipped: unsupported codec", selection.skipped().get(1).toString());
        assertEquals("track 4 (application/vnd.onvif.metadata/90000) skipped: unsupported codec",
                selection.skipped().get(2).toString());
        assertEquals(selection.tracks(), TrackDescription.tracks(sdp, BASE));
    }

    @Test
    void rejectsWrongClockRateOrChannels() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(String.join("\n", "v=0",
                "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/1000",
                "m=audio 0 RTP/AVP 111", "a=rtpmap:111 opus/48000",
                "m=audio 0 RTP/AVP 97", "a=rtpmap:97 PCMU/8000/2", ""));
        TrackSelection selection = TrackDescription.select(sdp, BASE);
        assertEquals(List.of(), selection.tracks());
        assertEquals(3, selection.skipped().size());
    }

    @Test
    void controlUrlResolution() throws SdpParseException {
        // RFC 2326 §C.1.1: absolute as is, relative against the base, '*' or absent = aggregate URL
        assertEquals(URI.create("rtsp://other/abs/track"), control("a=control:rtsp://other/abs/track", BASE));
        assertEquals(URI.create("rtsp://192.0.2.10/stream/trackID=3"), control("a=control:trackID=3", BASE));
        assertEquals(URI.create("rtsp://192.0.2.10/stream/trackID=3"),
                control("a=control:trackID=3", URI.create("rtsp://192.0.2.10/stream/")));
        assertEquals(URI.create("rtsp://192.0.2.10/stream/trackID=3"), control("a=control:/trackID=3", BASE));
        assertEquals(BASE, control("a=control:*", BASE));
        assertEquals(BASE, control(null, BASE));
    }

    @Test
    void trackWithoutControlUsesAggregateControl() throws SdpParseException {
        SessionDescription sdp = SessionDescription.parse(
                "v=0\na=control:rtsp://cam/agg/\nm=audio 0 RTP/AVP 0\n");
        assertEquals(URI.create("rtsp://cam/agg/"), TrackDescription.tracks(sdp, BASE).get(0).control());
        SessionDescription relative = SessionDescription.parse("v=0\na=control:live\nm=audio 0 RTP/AVP 0\n"
                + "a=control:*\n");
        TrackSelection selection = TrackDescription.select(relative, BASE);
        assertEquals(URI.create("rtsp://192.0.2.10/stream/live"), selection.aggregateControl());
        assertEquals(selection.aggregateControl(), selection.tracks().get(0).control());
    }

    private static URI control(String controlLine, URI base) throws SdpParseException {
        String sdp = "v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n" + (controlLine == null ? ""
                : controlLine + "\n");
        return TrackDescription.tracks(SessionDescription.parse(sdp), base).get(0).control();
    }
}
