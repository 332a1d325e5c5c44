package io.rtcgate.webrtc.srtp;

/**
 * SRTP key derivation (RFC 3711 §4.3.1) with the AES-CM PRF (§4.3.3), key derivation rate 0. RFC 7714 §11 uses the
 * same PRF for the AES-GCM profiles, whose 12-byte master salt is zero-padded to 14 bytes on the right.
 *
 * <pre>
 *  key_id = label (1 byte) || r (6 bytes, r = index DIV kdr = 0)
 *  x      = key_id XOR master_salt          (key_id right-aligned in the 14-byte salt: the label lands on byte 7)
 *  IV     = x * 2^16                        (x || 00 00)
 *  key    = first n bytes of AES-CM(master_key, IV)
 * </pre>
 * Labels: 0x00 SRTP encryption, 0x01 SRTP authentication, 0x02 SRTP salt, 0x03 SRTCP encryption,
 * 0x04 SRTCP authentication, 0x05 SRTCP salt.
 */
public final class SrtpKeyDerivation {
    public static final int LABEL_RTP_ENCRYPTION = 0x00;
    public static final int LABEL_RTP_AUTHENTICATION = 0x01;
    public static final int LABEL_RTP_SALT = 0x02;
    public static final int LABEL_RTCP_ENCRYPTION = 0x03;
    public static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    public static final int LABEL_RTCP_SALT = 0x05;

    /** Length of the salt the PRF works with (RFC 3711 §4.3.1, 112 bits). */
    static final int PRF_SALT_LENGTH = 14;

    private SrtpKeyDerivation() {
    }

    /** Derives all six session keys of one direction. */
    public static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey == null || masterKey.length != profile.keyLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte master key");
        }
        if (masterSalt == null || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.saltLength() + "-byte master salt");
        }
        AesCounterKeystream prf = new AesCounterKeystream(masterKey);
        int k = profile.keyLength();
        int a = profile.authKeyLength();
        int s = profile.saltLength();
        return new SrtpSessionKeys(profile,
                derive(prf, masterSalt, LABEL_RTP_ENCRYPTION, k),
                derive(prf, masterSalt, LABEL_RTP_AUTHENTICATION, a),
                derive(prf, masterSalt, LABEL_RTP_SALT, s),
                derive(prf, masterSalt, LABEL_RTCP_ENCRYPTION, k),
                derive(prf, masterSalt, LABEL_RTCP_AUTHENTICATION, a),
                derive(prf, masterSalt, LABEL_RTCP_SALT, s));
    }

    /**
     * One session key: {@code length} bytes for {@code label}. {@code masterSalt} is 14 bytes, or 12 (zero-padded).
     */
    public static byte[] deriveKey(byte[] masterKey, byte[] masterSalt, int label, int length) {
        return derive(new AesCounterKeystream(masterKey), masterSalt, label, length);
    }

    private static byte[] derive(AesCounterKeystream prf, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > PRF_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 14 bytes");
        }
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        byte[] iv = new byte[AesCounterKeystream.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        byte[] keystream = new byte[(length + AesCounterKeystream.BLOCK - 1) / AesCounterKeystream.BLOCK
                * AesCounterKeystream.BLOCK];
        prf.generate(iv, keystream, 0, length);
        System.arraycopy(keystream, 0, out, 0, length);
        return out;
    }
}
