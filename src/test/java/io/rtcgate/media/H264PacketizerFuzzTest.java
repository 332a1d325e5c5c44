package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.rtcgate.testsupport.TrackingAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packetizes arbitrary access units and depacketizes the result. Input format:
 * <pre>
 * byte 0: maxPayload = 3 + byte (small, so that FU-A and STAP-A boundaries are hit)
 * then NAL units: length(1 byte, 0 means 1) and that many bytes (cut at the end of the input); the header byte's
 *   type is mapped into 1..23, the types an access unit can hold
 * </pre>
 * Every input is packetized with both {@link FuASplit} modes. Invariants: no exception; every payload fits maxPayload;
 * with {@link FuASplit#FULL_THEN_REMAINDER} every FU-A fragment but the last is full; the marker is on the last packet
 * only; the depacketizer gets back the same NAL units; all packets are released.
 */
class H264PacketizerFuzzTest {
    private static final int MAX_NALS = 64;

    @FuzzTest(maxDuration = "10s")
    void roundTrip(byte[] input) {
        if (input.length > 0) {
            check(input, FuASplit.EVEN);
            check(input, FuASplit.FULL_THEN_REMAINDER);
        }
    }

    @Test
    void seedLikeInputRoundTrips() {
        // maxPayload 23; an SPS-like, a PPS-like and a 60-byte IDR-like NAL unit
        byte[] input = new byte[1 + 1 + 10 + 1 + 4 + 1 + 60];
        input[0] = 20;
        int p = 1;
        input[p] = 10;
        input[p + 1] = 0x67;
        p += 11;
        input[p] = 4;
        input[p + 1] = 0x68;
        p += 5;
        input[p] = 60;
        input[p + 1] = 0x65;
        assertEquals(3, check(input, FuASplit.EVEN).size());
        assertEquals(3, check(input, FuASplit.FULL_THEN_REMAINDER).size());
    }

    static List<byte[]> check(byte[] input, FuASplit split) {
        int maxPayload = H264Packetizer.MIN_MAX_PAYLOAD + (input[0] & 0xFF);
        List<byte[]> nals = new ArrayList<>();
        int position = 1;
        while (position < input.length && nals.size() < MAX_NALS) {
            int length = Math.max(1, Math.min(input[position] & 0xFF, input.length - position - 1));
            byte[] nal = new byte[length];
            System.arraycopy(input, position + 1, nal, 0, Math.min(length, input.length - position - 1));
            nal[0] = (byte) ((nal[0] & 0xE0) | (1 + (nal[0] & 0x1F) % 23));
            nals.add(nal);
            position += 1 + length;
        }
        if (nals.isEmpty()) {
            return nals;
        }
        TrackingAllocator alloc = new TrackingAllocator();
        RecordingListener received = new RecordingListener();
        H264Packetizer packetizer = new H264Packetizer(alloc, maxPayload, 96, 1234, 65535, split);
        try (H264Depacketizer depacketizer = new H264Depacketizer(alloc, 1 << 20, received)) {
            RtpPacket rtp = new RtpPacket();
            int[] packets = {0};
            boolean[] sawLast = {false};
            PacketSink sink = (ByteBuf packet, boolean keyframeStart, boolean last) -> {
                try {
                    assertTrue(rtp.wrap(packet));
                    assertTrue(rtp.payloadLength() <= maxPayload, "payload within maxPayload");
                    if (split == FuASplit.FULL_THEN_REMAINDER && H264Packetizer.isFragmentWithMoreToFollow(packet)) {
                        assertEquals(maxPayload, rtp.payloadLength(), "full fragment");
                    }
                    assertEquals(last, rtp.marker());
                    assertTrue(!sawLast[0], "nothing after the last packet");
                    sawLast[0] = last;
                    packets[0]++;
                    depacketizer.onPacket(rtp);
                } finally {
                    packet.release();
                }
            };
            // A first unit that is not a slice: the depacketizer would drop a unit that starts a stream with a slice
            // not at macroblock 0, and random slices rarely start there.
            try (TestAccessUnit primer = TestAccessUnit.of(0, new byte[] {0x06, 0x05, 0x01, 0x00, (byte) 0x80})) {
                packetizer.packetize(primer.unit(), 0, sink);
            }
            sawLast[0] = false;
            try (TestAccessUnit au = TestAccessUnit.of(nals, 3000)) {
                packetizer.packetize(au.unit(), 3000, sink);
            }
            assertTrue(sawLast[0], "the unit ended with a marker");
            assertEquals(packets[0], packetizer.packets());
        }
        assertEquals(0, alloc.outstanding(), "all packets released");
        assertEquals(2, received.units.size());
        List<byte[]> out = received.units.get(1).nals();
        assertEquals(nals.size(), out.size());
        for (int i = 0; i < nals.size(); i++) {
            assertArrayEquals(nals.get(i), out.get(i));
        }
        return out;
    }
}
