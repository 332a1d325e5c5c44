package io.rtcgate.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
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
import org.bouncycastle.tls.TlsExtensionsUtils;
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
 * A browser-like DTLS-SRTP client built on BouncyCastle's own {@code DefaultTlsClient}, independent of the server under
 * test: offers use_srtp in Chromium's order [1, 8, 7] by default, authenticates with its own ECDSA certificate, records
 * the server certificate's SHA-256 and the profile the server chose, and exports the keys as RFC 5764 §4.2 says.
 */
final class TestDtlsClient extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate clientCertificate;
    int[] offeredProfiles = {0x0001, 0x0008, 0x0007};
    boolean offerExtendedMasterSecret = true;
    int paddingBytes;
    int handshakeTimeoutMillis = 10_000;
    int resendMillis = 100;
    ProtocolVersion[] versions = ProtocolVersion.DTLSv12.only();
    /**
     * Advertise DTLS 1.3 and 1.2 in supported_versions as Chromium does, although this client (BouncyCastle's, which
     * has no DTLS 1.3 client) can only complete 1.2.
     */
    boolean advertiseDtls13;

    byte[] serverCertificateSha256;
    int selectedProfile = -1;
    byte[] exportedSrtp;

    TestDtlsClient(BcTlsCrypto crypto, DtlsCertificate clientCertificate) {
        super(crypto);
        this.crypto = crypto;
        this.clientCertificate = clientCertificate;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return versions;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        // Chromium's relevant suites, AES-256 first so the test sees the server accept either
        return new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        };
    }

    @Override
    public boolean shouldUseExtendedMasterSecret() {
        return offerExtendedMasterSecret;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return offerExtendedMasterSecret;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return resendMillis;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        if (advertiseDtls13) {
            TlsExtensionsUtils.addSupportedVersionsExtensionClient(extensions,
                    ProtocolVersion.DTLSv13.downTo(ProtocolVersion.DTLSv12));
        }
        if (paddingBytes > 0) {
            TlsExtensionsUtils.addPaddingExtension(extensions, paddingBytes);
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must choose one SRTP profile");
        }
        selectedProfile = chosen.getProtectionProfiles()[0];
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                serverCertificateSha256 = DtlsCertificate.sha256(
                        serverCertificate.getCertificate().getCertificateAt(0).getEncoded());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                if (clientCertificate == null) {
                    return null;
                }
                Certificate chain = new Certificate(
                        new TlsCertificate[] {crypto.createCertificate(clientCertificate.certificateDer())});
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        clientCertificate.privateKey(), chain,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    /** Exports the RFC 5764 keying material for the chosen profile (BouncyCastle allows it only here). */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = switch (selectedProfile) {
            case 0x0001, 0x0002 -> 2 * (16 + 14);
            case 0x0007 -> 2 * (16 + 12);
            case 0x0008 -> 2 * (32 + 12);
            default -> throw new TlsFatalAlert(AlertDescription.internal_error, "unknown profile " + selectedProfile);
        };
        exportedSrtp = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }
}
