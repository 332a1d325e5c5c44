package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private final RtpPacket packet = new RtpPacket();
    private ByteBuf buf;

    @AfterEach
    void release() {
        if (buf != null) {
            buf.release();
        }
    }

    private boolean wrapHex(String hex) {
        buf = Unpooled.directBuffer();
        buf.writeBytes(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
        return packet.wrap(buf);
    }

    @Test
    void parsesFixedHeader() {
        // V=2 P=0 X=0 CC=0, M=1 PT=96, seq 0xFFFE, ts 0xFFFFFFF0, ssrc 0x89ABCDEF, payload 3 bytes
        assertTrue(wrapHex("80 e0 fffe fffffff0 89abcdef 010203"));
        assertSame(buf, packet.buffer());
        assertEquals(RtpParseError.NONE, packet.error());
        assertEquals(2, packet.version());
        assertFalse(packet.padding());
        assertFalse(packet.extension());
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(65534, packet.sequenceNumber());
        assertEquals(0xFFFFFFF0L, packet.timestamp());
        assertEquals(0x89ABCDEFL, packet.ssrc());
        assertEquals(12, packet.headerLength());
        assertEquals(12, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
        assertEquals(0, buf.readerIndex(), "wrap must not move the reader index");
    }

    @Test
    void payloadOffsetIsAbsoluteInTheBuffer() {
        buf = Unpooled.directBuffer();
        buf.writeBytes(new byte[] {9, 9, 9, 9, 9});
        buf.writeBytes(ByteBufUtil.decodeHexDump("8060000100000001000000017f"));
        buf.readerIndex(5);
        assertTrue(packet.wrap(buf));
        assertEquals(17, packet.payloadOffset());
        assertEquals(1, packet.payloadLength());
        assertEquals(0x7f, buf.getByte(packet.payloadOffset()));
        assertEquals(5, buf.readerIndex());
    }

    @Test
    void skipsCsrcsAndHeaderExtension() {
        // CC=2, X=1, extension profile 0xBEDE with 1 word, payload AA BB
        assertTrue(wrapHex("92 60 0001 00000002 00000003 11111111 22222222 bede0001 10ff0000 aabb"));
        assertEquals(2, packet.csrcCount());
        assertEquals(0x22222222L, packet.csrc(1));
        assertTrue(packet.extension());
        assertEquals(0xBEDE, packet.extensionProfile());
        assertEquals(24, packet.extensionDataOffset());
        assertEquals(4, packet.extensionDataLength());
        assertEquals(12 + 8 + 4 + 4, packet.headerLength());
        assertEquals(2, packet.payloadLength());
        assertEquals((byte) 0xaa, buf.getByte(packet.payloadOffset()));
    }

    @Test
    void removesPadding() {
        // P=1, payload 01 02, then 3 padding octets (count 3 includes itself)
        assertTrue(wrapHex("a0 60 0001 00000002 00000003 0102 000003"));
        assertTrue(packet.padding());
        assertEquals(2, packet.payloadLength());
    }

    @Test
    void paddingMayConsumeTheWholePayload() {
        assertTrue(wrapHex("a0 60 0001 00000002 00000003 0002"));
        assertEquals(0, packet.payloadLength());
    }

    @Test
    void rejectsShortPacket() {
        assertFalse(wrapHex("80 60 0001 00000002 000000"));
        assertEquals(RtpParseError.TOO_SHORT, packet.error());
        assertNull(packet.buffer());
    }

    @Test
    void rejectsWrongVersion() {
        assertFalse(wrapHex("40 60 0001 00000002 00000003 01"));
        assertEquals(RtpParseError.BAD_VERSION, packet.error());
    }

    @Test
    void rejectsCsrcCountPastEnd() {
        assertFalse(wrapHex("83 60 0001 00000002 00000003 11111111 22222222"));
        assertEquals(RtpParseError.BAD_CSRC_COUNT, packet.error());
    }

    @Test
    void rejectsTruncatedExtensionHeader() {
        assertFalse(wrapHex("90 60 0001 00000002 00000003 bede"));
        assertEquals(RtpParseError.BAD_EXTENSION_LENGTH, packet.error());
    }

    @Test
    void rejectsExtensionLengthPastEnd() {
        assertFalse(wrapHex("90 60 0001 00000002 00000003 bede0002 10ff0000"));
        assertEquals(RtpParseError.BAD_EXTENSION_LENGTH, packet.error());
    }

    @Test
    void rejectsZeroPaddingCount() {
        assertFalse(wrapHex("a0 60 0001 00000002 00000003 0102 00"));
        assertEquals(RtpParseError.BAD_PADDING, packet.error());
    }

    @Test
    void rejectsPaddingLargerThanPayload() {
        assertFalse(wrapHex("a0 60 0001 00000002 00000003 0105"));
        assertEquals(RtpParseError.BAD_PADDING, packet.error());
    }

    @Test
    void successfulWrapClearsPreviousError() {
        assertFalse(wrapHex("40"));
        buf.release();
        assertTrue(wrapHex("80 60 0001 00000002 00000003"));
        assertEquals(RtpParseError.NONE, packet.error());
        assertEquals(0, packet.payloadLength());
    }
}
