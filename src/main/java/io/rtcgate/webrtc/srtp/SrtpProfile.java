package io.rtcgate.webrtc.srtp;

import java.util.Locale;

/**
 * The SRTP protection profiles the gateway negotiates in DTLS {@code use_srtp} (RFC 5764 §4.1.2, RFC 7714 §14.2),
 * with the transform parameters each one fixes.
 *
 * <pre>
 *  profile                   id      master key  master salt  session auth key  RTP tag  RTCP tag
 *  AES_CM_128_HMAC_SHA1_80   0x0001  16          14           20 (HMAC-SHA1)    10       10
 *  AEAD_AES_128_GCM          0x0007  16          12           -                 16       16
 *  AEAD_AES_256_GCM          0x0008  32          12           -                 16       16
 * </pre>
 */
public enum SrtpProfile {
    AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16, 16, "AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM"),
    AEAD_AES_256_GCM(0x0008, 32, 12, 0, 16, 16, "AEAD_AES_256_GCM", "SRTP_AEAD_AES_256_GCM"),
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 20, 10, 10, "AES_CM_128_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_80");

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final String webrtcStatsName;
    private final String rfc5764Name;

    SrtpProfile(int id, int keyLength, int saltLength, int authKeyLength, int rtpTagLength, int rtcpTagLength,
            String webrtcStatsName, String rfc5764Name) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.webrtcStatsName = webrtcStatsName;
        this.rfc5764Name = rfc5764Name;
    }

    /** The two-byte SRTPProtectionProfile value of DTLS {@code use_srtp}. */
    public int id() {
        return id;
    }

    /** Master (and session) encryption key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Session authentication key length in bytes; 0 for the AEAD profiles. */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Bytes the authentication tag adds to an SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes the authentication tag adds to an SRTCP packet (the 4-byte E flag + index come on top). */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** True for the AES-GCM profiles of RFC 7714. */
    public boolean isAead() {
        return authKeyLength == 0;
    }

    /** Bytes of keying material RFC 5764 §4.2 exports for this profile: 2 * (key + salt). */
    public int exportedKeyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The name Chromium's {@code SrtpCryptoSuiteToName} gives it (RTCTransportStats {@code srtpCipher}). */
    public String webrtcStatsName() {
        return webrtcStatsName;
    }

    /** The IANA "SRTP protection profile" name (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public String rfc5764Name() {
        return rfc5764Name;
    }

    /** The profile with the given {@code use_srtp} value. */
    /** The profile with this {@code use_srtp} wire id, if supported (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public static java.util.Optional<SrtpProfile> byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    public static SrtpProfile fromId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "unsupported SRTP protection profile 0x%04x", id));
    }

    /**
     * Parses a configured profile name, case-insensitively: the WebRTC stats name (e.g. {@code AEAD_AES_128_GCM}) or
     * the IANA name (e.g. {@code SRTP_AEAD_AES_128_GCM}); surrounding white space is ignored.
     */
    public static SrtpProfile parse(String configName) {
        if (configName == null) {
            throw new IllegalArgumentException("SRTP profile name is missing");
        }
        String name = configName.strip();
        for (SrtpProfile p : values()) {
            if (p.webrtcStatsName.equalsIgnoreCase(name) || p.rfc5764Name.equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown SRTP profile '" + name + "', expected one of "
                + "AEAD_AES_128_GCM, AEAD_AES_256_GCM, AES_CM_128_HMAC_SHA1_80");
    }
}
