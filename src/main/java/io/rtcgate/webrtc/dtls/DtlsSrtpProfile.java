package io.rtcgate.webrtc.dtls;

import java.util.Optional;

/**
 * The SRTP protection profiles this gateway can negotiate in the DTLS {@code use_srtp} extension, with the master key and
 * salt lengths that size the exported keying material (RFC 5764 §4.1.2 and §4.2; RFC 7714 §14.2 for the AEAD profiles).
 */
public enum DtlsSrtpProfile {
    /** RFC 5764 §4.1.2: AES-128 counter mode, HMAC-SHA1 80-bit tag. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    /** RFC 5764 §4.1.2: AES-128 counter mode, HMAC-SHA1 32-bit tag. */
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14),
    /** RFC 7714 §14.2: AES-128-GCM, 12-byte salt. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** RFC 7714 §14.2: AES-256-GCM, 12-byte salt. */
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;

    DtlsSrtpProfile(int id, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The two-byte SRTPProtectionProfile value on the wire. */
    public int id() {
        return id;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes to export with the "EXTRACTOR-dtls_srtp" label: a key and a salt for each direction (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this wire id, if the gateway supports it. */
    public static Optional<DtlsSrtpProfile> byId(int id) {
        for (DtlsSrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
