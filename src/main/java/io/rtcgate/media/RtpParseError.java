package io.rtcgate.media;

/** Why {@link RtpPacket#wrap} rejected a buffer (RFC 3550 §5.1 header rules). */
public enum RtpParseError {
    /** The last {@code wrap} succeeded. */
    NONE("no error"),
    TOO_SHORT("fewer than 12 bytes, the fixed RTP header"),
    BAD_VERSION("version field is not 2"),
    BAD_CSRC_COUNT("CSRC count points past the end of the packet"),
    BAD_EXTENSION_LENGTH("header extension is truncated or its length points past the end of the packet"),
    BAD_PADDING("padding count is 0 or larger than the payload");

    private final String reason;

    RtpParseError(String reason) {
        this.reason = reason;
    }

    /** A human readable explanation, for logs. */
    public String reason() {
        return reason;
    }
}
