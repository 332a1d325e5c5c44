package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Jazzer: the receiver never throws on arbitrary bytes, never writes output for a refused packet, never moves the
 * input's indexes; and whatever the sender protects the receiver recovers, while a one-byte change is refused.
 * Keys are libsrtp's test keys, so its reference packets (the seeds) pass authentication.
 */
class SrtpReceiverFuzzTest {
    private static final SrtpSessionKeys[] KEYS = {
        SrtpKeyDerivation.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139"), Hex.bytes("0ec675ad498afeebb6960b3aabe6")),
        SrtpKeyDerivation.derive(SrtpProfile.AEAD_AES_128_GCM,
                Hex.bytes("000102030405060708090a0b0c0d0e0f"), Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab")),
        SrtpKeyDerivation.derive(SrtpProfile.AEAD_AES_256_GCM,
                Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab")),
    };
    private final SrtpReceiver[] receivers = new SrtpReceiver[KEYS.length];
    private final SrtpSender[] senders = new SrtpSender[KEYS.length];
    private final SrtpReceiver[] roundTripReceivers = new SrtpReceiver[KEYS.length];
    private int nextSeq;

    SrtpReceiverFuzzTest() {
        for (int i = 0; i < KEYS.length; i++) {
            receivers[i] = new SrtpReceiver(KEYS[i], 64, 4);
            senders[i] = new SrtpSender(KEYS[i]);
            roundTripReceivers[i] = new SrtpReceiver(KEYS[i]);
        }
    }

    /** data[0]: bits 0-1 profile, bit 4 RTCP; the rest is the packet. */
    @FuzzTest(maxDuration = "10s")
    void unprotect(byte[] data) {
        if (data.length == 0) {
            return;
        }
        SrtpReceiver receiver = receivers[(data[0] & 0x03) % KEYS.length];
        boolean rtcp = (data[0] & 0x10) != 0;
        ByteBuf in = Unpooled.wrappedBuffer(data, 1, data.length - 1);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            long before = receiver.counters().errorsTotal();
            boolean ok = rtcp ? receiver.unprotectRtcp(in, out) : receiver.unprotectRtp(in, out);
            assertEquals(0, in.readerIndex());
            assertEquals(data.length - 1, in.writerIndex());
            if (ok) {
                assertEquals(SrtpError.NONE, receiver.lastError());
                int overhead = rtcp ? receiver.profile().rtcpTagLength() + 4 : receiver.profile().rtpTagLength();
                assertEquals(data.length - 1 - overhead, out.readableBytes());
            } else {
                assertNotEquals(SrtpError.NONE, receiver.lastError());
                assertEquals(0, out.writerIndex());
                assertEquals(before + 1, receiver.counters().errorsTotal());
            }
        } finally {
            in.release();
            out.release();
        }
    }

    /**
     * data[0]: profile / RTCP / byte to corrupt selector; data[1]: corruption mask; the rest: plaintext RTP or RTCP.
     */
    @FuzzTest(maxDuration = "10s")
    void protectThenUnprotect(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int which = (data[0] & 0x03) % KEYS.length;
        boolean rtcp = (data[0] & 0x10) != 0;
        SrtpSender sender = senders[which];
        SrtpReceiver receiver = roundTripReceivers[which];
        byte[] plain = Arrays.copyOfRange(data, 2, data.length);
        if (rtcp && plain.length >= 8) {
            SrtpWire.putInt(plain, 4, 0x5EED); // one SSRC, or the receiver's stream bound would refuse it
        }
        ByteBuf in = Unpooled.wrappedBuffer(plain);
        ByteBuf out = Unpooled.buffer();
        ByteBuf back = Unpooled.directBuffer();
        try {
            int seq = nextSeq++ & 0xFFFF;
            boolean protectedOk = rtcp ? sender.protectRtcp(in, out)
                    : sender.protectRtp(in, 0x5EED, seq, seq * 10L, 96, false, out);
            if (!protectedOk) {
                assertNotEquals(SrtpError.NONE, sender.lastError());
                assertEquals(0, out.writerIndex());
                return;
            }
            byte[] expected = plain.clone();
            if (!rtcp) {
                expected = SrtpJitsiInteropTest.rewritten(plain, 0x5EED, seq, seq * 10L, 96, false);
            }
            byte[] wire = SrtpJitsiInteropTest.take(out);
            if (data[1] != 0) {
                byte[] corrupt = wire.clone();
                corrupt[((data[0] & 0xFF) >>> 5) * 7919 % corrupt.length] ^= data[1];
                ByteBuf c = Unpooled.wrappedBuffer(corrupt);
                try {
                    boolean accepted = rtcp ? receiver.unprotectRtcp(c, back) : receiver.unprotectRtp(c, back);
                    assertTrue(!accepted, "a corrupted packet was accepted");
                    assertEquals(0, back.writerIndex());
                } finally {
                    c.release();
                }
            }
            ByteBuf w = Unpooled.wrappedBuffer(wire);
            try {
                boolean ok = rtcp ? receiver.unprotectRtcp(w, back) : receiver.unprotectRtp(w, back);
                assertTrue(ok, () -> "round trip failed: " + receiver.lastError());
                assertArrayEquals(expected, SrtpJitsiInteropTest.take(back));
            } finally {
                w.release();
            }
        } finally {
            in.release();
            out.release();
            back.release();
        }
    }
}
