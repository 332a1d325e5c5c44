package io.rtcgate.webrtc.dtls;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import java.util.Arrays;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * What a completed DTLS-SRTP handshake yields: the chosen SRTP profile and the keying material exported with the label
 * "EXTRACTOR-dtls_srtp" and no context (RFC 5764 §4.2), plus what was negotiated, for stats.
 *
 * <p>The keying material is laid out as {@code client_write_SRTP_master_key | server_write_SRTP_master_key |
 * client_write_SRTP_master_salt | server_write_SRTP_master_salt}. The gateway is always the DTLS server, so it protects
 * its SRTP with the server key and salt and unprotects the viewer's SRTCP with the client's.
 *
 * <p>Immutable; accessors return copies.
 */
public final class DtlsSrtpKeys {
    private final SrtpProfile profile;
    private final byte[] keyingMaterial;
    private final int cipherSuite;
    private final ProtocolVersion dtlsVersion;

    public DtlsSrtpKeys(SrtpProfile profile, byte[] keyingMaterial, int cipherSuite, ProtocolVersion dtlsVersion) {
        if (keyingMaterial.length != profile.exportedKeyingMaterialLength()) {
            throw new IllegalArgumentException("profile " + profile + " needs " + profile.exportedKeyingMaterialLength()
                    + " B of keying material, got " + keyingMaterial.length);
        }
        this.profile = profile;
        this.keyingMaterial = keyingMaterial.clone();
        this.cipherSuite = cipherSuite;
        this.dtlsVersion = dtlsVersion;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The profile's wire id (for example 0x0007 for AEAD_AES_128_GCM). */
    public int profileId() {
        return profile.id();
    }

    /** All exported bytes, {@link SrtpProfile#exportedKeyingMaterialLength()} long. */
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    public byte[] clientMasterKey() {
        return slice(0, profile.keyLength());
    }

    public byte[] serverMasterKey() {
        return slice(profile.keyLength(), profile.keyLength());
    }

    public byte[] clientMasterSalt() {
        return slice(2 * profile.keyLength(), profile.saltLength());
    }

    public byte[] serverMasterSalt() {
        return slice(2 * profile.keyLength() + profile.saltLength(), profile.saltLength());
    }

    /** The negotiated TLS cipher suite (for example 0xC02B, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256). */
    public int cipherSuite() {
        return cipherSuite;
    }

    /** The negotiated DTLS version (always DTLS 1.2 here). */
    public ProtocolVersion dtlsVersion() {
        return dtlsVersion;
    }

    private byte[] slice(int from, int length) {
        return Arrays.copyOfRange(keyingMaterial, from, from + length);
    }

    /** Never shows key bytes. */
    @Override
    public String toString() {
        return "DtlsSrtpKeys{profile=" + profile + ", cipherSuite=0x" + Integer.toHexString(cipherSuite)
                + (cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ? " (ECDHE_ECDSA_AES_128_GCM_SHA256)"
                        : cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                                ? " (ECDHE_ECDSA_AES_256_GCM_SHA384)" : "")
                + ", version=" + dtlsVersion + "}";
    }
}
