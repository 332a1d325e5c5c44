package io.rtcgate.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714), 16-byte tag, on JCA's "AES/GCM/NoPadding": the reference
 * implementation, and the fallback when {@link AesGcmGhashCipher} cannot be used (see {@link SrtpCipher#create}).
 *
 * <p>SRTP (§8): AAD = the whole RTP header (CSRCs and extension included), the payload is encrypted, the tag follows.
 * <pre>
 *  +--------------------------+-------------------------------+----------------------+
 *  | RTP header  (AAD)        | encrypted payload             | auth tag (16 bytes)  |
 *  +--------------------------+-------------------------------+----------------------+
 *
 *  IV (§8.1) = salt XOR:
 *   0     2           6           10    12
 *  +-----+-----------+-----------+-----+
 *  | 0 0 |   SSRC    |    ROC    | SEQ |
 *  +-----+-----------+-----------+-----+
 * </pre>
 *
 * <p>SRTCP (§9): AAD = the first 8 bytes and the E flag + SRTCP index, which is sent <em>after</em> the tag.
 * <pre>
 *  +--------------+------------------------------+----------------------+---+---------------+
 *  | V P RC PT len| encrypted rest of compound   | auth tag (16 bytes)  | E | SRTCP index   |
 *  | SSRC   (AAD) |                              |                      |  (AAD, 31 bit)    |
 *  +--------------+------------------------------+----------------------+---+---------------+
 *
 *  IV (§9.1) = salt XOR:
 *   0     2           6     8           12
 *  +-----+-----------+-----+-----------+
 *  | 0 0 |   SSRC    | 0 0 |0+index    |
 *  +-----+-----------+-----+-----------+
 * </pre>
 * With E = 0 (§9.2, received only) the whole compound is AAD and only the tag is computed.
 *
 * <p>JCA requires {@code Cipher.init} per packet with a fresh {@link GCMParameterSpec}; that and the provider's
 * init are the per-packet allocations of this class: about 1 KB per packet on JDK 17 (1.2 µs and 952 B per protected
 * 1200-byte payload, {@code SrtpAllocationProbe}). A failed tag check costs an {@link AEADBadTagException}.
 */
final class AesGcmCipher implements SrtpCipher {
    private static final int TAG = 16;
    private static final int TAG_BITS = TAG * 8;
    private static final int IV_LENGTH = 12;

    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final SecretKey rtpKey;
    private final SecretKey rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] indexBytes = new byte[4];

    AesGcmCipher(SrtpSessionKeys keys) {
        try {
            rtpCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rtcpCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
        rtpKey = new SecretKeySpec(keys.rtpKey, "AES");
        rtcpKey = new SecretKeySpec(keys.rtcpKey, "AES");
        rtpSalt = keys.rtpSalt.clone();
        rtcpSalt = keys.rtcpSalt.clone();
    }

    @Override
    public int maxOverhead() {
        return TAG + 4;
    }

    @Override
    public int protectRtp(byte[] packet, int headerLength, int payloadLength, int roc) {
        rtpIv(rtpSalt, packet, roc, iv);
        try {
            rtpCipher.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, iv));
            rtpCipher.updateAAD(packet, 0, headerLength);
            return headerLength + rtpCipher.doFinal(packet, headerLength, payloadLength, packet, headerLength);
        } catch (GeneralSecurityException e) {
            return -1; // e.g. the provider refusing to reuse the previous IV
        }
    }

    @Override
    public int unprotectRtp(byte[] packet, int headerLength, int length, int roc) {
        rtpIv(rtpSalt, packet, roc, iv);
        try {
            rtpCipher.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, iv));
            rtpCipher.updateAAD(packet, 0, headerLength);
            return headerLength + rtpCipher.doFinal(packet, headerLength, length - headerLength, packet, headerLength);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public int protectRtcp(byte[] packet, int length, int srtcpIndex) {
        rtcpIv(rtcpSalt, packet, srtcpIndex, iv);
        SrtpWire.putInt(indexBytes, 0, 0x8000_0000 | srtcpIndex);
        try {
            rtcpCipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, iv));
            rtcpCipher.updateAAD(packet, 0, 8);
            rtcpCipher.updateAAD(indexBytes, 0, 4);
            int end = 8 + rtcpCipher.doFinal(packet, 8, length - 8, packet, 8);
            System.arraycopy(indexBytes, 0, packet, end, 4);
            return end + 4;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public int unprotectRtcp(byte[] packet, int length, int srtcpIndex, boolean encrypted) {
        int trailer = length - 4;
        rtcpIv(rtcpSalt, packet, srtcpIndex, iv);
        try {
            rtcpCipher.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, iv));
            int aadEnd = encrypted ? 8 : trailer - TAG;
            rtcpCipher.updateAAD(packet, 0, aadEnd);
            rtcpCipher.updateAAD(packet, trailer, 4);
            return aadEnd + rtcpCipher.doFinal(packet, aadEnd, trailer - aadEnd, packet, aadEnd);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** The RTP IV (RFC 7714 §8.1) of {@code packet} into {@code iv}. */
    static void rtpIv(byte[] salt, byte[] packet, int roc, byte[] iv) {
        System.arraycopy(salt, 0, iv, 0, IV_LENGTH);
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= packet[8 + i];
            iv[6 + i] ^= (byte) (roc >>> (24 - 8 * i));
        }
        iv[10] ^= packet[2];
        iv[11] ^= packet[3];
    }

    /** The RTCP IV (RFC 7714 §9.1) of {@code packet} into {@code iv}. */
    static void rtcpIv(byte[] salt, byte[] packet, int srtcpIndex, byte[] iv) {
        System.arraycopy(salt, 0, iv, 0, IV_LENGTH);
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= packet[4 + i];
            iv[8 + i] ^= (byte) (srtcpIndex >>> (24 - 8 * i));
        }
    }
}
