package io.rtcgate.webrtc.srtp;

/**
 * AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1 encryption, §4.2.1 authentication, RFC 5764 §4.1.2).
 *
 * <p>SRTP (§3.1): the payload is encrypted, header + encrypted payload + ROC are authenticated.
 * <pre>
 *  +--------------------------+-------------------------------+---------------------+
 *  | RTP header (12 + 4*CC    | encrypted payload             | auth tag (10 bytes) |
 *  | + extension)             |                               |                     |
 *  +--------------------------+-------------------------------+---------------------+
 *  |<-------------------- authenticated, followed by ROC (4 bytes, not sent) ------>|
 *
 *  IV (16 bytes) = (k_s || 00 00) XOR (SSRC << 64) XOR (index << 16), index = ROC || SEQ (48 bit):
 *   0                   4                   8                   14    16
 *  +-------------------+-------------------+-------------------+-----+
 *  |       k_s[0..3]   | k_s[4..7] ^ SSRC  | k_s[8..13] ^ index| 0 0 |
 *  +-------------------+-------------------+-------------------+-----+
 * </pre>
 *
 * <p>SRTCP (§3.4): everything after the first 8 bytes is encrypted, with the 31-bit SRTCP index as "index".
 * <pre>
 *  +--------------+------------------------------+---+---------------+---------------------+
 *  | V P RC PT len| encrypted rest of compound   | E | SRTCP index   | auth tag (10 bytes) |
 *  | SSRC         |                              |1b |   31 bit      |                     |
 *  +--------------+------------------------------+---+---------------+---------------------+
 *  |<------------------------ authenticated --------------------------->|
 * </pre>
 */
final class AesCmHmacSha1Cipher implements SrtpCipher {
    private static final int TAG = 10;

    private final AesCounterKeystream rtpKeystream;
    private final AesCounterKeystream rtcpKeystream;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] iv = new byte[AesCounterKeystream.BLOCK];
    private final byte[] rocBytes = new byte[4];
    private final byte[] digest = new byte[HmacSha1.LENGTH];
    private byte[] keystream = new byte[2048];

    AesCmHmacSha1Cipher(SrtpSessionKeys keys) {
        rtpKeystream = new AesCounterKeystream(keys.rtpKey);
        rtcpKeystream = new AesCounterKeystream(keys.rtcpKey);
        rtpSalt = keys.rtpSalt.clone();
        rtcpSalt = keys.rtcpSalt.clone();
        rtpMac = new HmacSha1(keys.rtpAuthKey);
        rtcpMac = new HmacSha1(keys.rtcpAuthKey);
    }

    @Override
    public int maxOverhead() {
        return 4 + TAG;
    }

    @Override
    public int protectRtp(byte[] packet, int headerLength, int payloadLength, int roc) {
        applyRtpKeystream(packet, headerLength, payloadLength, roc);
        int length = headerLength + payloadLength;
        rtpTag(packet, length, roc);
        System.arraycopy(digest, 0, packet, length, TAG);
        return length + TAG;
    }

    @Override
    public int unprotectRtp(byte[] packet, int headerLength, int length, int roc) {
        int authenticated = length - TAG;
        rtpTag(packet, authenticated, roc);
        if (!SrtpWire.constantTimeEquals(digest, 0, packet, authenticated, TAG)) {
            return -1;
        }
        applyRtpKeystream(packet, headerLength, authenticated - headerLength, roc);
        return authenticated;
    }

    @Override
    public int protectRtcp(byte[] packet, int length, int srtcpIndex) {
        applyRtcpKeystream(packet, length, srtcpIndex);
        SrtpWire.putInt(packet, length, 0x8000_0000 | srtcpIndex);
        int authenticated = length + 4;
        rtcpTag(packet, authenticated);
        System.arraycopy(digest, 0, packet, authenticated, TAG);
        return authenticated + TAG;
    }

    @Override
    public int unprotectRtcp(byte[] packet, int length, int srtcpIndex, boolean encrypted) {
        int authenticated = length - TAG;
        rtcpTag(packet, authenticated);
        if (!SrtpWire.constantTimeEquals(digest, 0, packet, authenticated, TAG)) {
            return -1;
        }
        int rtcpLength = authenticated - 4;
        if (encrypted) {
            applyRtcpKeystream(packet, rtcpLength, srtcpIndex);
        }
        return rtcpLength;
    }

    private void applyRtpKeystream(byte[] packet, int offset, int length, int roc) {
        System.arraycopy(rtpSalt, 0, iv, 0, rtpSalt.length);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, SrtpWire.getInt(packet, 8));
        xorInt(iv, 8, roc);
        iv[12] ^= packet[2];
        iv[13] ^= packet[3];
        xorKeystream(rtpKeystream, packet, offset, length);
    }

    private void applyRtcpKeystream(byte[] packet, int length, int srtcpIndex) {
        System.arraycopy(rtcpSalt, 0, iv, 0, rtcpSalt.length);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, SrtpWire.getInt(packet, 4));
        xorInt(iv, 10, srtcpIndex);
        xorKeystream(rtcpKeystream, packet, 8, length - 8);
    }

    private void xorKeystream(AesCounterKeystream ks, byte[] packet, int offset, int length) {
        if (length <= 0) {
            return;
        }
        int rounded = (length + AesCounterKeystream.BLOCK - 1) & -AesCounterKeystream.BLOCK;
        if (keystream.length < rounded) {
            keystream = new byte[Integer.highestOneBit(rounded - 1) << 1];
        }
        ks.xor(iv, packet, offset, length, keystream);
    }

    private void rtpTag(byte[] packet, int length, int roc) {
        SrtpWire.putInt(rocBytes, 0, roc);
        rtpMac.update(packet, 0, length);
        rtpMac.update(rocBytes, 0, 4);
        rtpMac.doFinal(digest, 0);
    }

    private void rtcpTag(byte[] packet, int length) {
        rtcpMac.update(packet, 0, length);
        rtcpMac.doFinal(digest, 0);
    }

    private static void xorInt(byte[] b, int off, int v) {
        b[off] ^= (byte) (v >>> 24);
        b[off + 1] ^= (byte) (v >>> 16);
        b[off + 2] ^= (byte) (v >>> 8);
        b[off + 3] ^= (byte) v;
    }
}
