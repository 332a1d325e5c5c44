package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.util.ReferenceCountUtil;
import io.rtcgate.testsupport.TrackingAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Random bytes in random chunks through demuxer + Netty RtspDecoder: nothing but the demuxer's own
 * TooLongFrameException may come out of the pipeline, every delivered frame is a live slice of 1..65535 bytes, and
 * at the end every frame and every buffer allocated on the way has been released (refCnt 0).
 */
class InterleavedFrameDemuxerFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(FuzzedDataProvider data) {
        TrackingAllocator allocator = new TrackingAllocator(false);
        List<ByteBuf> frames = new ArrayList<>();
        List<Throwable> unexpected = new ArrayList<>();
        long[] frameBytes = {0};
        InterleavedFrameDemuxer.OversizePolicy policy = data.consumeBoolean()
                ? InterleavedFrameDemuxer.OversizePolicy.CLOSE : InterleavedFrameDemuxer.OversizePolicy.DISCARD;
        InterleavedFrameDemuxer demuxer = new InterleavedFrameDemuxer((channel, frame) -> {
            try {
                assertTrue(channel >= 0 && channel <= 255);
                assertTrue(frame.refCnt() > 0);
                assertTrue(frame.readableBytes() >= 1 && frame.readableBytes() <= 65535);
                frame.getByte(frame.readableBytes() - 1);
                frameBytes[0] += frame.readableBytes();
            } finally {
                frames.add(frame);
                frame.release();
            }
        }, data.consumeInt(64, 1024), data.consumeInt(0, 4096), policy);

        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(demuxer, new RtspDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (!(cause instanceof TooLongFrameException && policy
                        == InterleavedFrameDemuxer.OversizePolicy.CLOSE)) {
                    unexpected.add(cause);
                }
            }
        });

        while (data.remainingBytes() > 0 && channel.isOpen()) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 512));
            if (chunk.length == 0) {
                break;
            }
            ByteBuf buf = allocator.directBuffer(chunk.length);
            buf.writeBytes(chunk);
            channel.writeInbound(buf);
        }
        channel.finishAndReleaseAll();

        assertEquals(List.of(), unexpected);
        assertEquals(frames.size(), demuxer.frames());
        assertEquals(frameBytes[0], demuxer.frameBytes());
        for (ByteBuf frame : frames) {
            assertEquals(0, frame.refCnt(), "frame still referenced after release");
        }
        assertEquals(0, allocator.outstanding(), "unreleased buffers");
    }
}
