package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 7714 §16 (RTP) and §17 (RTCP) test vectors, applied with the given session key and salt (no derivation):
 * key 000102...0f (1f for 256 bit), salt "Quid pro quo", RTP SSRC 0x5501a0b2 seq 0xf17b ROC 0, RTCP SSRC 0x4d617273
 * SRTCP index 0x5d4.
 */
class AesGcmCipherRfc7714Test {
    static final byte[] SALT = Hex.bytes("517569642070726f2071756f");
    static final byte[] RTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472 6573""");
    static final byte[] RTCP = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef""");
    static final byte[] SRTP_128 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");
    static final byte[] SRTCP_128 = Hex.bytes("""
            81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");
    static final byte[] SRTP_256 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238
            9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7
            6c13""");
    static final byte[] SRTCP_256 = Hex.bytes("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4""");

    static SrtpSessionKeys keys(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return new SrtpSessionKeys(profile, key, new byte[0], SALT, key, new byte[0], SALT);
    }

    static byte[] srtp(SrtpProfile p) {
        return p == SrtpProfile.AEAD_AES_128_GCM ? SRTP_128 : SRTP_256;
    }

    static byte[] srtcp(SrtpProfile p) {
        return p == SrtpProfile.AEAD_AES_128_GCM ? SRTCP_128 : SRTCP_256;
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtpEncryptionThroughTheSender(SrtpProfile profile) {
        SrtpSender sender = new SrtpSender(keys(profile));
        ByteBuf in = Unpooled.wrappedBuffer(RTP);
        ByteBuf out = Unpooled.buffer();
        try {
            assertTrue(sender.protectRtp(in, 0x5501a0b2, 0xf17b, 0x8041f8d3L, 0x40, false, out));
            assertArrayEquals(srtp(profile), bytes(out));
            assertEquals(0, in.readerIndex());
            assertArrayEquals(RTP, bytes(in));
        } finally {
            in.release();
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtpDecryptionThroughTheReceiver(SrtpProfile profile) {
        SrtpReceiver receiver = new SrtpReceiver(keys(profile));
        ByteBuf in = Unpooled.wrappedBuffer(srtp(profile));
        ByteBuf out = Unpooled.buffer();
        try {
            assertTrue(receiver.unprotectRtp(in, out), () -> receiver.lastError().toString());
            assertArrayEquals(RTP, bytes(out));
        } finally {
            in.release();
            out.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtcpEncryptionWithIndex5d4(SrtpProfile profile) {
        byte[] packet = Arrays.copyOf(RTCP, RTCP.length + 64);
        int length = new AesGcmCipher(keys(profile)).protectRtcp(packet, RTCP.length, 0x5d4);
        assertArrayEquals(srtcp(profile), Arrays.copyOf(packet, length));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void rtcpDecryptionThroughTheReceiver(SrtpProfile profile) {
        SrtpReceiver receiver = new SrtpReceiver(keys(profile));
        ByteBuf in = Unpooled.wrappedBuffer(srtcp(profile));
        ByteBuf out = Unpooled.buffer();
        try {
            assertTrue(receiver.unprotectRtcp(in, out), () -> receiver.lastError().toString());
            assertArrayEquals(RTCP, bytes(out));
        } finally {
            in.release();
            out.release();
        }
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return b;
    }
}
