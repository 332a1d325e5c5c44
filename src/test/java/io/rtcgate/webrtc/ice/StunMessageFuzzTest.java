package io.rtcgate.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class StunMessageFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) throws StunParseException {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            StunMessage m;
            try {
                m = StunMessage.parse(buf);
            } catch (StunParseException e) {
                assertNotNull(e.getMessage());
                return;
            }
            assertEquals(data.length, m.length());
            assertTrue(m.length() <= StunMessage.MAX_MESSAGE_BYTES);
            assertTrue(m.attributes().size() <= StunMessage.MAX_ATTRIBUTES);
            // RFC 5389 allows methods whose first byte is up to 0x3F; RFC 7983 demux (isStun) only takes 0..3
            assertEquals((data[0] & 0xFF) <= 3, StunMessage.isStun(buf));
            int previousEnd = StunMessage.HEADER_LENGTH;
            for (StunAttribute a : m.attributes()) {
                assertEquals(previousEnd, a.offset());
                assertTrue(a.endOffset() <= m.length());
                previousEnd = a.endOffset();
            }
            assertEquals(m.length(), previousEnd);
            assertEquals(m.messageType(), StunMessage.messageType(m.method(), m.stunClass()));
            assertEquals(12, m.transactionId().length);
            // never throw, whatever the content
            m.integrityMatches("VOkJxbRl1RmTxUk/WvJxBt");
            m.fingerprintMatches();
            assertTrue(m.priority() >= -1 && m.priority() <= 0xFFFFFFFFL);
            assertTrue(m.errorCode() == -1 || (m.errorCode() >= 300 && m.errorCode() <= 699));
            if (m.xorMappedAddress() != null) {
                assertXorAddressRoundTrips(m);
            }
        } finally {
            assertEquals(0, buf.readerIndex());
            buf.release();
        }
    }

    /** Writing the decoded address with the same transaction id gives back the same value bytes. */
    private static void assertXorAddressRoundTrips(StunMessage m) throws StunParseException {
        ByteBuf out = Unpooled.buffer();
        try {
            new StunMessageWriter().begin(out, m.messageType(), m.transactionId()).xorMappedAddress(m.xorMappedAddress());
            StunMessage again = StunMessage.parse(out);
            assertEquals(m.xorMappedAddress(), again.xorMappedAddress());
            byte[] original = m.value(m.attribute(StunAttributeType.XOR_MAPPED_ADDRESS));
            byte[] rewritten = again.value(again.attribute(StunAttributeType.XOR_MAPPED_ADDRESS));
            original[0] = 0; // the reserved byte is not preserved
            assertArrayEquals(original, rewritten);
        } finally {
            out.release();
        }
    }
}
