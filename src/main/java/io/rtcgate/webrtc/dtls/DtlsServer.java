package io.rtcgate.webrtc.dtls;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's view of one DTLS-SRTP session in which the gateway is the DTLS server ({@code a=setup:passive}).
 * One instance per handshake; not thread-safe (BouncyCastle calls it from the handshake thread).
 *
 * <p>Settings, each required against Chromium (INTEROP.md, "BouncyCastle 1.84 DTLS server against Chromium 156"):
 * <ul>
 *   <li>DTLS 1.2 only: Chromium also offers 1.3, which BouncyCastle's DTLS server cannot finish.</li>
 *   <li>ECDHE_ECDSA with AES-GCM only: the defaults would pick an RSA suite the ECDSA certificate cannot serve.</li>
 *   <li>A CertificateRequest: the client must present the certificate whose SHA-256 the offer's {@code a=fingerprint}
 *       names (RFC 8122 §5, RFC 5763 §5); a mismatch is a fatal {@code bad_certificate}.</li>
 *   <li>use_srtp (RFC 5764 §4.1.1): the server picks the first profile of the gateway's order that the client offered;
 *       without a common profile the handshake fails with {@code handshake_failure} (WebRTC has no use for DTLS without
 *       SRTP).</li>
 *   <li>Extended master secret required (RFC 7627): every browser sends it, and the exporter needs it.</li>
 *   <li>A handshake timeout: BouncyCastle's default 0 waits forever.</li>
 * </ul>
 */
public final class DtlsServer extends DefaultTlsServer {
    private static final int[] CIPHER_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final byte[] expectedClientFingerprint;
    private final List<Integer> srtpProfileOrder;
    private final int handshakeTimeoutMillis;
    private final int handshakeResendMillis;

    private SrtpProfile chosenProfile;
    private DtlsSrtpKeys srtpKeys;
    private volatile String closeReason;

    /**
     * @param expectedClientFingerprint SHA-256 of the client's certificate, from the offer's {@code a=fingerprint:sha-256}
     */
    public DtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, byte[] expectedClientFingerprint,
            DtlsSettings settings) {
        super(crypto);
        if (expectedClientFingerprint == null || expectedClientFingerprint.length != 32) {
            throw new IllegalArgumentException("expected client fingerprint must be a 32-byte SHA-256");
        }
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedClientFingerprint = expectedClientFingerprint.clone();
        this.srtpProfileOrder = settings.srtpProfileOrder();
        this.handshakeTimeoutMillis = settings.handshakeTimeoutMillis();
        this.handshakeResendMillis = settings.handshakeResendMillis();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return handshakeResendMillis;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Certificate chain = new Certificate(
                new org.bouncycastle.tls.crypto.TlsCertificate[] {crypto.createCertificate(certificate.certificateDer())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, ECDSA_SHA256);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(ECDSA_SHA256);
        algorithms.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        algorithms.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        return new CertificateRequest(types, algorithms, null);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        if (!TlsExtensionsUtils.hasExtendedMasterSecretExtension(clientExtensions)) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer extended_master_secret");
        }
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        chosenProfile = choose(offered.getProtectionProfiles());
        if (chosenProfile == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile: client offered "
                    + java.util.Arrays.toString(offered.getProtectionProfiles()) + ", gateway accepts " + srtpProfileOrder);
        }
    }

    private SrtpProfile choose(int[] offered) {
        for (int preferred : srtpProfileOrder) {
            for (int candidate : offered) {
                if (candidate == preferred) {
                    return SrtpProfile.byId(preferred).orElse(null);
                }
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile; no MKI.
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {chosenProfile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client sent no certificate");
        }
        byte[] actual = DtlsCertificate.sha256(clientCertificate.getCertificateAt(0).getEncoded());
        if (!MessageDigest.isEqual(actual, expectedClientFingerprint)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate SHA-256 "
                    + DtlsCertificate.sdpFingerprint(actual) + " does not match the offer's a=fingerprint "
                    + DtlsCertificate.sdpFingerprint(expectedClientFingerprint));
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeReason = "close_notify received";
        } else if (alertLevel == AlertLevel.fatal) {
            closeReason = "fatal alert received: " + AlertDescription.getText(alertDescription);
        }
    }

    /** Why BouncyCastle closed the connection, if it was the peer's doing; {@code null} otherwise. */
    String closeReason() {
        return closeReason;
    }

    /**
     * Exports the SRTP keying material (RFC 5764 §4.2). BouncyCastle allows the export only here, and only with the
     * extended master secret.
     */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                chosenProfile.exportedKeyingMaterialLength());
        srtpKeys = new DtlsSrtpKeys(chosenProfile, material, context.getSecurityParametersConnection().getCipherSuite(),
                context.getServerVersion());
    }

    /** The negotiated keys once the handshake completed, else {@code null}. */
    public DtlsSrtpKeys srtpKeys() {
        return srtpKeys;
    }
}
