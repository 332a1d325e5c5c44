package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.3: key derivation with master key E1F9...39, master salt 0EC6...E6, index 0, kdr 0. */
class SrtpKeyDerivationRfc3711Test {
    private static final byte[] MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void encryptionKey() {
        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"),
                SrtpKeyDerivation.deriveKey(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
    }

    @Test
    void saltingKey() {
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"),
                SrtpKeyDerivation.deriveKey(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14));
    }

    @Test
    void authenticationKey() {
        assertArrayEquals(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"),
                SrtpKeyDerivation.deriveKey(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION,
                        20));
    }

    @Test
    void deriveFillsAllSixKeysWithTheProfileLengths() {
        SrtpSessionKeys keys = SrtpKeyDerivation.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"), keys.rtpKey());
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"), keys.rtpSalt());
        assertEquals(20, keys.rtpAuthKey().length);
        assertEquals(16, keys.rtcpKey().length);
        assertEquals(20, keys.rtcpAuthKey().length);
        assertEquals(14, keys.rtcpSalt().length);
        assertArrayEquals(SrtpKeyDerivation.deriveKey(MASTER_KEY, MASTER_SALT, 3, 16), keys.rtcpKey());
    }

    @Test
    void gcmSaltIsZeroPaddedToFourteenBytes() {
        byte[] salt12 = Hex.bytes("0EC675AD498AFEEBB6960B3A");
        byte[] salt14 = Hex.bytes("0EC675AD498AFEEBB6960B3A0000");
        SrtpSessionKeys keys = SrtpKeyDerivation.derive(SrtpProfile.AEAD_AES_128_GCM, MASTER_KEY, salt12);
        assertArrayEquals(SrtpKeyDerivation.deriveKey(MASTER_KEY, salt14, 0, 16), keys.rtpKey());
        assertArrayEquals(SrtpKeyDerivation.deriveKey(MASTER_KEY, salt14, 2, 12), keys.rtpSalt());
        assertEquals(0, keys.rtpAuthKey().length);
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeyDerivation.derive(SrtpProfile.AEAD_AES_256_GCM, MASTER_KEY, new byte[12]));
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeyDerivation.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, new byte[12]));
    }
}
