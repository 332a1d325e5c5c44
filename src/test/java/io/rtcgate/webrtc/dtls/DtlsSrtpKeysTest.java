package io.rtcgate.webrtc.dtls;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtlsSrtpKeysTest {

    static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static byte[] range(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    /** RFC 5764 §4.2: client key | server key | client salt | server salt. */
    @ParameterizedTest
    @CsvSource({"1, 16, 14, 60", "7, 16, 12, 56", "8, 32, 12, 88"})
    void splitsKeyingMaterialAsRfc5764Says(int id, int keyLength, int saltLength, int total) {
        SrtpProfile profile = SrtpProfile.byId(id).orElseThrow();
        assertEquals(total, profile.exportedKeyingMaterialLength());
        DtlsSrtpKeys keys = new DtlsSrtpKeys(profile, counting(total),
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ProtocolVersion.DTLSv12);
        assertArrayEquals(range(0, keyLength), keys.clientMasterKey());
        assertArrayEquals(range(keyLength, keyLength), keys.serverMasterKey());
        assertArrayEquals(range(2 * keyLength, saltLength), keys.clientMasterSalt());
        assertArrayEquals(range(2 * keyLength + saltLength, saltLength), keys.serverMasterSalt());
        assertEquals(id, keys.profileId());
    }

    @Test
    void rejectsMaterialOfTheWrongLengthAndHidesKeys() {
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpKeys(SrtpProfile.AEAD_AES_128_GCM,
                new byte[60], 0, ProtocolVersion.DTLSv12));
        DtlsSrtpKeys keys = new DtlsSrtpKeys(SrtpProfile.AEAD_AES_128_GCM, new byte[56],
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ProtocolVersion.DTLSv12);
        assertTrue(keys.toString().contains("AEAD_AES_128_GCM"));
        assertFalse(keys.toString().contains("0, 0, 0"));
    }

    @Test
    void unknownProfileIdsAreEmpty() {
        assertTrue(SrtpProfile.byId(0x0005).isEmpty());
        assertTrue(SrtpProfile.byId(-1).isEmpty());
    }

    @Test
    void settingsValidateTheirValues() {
        assertEquals(List.of(7, 8, 1), DtlsSettings.defaults().srtpProfileOrder());
        assertEquals(5000, DtlsSettings.defaults().handshakeTimeoutMillis());
        assertThrows(IllegalArgumentException.class, () -> DtlsSettings.defaults().withSrtpProfileOrder(List.of()));
        assertThrows(IllegalArgumentException.class, () -> DtlsSettings.defaults().withSrtpProfileOrder(List.of(7, 7)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DtlsSettings.defaults().withSrtpProfileOrder(List.of(5)));
        assertTrue(unknown.getMessage().contains("unsupported SRTP protection profile 5"));
        assertThrows(IllegalArgumentException.class, () -> DtlsSettings.defaults().withHandshakeTimeoutMillis(0));
        assertThrows(IllegalArgumentException.class, () -> DtlsSettings.defaults().withHandshakeThreads(0, 1));
        assertThrows(IllegalArgumentException.class, () -> DtlsSettings.defaults().withHandshakeThreads(1, 0));
    }
}
