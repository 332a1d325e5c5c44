package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class H264BitReaderTest {
    private final H264BitReader reader = new H264BitReader();

    private H264BitReader read(String hex) {
        byte[] data = RtpPackets.hex(hex);
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        return reader.reset(buf, 0, data.length);
    }

    @Test
    void decodesExpGolombCodesOfTable9_2() {
        // bit strings 1, 010, 011, 00100, 00101, 00110, 00111, 0001000 -> 0..7
        // 1010 0110 0100 0010 1001 1000 1110 0010 00(pad 1)
        H264BitReader r = read("a6 42 98 e2 3f");
        for (int expected = 0; expected <= 7; expected++) {
            assertEquals(expected, r.readUe());
        }
        assertFalse(r.failed());
    }

    @Test
    void decodesSignedExpGolomb() {
        // codeNum 0..4 -> 0, 1, -1, 2, -2 (Table 9-3)
        H264BitReader r = read("a6 42 80");
        assertEquals(0, r.readSe());
        assertEquals(1, r.readSe());
        assertEquals(-1, r.readSe());
        assertEquals(2, r.readSe());
        assertEquals(-2, r.readSe());
    }

    @Test
    void removesEmulationPreventionBytes() {
        H264BitReader r = read("00 00 03 01 00 00 03 00 ff");
        assertEquals(0x0000, r.readBits(16));
        assertEquals(0x01, r.readBits(8));
        assertEquals(0x0000, r.readBits(16));
        assertEquals(0x00, r.readBits(8));
        assertEquals(0xff, r.readBits(8));
        assertFalse(r.failed());
    }

    @Test
    void keepsA03ThatDoesNotFollowTwoZeros() {
        H264BitReader r = read("00 03 03");
        assertEquals(0x000303, r.readBits(24));
    }

    @Test
    void readingPastTheEndFailsAndReturnsZero() {
        H264BitReader r = read("ff");
        assertEquals(0xff, r.readBits(8));
        assertFalse(r.failed());
        assertEquals(0, r.readBit());
        assertTrue(r.failed());
        assertEquals("truncated", r.failure());
    }

    @Test
    void tooLongExpGolombCodeFails() {
        H264BitReader r = read("00 00 00 00 ff ff ff ff ff");
        assertEquals(0, r.readUe());
        assertTrue(r.failed());
        assertEquals("Exp-Golomb code longer than 31 bits", r.failure());
    }

    @Test
    void largestAcceptedExpGolombCode() {
        // 30 zeros, 1, 30 ones: 2^31 - 2
        BitWriter w = new BitWriter().bits(0, 30).bits(1, 1).bits(0x3FFFFFFF, 30);
        byte[] nal = w.nal(0);
        H264BitReader r = reader.reset(Unpooled.wrappedBuffer(nal), 1, nal.length - 1);
        assertEquals(Integer.MAX_VALUE - 1, r.readUe());
        assertFalse(r.failed());
    }
}
