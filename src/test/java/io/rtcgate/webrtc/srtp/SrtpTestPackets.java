package io.rtcgate.webrtc.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;

/** A sender/receiver pair on one key plus helpers that protect into byte arrays and feed the receiver. */
final class SrtpTestPackets {
    static final int SSRC = 0xCAFE_0001;

    final SrtpProfile profile;
    final SrtpSessionKeys keys;
    final SrtpSender sender;
    final Random random = new Random(7);

    SrtpTestPackets(SrtpProfile profile) {
        this.profile = profile;
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        keys = SrtpKeyDerivation.derive(profile, key, salt);
        sender = new SrtpSender(keys);
    }

    byte[] plainRtp(int ssrc, int seq, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        random.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = 96;
        SrtpWire.putShort(p, 2, seq);
        SrtpWire.putInt(p, 4, seq * 3000);
        SrtpWire.putInt(p, 8, ssrc);
        return p;
    }

    /** Protects a fresh RTP packet with this seq on {@link #sender} (SSRC {@link #SSRC}). */
    byte[] srtp(int seq) {
        return srtp(sender, SSRC, seq);
    }

    byte[] srtp(SrtpSender s, int ssrc, int seq) {
        byte[] plain = plainRtp(ssrc, seq, 100);
        ByteBuf in = Unpooled.wrappedBuffer(plain);
        ByteBuf out = Unpooled.buffer();
        try {
            if (!s.protectRtp(in, ssrc, seq, seq * 3000L, 96, false, out)) {
                throw new AssertionError("protect failed: " + s.lastError());
            }
            return SrtpJitsiInteropTest.take(out);
        } finally {
            in.release();
            out.release();
        }
    }

    byte[] srtcp(byte[] rtcp) {
        ByteBuf in = Unpooled.wrappedBuffer(rtcp);
        ByteBuf out = Unpooled.buffer();
        try {
            if (!sender.protectRtcp(in, out)) {
                throw new AssertionError("protect failed: " + sender.lastError());
            }
            return SrtpJitsiInteropTest.take(out);
        } finally {
            in.release();
            out.release();
        }
    }

    /** Feeds {@code srtp} to {@code receiver}; returns the error (NONE on success) and checks {@code out} rules. */
    static SrtpError rtp(SrtpReceiver receiver, byte[] srtp) {
        return feed(receiver, srtp, false);
    }

    static SrtpError rtcp(SrtpReceiver receiver, byte[] srtcp) {
        return feed(receiver, srtcp, true);
    }

    private static SrtpError feed(SrtpReceiver receiver, byte[] packet, boolean rtcp) {
        ByteBuf in = Unpooled.wrappedBuffer(packet);
        ByteBuf out = Unpooled.buffer();
        try {
            boolean ok = rtcp ? receiver.unprotectRtcp(in, out) : receiver.unprotectRtp(in, out);
            if (in.readerIndex() != 0 || in.writerIndex() != packet.length) {
                throw new AssertionError("receiver moved the input's indexes");
            }
            if (ok != (receiver.lastError() == SrtpError.NONE)) {
                throw new AssertionError("result and lastError disagree");
            }
            if (!ok && out.writerIndex() != 0) {
                throw new AssertionError("a refused packet wrote output");
            }
            return receiver.lastError();
        } finally {
            in.release();
            out.release();
        }
    }
}
