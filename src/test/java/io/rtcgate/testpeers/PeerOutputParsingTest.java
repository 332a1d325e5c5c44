package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import io.rtcgate.testpeers.RtspStreamProbe.DecodeResult;
import io.rtcgate.testpeers.RtspStreamProbe.VideoPacket;
import org.junit.jupiter.api.Test;

/** The text the helpers read from ffmpeg/ffprobe, and the URLs they build. No processes. */
class PeerOutputParsingTest {

    @Test
    void credentialsArePercentEncodedInTheUserinfo() {
        URI url = RtspUrls.withCredentials(RtspUrls.local(8554, "/cam1"), "al ice", "p:w@x/é");

        assertEquals("rtsp://al%20ice:p%3Aw%40x%2F%C3%A9@127.0.0.1:8554/cam1", url.toString());
        assertEquals("127.0.0.1", url.getHost());
        assertEquals(8554, url.getPort());
    }

    @Test
    void decodeTakesTheLastProgressFrameAndClassifiesProblems() {
        String progress = "frame=10\nfps=0.0\nprogress=continue\nframe=9x\nframe=151\nprogress=end\n";
        String stderr = "[rtsp @ 0x1] RTP: missed 3 packets\n"
                + "[h264 @ 0x2] error while decoding MB 3 4, bytestream -5\n";

        DecodeResult result = RtspStreamProbe.parseDecode(progress, stderr, 0);

        assertEquals(151, result.frames());
        assertTrue(result.decodeErrors());
        assertTrue(result.packetLoss());
        assertEquals(2, result.problems().size());
    }

    @Test
    void cleanDecodeHasNoProblems() {
        DecodeResult result = RtspStreamProbe.parseDecode("frame=90\nprogress=end\n", "\n", 0);

        assertEquals(90, result.frames());
        assertFalse(result.decodeErrors());
        assertFalse(result.packetLoss());
        assertTrue(result.problems().isEmpty());
    }

    @Test
    void packetsKeepUnknownTimesAndKeyFlags() {
        List<VideoPacket> packets = RtspStreamProbe.parsePackets(
                "pts=N/A|dts=N/A|flags=K_\npts=3000|dts=3000|flags=__\nside_data|x=1\npts=6000|dts=6000|flags=K_\n");

        assertEquals(List.of(new VideoPacket(VideoPacket.UNKNOWN, VideoPacket.UNKNOWN, true),
                new VideoPacket(3000, 3000, false), new VideoPacket(6000, 6000, true)), packets);
    }

    @Test
    void flatOutputIsUnquoted() {
        var values = ClipFacts.flat("streams.stream.0.codec_name=\"h264\"\nstreams.stream.0.width=640\ngarbage\n");

        assertEquals("h264", values.get("streams.stream.0.codec_name"));
        assertEquals("640", values.get("streams.stream.0.width"));
        assertEquals(2, values.size());
    }
}
