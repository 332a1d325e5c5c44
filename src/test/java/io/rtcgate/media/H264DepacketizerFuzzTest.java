package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.rtcgate.testsupport.TrackingAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Feeds the depacketizer arbitrary packet sequences. Input format (so that seeds can be written by hand):
 * <pre>
 * byte 0: maxAccessUnitBytes = 64 * (1 + byte)
 * then records: flags(1) length(2, big endian) payload(length, cut at the end of the input)
 *   flags bit 0: marker; bit 1: next timestamp; bits 2-3: sequence step +1, +2 (loss), +0 (duplicate), -1;
 *   bit 4: other SSRC; bit 5: set sprop-parameter-sets to the payload (as text) instead of sending it
 * </pre>
 * Invariants: nothing but IllegalArgumentException (from sprop) escapes; every access unit is well
 * formed AVCC within the size limit; keyframes start with SPS and PPS once both are known; counters
 * add up; the assembly buffer is released after close.
 */
class H264DepacketizerFuzzTest {
    private static final int HEADROOM = 2 * (4 + H264ParameterSets.MAX_PARAMETER_SET_BYTES);

    @FuzzTest(maxDuration = "10s")
    void packets(byte[] input) {
        if (input.length > 0) {
            replay(input);
        }
    }

    /** The seed streams (real x264 output) must decode, else the fuzzer starts from nothing useful. */
    @Test
    void seedStreamsDecode() throws Exception {
        H264Depacketizer inBand = replay(seed("baseline_inband"));
        assertEquals(6, inBand.accessUnits());
        assertEquals(1, inBand.keyframes());
        assertEquals(0, inBand.parameterSetsInjected());
        H264Depacketizer sprop = replay(seed("baseline_sprop"));
        assertEquals(6, sprop.accessUnits());
        assertEquals(1, sprop.parameterSetsInjected());
        H264Depacketizer loss = replay(seed("baseline_fu_loss"));
        assertEquals(5, loss.accessUnits());
        assertEquals(1, loss.droppedIncomplete());
        H264Depacketizer small = replay(seed("baseline_small_limit"));
        assertEquals(1, small.droppedOversize());
        H264Depacketizer high = replay(seed("high_bframes"));
        assertEquals(8, high.accessUnits());
        assertTrue(high.hasBFrames());
        assertEquals(0, high.malformedPackets() + high.droppedIncomplete());
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = H264DepacketizerFuzzTest.class.getResourceAsStream(
                "H264DepacketizerFuzzTestInputs/packets/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Runs one input through a fresh depacketizer, checking the invariants; returns it closed. */
    static H264Depacketizer replay(byte[] input) {
        int max = 64 * (1 + (input[0] & 0xFF));
        TrackingAllocator alloc = new TrackingAllocator();
        long[] emitted = {0};
        H264Depacketizer[] holder = new H264Depacketizer[1];
        H264Depacketizer depacketizer = new H264Depacketizer(alloc, max, unit -> {
            emitted[0]++;
            RecordingListener.Captured captured = RecordingListener.capture(unit);
            int size = unit.data().readableBytes();
            assertTrue(size <= max + HEADROOM, "unit of " + size + " bytes, limit " + max);
            if (unit.keyframe() && holder[0].parameterSets().complete()) {
                assertTrue(unit.hasParameterSets());
                int first = captured.nalType(0) == H264NalUnitType.ACCESS_UNIT_DELIMITER ? 1 : 0;
                boolean inBand = captured.nals().stream().anyMatch(n -> (n[0] & 0x1F) == 7)
                        && captured.nals().stream().anyMatch(n -> (n[0] & 0x1F) == 8);
                assertTrue(inBand || (captured.nalType(first) == 7 && captured.nalType(first + 1) == 8),
                        "keyframe starts with SPS, PPS");
            }
        });
        holder[0] = depacketizer;
        RtpPacket packet = new RtpPacket();
        int seq = 1000;
        long timestamp = 90000;
        int position = 1;
        try {
            while (position + 3 <= input.length) {
                int flags = input[position] & 0xFF;
                int length = Math.min(((input[position + 1] & 0xFF) << 8) | (input[position + 2] & 0xFF),
                        input.length - position - 3);
                byte[] payload = new byte[length];
                System.arraycopy(input, position + 3, payload, 0, length);
                position += 3 + length;
                if ((flags & 0x20) != 0) {
                    try {
                        depacketizer.setParameterSetsFromSprop(new String(payload, StandardCharsets.ISO_8859_1));
                    } catch (IllegalArgumentException expected) {
                        // rejected sprop: fine
                    }
                    continue;
                }
                if ((flags & 0x02) != 0) {
                    timestamp += 3000;
                }
                int step = new int[] {1, 2, 0, -1}[(flags >> 2) & 3];
                seq = (seq + step) & 0xFFFF;
                long ssrc = (flags & 0x10) != 0 ? 0x0BADCAFEL : RtpPackets.SSRC;
                ByteBuf buf = RtpPackets.rtp(seq, timestamp, (flags & 1) != 0, ssrc, payload);
                try {
                    packet.wrap(buf);
                    depacketizer.onPacket(packet);
                } finally {
                    buf.release();
                }
            }
            depacketizer.flush();
        } finally {
            depacketizer.close();
        }
        assertEquals(0, alloc.outstanding(), "assembly buffer released");
        assertTrue(alloc.allocations() <= 1, "one assembly buffer");
        assertTrue(alloc.maxCapacitySeen() <= max + HEADROOM);
        assertEquals(emitted[0], depacketizer.accessUnits());
        assertTrue(depacketizer.keyframes() <= depacketizer.accessUnits());
        assertTrue(depacketizer.bFramesSeen() <= depacketizer.accessUnits());
        assertTrue(depacketizer.parameterSetsInjected() <= depacketizer.keyframes());
        return depacketizer;
    }
}
