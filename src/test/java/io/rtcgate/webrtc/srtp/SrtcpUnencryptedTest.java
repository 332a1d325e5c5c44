package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * SRTCP with E = 0 (authenticated, not encrypted): RFC 3711 §3.4 for AES-CM, RFC 7714 §9.2 for AES-GCM (the whole
 * compound is AAD, only a tag follows). The packets are built here with plain JCA, independently of our ciphers.
 */
class SrtcpUnencryptedTest {
    private static final int SSRC = 0x0102_0304;
    private static final int INDEX = 0x0000_1234;

    @Test
    void aesCm() throws Exception {
        SrtpSessionKeys keys = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(new Random(5), SSRC);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(rtcp);
        wire.write(int32(INDEX)); // E = 0
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.rtcpAuthKey(), "HmacSHA1"));
        wire.write(Arrays.copyOf(mac.doFinal(wire.toByteArray()), 10));
        check(keys, wire.toByteArray(), rtcp);
    }

    @Test
    void aesGcm() throws Exception {
        SrtpSessionKeys keys = keys(SrtpProfile.AEAD_AES_256_GCM);
        byte[] rtcp = SrtpJitsiInteropTest.randomRtcp(new Random(6), SSRC);
        byte[] iv = keys.rtcpSalt();
        byte[] fields = new byte[12];
        SrtpWire.putInt(fields, 2, SSRC);
        SrtpWire.putInt(fields, 8, INDEX);
        for (int i = 0; i < 12; i++) {
            iv[i] ^= fields[i];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.rtcpKey(), "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(rtcp);
        gcm.updateAAD(int32(INDEX));
        byte[] tag = gcm.doFinal();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(rtcp);
        wire.write(tag);
        wire.write(int32(INDEX));
        check(keys, wire.toByteArray(), rtcp);
    }

    private static void check(SrtpSessionKeys keys, byte[] srtcp, byte[] expected) {
        SrtpReceiver receiver = new SrtpReceiver(keys);
        ByteBuf in = Unpooled.wrappedBuffer(srtcp);
        ByteBuf out = Unpooled.buffer();
        try {
            assertTrue(receiver.unprotectRtcp(in, out), receiver.lastError()::toString);
            assertArrayEquals(expected, SrtpJitsiInteropTest.take(out));
        } finally {
            in.release();
            out.release();
        }
        byte[] flipped = srtcp.clone();
        flipped[9] ^= 4; // plaintext is authenticated too
        assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtcp(new SrtpReceiver(keys), flipped));
    }

    private static SrtpSessionKeys keys(SrtpProfile profile) {
        Random random = new Random(profile.id());
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return SrtpKeyDerivation.derive(profile, key, salt);
    }

    private static byte[] int32(int v) {
        byte[] b = new byte[4];
        SrtpWire.putInt(b, 0, v);
        return b;
    }
}
