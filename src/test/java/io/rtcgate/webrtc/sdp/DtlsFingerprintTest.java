package io.rtcgate.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {

    @Test
    void roundTripsAndMatchesTheCertificateDigest() throws Exception {
        byte[] der = "not really a certificate, but bytes to hash".getBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        DtlsFingerprint parsed = DtlsFingerprint.parse("sha-256 " + hex.toLowerCase());
        assertEquals("sha-256", parsed.algorithm());
        assertArrayEquals(digest, parsed.digest());
        assertEquals(hex, parsed.hex());
        assertEquals("sha-256 " + hex, parsed.toSdpValue());
        assertEquals(DtlsFingerprint.sha256(digest), parsed);
        assertTrue(parsed.matches(digest));
        digest[31] ^= 1;
        assertFalse(parsed.matches(digest));
        assertFalse(parsed.matches(null));
    }

    @Test
    void otherAlgorithmsHaveTheirLength() throws Exception {
        assertEquals(20, DtlsFingerprint.parse("SHA-1 " + pairs(20)).digest().length);
        assertEquals(64, DtlsFingerprint.parse("sha-512 " + pairs(64)).digest().length);
        assertThrows(WhepOfferException.class, () -> DtlsFingerprint.parse("sha-1 " + pairs(32)));
        assertThrows(WhepOfferException.class, () -> DtlsFingerprint.parse("md5 " + pairs(16)));
    }

    @Test
    void rejectsMalformedValues() {
        String[] bad = {null, "", "sha-256", "sha-256 ", pairs(32), "sha-256 " + pairs(31),
            "sha-256 " + pairs(32).replace(':', ' '), "sha-256 " + pairs(32).replaceFirst("AB", "\u0661\u0662"),
            "sha-256 " + pairs(32).replaceFirst("AB", "+B")};
        for (String value : bad) {
            assertThrows(WhepOfferException.class, () -> DtlsFingerprint.parse(value), String.valueOf(value));
        }
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.sha256(new byte[31]));
    }

    private static String pairs(int count) {
        return String.join(":", java.util.Collections.nCopies(count, "AB"));
    }
}
