package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rtcgate.media.Codec;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.StreamPacketListener;
import io.rtcgate.testsupport.TrackingAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rtcgate.tuning.packetize-once=false}: every viewer gets a buffer of its own per packet, with the shared packet's
 * bytes and sequence number, released after the call; audio and source changes reach the shared listener unchanged.
 */
class PerViewerPacketCopiesTest {

    /** A viewer that records what it was lent and checks it during the call. */
    private static final class Viewer implements VideoPacketTarget {
        final List<ByteBuf> lent = new ArrayList<>();
        final List<byte[]> bytes = new ArrayList<>();
        final List<Integer> sequences = new ArrayList<>();

        @Override
        public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
            assertEquals(1, packet.refCnt(), "a live buffer during the call");
            lent.add(packet);
            bytes.add(ByteBufUtil.getBytes(packet));
            sequences.add(sequence);
        }
    }

    /** The shared listener: counts what it gets. */
    private static final class Shared implements StreamPacketListener {
        int video;
        int audio;
        List<MediaFormat> tracks;

        @Override
        public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
            video++;
        }

        @Override
        public void onAudioPacket(RtpPacket packet) {
            audio++;
        }

        @Override
        public void onSourceChanged(List<MediaFormat> t) {
            tracks = t;
        }
    }

    @Test
    void everyViewerGetsItsOwnCopyOfEveryPacket() {
        TrackingAllocator alloc = new TrackingAllocator();
        Viewer[] viewers = {new Viewer(), new Viewer(), new Viewer()};
        Shared shared = new Shared();
        PerViewerPacketCopies copies = new PerViewerPacketCopies(alloc, () -> viewers, shared);
        List<ByteBuf> sharedPackets = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            ByteBuf packet = Unpooled.directBuffer(1200);
            packet.writeByte(0x80).writeByte(96).writeShort(100 + p).writeInt(9000).writeInt(0xABCD);
            for (int i = 0; i < 1188; i++) {
                packet.writeByte(p * 31 + i);
            }
            packet.readerIndex(0);
            sharedPackets.add(packet);
            copies.onVideoPacket(packet, 100 + p, p == 0, p == 3);
        }
        try {
            assertEquals(12, copies.copies());
            assertEquals(12, alloc.allocations(), "one buffer per packet and viewer");
            assertEquals(0, shared.video, "video goes to the viewers, not to the shared listener");
            for (Viewer v : viewers) {
                assertEquals(List.of(100, 101, 102, 103), v.sequences);
                for (int p = 0; p < 4; p++) {
                    ByteBuf own = v.lent.get(p);
                    assertNotSame(sharedPackets.get(p), own, "not the shared packet");
                    assertTrue(java.util.Arrays.equals(ByteBufUtil.getBytes(sharedPackets.get(p)), v.bytes.get(p)),
                            "the shared packet's bytes");
                    assertEquals(0, own.refCnt(), "released after the call");
                }
            }
            for (int p = 0; p < 4; p++) {
                assertNotSame(viewers[0].lent.get(p), viewers[1].lent.get(p), "distinct buffers per viewer");
                assertNotSame(viewers[1].lent.get(p), viewers[2].lent.get(p), "distinct buffers per viewer");
                assertEquals(1, sharedPackets.get(p).refCnt(), "the shared packet is left alone");
            }
        } finally {
            sharedPackets.forEach(ByteBuf::release);
        }

        RtpPacket audio = new RtpPacket();
        copies.onAudioPacket(audio);
        assertEquals(1, shared.audio, "audio passes to the shared listener");
        List<MediaFormat> tracks = List.of(new MediaFormat(Codec.H264, 96, 90000, 0, Map.of()));
        copies.onSourceChanged(tracks);
        assertSame(tracks, shared.tracks);
    }

    @Test
    void noViewersNoCopies() {
        TrackingAllocator alloc = new TrackingAllocator();
        PerViewerPacketCopies copies = new PerViewerPacketCopies(alloc, () -> new VideoPacketTarget[0], new Shared());
        ByteBuf packet = Unpooled.directBuffer(100).writeZero(100);
        try {
            copies.onVideoPacket(packet, 1, true, true);
        } finally {
            packet.release();
        }
        assertEquals(0, alloc.allocations());
    }
}
