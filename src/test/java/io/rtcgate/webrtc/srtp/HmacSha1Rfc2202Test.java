package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RFC 2202 §3 HMAC-SHA-1 test cases, and agreement with javax.crypto.Mac over repeated use. */
class HmacSha1Rfc2202Test {

    @Test
    void testCase1() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        assertArrayEquals(Hex.bytes("b617318655057264e28bc0b6fb378c8ef146be00"),
                mac(key, "Hi There".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void testCase2() {
        assertArrayEquals(Hex.bytes("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
                mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void testCase6KeyLongerThanBlock() {
        byte[] key = new byte[80];
        Arrays.fill(key, (byte) 0xaa);
        assertArrayEquals(Hex.bytes("aa4ae5e15272d00e95705637ce8a3b55ed402112"),
                mac(key, "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void agreesWithJcaMacAcrossReuse() throws Exception {
        Random random = new Random(3);
        byte[] key = new byte[20];
        random.nextBytes(key);
        Mac jca = Mac.getInstance("HmacSHA1");
        jca.init(new SecretKeySpec(key, "HmacSHA1"));
        HmacSha1 ours = new HmacSha1(key);
        for (int i = 0; i < 50; i++) {
            byte[] data = new byte[random.nextInt(2000)];
            random.nextBytes(data);
            byte[] out = new byte[HmacSha1.LENGTH + 3];
            ours.update(data, 0, data.length / 2);
            ours.update(data, data.length / 2, data.length - data.length / 2);
            ours.doFinal(out, 3);
            assertArrayEquals(jca.doFinal(data), Arrays.copyOfRange(out, 3, out.length));
        }
    }

    private static byte[] mac(byte[] key, byte[] data) {
        HmacSha1 h = new HmacSha1(key);
        h.update(data, 0, data.length);
        byte[] out = new byte[HmacSha1.LENGTH];
        h.doFinal(out, 0);
        return out;
    }
}
