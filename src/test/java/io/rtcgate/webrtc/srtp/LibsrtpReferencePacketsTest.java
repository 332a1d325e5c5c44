package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * libsrtp's reference packets (test/srtp_driver.c, srtp_validate and srtp_validate_gcm): master key and salt go
 * through the RFC 3711 KDF, SSRC 0xcafebabe, RTP seq 0x1234, first SRTCP index 1. These check KDF + cipher + framing
 * end to end, for AES_CM_128_HMAC_SHA1_80 and for AEAD_AES_128_GCM with a 12-byte master salt.
 */
class LibsrtpReferencePacketsTest {
    private static final byte[] RTP = Hex.bytes("800f1234decafbadcafebabe abababababababababababababababab");
    private static final byte[] RTCP = Hex.bytes("81c8000bcafebabe abababababababababababababababab");

    private static final byte[] CM_KEY = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] CM_SALT = Hex.bytes("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] CM_SRTP = Hex.bytes("""
            800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb""");
    private static final byte[] CM_SRTCP = Hex.bytes("""
            81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798""");

    private static final byte[] GCM_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final byte[] GCM_SRTP = Hex.bytes("""
            800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392""");
    private static final byte[] GCM_SRTCP = Hex.bytes("""
            81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001""");

    @Test
    void aesCmProtect() {
        check(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_KEY, CM_SALT, CM_SRTP, CM_SRTCP);
    }

    @Test
    void aesGcm128Protect() {
        check(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT, GCM_SRTP, GCM_SRTCP);
    }

    private static void check(SrtpProfile profile, byte[] key, byte[] salt, byte[] srtp, byte[] srtcp) {
        SrtpSessionKeys keys = SrtpKeyDerivation.derive(profile, key, salt);
        SrtpSender sender = new SrtpSender(keys);
        SrtpReceiver receiver = new SrtpReceiver(keys);
        ByteBuf rtpIn = Unpooled.wrappedBuffer(RTP);
        ByteBuf rtcpIn = Unpooled.wrappedBuffer(RTCP);
        ByteBuf srtpIn = Unpooled.wrappedBuffer(srtp);
        ByteBuf srtcpIn = Unpooled.wrappedBuffer(srtcp);
        ByteBuf out = Unpooled.directBuffer();
        try {
            assertTrue(sender.protectRtp(rtpIn, 0xcafebabe, 0x1234, 0xdecafbadL, 0x0f, false, out));
            assertArrayEquals(srtp, take(out));
            assertTrue(sender.protectRtcp(rtcpIn, out));
            assertArrayEquals(srtcp, take(out));
            assertTrue(receiver.unprotectRtp(srtpIn, out), () -> receiver.lastError().toString());
            assertArrayEquals(RTP, take(out));
            assertTrue(receiver.unprotectRtcp(srtcpIn, out), () -> receiver.lastError().toString());
            assertArrayEquals(RTCP, take(out));
        } finally {
            rtpIn.release();
            rtcpIn.release();
            srtpIn.release();
            srtcpIn.release();
            out.release();
        }
    }

    private static byte[] take(ByteBuf out) {
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.clear();
        return b;
    }
}
