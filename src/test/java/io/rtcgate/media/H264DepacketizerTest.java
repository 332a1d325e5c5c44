package io.rtcgate.media;

import static io.rtcgate.media.H264Samples.BASELINE_IDR_HEAD;
import static io.rtcgate.media.H264Samples.BASELINE_P_HEAD;
import static io.rtcgate.media.H264Samples.BASELINE_PPS;
import static io.rtcgate.media.H264Samples.BASELINE_SPS;
import static io.rtcgate.media.H264Samples.HIGH_B_HEAD;
import static io.rtcgate.media.H264Samples.HIGH_P_HEAD;
import static io.rtcgate.media.H264Samples.HIGH_PPS;
import static io.rtcgate.media.H264Samples.HIGH_SPS;
import static io.rtcgate.media.H264Samples.bytes;
import static io.rtcgate.media.RtpPackets.concat;
import static io.rtcgate.media.RtpPackets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.rtcgate.testsupport.TrackingAllocator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
    private static final int MAX_AU = 64 * 1024;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingListener listener = new RecordingListener();
    private final H264Depacketizer depacketizer = new H264Depacketizer(alloc, MAX_AU, listener);
    private final RtpPacket packet = new RtpPacket();
    private int seq = 65530; // wraps during most tests

    @AfterEach
    void closeAndCheckLeaks() {
        depacketizer.close();
        depacketizer.close();
        assertEquals(0, alloc.outstanding(), "assembly buffer released");
    }

    private void feed(int sequence, long timestamp, boolean marker, byte[] payload) {
        ByteBuf buf = RtpPackets.rtp(sequence, timestamp, marker, payload);
        try {
            assertTrue(packet.wrap(buf));
            depacketizer.onPacket(packet);
        } finally {
            buf.release();
        }
    }

    /** Next packet in sequence. */
    private void send(long timestamp, boolean marker, byte[] payload) {
        feed(seq, timestamp, marker, payload);
        seq = (seq + 1) & 0xFFFF;
    }

    /** Leaves out one sequence number, as if the packet was lost. */
    private void lose() {
        seq = (seq + 1) & 0xFFFF;
    }

    private static byte[] stapA(byte[]... nals) {
        byte[] out = new byte[] {0x78}; // F=0 NRI=3 type 24
        for (byte[] nal : nals) {
            out = concat(out, new byte[] {(byte) (nal.length >> 8), (byte) nal.length}, nal);
        }
        return out;
    }

    /** Splits a NAL unit into FU-A payloads of at most fragmentSize bytes of fragment each. */
    private static byte[][] fuA(byte[] nal, int fragmentSize) {
        int header = nal[0] & 0xFF;
        int count = (nal.length - 1 + fragmentSize - 1) / fragmentSize;
        byte[][] packets = new byte[count][];
        for (int i = 0; i < count; i++) {
            int from = 1 + i * fragmentSize;
            int to = Math.min(nal.length, from + fragmentSize);
            int fuHeader = (header & 0x1F) | (i == 0 ? 0x80 : 0) | (i == count - 1 ? 0x40 : 0);
            packets[i] = concat(new byte[] {(byte) ((header & 0xE0) | 28), (byte) fuHeader},
                    Arrays.copyOfRange(nal, from, to));
        }
        return packets;
    }

    private static byte[] idr(int size) {
        byte[] nal = Arrays.copyOf(bytes(BASELINE_IDR_HEAD), size);
        for (int i = 16; i < size; i++) {
            nal[i] = (byte) (i * 7 + 1);
        }
        return nal;
    }

    private static String sprop(String spsHex, String ppsHex) {
        return Base64.getEncoder().encodeToString(bytes(spsHex)) + "," + Base64.getEncoder().encodeToString(bytes(ppsHex));
    }

    @Test
    void singleNalUnitPacketWithMarkerIsOneAccessUnit() {
        send(3000, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, listener.units.size());
        RecordingListener.Captured unit = listener.units.get(0);
        assertEquals(3000, unit.rtpTimestamp());
        assertEquals(1, unit.nals().size());
        assertArrayEquals(bytes(BASELINE_P_HEAD), unit.nals().get(0));
        assertFalse(unit.keyframe());
        assertEquals(1, depacketizer.accessUnits());
        assertEquals(0, depacketizer.keyframes());
    }

    @Test
    void singleNalUnitsWithTheSameTimestampFormOneAccessUnit() {
        send(3000, false, hex("06 05 01 aa 80")); // SEI
        send(3000, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, listener.units.size());
        assertArrayEquals(new int[] {6, 1}, listener.units.get(0).nalTypes());
    }

    @Test
    void stapAIsSplitIntoItsNalUnits() {
        byte[] sps = bytes(BASELINE_SPS);
        byte[] pps = bytes(BASELINE_PPS);
        byte[] idr = idr(40);
        send(90000, true, stapA(sps, pps, idr));
        RecordingListener.Captured unit = listener.units.get(0);
        assertArrayEquals(new int[] {7, 8, 5}, unit.nalTypes());
        assertArrayEquals(sps, unit.nals().get(0));
        assertArrayEquals(pps, unit.nals().get(1));
        assertArrayEquals(idr, unit.nals().get(2));
        assertTrue(unit.keyframe());
        assertTrue(unit.hasParameterSets());
        assertEquals(0, depacketizer.parameterSetsInjected(), "in-band parameter sets need no injection");
        assertEquals(1, depacketizer.keyframes());
        assertEquals("42c01e", depacketizer.parameterSets().profileLevelId());
    }

    @Test
    void fuAAcrossThreePacketsIsJoined() {
        byte[] nal = idr(2500);
        byte[][] fragments = fuA(nal, 1000);
        assertEquals(3, fragments.length);
        send(1000, false, bytes(BASELINE_SPS));
        send(1000, false, bytes(BASELINE_PPS));
        for (int i = 0; i < fragments.length; i++) {
            send(1000, i == fragments.length - 1, fragments[i]);
        }
        assertEquals(1, listener.units.size());
        RecordingListener.Captured unit = listener.units.get(0);
        assertArrayEquals(new int[] {7, 8, 5}, unit.nalTypes());
        assertArrayEquals(nal, unit.nals().get(2), "NAL header rebuilt from FU indicator and FU header");
    }

    @Test
    void fuAFollowedBySingleNalInTheSameAccessUnit() {
        byte[] first = idr(3000);
        byte[] second = BitWriter.slice(0x65, 7, 7); // second IDR slice
        for (byte[] fragment : fuA(first, 700)) {
            send(7, false, fragment);
        }
        send(7, true, second);
        RecordingListener.Captured unit = listener.units.get(0);
        assertArrayEquals(first, unit.nals().get(0));
        assertArrayEquals(second, unit.nals().get(1));
        assertEquals(2, unit.sliceCount());
        assertEquals(1, depacketizer.multiSliceAccessUnits());
    }

    @Test
    void lossInTheMiddleOfFuADropsTheAccessUnitAndResyncsAtTheNext() {
        byte[][] fragments = fuA(idr(3000), 1000);
        send(100, false, fragments[0]);
        lose();
        send(100, true, fragments[2]);
        assertEquals(0, listener.units.size());
        assertEquals(1, depacketizer.droppedIncomplete());
        assertEquals(0, depacketizer.malformedPackets(), "loss is not a protocol violation");

        send(200, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, listener.units.size());
        assertEquals(200, listener.units.get(0).rtpTimestamp());
    }

    @Test
    void lostMarkerPacketDropsTheUnitWhenTheTimestampChanges() {
        send(100, false, bytes(BASELINE_P_HEAD));
        lose(); // the rest of unit 100, with its marker
        send(200, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, depacketizer.droppedIncomplete());
        assertEquals(1, listener.units.size());
        assertEquals(200, listener.units.get(0).rtpTimestamp());
    }

    @Test
    void fuAContinuationWithoutStartIsMalformed() {
        send(100, true, bytes(BASELINE_P_HEAD));
        byte[][] fragments = fuA(idr(3000), 1000);
        send(200, false, fragments[1]);
        send(200, true, fragments[2]);
        assertEquals(1, listener.units.size());
        assertTrue(depacketizer.malformedPackets() >= 1);
        assertEquals(1, depacketizer.droppedIncomplete());
    }

    @Test
    void fuAEndWithoutStartIsMalformed() {
        send(100, true, bytes(BASELINE_P_HEAD));
        send(200, true, fuA(idr(3000), 1000)[2]);
        assertEquals(1, depacketizer.malformedPackets());
        assertEquals(1, depacketizer.droppedIncomplete());
        assertEquals(1, listener.units.size());
    }

    @Test
    void fuAStartWhileAFragmentIsOpenIsMalformed() {
        byte[][] fragments = fuA(idr(3000), 1000);
        send(100, false, fragments[0]);
        send(100, false, fragments[0]);
        send(100, true, fragments[2]);
        assertEquals(1, depacketizer.malformedPackets());
        assertEquals(1, depacketizer.droppedIncomplete());
        assertEquals(0, listener.units.size());
    }

    @Test
    void fuAWithStartAndEndBitIsMalformed() {
        send(100, true, hex("7c c5 01 02 03"));
        assertEquals(1, depacketizer.malformedPackets());
        assertEquals(0, listener.units.size());
    }

    @Test
    void fragmentInterruptedBySingleNalIsMalformed() {
        byte[][] fragments = fuA(idr(3000), 1000);
        send(100, false, fragments[0]);
        send(100, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, depacketizer.malformedPackets());
        assertEquals(1, depacketizer.droppedIncomplete());
    }

    @Test
    void unitStartingWithFuAContinuationAfterLossIsIncompleteNotMalformed() {
        byte[][] fragments = fuA(idr(3000), 1000);
        send(100, true, bytes(BASELINE_P_HEAD));
        lose();
        send(200, false, fragments[1]);
        send(200, true, fragments[2]);
        assertEquals(0, depacketizer.malformedPackets());
        assertEquals(1, depacketizer.droppedIncomplete());
    }

    @Test
    void timestampChangeWithoutMarkerEmitsThePreviousUnitFirst() {
        send(100, false, bytes(BASELINE_P_HEAD));
        send(100, false, BitWriter.slice(0x41, 1, 5)); // second slice, first_mb_in_slice 1
        assertEquals(0, listener.units.size());
        send(200, false, bytes(BASELINE_P_HEAD));
        assertEquals(1, listener.units.size());
        assertEquals(100, listener.units.get(0).rtpTimestamp());
        assertEquals(2, listener.units.get(0).nals().size());
        depacketizer.flush();
        assertEquals(2, listener.units.size());
        assertEquals(200, listener.units.get(1).rtpTimestamp());
    }

    @Test
    void oversizeAccessUnitIsDroppedAndTheBufferStaysWithinTheLimit() {
        int max = 5000;
        H264Depacketizer small = new H264Depacketizer(alloc, max, listener);
        try {
            int s = 10;
            for (byte[] fragment : fuA(idr(12_000), 1200)) {
                ByteBuf buf = RtpPackets.rtp(s++, 100, false, fragment);
                packet.wrap(buf);
                small.onPacket(packet);
                buf.release();
            }
            ByteBuf last = RtpPackets.rtp(s++, 100, true, bytes(BASELINE_P_HEAD));
            packet.wrap(last);
            small.onPacket(packet);
            last.release();
            assertEquals(1, small.droppedOversize());
            assertEquals(0, listener.units.size());
            assertTrue(alloc.maxCapacitySeen() <= max + 2 * (4 + H264ParameterSets.MAX_PARAMETER_SET_BYTES),
                    "buffer not grown beyond the limit: " + alloc.maxCapacitySeen());

            byte[] fits = idr(max - 4);
            ByteBuf next = RtpPackets.rtp(s, 200, true, fits);
            packet.wrap(next);
            small.onPacket(packet);
            next.release();
            assertEquals(1, listener.units.size(), "a unit of exactly the limit passes");
            assertArrayEquals(fits, listener.units.get(0).nals().get(0));
        } finally {
            small.close();
        }
    }

    @Test
    void tooManyNalUnitsIsOversize() {
        byte[] sei = hex("06 05 01 aa 80");
        for (int i = 0; i < H264Depacketizer.MAX_NAL_UNITS_PER_ACCESS_UNIT; i++) {
            send(100, false, sei);
        }
        send(100, true, sei);
        assertEquals(1, depacketizer.droppedOversize());
        assertEquals(0, listener.units.size());
    }

    @Test
    void injectsSpropParameterSetsBeforeAnIdrThatLacksThem() {
        depacketizer.setParameterSetsFromSprop(sprop(BASELINE_SPS, BASELINE_PPS));
        byte[] idr = idr(100);
        send(100, true, idr);
        RecordingListener.Captured unit = listener.units.get(0);
        assertArrayEquals(new int[] {7, 8, 5}, unit.nalTypes());
        assertArrayEquals(bytes(BASELINE_SPS), unit.nals().get(0));
        assertArrayEquals(bytes(BASELINE_PPS), unit.nals().get(1));
        assertArrayEquals(idr, unit.nals().get(2));
        assertTrue(unit.hasParameterSets());
        assertEquals(1, depacketizer.parameterSetsInjected());

        send(200, true, bytes(BASELINE_P_HEAD));
        assertArrayEquals(new int[] {1}, listener.units.get(1).nalTypes(), "no injection before non-IDR");
        assertEquals(1, depacketizer.parameterSetsInjected());
    }

    @Test
    void injectsParameterSetsLearnedInBand() {
        send(100, true, stapA(bytes(HIGH_SPS), bytes(HIGH_PPS), idr(30)));
        send(200, true, bytes(HIGH_P_HEAD));
        send(300, true, idr(60));
        RecordingListener.Captured unit = listener.units.get(2);
        assertArrayEquals(new int[] {7, 8, 5}, unit.nalTypes());
        assertArrayEquals(bytes(HIGH_SPS), unit.nals().get(0));
        assertArrayEquals(bytes(HIGH_PPS), unit.nals().get(1));
        assertEquals(1, depacketizer.parameterSetsInjected());
        assertEquals("640028", depacketizer.parameterSets().profileLevelId());
        assertEquals(1920, depacketizer.parameterSets().sps().width());
    }

    @Test
    void inBandParameterSetsReplaceSprop() {
        depacketizer.setParameterSetsFromSprop(sprop(BASELINE_SPS, BASELINE_PPS));
        send(100, false, bytes(HIGH_SPS));
        send(100, false, bytes(HIGH_PPS));
        send(100, true, idr(30));
        send(200, true, idr(30));
        assertArrayEquals(bytes(HIGH_SPS), listener.units.get(1).nals().get(0));
        assertEquals("640028", depacketizer.parameterSets().profileLevelId());
    }

    @Test
    void injectedParameterSetsFollowTheAccessUnitDelimiter() {
        depacketizer.setParameterSetsFromSprop(sprop(BASELINE_SPS, BASELINE_PPS));
        byte[] aud = hex("09 10");
        byte[] idr = idr(50);
        send(100, false, aud);
        send(100, true, idr);
        RecordingListener.Captured unit = listener.units.get(0);
        assertArrayEquals(new int[] {9, 7, 8, 5}, unit.nalTypes());
        assertArrayEquals(aud, unit.nals().get(0));
        assertArrayEquals(idr, unit.nals().get(3));
    }

    @Test
    void idrWithSpsButNoPpsGetsBothInjected() {
        depacketizer.setParameterSetsFromSprop(sprop(BASELINE_SPS, BASELINE_PPS));
        send(100, false, bytes(BASELINE_SPS));
        send(100, true, idr(50));
        assertArrayEquals(new int[] {7, 8, 7, 5}, listener.units.get(0).nalTypes());
        assertTrue(listener.units.get(0).hasParameterSets());
    }

    @Test
    void idrWithoutKnownParameterSetsPassesUnchanged() {
        send(100, true, idr(50));
        assertArrayEquals(new int[] {5}, listener.units.get(0).nalTypes());
        assertFalse(listener.units.get(0).hasParameterSets());
        assertEquals(0, depacketizer.parameterSetsInjected());
    }

    @Test
    void detectsBFramesFromTheSliceHeader() {
        send(100, true, bytes(HIGH_P_HEAD));
        assertFalse(depacketizer.hasBFrames());
        assertFalse(listener.units.get(0).hasBSlices());
        send(200, true, bytes(HIGH_B_HEAD));
        assertTrue(listener.units.get(1).hasBSlices());
        assertTrue(depacketizer.hasBFrames());
        assertEquals(1, depacketizer.bFramesSeen());
    }

    @Test
    void unitStartingMidPictureAfterLossIsDropped() {
        send(100, true, bytes(BASELINE_P_HEAD));
        lose(); // the first slice of unit 200
        send(200, true, BitWriter.slice(0x41, 1, 5)); // first_mb_in_slice 1
        assertEquals(1, listener.units.size());
        assertEquals(1, depacketizer.droppedIncomplete());
        send(300, true, bytes(BASELINE_P_HEAD));
        assertEquals(2, listener.units.size());
    }

    @Test
    void completeUnitAfterLossBetweenUnitsIsKept() {
        send(100, true, bytes(BASELINE_P_HEAD));
        lose(); // a whole unit
        send(300, true, bytes(BASELINE_P_HEAD));
        assertEquals(2, listener.units.size());
        assertEquals(0, depacketizer.droppedIncomplete());
    }

    @Test
    void lateAndDuplicatePacketsAreIgnored() {
        send(100, false, bytes(BASELINE_P_HEAD));
        feed(seq - 1, 100, false, bytes(BASELINE_P_HEAD)); // duplicate
        send(100, true, BitWriter.slice(0x41, 1, 5));
        assertEquals(1, depacketizer.latePackets());
        assertEquals(1, listener.units.size());
        assertEquals(2, listener.units.get(0).nals().size());
    }

    @Test
    void bigSequenceJumpIsADiscontinuityNotLate() {
        send(100, true, bytes(BASELINE_P_HEAD));
        seq = (seq + 30000) & 0xFFFF;
        send(200, true, bytes(BASELINE_P_HEAD));
        assertEquals(2, listener.units.size());
        assertEquals(0, depacketizer.latePackets());
    }

    @Test
    void interleavedModeStructuresAreUnsupportedAndBreakTheUnit() {
        for (int type : new int[] {25, 26, 27, 29}) {
            send(100 + type, false, bytes(BASELINE_P_HEAD));
            send(100 + type, true, new byte[] {(byte) (0x60 | type), 0, 1, 2, 3});
        }
        assertEquals(4, depacketizer.unsupportedPackets());
        assertEquals(4, depacketizer.droppedIncomplete());
        assertEquals(0, listener.units.size());
    }

    @Test
    void reservedTypesAreIgnored() {
        send(100, false, hex("00 01 02"));
        send(100, false, hex("1e 01 02"));
        send(100, true, hex("1f 01 02"));
        assertEquals(3, depacketizer.unsupportedPackets());
        assertEquals(0, listener.units.size());
        send(200, false, hex("1e 01 02"));
        send(200, true, bytes(BASELINE_P_HEAD));
        assertEquals(1, listener.units.size());
        assertArrayEquals(new int[] {1}, listener.units.get(0).nalTypes());
    }

    @Test
    void truncatedStapALeavesNoPartialOutput() {
        byte[] good = stapA(bytes(BASELINE_SPS), bytes(BASELINE_PPS));
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        send(100, true, truncated);
        assertEquals(1, depacketizer.malformedPackets());
        assertEquals(1, depacketizer.droppedIncomplete());
        assertEquals(0, listener.units.size());
        send(200, true, hex("78 00 00"));
        send(300, true, hex("78"));
        send(400, true, concat(hex("78 00 02"), hex("7c 00"))); // FU-A inside STAP-A
        assertEquals(4, depacketizer.malformedPackets());
    }

    @Test
    void parameterSetsInADroppedUnitAreStillLearned() {
        send(100, false, fuA(idr(3000), 1000)[1]); // broken from the start
        send(100, false, stapA(bytes(BASELINE_SPS), bytes(BASELINE_PPS)));
        send(100, true, idr(20));
        assertEquals(1, depacketizer.droppedIncomplete());
        assertTrue(depacketizer.parameterSets().complete());
    }

    @Test
    void malformedInBandSpsIsCountedAndDoesNotThrow() {
        send(100, false, hex("67 42 c0"));
        send(100, false, hex("67 42 c0 1e 00 00 00 00 00 00 00 00")); // ue(v) too long
        send(100, true, bytes(BASELINE_P_HEAD));
        assertEquals(2, depacketizer.malformedParameterSets());
        assertEquals(1, listener.units.size());
        assertFalse(depacketizer.parameterSets().complete());
    }

    @Test
    void malformedSpropIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> depacketizer.setParameterSetsFromSprop("Z0LAHtkAoC/5cBEAAAMAAQAAAwA8DxYuSA==,!!!"));
        assertTrue(e.getMessage().contains("element 2 is not base64"), e.getMessage());
        assertFalse(depacketizer.parameterSets().complete(), "nothing applied");
    }

    @Test
    void emptyPayloadIsIgnored() {
        send(100, false, bytes(BASELINE_P_HEAD));
        send(100, false, new byte[0]);
        send(100, true, BitWriter.slice(0x41, 1, 5));
        assertEquals(1, listener.units.size());
        assertEquals(0, depacketizer.malformedPackets());
    }

    @Test
    void ssrcChangeBreaksTheOpenUnit() {
        send(100, false, bytes(BASELINE_P_HEAD));
        ByteBuf other = RtpPackets.rtp(seq++, 100, true, 0x55667788L, BitWriter.slice(0x41, 1, 5));
        packet.wrap(other);
        depacketizer.onPacket(packet);
        other.release();
        assertEquals(1, depacketizer.droppedIncomplete());
    }

    @Test
    void assemblyBufferIsReusedAcrossAccessUnits() {
        for (int i = 0; i < 50; i++) {
            for (byte[] fragment : fuA(idr(4000), 1000)) {
                send(i * 3000L, false, fragment);
            }
            send(i * 3000L, true, bytes(BASELINE_P_HEAD));
        }
        assertEquals(50, listener.units.size());
        assertEquals(1, alloc.allocations(), "one assembly buffer for the whole stream");
    }

    /**
     * {@code rtcgate.tuning.reuse-nal-buffer=false}: one fresh assembly buffer per access unit, released when the unit ends
     * (emitted, dropped after loss, or dropped as oversize); the units are the same as with reuse.
     */
    @Test
    void withoutReuseEveryAccessUnitGetsAFreshBufferReleasedWhenItEnds() {
        TrackingAllocator fresh = new TrackingAllocator();
        RecordingListener freshUnits = new RecordingListener();
        long[] outstandingDuringCallback = new long[50];
        int[] calls = {0};
        H264Depacketizer perUnit = new H264Depacketizer(fresh, MAX_AU, unit -> {
            outstandingDuringCallback[calls[0]++] = fresh.outstanding();
            freshUnits.onAccessUnit(unit);
        }, false);
        try {
            for (int i = 0; i < 20; i++) {
                for (byte[] fragment : fuA(idr(4000), 1000)) {
                    feedTo(perUnit, seq, i * 3000L, false, fragment);
                    send(i * 3000L, false, fragment);
                }
                feedTo(perUnit, seq, i * 3000L, true, bytes(BASELINE_P_HEAD));
                send(i * 3000L, true, bytes(BASELINE_P_HEAD));
                assertEquals(0, fresh.outstanding(), "released when unit " + i + " ended");
            }
            assertEquals(20, freshUnits.units.size());
            assertEquals(20, fresh.allocations(), "one assembly buffer per access unit");
            for (int i = 0; i < 20; i++) {
                assertEquals(1, outstandingDuringCallback[i], "the unit's buffer is alive during the callback");
                assertEquals(listener.units.get(i).nals().size(), freshUnits.units.get(i).nals().size());
                for (int n = 0; n < freshUnits.units.get(i).nals().size(); n++) {
                    assertArrayEquals(listener.units.get(i).nals().get(n), freshUnits.units.get(i).nals().get(n));
                }
            }
            assertEquals(1, alloc.allocations(), "the reusing depacketizer fed the same packets kept one buffer");

            // a unit broken by loss and an oversize one release their buffers too
            int s = seq + 10;
            feedTo(perUnit, s, 90_000, false, bytes(BASELINE_P_HEAD));
            feedTo(perUnit, s + 2, 90_000, true, bytes(BASELINE_P_HEAD)); // s + 1 lost
            assertEquals(1, perUnit.droppedIncomplete());
            assertEquals(0, fresh.outstanding());
            int next = s + 3;
            for (byte[] fragment : fuA(idr(MAX_AU + 1000), 1000)) {
                feedTo(perUnit, next++, 93_000, false, fragment);
            }
            feedTo(perUnit, next, 93_000, true, bytes(BASELINE_P_HEAD));
            assertEquals(1, perUnit.droppedOversize());
            assertEquals(0, fresh.outstanding());
            assertEquals(20, freshUnits.units.size());
        } finally {
            perUnit.close();
        }
        assertEquals(0, fresh.outstanding());
    }

    private void feedTo(H264Depacketizer target, int sequence, long timestamp, boolean marker, byte[] payload) {
        ByteBuf buf = RtpPackets.rtp(sequence & 0xFFFF, timestamp, marker, payload);
        try {
            assertTrue(packet.wrap(buf));
            target.onPacket(packet);
        } finally {
            buf.release();
        }
    }

    @Test
    void listenerExceptionPropagatesAndTheDepacketizerRecovers() {
        boolean[] fail = {true};
        H264Depacketizer d = new H264Depacketizer(alloc, MAX_AU, unit -> {
            if (fail[0]) {
                throw new IllegalStateException("listener bug");
            }
            listener.onAccessUnit(unit);
        });
        try {
            ByteBuf first = RtpPackets.rtp(1, 100, true, bytes(BASELINE_P_HEAD));
            packet.wrap(first);
            assertThrows(IllegalStateException.class, () -> d.onPacket(packet));
            first.release();
            fail[0] = false;
            ByteBuf second = RtpPackets.rtp(2, 200, true, bytes(BASELINE_P_HEAD));
            packet.wrap(second);
            d.onPacket(packet);
            second.release();
            assertEquals(1, listener.units.size());
            assertEquals(1, listener.units.get(0).nals().size());
        } finally {
            d.close();
        }
    }

    @Test
    void listenerMayCloseTheDepacketizer() {
        H264Depacketizer[] self = new H264Depacketizer[1];
        self[0] = new H264Depacketizer(alloc, MAX_AU, unit -> self[0].close());
        ByteBuf a = RtpPackets.rtp(1, 100, false, bytes(BASELINE_P_HEAD));
        packet.wrap(a);
        self[0].onPacket(packet);
        a.release();
        ByteBuf b = RtpPackets.rtp(2, 200, false, bytes(BASELINE_P_HEAD));
        packet.wrap(b);
        self[0].onPacket(packet); // emits unit 100, whose listener closes
        b.release();
        assertEquals(0, alloc.outstanding());
    }

    @Test
    void packetsAfterCloseAreIgnored() {
        send(100, false, bytes(BASELINE_P_HEAD));
        depacketizer.close();
        send(100, true, bytes(BASELINE_P_HEAD));
        assertEquals(0, listener.units.size());
        assertEquals(0, alloc.outstanding());
    }

    @Test
    void rejectsBadConstructorArguments() {
        assertThrows(IllegalArgumentException.class, () -> new H264Depacketizer(alloc, 0, listener));
        assertThrows(IllegalArgumentException.class,
                () -> new H264Depacketizer(alloc, H264Depacketizer.MAX_ACCESS_UNIT_LIMIT + 1, listener));
        assertThrows(NullPointerException.class, () -> new H264Depacketizer(null, MAX_AU, listener));
    }
}
