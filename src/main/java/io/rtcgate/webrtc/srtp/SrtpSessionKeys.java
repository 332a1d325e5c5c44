package io.rtcgate.webrtc.srtp;

/**
 * Session keys of one direction, derived from a master key and salt (RFC 3711 §4.3). Immutable; public accessors
 * return copies, the package reads the arrays directly.
 */
public final class SrtpSessionKeys {
    final SrtpProfile profile;
    final byte[] rtpKey;
    final byte[] rtpAuthKey;
    final byte[] rtpSalt;
    final byte[] rtcpKey;
    final byte[] rtcpAuthKey;
    final byte[] rtcpSalt;

    SrtpSessionKeys(SrtpProfile profile, byte[] rtpKey, byte[] rtpAuthKey, byte[] rtpSalt, byte[] rtcpKey,
            byte[] rtcpAuthKey, byte[] rtcpSalt) {
        this.profile = profile;
        this.rtpKey = rtpKey;
        this.rtpAuthKey = rtpAuthKey;
        this.rtpSalt = rtpSalt;
        this.rtcpKey = rtcpKey;
        this.rtcpAuthKey = rtcpAuthKey;
        this.rtcpSalt = rtcpSalt;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** k_e for SRTP (label 0x00). */
    public byte[] rtpKey() {
        return rtpKey.clone();
    }

    /** k_a for SRTP (label 0x01); empty for AEAD profiles. */
    public byte[] rtpAuthKey() {
        return rtpAuthKey.clone();
    }

    /** k_s for SRTP (label 0x02). */
    public byte[] rtpSalt() {
        return rtpSalt.clone();
    }

    /** k_e for SRTCP (label 0x03). */
    public byte[] rtcpKey() {
        return rtcpKey.clone();
    }

    /** k_a for SRTCP (label 0x04); empty for AEAD profiles. */
    public byte[] rtcpAuthKey() {
        return rtcpAuthKey.clone();
    }

    /** k_s for SRTCP (label 0x05). */
    public byte[] rtcpSalt() {
        return rtcpSalt.clone();
    }

    @Override
    public String toString() {
        return "SrtpSessionKeys[" + profile + ", keys redacted]";
    }
}
