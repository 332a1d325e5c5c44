package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtcgate.ingest.sdp.SessionDescription;
import io.rtcgate.ingest.sdp.TrackDescription;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Request URLs (RFC 2326 §3.2) as publishers send them, and matching SETUP URLs to SDP control attributes. */
class RequestTargetTest {

    @Test
    void streamNameIsThePathWithoutSlashes() {
        assertEquals("cam1", RequestTarget.parse("rtsp://127.0.0.1:8554/cam1").streamName());
        assertEquals("cam1", RequestTarget.parse("rtsp://user:pw@example.com/cam1/").streamName());
        assertEquals("cam1", RequestTarget.parse("/cam1").streamName());
        assertEquals("live/cam1", RequestTarget.parse("rtsp://h/live/cam1").streamName());
        assertEquals("", RequestTarget.parse("rtsp://h").streamName());
    }

    @Test
    void unusableUrlsAreNull() {
        assertNull(RequestTarget.parse(""));
        assertNull(RequestTarget.parse(null));
        assertNull(RequestTarget.parse("http://h/cam"));
        assertNull(RequestTarget.parse("mailto:x@y"));
        assertNull(RequestTarget.parse("cam1"));
        assertNull(RequestTarget.parse("rtsp://h/a b"));
        assertNull(RequestTarget.parse("rtsp://h/" + "a".repeat(RequestTarget.MAX_LENGTH)));
    }

    @Test
    void contentBaseDropsCredentialsAndQuery() {
        assertEquals(URI.create("rtsp://h:8554/cam"), RequestTarget.parse("rtsp://u:p@h:8554/cam?x=1").contentBase());
    }

    @Test
    void setupUrlsOfFfmpegAndGstreamerMatchTheirControlAttributes() throws Exception {
        String sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\n"
                + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n"
                + "m=audio 0 RTP/AVP 0\r\na=control:stream=1\r\n";
        RequestTarget announce = RequestTarget.parse("rtsp://localhost:8554/cam");
        var tracks = TrackDescription.tracks(SessionDescription.parse(sdp), announce.contentBase());
        // Another spelling of the host is fine: only path and query are compared.
        assertEquals(RequestTarget.parse("rtsp://127.0.0.1:8554/cam/streamid=0").pathAndQuery(),
                RequestTarget.pathAndQueryOf(tracks.get(0).control()));
        assertEquals(RequestTarget.parse("rtsp://127.0.0.1:8554/cam/stream=1/").pathAndQuery(),
                RequestTarget.pathAndQueryOf(tracks.get(1).control()));
    }
}
