package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class RtpPacketFuzzTest {
    private final RtpPacket packet = new RtpPacket();

    @FuzzTest(maxDuration = "10s")
    void wrap(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            if (packet.wrap(buf)) {
                assertEquals(RtpParseError.NONE, packet.error());
                assertTrue(packet.headerLength() >= RtpPacket.FIXED_HEADER_LENGTH);
                assertTrue(packet.payloadLength() >= 0);
                assertTrue(packet.payloadOffset() + packet.payloadLength() <= buf.writerIndex());
                assertEquals(buf.readerIndex() + packet.headerLength(), packet.payloadOffset());
                assertTrue(packet.sequenceNumber() >= 0 && packet.sequenceNumber() <= 0xFFFF);
                assertTrue(packet.timestamp() >= 0 && packet.timestamp() <= 0xFFFFFFFFL);
                assertTrue(packet.ssrc() >= 0 && packet.ssrc() <= 0xFFFFFFFFL);
            } else {
                assertNotEquals(RtpParseError.NONE, packet.error());
            }
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }
}
