package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.2: AES-CM keystream for session key 2B7E...3C, IV F0F1...FD0000. */
class AesCounterKeystreamRfc3711Test {
    private static final byte[] SESSION_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] IV = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    @Test
    void firstThreeBlocks() {
        byte[] out = new byte[48];
        new AesCounterKeystream(SESSION_KEY).generate(IV, out, 0, 48);
        assertArrayEquals(Hex.bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0"""), out);
    }

    @Test
    void blocksFeffToFf01() {
        int blocks = 0xFF02;
        byte[] out = new byte[blocks * 16];
        new AesCounterKeystream(SESSION_KEY).generate(IV, out, 0, out.length);
        assertArrayEquals(Hex.bytes("""
                EC8CDF7398607CB0F2D21675EA9EA1E4
                362B7C3C6773516318A077D7FC5073AE
                6A2CC3787889374FBEB4C81B17BA6C44"""), Arrays.copyOfRange(out, 0xFEFF * 16, 0xFF02 * 16));
    }

    @Test
    void partialBlockAndXorAgreeWithGenerate() {
        AesCounterKeystream ks = new AesCounterKeystream(SESSION_KEY);
        byte[] full = new byte[32];
        ks.generate(IV, full, 0, 32);
        byte[] data = new byte[21];
        ks.xor(IV, data, 0, data.length, new byte[32]);
        assertArrayEquals(Arrays.copyOf(full, 21), data);
        assertEquals(0xE0, data[0] & 0xFF);
    }
}
