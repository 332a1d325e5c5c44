package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sender rules: header rewrite, source untouched, ROC from sequence numbers, no index used twice, limits. */
class SrtpSenderTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rewritesHeaderKeepsCsrcsAndExtensionAndLeavesSourceAlone(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        byte[] source = SrtpJitsiInteropTest.randomRtp(t.random, 0x0BAD_F00D, 4711, 1234L, 33, false);
        source[0] = (byte) 0x92; // X=1, CC=2
        byte[] withHeader = new byte[12 + 8 + 8 + 50];
        System.arraycopy(source, 0, withHeader, 0, 12);
        t.random.nextBytes(withHeader);
        withHeader[0] = (byte) 0x92;
        SrtpWire.putShort(withHeader, 20, 0xBEDE);
        SrtpWire.putShort(withHeader, 22, 1);
        byte[] original = withHeader.clone();
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(200);
        pooled.writeZero(5).writeBytes(withHeader).writeZero(7);
        ByteBuf shared = pooled.slice(5, withHeader.length).asReadOnly();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        out.writeByte(0x55); // existing content stays in front
        try {
            assertTrue(t.sender.protectRtp(shared, SrtpTestPackets.SSRC, 9, 0xFFFF_FFFFL, 100, true, out));
            assertEquals(0, shared.readerIndex());
            assertEquals(withHeader.length, shared.writerIndex());
            byte[] after = new byte[withHeader.length];
            pooled.getBytes(5, after);
            assertArrayEquals(original, after);
            assertEquals(0x55, out.readUnsignedByte());
            assertEquals(withHeader.length + profile.rtpTagLength(), out.readableBytes());

            SrtpReceiver receiver = new SrtpReceiver(t.keys);
            ByteBuf plain = Unpooled.buffer();
            try {
                assertTrue(receiver.unprotectRtp(out, plain), receiver.lastError()::toString);
                byte[] expected = SrtpJitsiInteropTest.rewritten(original, SrtpTestPackets.SSRC, 9, 0xFFFF_FFFFL,
                        100, true);
                assertArrayEquals(expected, SrtpJitsiInteropTest.take(plain));
            } finally {
                plain.release();
            }
        } finally {
            pooled.release();
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rocFollowsWrapAndLatePacketsKeepTheirRoc(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        SrtpReceiver receiver = new SrtpReceiver(t.keys);
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(65_534)));
        byte[] late = null;
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(0)));
        assertEquals(1, t.sender.rolloverCounter());
        late = t.srtp(65_535); // reordered at the source: still ROC 0
        assertEquals(1, t.sender.rolloverCounter());
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, late));
        assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(receiver, t.srtp(1)));
        assertEquals(1, receiver.rolloverCounter(SrtpTestPackets.SSRC));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesToReuseAnIndex(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        t.srtp(500);
        ByteBuf in = Unpooled.wrappedBuffer(t.plainRtp(SrtpTestPackets.SSRC, 500, 20));
        ByteBuf out = Unpooled.buffer();
        try {
            assertFalse(t.sender.protectRtp(in, SrtpTestPackets.SSRC, 500, 0, 96, false, out));
            assertEquals(SrtpError.REPLAYED, t.sender.lastError());
            assertEquals(0, out.writerIndex());
            for (int seq = 501; seq < 700; seq++) {
                t.srtp(seq);
            }
            assertFalse(t.sender.protectRtp(in, SrtpTestPackets.SSRC, 499, 0, 96, false, out));
            assertEquals(SrtpError.TOO_OLD, t.sender.lastError());
            assertEquals(2, t.sender.counters().errorsTotal());
        } finally {
            in.release();
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesBadInputAndFullOutput(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        ByteBuf shortRtp = Unpooled.wrappedBuffer(new byte[11]);
        ByteBuf badVersion = Unpooled.wrappedBuffer(new byte[40]);
        ByteBuf good = Unpooled.wrappedBuffer(t.plainRtp(SrtpTestPackets.SSRC, 1, 100));
        ByteBuf small = Unpooled.buffer(16, 64);
        try {
            assertFalse(t.sender.protectRtp(shortRtp, 1, 1, 0, 96, false, small));
            assertEquals(SrtpError.TOO_SHORT, t.sender.lastError());
            assertFalse(t.sender.protectRtp(badVersion, 1, 1, 0, 96, false, small));
            assertEquals(SrtpError.MALFORMED, t.sender.lastError());
            assertFalse(t.sender.protectRtp(good, 1, 1, 0, 96, false, small));
            assertEquals(SrtpError.OUTPUT_FULL, t.sender.lastError());
            assertFalse(t.sender.protectRtcp(shortRtp, small));
            assertEquals(SrtpError.MALFORMED, t.sender.lastError());
            assertEquals(0, small.writerIndex());
        } finally {
            shortRtp.release();
            badVersion.release();
            good.release();
            small.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpIndexStartsAtOneAndCarriesTheEFlag(SrtpProfile profile) {
        SrtpTestPackets t = new SrtpTestPackets(profile);
        byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(t.random, SrtpTestPackets.SSRC);
        for (int i = 1; i <= 3; i++) {
            byte[] srtcp = t.srtcp(rtcp);
            int trailer = profile.isAead() ? srtcp.length - 4 : srtcp.length - profile.rtcpTagLength() - 4;
            assertEquals(0x8000_0000 | i, SrtpWire.getInt(srtcp, trailer));
            assertEquals(rtcp.length + 4 + profile.rtcpTagLength(), srtcp.length);
        }
        assertEquals(3, t.sender.srtcpIndex());
    }
}
