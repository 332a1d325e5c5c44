package io.rtcgate.webrtc.ice;

import static io.rtcgate.webrtc.ice.StunTestVectors.IPV4_RESPONSE;
import static io.rtcgate.webrtc.ice.StunTestVectors.IPV6_RESPONSE;
import static io.rtcgate.webrtc.ice.StunTestVectors.PASSWORD;
import static io.rtcgate.webrtc.ice.StunTestVectors.SAMPLE_REQUEST;
import static io.rtcgate.webrtc.ice.StunTestVectors.TRANSACTION_ID;
import static io.rtcgate.webrtc.ice.StunTestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class StunMessageTest {

    private static StunMessage parse(byte[] bytes) throws StunParseException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            StunMessage message = StunMessage.parse(buf);
            assertEquals(0, buf.readerIndex(), "parse must not move the reader index");
            return message;
        } finally {
            buf.release();
        }
    }

    private static String rejectionOf(byte[] bytes) {
        return assertThrows(StunParseException.class, () -> parse(bytes)).getMessage();
    }

    @Test
    void rfc5769SampleRequestParsesAndAuthenticates() throws Exception {
        StunMessage m = parse(SAMPLE_REQUEST);
        assertEquals(StunClass.REQUEST, m.stunClass());
        assertEquals(StunMessage.METHOD_BINDING, m.method());
        assertTrue(m.isBindingRequest());
        assertArrayEquals(TRANSACTION_ID, m.transactionId());
        assertEquals("STUN test client", m.software());
        assertEquals(0x6e0001ffL, m.priority());
        assertTrue(m.hasIceControlled());
        assertEquals(0x932ff9b151263b36L, m.iceControlled());
        assertFalse(m.hasIceControlling());
        assertFalse(m.useCandidate());
        assertEquals("evtj:h6vY", m.username());
        assertTrue(m.integrityMatches(PASSWORD));
        assertTrue(m.fingerprintMatches());
        assertEquals(0, m.unknownComprehensionRequired().length);

        List<StunAttribute> attributes = m.attributes();
        assertEquals(6, attributes.size());
        assertEquals(new StunAttribute(StunAttributeType.USERNAME, 60, 9), attributes.get(3));
        assertEquals(new StunAttribute(StunAttributeType.MESSAGE_INTEGRITY, 76, 20), attributes.get(4));
        assertEquals(new StunAttribute(StunAttributeType.FINGERPRINT, 100, 4), attributes.get(5));
    }

    @Test
    void integrityFailsWithWrongPasswordOrAlteredBytes() throws Exception {
        StunMessage m = parse(SAMPLE_REQUEST);
        assertFalse(m.integrityMatches("VOkJxbRl1RmTxUk/WvJxBu"));
        assertFalse(m.integrityMatches(PASSWORD.substring(1)));

        byte[] altered = SAMPLE_REQUEST.clone();
        altered[64] ^= 0x01; // a USERNAME byte, still valid UTF-8
        StunMessage tampered = parse(altered);
        assertFalse(tampered.integrityMatches(PASSWORD));
        assertFalse(tampered.fingerprintMatches());
    }

    @Test
    void rfc5769Ipv4Response() throws Exception {
        StunMessage m = parse(IPV4_RESPONSE);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.stunClass());
        assertEquals(StunMessage.METHOD_BINDING, m.method());
        assertEquals("test vector", m.software());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), m.xorMappedAddress());
        assertTrue(m.integrityMatches(PASSWORD));
        assertTrue(m.fingerprintMatches());
    }

    @Test
    void rfc5769Ipv6Response() throws Exception {
        StunMessage m = parse(IPV6_RESPONSE);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.stunClass());
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                m.xorMappedAddress());
        assertTrue(m.integrityMatches(PASSWORD));
        assertTrue(m.fingerprintMatches());
    }

    @Test
    void writerReproducesRfc5769SampleRequest() {
        ByteBuf out = Unpooled.buffer();
        try {
            new StunMessageWriter().paddingByte(0x20)
                    .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), TRANSACTION_ID)
                    .software("STUN test client")
                    .priority(0x6e0001ffL)
                    .iceControlled(0x932ff9b151263b36L)
                    .username("evtj:h6vY")
                    .messageIntegrity(PASSWORD)
                    .fingerprint()
                    .finish();
            assertEquals(ByteBufUtil.hexDump(SAMPLE_REQUEST), ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }

    @Test
    void writerReproducesRfc5769Responses() throws Exception {
        assertWritesResponse(IPV4_RESPONSE, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertWritesResponse(IPV6_RESPONSE,
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    private static void assertWritesResponse(byte[] expected, InetSocketAddress mapped) {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(0x7f); // the writer must start at the writer index, not at 0
            out.readByte();
            new StunMessageWriter().paddingByte(0x20)
                    .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.SUCCESS_RESPONSE),
                            TRANSACTION_ID)
                    .software("test vector")
                    .xorMappedAddress(mapped)
                    .messageIntegrity(PASSWORD)
                    .fingerprint()
                    .finish();
            assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }

    @Test
    void messageTypeEncodingFollowsRfc5389Figure3() {
        assertEquals(0x0001, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST));
        assertEquals(0x0011, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.INDICATION));
        assertEquals(0x0101, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.SUCCESS_RESPONSE));
        assertEquals(0x0111, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.ERROR_RESPONSE));
        assertEquals(0x3EEF, StunMessage.messageType(0xFFF, StunClass.REQUEST)); // all method bits, no class bits
    }

    @Test
    void isStunByFirstByteAndCookie() {
        assertTrue(isStun(SAMPLE_REQUEST));
        assertTrue(isStun(IPV6_RESPONSE));
        byte[] dtls = SAMPLE_REQUEST.clone();
        dtls[0] = 22; // RFC 7983: 20..63 is DTLS
        assertFalse(isStun(dtls));
        byte[] rtp = SAMPLE_REQUEST.clone();
        rtp[0] = (byte) 0x80;
        assertFalse(isStun(rtp));
        byte[] noCookie = SAMPLE_REQUEST.clone();
        noCookie[5] = 0;
        assertFalse(isStun(noCookie));
        assertFalse(isStun(new byte[19]));
    }

    private static boolean isStun(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return StunMessage.isStun(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored() throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            new StunMessageWriter()
                    .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), TRANSACTION_ID)
                    .username("abcd:efgh")
                    .messageIntegrity(PASSWORD)
                    .useCandidate()
                    .attribute(0x0042, new byte[3])
                    .fingerprint();
            StunMessage m = parse(ByteBufUtil.getBytes(out));
            assertFalse(m.useCandidate(), "USE-CANDIDATE after MESSAGE-INTEGRITY is not protected, so not honoured");
            assertEquals(0, m.unknownComprehensionRequired().length);
            assertEquals(5, m.attributes().size());
            assertTrue(m.integrityMatches(PASSWORD));
            assertTrue(m.fingerprintMatches());
        } finally {
            out.release();
        }
    }

    @Test
    void unknownComprehensionRequiredAttributesAreReported() throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            new StunMessageWriter()
                    .begin(out, StunMessage.messageType(StunMessage.METHOD_BINDING, StunClass.REQUEST), TRANSACTION_ID)
                    .attribute(0x0042, new byte[] {1})
                    .attribute(0xC057, new byte[4]) // comprehension-optional (Chromium's GOOG-NETWORK-INFO)
                    .attribute(0x0042, new byte[] {2});
            StunMessage m = parse(ByteBufUtil.getBytes(out));
            assertArrayEquals(new int[] {0x0042}, m.unknownComprehensionRequired());
            assertFalse(m.hasMessageIntegrity());
            assertFalse(m.hasFingerprint());
            assertFalse(m.integrityMatches(PASSWORD));
            assertFalse(m.fingerprintMatches());
            assertNull(m.username());
            assertEquals(-1, m.priority());
        } finally {
            out.release();
        }
    }

    @Test
    void rejectsMalformedHeaders() {
        assertTrue(rejectionOf(new byte[0]).contains("shorter than the 20-byte header"));
        assertTrue(rejectionOf(java.util.Arrays.copyOf(SAMPLE_REQUEST, 19)).contains("shorter"));

        byte[] badCookie = SAMPLE_REQUEST.clone();
        badCookie[4] = 0x22;
        assertTrue(rejectionOf(badCookie).contains("magic cookie"));

        byte[] topBits = SAMPLE_REQUEST.clone();
        topBits[0] = (byte) 0x40;
        assertTrue(rejectionOf(topBits).contains("most significant bits"));

        byte[] oddLength = SAMPLE_REQUEST.clone();
        oddLength[3] = 0x57;
        assertTrue(rejectionOf(oddLength).contains("not a multiple of 4"));

        byte[] truncated = java.util.Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 4);
        assertTrue(rejectionOf(truncated).contains("length field says 88"));

        byte[] huge = new byte[1504];
        System.arraycopy(SAMPLE_REQUEST, 0, huge, 0, 20);
        huge[2] = (byte) (1484 >> 8);
        huge[3] = (byte) 1484;
        assertTrue(rejectionOf(huge).contains("exceeds the limit of 1500"));
    }

    @Test
    void rejectsMalformedAttributes() {
        // USERNAME claims 0x49 bytes: runs past the end
        byte[] pastEnd = SAMPLE_REQUEST.clone();
        pastEnd[63] = 0x49;
        assertTrue(rejectionOf(pastEnd).contains("runs past the end"), rejectionOf(pastEnd));

        // PRIORITY with 8 bytes would fit but is the wrong size
        byte[] badPriority = header(12);
        put(badPriority, 20, "00 24 00 08 00 00 00 00 00 00 00 00");
        assertTrue(rejectionOf(badPriority).contains("must be 4 bytes"));

        byte[] notLast = header(16);
        put(notLast, 20, "80 28 00 04 00 00 00 00 80 22 00 00 00 00 00 00");
        assertTrue(rejectionOf(notLast).contains("follows FINGERPRINT"));

        byte[] badUtf8 = header(8);
        put(badUtf8, 20, "00 06 00 02 c3 28 00 00");
        assertTrue(rejectionOf(badUtf8).contains("not valid UTF-8"));

        byte[] badFamily = header(12);
        put(badFamily, 20, "00 20 00 08 00 03 00 00 00 00 00 00");
        assertTrue(rejectionOf(badFamily).contains("address family 3"));

        byte[] shortIpv6 = header(12);
        put(shortIpv6, 20, "00 20 00 08 00 02 00 00 00 00 00 00");
        assertTrue(rejectionOf(shortIpv6).contains("must be 20 bytes"));

        byte[] badError = header(8);
        put(badError, 20, "00 09 00 04 00 00 07 00");
        assertTrue(rejectionOf(badError).contains("out of range"));

        byte[] tooMany = header(65 * 4);
        for (int i = 0; i < 65; i++) {
            put(tooMany, 20 + 4 * i, "80 00 00 00"); // empty comprehension-optional attributes
        }
        assertTrue(rejectionOf(tooMany).contains("more than 64 attributes"));
    }

    @Test
    void sixtyFourAttributesAreAccepted() throws Exception {
        byte[] max = header(64 * 4);
        for (int i = 0; i < 64; i++) {
            put(max, 20 + 4 * i, "80 00 00 00");
        }
        assertEquals(64, parse(max).attributes().size());
    }

    /** A Binding request header with the given attribute length and zeroed attributes. */
    private static byte[] header(int attributesLength) {
        byte[] b = new byte[20 + attributesLength];
        System.arraycopy(SAMPLE_REQUEST, 0, b, 0, 20);
        b[2] = (byte) (attributesLength >> 8);
        b[3] = (byte) attributesLength;
        return b;
    }

    private static void put(byte[] target, int offset, String hexBytes) {
        byte[] src = hex(hexBytes);
        System.arraycopy(src, 0, target, offset, src.length);
    }
}
