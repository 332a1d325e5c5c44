package io.rtcgate.webrtc.rtcp;

/** What a viewer's RTCP asks of us, as {@link RtcpReader} finds it in a compound packet. */
public interface RtcpFeedbackHandler {

    /** A receiver report block about one of our SSRCs (RFC 3550 §6.4.2). */
    void onReceiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
            long lastSr, long delaySinceLastSr);

    /** Picture Loss Indication (RFC 4585 §6.3.1) or Full Intra Request (RFC 5104 §4.3.1). */
    void onKeyframeRequest(long mediaSsrc, boolean fir);

    /** Generic NACK (RFC 4585 §6.2.1): packet {@code pid} and those flagged in bitmask {@code blp} are missing. */
    void onNack(long mediaSsrc, int pid, int blp);
}
