package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.util.ReferenceCountUtil;
import io.rtcgate.testsupport.TrackingAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterleavedFrameDemuxerTest {

    private final TrackingAllocator allocator = new TrackingAllocator(false);
    private final List<String> events = new ArrayList<>();
    private final List<ByteBuf> deliveredFrames = new ArrayList<>();

    @AfterEach
    void everyBufferReleased() {
        for (ByteBuf frame : deliveredFrames) {
            assertEquals(0, frame.refCnt(), "delivered frame still referenced");
        }
        assertEquals(0, allocator.outstanding(), "unreleased buffers");
    }

    /** Records a frame, checks it is a readable retained slice, releases it. */
    private final InterleavedFrameListener recordingListener = (channel, frame) -> {
        assertTrue(frame.refCnt() > 0);
        events.add("F" + channel + ":" + frame.toString(StandardCharsets.ISO_8859_1));
        deliveredFrames.add(frame);
        frame.release();
    };

    /** Records a passed-on text message and releases it. */
    private final class MessageRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                events.add("M:" + ((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private EmbeddedChannel channel(InterleavedFrameDemuxer demuxer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(demuxer, new MessageRecorder());
        return channel;
    }

    static byte[] frame(int channel, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] frame = new byte[4 + data.length];
        frame[0] = '$';
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        return frame;
    }

    static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private void write(EmbeddedChannel channel, byte[] bytes, int from, int to) {
        channel.writeInbound(allocator.copyOf(java.util.Arrays.copyOfRange(bytes, from, to)));
    }

    private static final String OPTIONS = "OPTIONS rtsp://cam/stream RTSP/1.0\r\nCSeq: 1\r\n\r\n";
    private static final String SDP = "v=0\r\ns=x\r\nm=video 0 RTP/AVP 96\r\n";
    private static final String DESCRIBE_RESPONSE = "RTSP/1.0 200 OK\r\nCSeq: 2\r\ncontent-LENGTH:  " + SDP.length()
            + "\r\nContent-Type: application/sdp\r\n\r\n" + SDP;

    @Test
    void singleFrame() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] bytes = frame(1, "rtcp");
        write(channel, bytes, 0, bytes.length);
        assertEquals(List.of("F1:rtcp"), events);
        assertEquals(1, demuxer.frames());
        assertEquals(4, demuxer.frameBytes());
        assertFalse(channel.finish());
    }

    @Test
    void framesSplitAtEveryByteBoundaryAndMixedWithMessages() {
        byte[] stream = concat(frame(0, "first-rtp"), OPTIONS, frame(1, "x"), frame(2, "y".repeat(300)),
                DESCRIBE_RESPONSE, frame(255, "last"));
        List<String> expected = List.of("F0:first-rtp", "M:" + OPTIONS, "F1:x", "F2:" + "y".repeat(300),
                "M:" + DESCRIBE_RESPONSE, "F255:last");
        for (int split = 0; split <= stream.length; split++) {
            events.clear();
            InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
            EmbeddedChannel channel = channel(demuxer);
            write(channel, stream, 0, split);
            write(channel, stream, split, stream.length);
            assertEquals(expected, events, "split at " + split);
            assertEquals(4, demuxer.frames());
            assertEquals(2, demuxer.rtspMessages());
            assertEquals(0, demuxer.garbageBytes());
            assertFalse(channel.finish());
        }
        // and one byte per read
        events.clear();
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        for (int i = 0; i < stream.length; i++) {
            write(channel, stream, i, i + 1);
        }
        assertEquals(expected, events);
        assertFalse(channel.finish());
    }

    @Test
    void severalFramesInOneReadAreSlicesOfTheReadBuffer() {
        List<ByteBuf> held = new ArrayList<>();
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer((ch, frame) -> held.add(frame));
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat(frame(0, "a"), frame(1, "bb"), frame(0, "ccc"));
        ByteBuf read = allocator.copyOf(stream);
        channel.writeInbound(read);
        assertEquals(3, held.size());
        assertEquals(6, demuxer.frameBytes());
        assertEquals(1, allocator.allocations(), "no buffer allocated besides the read itself");
        // the frames are views of the read buffer, not copies: a change to it shows through
        read.setByte(4, 'A');
        read.setByte(9, 'B');
        read.setByte(15, 'C');
        assertEquals("A", held.get(0).toString(StandardCharsets.US_ASCII));
        assertEquals("Bb", held.get(1).toString(StandardCharsets.US_ASCII));
        assertEquals("Ccc", held.get(2).toString(StandardCharsets.US_ASCII));
        for (ByteBuf frame : held) {
            frame.release();
            deliveredFrames.add(frame);
        }
        assertFalse(channel.finish());
    }

    @Test
    void zeroLengthFramesAreCountedAndSkipped() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat(frame(0, ""), frame(1, "z"), frame(2, ""));
        write(channel, stream, 0, stream.length);
        assertEquals(List.of("F1:z"), events);
        assertEquals(2, demuxer.emptyFrames());
        assertEquals(1, demuxer.frames());
        assertFalse(channel.finish());
    }

    @Test
    void garbageIsSkippedUpToTheNextFrameOrMessage() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat("\u0000\u0001junk", frame(0, "a"), "HELLO world\r\n", "GET / HTTP/1.1\r\n",
                OPTIONS, "\u0080\u00ff", frame(1, "b"));
        write(channel, stream, 0, stream.length);
        assertEquals(List.of("F0:a", "M:" + OPTIONS, "F1:b"), events);
        assertEquals(6 + 13 + 16 + 2, demuxer.garbageBytes());
        assertFalse(channel.finish());
    }

    @Test
    void lfOnlyMessagesAndServerRequests() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        String lfOnly = "GET_PARAMETER rtsp://cam/s RTSP/1.0\nCSeq: 9\nContent-Length: 2\n\nab";
        String noReason = "RTSP/1.0 200\r\nCSeq: 3\r\n\r\n";
        byte[] stream = concat(lfOnly, frame(0, "p"), noReason);
        write(channel, stream, 0, stream.length);
        assertEquals(List.of("M:" + lfOnly, "F0:p", "M:" + noReason), events);
        assertFalse(channel.finish());
    }

    @Test
    void truncatedFrameAtCloseIsReleasedAndCounted() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] frame = frame(0, "0123456789");
        write(channel, frame, 0, 9);
        assertEquals(List.of(), events);
        assertFalse(channel.finish());
        assertEquals(9, demuxer.truncatedBytes());
        assertEquals(0, demuxer.frames());
    }

    @Test
    void truncatedMessageAtCloseIsReleasedAndCounted() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat(DESCRIBE_RESPONSE);
        write(channel, stream, 0, stream.length - 5);
        assertFalse(channel.finish());
        assertEquals(List.of(), events);
        assertEquals(stream.length - 5, demuxer.truncatedBytes());
    }

    @Test
    void oversizedHeaderClosesTheConnection() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener, 256, 1024,
                InterleavedFrameDemuxer.OversizePolicy.CLOSE);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat("DESCRIBE rtsp://cam/ RTSP/1.0\r\nX-Long: " + "a".repeat(300) + "\r\n\r\n",
                frame(0, "after"));
        assertThrows(TooLongFrameException.class, () -> write(channel, stream, 0, stream.length));
        assertEquals(1, demuxer.oversizedMessages());
        assertFalse(channel.isOpen());
        assertEquals(List.of(), events, "nothing is delivered after the limit is hit");
        assertFalse(channel.finish());
    }

    @Test
    void oversizedStartLineAndBodyClose() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener, 256, 1024,
                InterleavedFrameDemuxer.OversizePolicy.CLOSE);
        EmbeddedChannel channel = channel(demuxer);
        byte[] longUri = concat("DESCRIBE rtsp://cam/" + "u".repeat(300));
        assertThrows(TooLongFrameException.class, () -> write(channel, longUri, 0, longUri.length));
        assertFalse(channel.finish());

        InterleavedFrameDemuxer bodyDemuxer = new InterleavedFrameDemuxer(recordingListener, 256, 1024,
                InterleavedFrameDemuxer.OversizePolicy.CLOSE);
        EmbeddedChannel bodyChannel = channel(bodyDemuxer);
        byte[] bigBody = concat("ANNOUNCE rtsp://gw/x RTSP/1.0\r\nContent-Length: 1025\r\n\r\n");
        TooLongFrameException e = assertThrows(TooLongFrameException.class,
                () -> write(bodyChannel, bigBody, 0, bigBody.length));
        assertTrue(e.getMessage().contains("1025"), e.getMessage());
        assertEquals(1, bodyDemuxer.oversizedMessages());
        assertFalse(bodyChannel.finish());
    }

    @Test
    void oversizedBodyIsSkippedWithDiscardPolicy() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener, 256, 16,
                InterleavedFrameDemuxer.OversizePolicy.DISCARD);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat("ANNOUNCE rtsp://gw/x RTSP/1.0\r\nContent-Length: 40\r\n\r\n", "b".repeat(40),
                frame(3, "kept"), OPTIONS);
        for (int i = 0; i < stream.length; i += 7) {
            write(channel, stream, i, Math.min(stream.length, i + 7));
        }
        assertEquals(List.of("F3:kept", "M:" + OPTIONS), events);
        assertEquals(1, demuxer.oversizedMessages());
        assertTrue(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void invalidContentLengthDropsTheHeaderBlock() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = channel(demuxer);
        byte[] stream = concat("RTSP/1.0 200 OK\r\nContent-Length: 12x\r\n\r\n", frame(0, "a"),
                "RTSP/1.0 200 OK\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\n", frame(0, "b"));
        write(channel, stream, 0, stream.length);
        assertEquals(List.of("F0:a", "F0:b"), events);
        assertEquals(2, demuxer.malformedMessages());
        assertFalse(channel.finish());
    }

    @Test
    void nettyRtspDecoderDecodesWhatPassesThrough() {
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer(recordingListener);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(demuxer, new RtspDecoder(), new HttpObjectAggregator(64 * 1024));
        String announceSdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nm=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\n";
        String announce = "ANNOUNCE rtsp://gw/live/cam1 RTSP/1.0\r\nContent-Type: application/sdp\r\nCSeq: 2\r\n"
                + "User-Agent: Lavf59.27.100\r\nContent-Length: " + announceSdp.length() + "\r\n\r\n" + announceSdp;
        byte[] stream = concat(frame(0, "rtp-1"), announce, frame(1, "rtcp"), DESCRIBE_RESPONSE,
                "TEARDOWN rtsp://gw/live/cam1 RTSP/1.0\r\nCSeq: 7\r\n\r\n");
        for (int i = 0; i < stream.length; i += 13) {
            write(channel, stream, i, Math.min(stream.length, i + 13));
        }
        FullHttpRequest request = channel.readInbound();
        assertEquals(RtspMethods.ANNOUNCE, request.method());
        assertEquals("rtsp://gw/live/cam1", request.uri());
        assertEquals("2", request.headers().get(RtspHeaderNames.CSEQ));
        assertEquals(announceSdp, request.content().toString(StandardCharsets.UTF_8));
        request.release();
        FullHttpResponse response = channel.readInbound();
        assertEquals(RtspResponseStatuses.OK, response.status());
        assertEquals(SDP, response.content().toString(StandardCharsets.UTF_8));
        response.release();
        FullHttpRequest teardown = channel.readInbound();
        assertEquals(RtspMethods.TEARDOWN, teardown.method());
        assertEquals(0, teardown.content().readableBytes());
        teardown.release();
        assertEquals(List.of("F0:rtp-1", "F1:rtcp"), events);
        assertFalse(channel.finish());
    }
}
