package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cross-check against jitsi-srtp, for every profile: our SRTP must equal jitsi's byte for byte and decrypt there;
 * jitsi's SRTP/SRTCP must pass our receiver. 3000 RTP packets starting at seq 64000 cross a sequence wrap (ROC 0 ->
 * 1); packets carry CSRCs and header extensions now and then and payloads of 0..1200 bytes.
 */
class SrtpJitsiInteropTest {
    private static final int SSRC = 0x1234_5678;
    private static final int PACKETS = 3000;
    private static final int FIRST_SEQ = 64_000;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpOursToJitsi(SrtpProfile profile) throws Exception {
        Random random = new Random(profile.ordinal());
        byte[] key = randomBytes(random, profile.keyLength());
        byte[] salt = randomBytes(random, profile.saltLength());
        SrtpSender ours = new SrtpSender(SrtpKeyDerivation.derive(profile, key, salt));
        SrtpCryptoContext jitsiSender = new JitsiSrtp(profile, true, key, salt).rtp(SSRC);
        SrtpCryptoContext jitsiReceiver = new JitsiSrtp(profile, false, key, salt).rtp(SSRC);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
        try {
            for (int i = 0; i < PACKETS; i++) {
                int seq = (FIRST_SEQ + i) & 0xFFFF;
                long timestamp = 90_000L * i & 0xFFFF_FFFFL;
                boolean marker = i % 7 == 0;
                byte[] source = randomRtp(random, 0x1111, 999, 0, 96, false);
                byte[] expected = rewritten(source, SSRC, seq, timestamp, 102, marker);
                ByteBuf in = Unpooled.wrappedBuffer(source).asReadOnly();
                try {
                    assertTrue(ours.protectRtp(in, SSRC, seq, timestamp, 102, marker, out), ours.lastError()::toString);
                } finally {
                    in.release();
                }
                byte[] srtp = take(out);
                assertArrayEquals(JitsiSrtp.protect(jitsiSender, expected), srtp, "packet " + i);
                assertArrayEquals(expected, JitsiSrtp.unprotect(jitsiReceiver, srtp), "packet " + i);
            }
            assertEquals(1, ours.rolloverCounter());
            assertEquals(PACKETS, ours.counters().rtpPackets());
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpJitsiToOursWithReordering(SrtpProfile profile) throws Exception {
        Random random = new Random(100 + profile.ordinal());
        byte[] key = randomBytes(random, profile.keyLength());
        byte[] salt = randomBytes(random, profile.saltLength());
        SrtpCryptoContext jitsiSender = new JitsiSrtp(profile, true, key, salt).rtp(SSRC);
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> protectedPackets = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
            byte[] rtp = randomRtp(random, SSRC, (FIRST_SEQ + i) & 0xFFFF, 90L * i, 111, i % 5 == 0);
            plain.add(rtp);
            protectedPackets.add(JitsiSrtp.protect(jitsiSender, rtp));
        }
        // Reorder within the window: swap neighbours every 10 packets, including around the wrap.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) {
            order.add(i);
        }
        for (int i = 1; i + 1 < PACKETS; i += 10) {
            Collections.swap(order, i, i + 1);
        }
        Collections.swap(order, 1535, 1536); // seq 65535 / 0
        SrtpReceiver receiver = new SrtpReceiver(SrtpKeyDerivation.derive(profile, key, salt));
        ByteBuf out = Unpooled.buffer();
        try {
            for (int i : order) {
                ByteBuf in = Unpooled.wrappedBuffer(protectedPackets.get(i));
                try {
                    assertTrue(receiver.unprotectRtp(in, out), () -> "packet " + i + ": " + receiver.lastError());
                } finally {
                    in.release();
                }
                assertArrayEquals(plain.get(i), take(out), "packet " + i);
            }
            assertEquals(1, receiver.rolloverCounter(SSRC));
            assertEquals(0, receiver.counters().errorsTotal());
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpBothWays(SrtpProfile profile) throws Exception {
        Random random = new Random(200 + profile.ordinal());
        byte[] key = randomBytes(random, profile.keyLength());
        byte[] salt = randomBytes(random, profile.saltLength());
        SrtpSessionKeys keys = SrtpKeyDerivation.derive(profile, key, salt);
        SrtpSender ours = new SrtpSender(keys);
        SrtpReceiver receiver = new SrtpReceiver(keys);
        SrtcpCryptoContext jitsiSender = new JitsiSrtp(profile, true, key, salt).rtcp(SSRC);
        SrtcpCryptoContext jitsiReceiver = new JitsiSrtp(profile, false, key, salt).rtcp(SSRC);
        ByteBuf out = Unpooled.directBuffer();
        try {
            for (int i = 0; i < 200; i++) {
                byte[] rtcp = randomRtcp(random, SSRC);
                ByteBuf in = Unpooled.wrappedBuffer(rtcp);
                try {
                    assertTrue(ours.protectRtcp(in, out), ours.lastError()::toString);
                } finally {
                    in.release();
                }
                byte[] srtcp = take(out);
                assertArrayEquals(rtcp, JitsiSrtp.unprotect(jitsiReceiver, srtcp), "ours->jitsi " + i);

                byte[] fromJitsi = JitsiSrtp.protect(jitsiSender, rtcp);
                ByteBuf jin = Unpooled.wrappedBuffer(fromJitsi);
                try {
                    assertTrue(receiver.unprotectRtcp(jin, out), () -> receiver.lastError().toString());
                } finally {
                    jin.release();
                }
                assertArrayEquals(rtcp, take(out), "jitsi->ours " + i);
            }
            assertEquals(200, ours.srtcpIndex());
        } finally {
            out.release();
        }
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** An RTP packet with random payload, sometimes CSRCs, a one-byte-header extension or padding. */
    static byte[] randomRtp(Random random, int ssrc, int seq, long timestamp, int pt, boolean marker) {
        int csrcs = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0;
        boolean extension = random.nextInt(4) == 0;
        int extWords = extension ? 1 + random.nextInt(3) : 0;
        int payload = random.nextInt(10) == 0 ? 0 : random.nextInt(1201);
        int header = 12 + 4 * csrcs + (extension ? 4 + 4 * extWords : 0);
        byte[] p = new byte[header + payload];
        random.nextBytes(p);
        p[0] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcs);
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        SrtpWire.putShort(p, 2, seq);
        SrtpWire.putInt(p, 4, (int) timestamp);
        SrtpWire.putInt(p, 8, ssrc);
        if (extension) {
            int e = 12 + 4 * csrcs;
            SrtpWire.putShort(p, e, 0xBEDE);
            SrtpWire.putShort(p, e + 2, extWords);
        }
        return p;
    }

    /** A sender report (with random report blocks) followed by an SDES-sized opaque packet. */
    static byte[] randomRtcp(Random random, int ssrc) {
        int blocks = random.nextInt(3);
        int srLength = 28 + 24 * blocks;
        int extra = 4 * (1 + random.nextInt(10));
        byte[] p = new byte[srLength + extra];
        random.nextBytes(p);
        p[0] = (byte) (0x80 | blocks);
        p[1] = (byte) 200;
        SrtpWire.putShort(p, 2, srLength / 4 - 1);
        SrtpWire.putInt(p, 4, ssrc);
        p[srLength] = (byte) 0x81;
        p[srLength + 1] = (byte) 202;
        SrtpWire.putShort(p, srLength + 2, extra / 4 - 1);
        return p;
    }

    static byte[] rewritten(byte[] source, int ssrc, int seq, long timestamp, int pt, boolean marker) {
        byte[] p = source.clone();
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        SrtpWire.putShort(p, 2, seq);
        SrtpWire.putInt(p, 4, (int) timestamp);
        SrtpWire.putInt(p, 8, ssrc);
        return p;
    }

    static byte[] take(ByteBuf out) {
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.clear();
        return b;
    }
}
