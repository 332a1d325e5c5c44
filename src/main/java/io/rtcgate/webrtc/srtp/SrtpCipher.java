package io.rtcgate.webrtc.srtp;

/**
 * One SRTP transform (encryption + authentication) for one direction, working in place on a byte array that holds a
 * whole packet at offset 0. {@link SrtpSender} and {@link SrtpReceiver} handle framing, indexes, replay and buffers;
 * implementations only do the cryptography. Implementations keep reusable JCA objects and are not thread-safe.
 *
 * <p>The array must have room for the packet plus {@link #maxOverhead()} bytes, plus
 * {@link AesCounterKeystream#BLOCK} bytes of slack.
 */
interface SrtpCipher {
    /** Largest number of bytes protection adds to an RTP or RTCP packet. */
    int maxOverhead();

    /**
     * Encrypts {@code packet[headerLength, headerLength+payloadLength)} in place and appends the authentication tag.
     * SSRC and sequence number are read from the header in {@code packet}.
     *
     * @return the SRTP packet length, or -1 if the JCA provider refused (e.g. a repeated GCM nonce)
     */
    int protectRtp(byte[] packet, int headerLength, int payloadLength, int roc);

    /**
     * Checks the tag of the SRTP packet {@code packet[0, length)} and decrypts its payload in place.
     *
     * @return the RTP packet length (without tag), or -1 if authentication failed
     */
    int unprotectRtp(byte[] packet, int headerLength, int length, int roc);

    /**
     * Encrypts the RTCP compound packet {@code packet[0, length)} after its first 8 bytes in place and appends the
     * SRTCP trailer (E flag + index, and tag).
     *
     * @return the SRTCP packet length, or -1 if the JCA provider refused
     */
    int protectRtcp(byte[] packet, int length, int srtcpIndex);

    /**
     * Checks and decrypts (when {@code encrypted}, the E flag) the SRTCP packet {@code packet[0, length)}, trailer
     * included. The caller has parsed {@code srtcpIndex} from the trailer.
     *
     * @return the RTCP packet length (trailer removed), or -1 if authentication failed
     */
    int unprotectRtcp(byte[] packet, int length, int srtcpIndex, boolean encrypted);

    /** The cipher for a profile's session keys; for GCM the implementation {@link AesGcmImplementation} chose. */
    static SrtpCipher create(SrtpSessionKeys keys) {
        return keys.profile.isAead() ? AesGcmImplementation.selected().create(keys) : new AesCmHmacSha1Cipher(keys);
    }
}
