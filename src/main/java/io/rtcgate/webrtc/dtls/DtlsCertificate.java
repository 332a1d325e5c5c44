package io.rtcgate.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * The gateway's DTLS identity: a self-signed ECDSA P-256 certificate (named curve, SHA256withECDSA), generated once per
 * process at startup and used for every session. WebRTC authenticates it by the SHA-256 fingerprint in the SDP answer
 * ({@code a=fingerprint:sha-256 ...}, RFC 8122 §5), not by a CA, so a fresh key per process is enough.
 *
 * <p>Immutable; accessors return copies.
 */
public final class DtlsCertificate {
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final byte[] certificateDer;
    private final byte[] privateKeyPkcs8;
    private final AsymmetricKeyParameter privateKey;
    private final byte[] sha256;

    private DtlsCertificate(byte[] certificateDer, byte[] privateKeyPkcs8) throws IOException {
        this.certificateDer = certificateDer;
        this.privateKeyPkcs8 = privateKeyPkcs8;
        this.privateKey = PrivateKeyFactory.createKey(privateKeyPkcs8);
        this.sha256 = sha256(certificateDer);
    }

    /** Generates a new key pair and self-signed certificate ({@code CN=rtcgate}, valid from yesterday for a year). */
    public static DtlsCertificate generate(SecureRandom random) {
        X9ECParameters p256 = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            X500Name name = new X500Name("CN=rtcgate");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(63, random).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signatureAlgorithm = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digestAlgorithm = new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            ContentSigner signer = new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm)
                    .build(keyPair.getPrivate());
            byte[] der = builder.build(signer).getEncoded();
            byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(keyPair.getPrivate()).getEncoded();
            return new DtlsCertificate(der, pkcs8);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the DTLS certificate failed", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no SHA256withECDSA signer", e);
        }
    }

    /** The certificate, DER-encoded. */
    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    /** The private key, PKCS#8 DER. */
    public byte[] privateKeyPkcs8() {
        return privateKeyPkcs8.clone();
    }

    /** The private key as BouncyCastle's lightweight API needs it for signing. */
    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** SHA-256 of the DER certificate, 32 bytes. */
    public byte[] sha256FingerprintBytes() {
        return sha256.clone();
    }

    /** The fingerprint as SDP writes it after {@code a=fingerprint:sha-256 }: upper-case hex pairs joined by ':'. */
    public String sha256Fingerprint() {
        return sdpFingerprint(sha256);
    }

    /** SHA-256 of {@code der}. */
    static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Upper-case hex pairs joined by ':' (RFC 8122 §5 {@code fingerprint}). */
    static String sdpFingerprint(byte[] hash) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    }
}
