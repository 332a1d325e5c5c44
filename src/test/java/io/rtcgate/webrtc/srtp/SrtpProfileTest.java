package io.rtcgate.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Profile constants (RFC 5764 §4.1.2, RFC 7714 §14.2) and the RFC 5764 §4.2 key layout. */
class SrtpProfileTest {

    @Test
    void idsAndLengths() {
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.fromId(0x0001));
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromId(0x0007));
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.fromId(0x0008));
        assertThrows(IllegalArgumentException.class, () -> SrtpProfile.fromId(0x0002));
        assertEquals(60, SrtpProfile.AES_CM_128_HMAC_SHA1_80.exportedKeyingMaterialLength());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.exportedKeyingMaterialLength());
        assertEquals(88, SrtpProfile.AEAD_AES_256_GCM.exportedKeyingMaterialLength());
        assertEquals(10, SrtpProfile.AES_CM_128_HMAC_SHA1_80.rtpTagLength());
        assertEquals(10, SrtpProfile.AES_CM_128_HMAC_SHA1_80.rtcpTagLength());
        assertEquals(16, SrtpProfile.AEAD_AES_256_GCM.rtcpTagLength());
    }

    @Test
    void namesParseCaseInsensitively() {
        for (SrtpProfile p : SrtpProfile.values()) {
            assertEquals(p, SrtpProfile.parse(p.webrtcStatsName()));
            assertEquals(p, SrtpProfile.parse(" " + p.webrtcStatsName().toLowerCase() + " "));
            assertEquals(p, SrtpProfile.parse(p.rfc5764Name()));
        }
        assertEquals("AEAD_AES_128_GCM", SrtpProfile.AEAD_AES_128_GCM.webrtcStatsName());
        assertEquals("AES_CM_128_HMAC_SHA1_80", SrtpProfile.AES_CM_128_HMAC_SHA1_80.webrtcStatsName());
        assertThrows(IllegalArgumentException.class, () -> SrtpProfile.parse("AES_CM_128_HMAC_SHA1_32"));
        assertThrows(IllegalArgumentException.class, () -> SrtpProfile.parse(null));
    }

    @Test
    void dtlsServerSendsWithServerKeys() {
        SrtpProfile p = SrtpProfile.AEAD_AES_128_GCM;
        byte[] exported = new byte[56];
        for (int i = 0; i < exported.length; i++) {
            exported[i] = (byte) i;
        }
        SrtpKeyMaterial server = SrtpKeyMaterial.fromDtlsExport(p, exported);
        assertArrayEquals(range(16, 32), server.localKey());
        assertArrayEquals(range(44, 56), server.localSalt());
        assertArrayEquals(range(0, 16), server.remoteKey());
        assertArrayEquals(range(32, 44), server.remoteSalt());
        SrtpKeyMaterial client = SrtpKeyMaterial.fromDtlsExportAsClient(p, exported);
        assertArrayEquals(server.remoteKey(), client.localKey());
        assertArrayEquals(server.localSalt(), client.remoteSalt());
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyMaterial.fromDtlsExport(p, new byte[60]));
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeyMaterial.fromDtlsExport(SrtpProfile.AEAD_AES_256_GCM, new byte[56]));
    }

    @Test
    void serverAndClientKeyMaterialTalkToEachOther() {
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] exported = new byte[p.exportedKeyingMaterialLength()];
            new java.util.Random(p.id()).nextBytes(exported);
            SrtpKeyMaterial server = SrtpKeyMaterial.fromDtlsExport(p, exported);
            SrtpKeyMaterial client = SrtpKeyMaterial.fromDtlsExportAsClient(p, exported);
            SrtpTestPackets t = new SrtpTestPackets(p);
            SrtpSender gateway = SrtpSender.forLocal(server);
            SrtpReceiver viewer = SrtpReceiver.forRemote(client);
            assertEquals(SrtpError.NONE, SrtpTestPackets.rtp(viewer, t.srtp(gateway, 42, 1)));
            SrtpReceiver wrongSide = SrtpReceiver.forRemote(server);
            assertEquals(SrtpError.AUTH_FAILED, SrtpTestPackets.rtp(wrongSide, t.srtp(gateway, 42, 2)));
        }
    }

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
