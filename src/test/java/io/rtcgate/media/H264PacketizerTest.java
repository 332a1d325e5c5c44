package io.rtcgate.media;

import static io.rtcgate.media.H264Samples.BASELINE_PPS;
import static io.rtcgate.media.H264Samples.BASELINE_SPS;
import static io.rtcgate.media.H264Samples.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.rtcgate.testsupport.TrackingAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264PacketizerTest {
    private static final int PT = 102;
    private static final long SSRC = 0xCAFEBABEL; // above 2^31: checks unsigned handling

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final Collector sink = new Collector();

    @AfterEach
    void noPacketLeft() {
        assertEquals(0, alloc.outstanding(), "every packet released by its sink");
    }

    /** One packet as seen on the wire, copied. */
    record Sent(int sequence, long timestamp, boolean marker, int payloadType, long ssrc, byte[] payload,
            boolean keyframeStart, boolean last) {
        int type() {
            return payload[0] & 0x1F;
        }
    }

    /** Parses and copies every packet, then releases it (the sink owns it). */
    static final class Collector implements PacketSink {
        final List<Sent> sent = new ArrayList<>();
        final RtpPacket rtp = new RtpPacket();

        @Override
        public void onPacket(ByteBuf packet, boolean keyframeStart, boolean lastOfAccessUnit) {
            try {
                assertTrue(packet.isDirect(), "direct buffer");
                assertTrue(rtp.wrap(packet), () -> "valid RTP: " + rtp.error());
                assertEquals(RtpPacket.FIXED_HEADER_LENGTH, rtp.headerLength());
                assertFalse(rtp.padding());
                assertEquals(0, rtp.csrcCount());
                byte[] payload = new byte[rtp.payloadLength()];
                packet.getBytes(rtp.payloadOffset(), payload);
                sent.add(new Sent(rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(), rtp.payloadType(), rtp.ssrc(),
                        payload, keyframeStart, lastOfAccessUnit));
            } finally {
                packet.release();
            }
        }
    }

    private static byte[] nal(int header, int length) {
        byte[] nal = new byte[length];
        nal[0] = (byte) header;
        for (int i = 1; i < length; i++) {
            nal[i] = (byte) (i * 31 + 7);
        }
        return nal;
    }

    private void packetize(H264Packetizer packetizer, long timestamp, byte[]... nals) {
        try (TestAccessUnit au = TestAccessUnit.of(timestamp, nals)) {
            packetizer.packetize(au.unit(), timestamp, sink);
        }
    }

    // ---- round trip with real x264 output ----

    @ParameterizedTest
    @CsvSource({
        H264Corpus.BASELINE + ", 1188, EVEN",
        H264Corpus.BASELINE + ", 300, EVEN",
        H264Corpus.TINY + ", 1188, EVEN",
        H264Corpus.TINY + ", 40, EVEN",
        H264Corpus.HIGH_SLICES + ", 1188, EVEN",
        H264Corpus.HIGH_SLICES + ", 100, EVEN",
        H264Corpus.BASELINE + ", 1188, FULL_THEN_REMAINDER",
        H264Corpus.BASELINE + ", 300, FULL_THEN_REMAINDER",
        H264Corpus.TINY + ", 40, FULL_THEN_REMAINDER",
        H264Corpus.HIGH_SLICES + ", 1188, FULL_THEN_REMAINDER",
        H264Corpus.HIGH_SLICES + ", 100, FULL_THEN_REMAINDER",
    })
    void realAccessUnitsSurviveTheDepacketizerByteForByte(String corpus, int maxPayload, FuASplit split) {
        List<List<byte[]>> units = H264Corpus.accessUnits(corpus);
        assertTrue(units.size() >= 8, "corpus has access units");
        RecordingListener received = new RecordingListener();
        H264Packetizer packetizer = new H264Packetizer(PooledByteBufAllocator.DEFAULT, maxPayload, PT, SSRC, 65500, split);
        List<Sent> all = new ArrayList<>();
        try (H264Depacketizer depacketizer = new H264Depacketizer(alloc, 1 << 20, received)) {
            RtpPacket rtp = new RtpPacket();
            PacketSink forward = (packet, keyframeStart, last) -> {
                sink.onPacket(packet.retain(), keyframeStart, last); // the collector releases its reference
                try {
                    assertTrue(rtp.wrap(packet));
                    depacketizer.onPacket(rtp);
                } finally {
                    packet.release();
                }
            };
            long timestamp = 0xFFFF_0000L; // the 32-bit timestamp wraps too
            for (List<byte[]> nals : units) {
                int before = sink.sent.size();
                try (TestAccessUnit au = TestAccessUnit.of(nals, timestamp)) {
                    packetizer.packetize(au.unit(), timestamp, forward);
                    boolean keyframe = au.unit().keyframe();
                    List<Sent> ofUnit = sink.sent.subList(before, sink.sent.size());
                    assertFalse(ofUnit.isEmpty());
                    for (int i = 0; i < ofUnit.size(); i++) {
                        Sent p = ofUnit.get(i);
                        boolean last = i == ofUnit.size() - 1;
                        assertEquals(timestamp & 0xFFFF_FFFFL, p.timestamp());
                        assertEquals(last, p.marker(), "marker on the last packet only");
                        assertEquals(last, p.last());
                        assertEquals(keyframe && i == 0, p.keyframeStart());
                    }
                }
                timestamp += 3000;
            }
            all.addAll(sink.sent);
            assertEquals(0, depacketizer.droppedIncomplete() + depacketizer.malformedPackets()
                    + depacketizer.unsupportedPackets() + depacketizer.latePackets());
        }
        assertEquals(units.size(), received.units.size(), "every access unit came out");
        for (int u = 0; u < units.size(); u++) {
            List<byte[]> expected = units.get(u);
            List<byte[]> actual = received.units.get(u).nals();
            assertEquals(expected.size(), actual.size(), "NAL count of unit " + u);
            for (int n = 0; n < expected.size(); n++) {
                assertArrayEquals(expected.get(n), actual.get(n), "unit " + u + " NAL " + n);
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Sent p = all.get(i);
            assertTrue(p.payload().length <= maxPayload, "payload " + p.payload().length + " > " + maxPayload);
            boolean fragmentWithMore = p.type() == H264NalUnitType.FU_A && (p.payload()[1] & 0x40) == 0;
            if (split == FuASplit.FULL_THEN_REMAINDER && fragmentWithMore) {
                assertEquals(maxPayload, p.payload().length, "every FU-A fragment but the last is full");
            }
            assertEquals((65500 + i) & 0xFFFF, p.sequence(), "consecutive sequence numbers");
            assertEquals(PT, p.payloadType());
            assertEquals(SSRC, p.ssrc());
        }
        assertEquals(all.size(), packetizer.packets());
        assertEquals(units.size(), packetizer.accessUnits());
        assertEquals(all.size(), packetizer.singleNalUnitPackets() + packetizer.stapAPackets() + packetizer.fuAPackets());
        assertEquals((65500 + all.size()) & 0xFFFF, packetizer.nextSequence());
    }

    @Test
    void realStreamsExerciseAllThreePacketTypes() {
        H264Packetizer packetizer = new H264Packetizer(alloc, PT, SSRC, 0);
        long timestamp = 0;
        for (String corpus : List.of(H264Corpus.BASELINE, H264Corpus.TINY, H264Corpus.HIGH_SLICES)) {
            for (List<byte[]> nals : H264Corpus.accessUnits(corpus)) {
                try (TestAccessUnit au = TestAccessUnit.of(nals, timestamp)) {
                    packetizer.packetize(au.unit(), timestamp, sink);
                }
                timestamp += 3000;
            }
        }
        assertTrue(packetizer.stapAPackets() > 0, "STAP-A");
        assertTrue(packetizer.fuAPackets() > 0, "FU-A");
        assertTrue(packetizer.singleNalUnitPackets() > 0, "single NAL unit");
        // the baseline IDR unit: SPS+PPS+SEI aggregated, then the 5 KB IDR slice fragmented
        Sent first = sink.sent.get(0);
        assertEquals(H264NalUnitType.STAP_A, first.type());
        assertEquals(H264NalUnitType.FU_A, sink.sent.get(1).type());
        assertTrue(first.keyframeStart());
    }

    @Test
    void sequenceNumbersWrapAt65535() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 1188, PT, SSRC, 65533);
        for (int i = 0; i < 5; i++) {
            packetize(packetizer, 1000L * i, nal(0x41, 100));
        }
        assertEquals(List.of(65533, 65534, 65535, 0, 1), sink.sent.stream().map(Sent::sequence).toList());
        assertEquals(2, packetizer.nextSequence());
    }

    // ---- RFC 6184 rules on hand-made NAL units ----

    @Test
    void parameterSetsAndSmallIdrGoInOneStapA() {
        H264Packetizer packetizer = new H264Packetizer(alloc, PT, SSRC, 10);
        byte[] sps = bytes(BASELINE_SPS);
        byte[] pps = bytes(BASELINE_PPS);
        byte[] idr = nal(0x65, 400);
        packetize(packetizer, 90000, sps, pps, idr);

        assertEquals(1, sink.sent.size());
        Sent p = sink.sent.get(0);
        assertTrue(p.marker() && p.keyframeStart() && p.last());
        // RFC 6184 §5.7.1: STAP-A NAL header, then 16-bit size + NAL unit for each
        byte[] expected = RtpPackets.concat(new byte[] {0x78}, sizeOf(sps), sps, sizeOf(pps), pps, sizeOf(idr), idr);
        assertArrayEquals(expected, p.payload());
    }

    private static byte[] sizeOf(byte[] nal) {
        return new byte[] {(byte) (nal.length >> 8), (byte) nal.length};
    }

    @Test
    void stapAHeaderTakesTheHighestNriAndAnyForbiddenBit() {
        H264Packetizer packetizer = new H264Packetizer(alloc, PT, SSRC, 0);
        packetize(packetizer, 0, nal(0x06, 10), nal(0x21, 10)); // SEI NRI 0, non-IDR NRI 1
        packetize(packetizer, 1, nal(0x06, 10), nal(0xC1, 10)); // F=1, NRI 2
        packetize(packetizer, 2, nal(0x21, 10), nal(0x41, 10)); // NRI 1 and 2: the maximum, not the OR
        assertEquals(0x20 | 24, sink.sent.get(0).payload()[0] & 0xFF);
        assertEquals(0x80 | 0x40 | 24, sink.sent.get(1).payload()[0] & 0xFF);
        assertEquals(0x40 | 24, sink.sent.get(2).payload()[0] & 0xFF);
    }

    @Test
    void largeNalUnitIsSplitIntoEvenFuAFragments() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 1188, PT, SSRC, 0);
        byte[] idr = nal(0x65, 3000); // 2999 bytes after the header, 1186 per fragment at most: 3 fragments
        packetize(packetizer, 0, idr);

        assertEquals(3, sink.sent.size());
        int[] sizes = sink.sent.stream().mapToInt(p -> p.payload().length - 2).toArray();
        assertArrayEquals(new int[] {1000, 1000, 999}, sizes);
        byte[] joined = new byte[] {idr[0]};
        for (int i = 0; i < 3; i++) {
            byte[] payload = sink.sent.get(i).payload();
            assertEquals(0x60 | 28, payload[0] & 0xFF, "FU indicator: F and NRI of the NAL, type 28");
            int fuHeader = payload[1] & 0xFF;
            assertEquals(i == 0, (fuHeader & 0x80) != 0, "S bit");
            assertEquals(i == 2, (fuHeader & 0x40) != 0, "E bit");
            assertEquals(0, fuHeader & 0x20, "R bit");
            assertEquals(5, fuHeader & 0x1F, "original type");
            joined = RtpPackets.concat(joined, Arrays.copyOfRange(payload, 2, payload.length));
            assertEquals(i == 2, sink.sent.get(i).marker());
            assertEquals(i == 0, sink.sent.get(i).keyframeStart());
        }
        assertArrayEquals(idr, joined);
    }

    @Test
    void fullThenRemainderFillsEveryFragmentButTheLast() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 1188, PT, SSRC, 0, FuASplit.FULL_THEN_REMAINDER);
        assertEquals(FuASplit.FULL_THEN_REMAINDER, packetizer.split());
        byte[] idr = nal(0x65, 3000); // 2999 bytes after the header: 1186 + 1186 + 627
        packetize(packetizer, 0, idr);
        byte[] exact = nal(0x41, 1 + 2 * 1186); // divides exactly: two full fragments, no short tail
        packetize(packetizer, 1, exact);

        int[] sizes = sink.sent.stream().mapToInt(p -> p.payload().length - 2).toArray();
        assertArrayEquals(new int[] {1186, 1186, 627, 1186, 1186}, sizes);
        byte[] joined = new byte[] {idr[0]};
        for (int i = 0; i < 3; i++) {
            byte[] payload = sink.sent.get(i).payload();
            int fuHeader = payload[1] & 0xFF;
            assertEquals(i == 0, (fuHeader & 0x80) != 0, "S bit");
            assertEquals(i == 2, (fuHeader & 0x40) != 0, "E bit");
            joined = RtpPackets.concat(joined, Arrays.copyOfRange(payload, 2, payload.length));
        }
        assertArrayEquals(idr, joined);
        assertTrue(sink.sent.get(4).marker());
    }

    @Test
    void tellsAFragmentWithMoreToFollowFromTheLastOne() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 100, PT, SSRC, 0, FuASplit.FULL_THEN_REMAINDER);
        List<Boolean> more = new ArrayList<>();
        PacketSink probe = (packet, keyframeStart, last) -> {
            int readerIndex = packet.readerIndex();
            more.add(H264Packetizer.isFragmentWithMoreToFollow(packet));
            assertEquals(readerIndex, packet.readerIndex(), "indexes untouched");
            packet.release();
        };
        try (TestAccessUnit au = TestAccessUnit.of(0, nal(0x06, 10), nal(0x65, 250), nal(0x41, 50))) {
            packetizer.packetize(au.unit(), 0, probe); // SEI alone, IDR in 3 fragments, a single NAL unit
        }
        assertEquals(List.of(false, true, true, false, false), more);
        ByteBuf tooShort = io.netty.buffer.Unpooled.buffer(13).writeZero(13);
        assertFalse(H264Packetizer.isFragmentWithMoreToFollow(tooShort));
        tooShort.release();
    }

    @Test
    void sizeLimitsAreExact() {
        int max = 200;
        H264Packetizer packetizer = new H264Packetizer(alloc, max, PT, SSRC, 0);
        packetize(packetizer, 0, nal(0x41, max));              // fits exactly: single
        packetize(packetizer, 1, nal(0x41, max + 1));          // one byte too many: FU-A
        packetize(packetizer, 2, nal(0x06, 100), nal(0x41, max - 1 - 2 - 100 - 2)); // STAP-A exactly full
        packetize(packetizer, 3, nal(0x06, 100), nal(0x41, max - 1 - 2 - 100 - 2 + 1)); // no longer fits: two singles

        int[] types = sink.sent.stream().mapToInt(Sent::type).toArray();
        assertArrayEquals(new int[] {1, 28, 28, 24, 6, 1}, types);
        assertEquals(max, sink.sent.get(0).payload().length);
        assertEquals(max, sink.sent.get(3).payload().length);
        assertTrue(sink.sent.stream().allMatch(p -> p.payload().length <= max));
    }

    @Test
    void smallNeighboursOfALargeNalAggregateOnEachSide() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 500, PT, SSRC, 0);
        packetize(packetizer, 0, nal(0x09, 2), nal(0x06, 20), nal(0x65, 900), nal(0x65, 100), nal(0x65, 100));
        int[] types = sink.sent.stream().mapToInt(Sent::type).toArray();
        assertArrayEquals(new int[] {24, 28, 28, 24}, types);
        assertTrue(sink.sent.get(3).marker());
        assertEquals(1, sink.sent.stream().filter(Sent::marker).count());
    }

    @Test
    void timestampIsWrittenAsUnsigned32Bits() {
        H264Packetizer packetizer = new H264Packetizer(alloc, PT, SSRC, 0);
        packetize(packetizer, 0x1_FFFF_FFF0L, nal(0x41, 10));
        assertEquals(0xFFFF_FFF0L, sink.sent.get(0).timestamp());
    }

    @Test
    void emptyAccessUnitProducesNothing() {
        H264Packetizer packetizer = new H264Packetizer(alloc, PT, SSRC, 7);
        packetize(packetizer, 0);
        assertTrue(sink.sent.isEmpty());
        assertEquals(7, packetizer.nextSequence());
        assertEquals(0, packetizer.accessUnits());
    }

    @Test
    void nonKeyframeUnitsHaveNoKeyframeStart() {
        H264Packetizer packetizer = new H264Packetizer(alloc, 100, PT, SSRC, 0);
        packetize(packetizer, 0, nal(0x41, 1000));
        assertTrue(sink.sent.stream().noneMatch(Sent::keyframeStart));
    }

    @Test
    void rejectsBadConstructorArguments() {
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 2, PT, SSRC, 0));
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 65524, PT, SSRC, 0));
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 1188, 128, SSRC, 0));
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 1188, PT, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 1188, PT, 1L << 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new H264Packetizer(alloc, 1188, PT, SSRC, 65536));
        assertThrows(NullPointerException.class, () -> new H264Packetizer(null, 1188, PT, SSRC, 0));
        assertThrows(NullPointerException.class, () -> new H264Packetizer(alloc, 1188, PT, SSRC, 0, null));
    }
}
