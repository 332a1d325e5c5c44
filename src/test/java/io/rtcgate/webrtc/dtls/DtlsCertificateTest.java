package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Date;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Checks the generated identity with the JDK's own X.509 and EC code, independent of BouncyCastle. */
class DtlsCertificateTest {
    final DtlsCertificate certificate = DtlsCertificate.generate(new SecureRandom());

    X509Certificate parsed() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.certificateDer()));
    }

    @Test
    void isASelfSignedP256EcdsaCertificateValidNow() throws Exception {
        X509Certificate x509 = parsed();
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        ECPublicKey key = (ECPublicKey) x509.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        x509.verify(key); // self-signed
        x509.checkValidity(new Date());
    }

    @Test
    void pkcs8KeyMatchesTheCertificate() throws Exception {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(certificate.privateKeyPkcs8()));
        byte[] message = "dtls".getBytes();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(parsed().getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void fingerprintIsSha256OfTheDerInSdpForm() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(certificate.certificateDer());
        assertArrayEquals(expected, certificate.sha256FingerprintBytes());
        String sdp = certificate.sha256Fingerprint();
        assertTrue(sdp.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), sdp);
        assertArrayEquals(expected, HexFormat.of().parseHex(sdp.replace(":", "")));
    }

    @Test
    void sdpFormOfAKnownHash() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xAB;
        hash[1] = 0x0c;
        hash[31] = (byte) 0xFF;
        assertEquals("AB:0C:" + "00:".repeat(29) + "FF", DtlsCertificate.sdpFingerprint(hash));
    }

    @Test
    void eachGenerationIsANewKeyAndAccessorsCopy() {
        DtlsCertificate other = DtlsCertificate.generate(new SecureRandom());
        assertFalse(java.util.Arrays.equals(certificate.certificateDer(), other.certificateDer()));
        byte[] der = certificate.certificateDer();
        der[0] ^= 1;
        assertFalse(java.util.Arrays.equals(der, certificate.certificateDer()));
    }
}
