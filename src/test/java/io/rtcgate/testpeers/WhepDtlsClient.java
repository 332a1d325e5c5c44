package io.rtcgate.testpeers;

import io.rtcgate.webrtc.dtls.DtlsCertificate;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Hashtable;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS-SRTP client of {@link JavaWhepViewer}, on BouncyCastle's {@link DefaultTlsClient}: DTLS 1.2, ECDHE-ECDSA
 * AES-GCM suites, use_srtp with Chromium's profile order [1, 8, 7] (RFC 5764 §4.1.1), extended master secret, its own
 * ECDSA certificate (whose fingerprint the offer carried), and a server certificate that must hash to the answer's
 * {@code a=fingerprint} (RFC 8122 §5). After the handshake it holds the RFC 5764 §4.2 exporter output.
 */
final class WhepDtlsClient extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final byte[] expectedServerSha256;
    private final int handshakeTimeoutMillis;
    private int selectedProfile = -1;
    private byte[] exported;

    WhepDtlsClient(DtlsCertificate certificate, byte[] expectedServerSha256, int handshakeTimeoutMillis) {
        this(new BcTlsCrypto(new java.security.SecureRandom()), certificate, expectedServerSha256, handshakeTimeoutMillis);
    }

    private WhepDtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, byte[] expectedServerSha256,
            int handshakeTimeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedServerSha256 = expectedServerSha256.clone();
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384};
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {0x0001, 0x0008, 0x0007},
                TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must choose exactly one SRTP profile");
        }
        selectedProfile = chosen.getProtectionProfiles()[0];
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain.isEmpty() || !Arrays.equals(expectedServerSha256, sha256(chain.getCertificateAt(0).getEncoded()))) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate,
                            "server certificate does not match the answer's a=fingerprint");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                AsymmetricKeyParameter key = PrivateKeyFactory.createKey(certificate.privateKeyPkcs8());
                Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.certificateDer())});
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, chain,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    /** RFC 5764 §4.2: keying material for the chosen profile; BouncyCastle allows the export only here. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = switch (selectedProfile) {
            case 0x0001 -> 2 * (16 + 14);
            case 0x0007 -> 2 * (16 + 12);
            case 0x0008 -> 2 * (32 + 12);
            default -> throw new TlsFatalAlert(AlertDescription.illegal_parameter, "unoffered profile " + selectedProfile);
        };
        exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    int selectedProfile() {
        return selectedProfile;
    }

    byte[] exportedKeyingMaterial() {
        return exported.clone();
    }

    private static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
