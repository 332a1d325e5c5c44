package io.rtcgate.webrtc.srtp;

/** Why {@link SrtpSender} or {@link SrtpReceiver} refused a packet. */
public enum SrtpError {
    /** The last call succeeded. */
    NONE("no error"),
    TOO_SHORT("shorter than the header plus the authentication tag (and SRTCP index)"),
    TOO_LONG("longer than " + SrtpReceiver.MAX_PACKET_LENGTH + " bytes"),
    MALFORMED("not an RTP/RTCP version 2 packet, or its header (CSRCs, extension) runs past the payload"),
    AUTH_FAILED("authentication tag does not match"),
    REPLAYED("packet index already seen (receiver) or already used (sender) within the replay window"),
    TOO_OLD("packet index is behind the replay window"),
    STREAM_LIMIT("too many SSRCs on this receiver"),
    INDEX_EXHAUSTED("SRTCP index space (2^31) used up; the session must be re-keyed"),
    OUTPUT_FULL("the output buffer cannot grow to hold the result"),
    CRYPTO_FAILED("the JCA provider refused the operation");

    private final String reason;

    SrtpError(String reason) {
        this.reason = reason;
    }

    /** A human readable explanation, for logs. */
    public String reason() {
        return reason;
    }
}
